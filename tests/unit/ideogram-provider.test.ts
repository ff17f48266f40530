// @vitest-environment node
// Real HTTP on loopback to the fake Ideogram (API host and image host): Node's fetch, not happy-dom's.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { useEnglishMessages } from './english';
import { startFakeProviders, type FakeProviders, type FakeRequest } from '../fake-providers/server';
import { encodePng } from '../fake-providers/png';
import { TMP } from '../e2e/paths';
import { createRun } from '../../utils/providers/ideogram/run';
import { ideogram } from '../../utils/providers/ideogram';
import { describeError, isRetryable, ProviderError } from '../../utils/providers/errors';
import { t } from '../../utils/platform/i18n';
import { estimateCost } from '../../utils/providers/cost';
import { defaults, paramsForModel, validateParams } from '../../utils/providers/params';
import type { ImageRequest, ModelDef, ProviderContext } from '../../utils/providers/types';

const KEY = 'ideo-unit-key-42';
const CROP = encodePng(12, 12, (x, y) => [x * 20, y * 20, 90, 255]);
const png = (bytes: Buffer) => new Blob([new Uint8Array(bytes)], { type: 'image/png' });
const crop = () => png(CROP);
const run = createRun({ pollIntervalMs: 10 });

let fake: FakeProviders;
beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.ideogram.validKeys.add(KEY);
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.ideogram.queue.length = 0;
  fake.ideogram.pollQueue.length = 0;
  fake.ideogram.downloadQueue.length = 0;
  fake.ideogram.served.length = 0;
  fake.ideogram.pendingPolls = 2;
  fake.ideogram.imageTtlMs = 60_000;
  useEnglishMessages();
});

const context = (extra: Partial<ProviderContext> = {}): ProviderContext => ({ apiKey: KEY, baseURL: fake.baseFor('api.ideogram.ai'), ...extra });
const posts = () => fake.requests.filter((r) => r.method === 'POST');
const polls = () => fake.requests.filter((r) => r.path.startsWith('/v2/generations/'));
const downloads = () => fake.requests.filter((r) => r.host === 'ideogram.ai');

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err, 'the call should have failed').toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('Ideogram requests', () => {
  test('generate with Ideogram 4.0: its v2 route, the Api-Key header, a JSON body (the only type the route takes), n as num_images, async, private', async () => {
    const request: ImageRequest = { operation: 'generate', model: 'ideogram-4', prompt: 'a poster that says HELLO', inputs: [], params: { n: 3, rendering_speed: 'turbo', resolution: '2304x1728', magic_prompt: 'off', seed: 7 } };
    const result = await run(request, context());
    const [post] = posts() as [FakeRequest];
    expect(post.path).toBe('/v2/image/generate/ideogram-4');
    expect(post.headers['api-key']).toBe(KEY);
    expect(post.headers['content-type']).toBe('application/json');
    expect(post.json).toEqual({ prompt: 'a poster that says HELLO', num_images: 3, rendering_speed: 'turbo', resolution: '2304x1728', magic_prompt: 'off', seed: 7, async: true, private: true });
    expect(post.files).toEqual({});
    expect(result.images).toHaveLength(3);
  });

  test('generate with Ideogram 4.5: multipart, its own size and quality, private', async () => {
    const model = ideogram.models.find((m) => m.id === 'ideogram-4-5')!;
    const params = paramsForModel(model, { size: '2560x1440', quality: 'medium', n: 2, magic_prompt: 'off' }, 'generate');
    const result = await run({ operation: 'generate', model: 'ideogram-4-5', prompt: 'a neon sign that says OPEN', inputs: [], params }, context());
    const [post] = posts() as [FakeRequest];
    expect(post.path).toBe('/v2/image/generate/ideogram-4-5');
    expect(post.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(post.fields).toEqual({ prompt: 'a neon sign that says OPEN', size: '2560x1440', quality: 'medium', num_images: '2', magic_prompt: 'off', async: 'true', private: 'true' });
    expect(result.images).toHaveLength(2);
  });

  test('Ideogram 4.5 leaves its defaults (auto size, high quality) to Ideogram', () => {
    const model = ideogram.models.find((m) => m.id === 'ideogram-4-5')!;
    expect(paramsForModel(model, defaults(model), 'generate')).toEqual({});
    expect(model.operations).toEqual(['generate', 'remix']);
    expect(paramsForModel(model, defaults(model), 'remix')).toEqual({});
    // A size chosen for a remix is sent as chosen.
    expect(paramsForModel(model, { size: '1280x800' }, 'remix')).toEqual({ size: '1280x800' });
  });

  test('remix with Ideogram 4.5: its generate route, the crop byte for byte as the one source `images`, in the crop\'s shape (size `source`) by default', async () => {
    const model = ideogram.models.find((m) => m.id === 'ideogram-4-5')!;
    const params = paramsForModel(model, { ...defaults(model), quality: 'low' }, 'remix');
    const result = await run({ operation: 'remix', model: 'ideogram-4-5', prompt: 'as a linocut', inputs: [crop()], params }, context());
    const [post] = posts() as [FakeRequest];
    expect(post.path).toBe('/v2/image/generate/ideogram-4-5');
    expect(post.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(post.fields).toEqual({ prompt: 'as a linocut', size: 'source', quality: 'low', async: 'true', private: 'true', images: `file:image/png:${CROP.length}` });
    expect(Buffer.compare(post.files.images!.bytes, CROP)).toBe(0);
    expect(result.images).toHaveLength(1);
  });

  test('a masked remix with Ideogram 4.5 goes to Precise Edit: `image` and `mask`, the chosen quality, count and seed, no size or magic prompt (the result keeps the crop\'s size)', async () => {
    const MASK = encodePng(12, 12, (x) => (x < 6 ? [0, 0, 0, 255] : [255, 255, 255, 255]));
    const params = { size: '1280x800', quality: 'low', n: 2, seed: 7, magic_prompt: 'off' };
    await run({ operation: 'remix', model: 'ideogram-4-5', prompt: 'a red door', inputs: [crop()], mask: png(MASK), params }, context());
    const [post] = posts() as [FakeRequest];
    expect(post.path).toBe('/v2/image/precise-edit/ideogram-4-5');
    expect(post.fields).toEqual({
      prompt: 'a red door', quality: 'low', num_images: '2', seed: '7', async: 'true', private: 'true', image: `file:image/png:${CROP.length}`, mask: `file:image/png:${MASK.length}`,
    });
    expect(Buffer.compare(post.files.mask!.bytes, MASK)).toBe(0);
  });

  test('references: Ideogram 4.5 remix sends them as further `images` after the crop; with a mask, Precise Edit takes them as `reference_images`', async () => {
    const REF = encodePng(8, 6, () => [200, 10, 10, 255]);
    const REF2 = encodePng(6, 8, () => [10, 200, 10, 255]);
    await run({ operation: 'remix', model: 'ideogram-4-5', prompt: 'the jacket of @Image2', inputs: [crop(), png(REF), png(REF2)], params: {} }, context());
    const [plain] = posts() as [FakeRequest];
    expect(plain.path).toBe('/v2/image/generate/ideogram-4-5');
    expect(plain.fileList.images!.map((f) => f.bytes.length)).toEqual([CROP.length, REF.length, REF2.length]);
    fake.requests.length = 0;
    const MASK = encodePng(12, 12, (x) => (x < 6 ? [0, 0, 0, 255] : [255, 255, 255, 255]));
    await run({ operation: 'remix', model: 'ideogram-4-5', prompt: 'the jacket of the reference', inputs: [crop(), png(REF), png(REF2)], mask: png(MASK), params: {} }, context());
    const [masked] = posts() as [FakeRequest];
    expect(masked.path).toBe('/v2/image/precise-edit/ideogram-4-5');
    expect(Buffer.compare(masked.files.image!.bytes, CROP)).toBe(0);
    expect(masked.fileList.reference_images!.map((f) => f.bytes.length)).toEqual([REF.length, REF2.length]);
  });

  test('Precise Edit gets Pictor\'s default quality (high, what the estimate counts), not the route\'s own (medium)', async () => {
    const MASK = encodePng(12, 12, (x) => (x < 6 ? [0, 0, 0, 255] : [255, 255, 255, 255]));
    await run({ operation: 'remix', model: 'ideogram-4-5', prompt: 'a red door', inputs: [crop()], mask: png(MASK), params: {} }, context());
    expect(posts()[0]!.fields.quality).toBe('high');
  });

  test('the fake Precise Edit refuses a mask of another size and a mask of one colour, as Ideogram does', async () => {
    const wrong = png(encodePng(6, 6, (x) => (x < 3 ? [0, 0, 0, 255] : [255, 255, 255, 255])));
    const err = await failure(run({ operation: 'remix', model: 'ideogram-4-5', prompt: 'a red door', inputs: [crop()], mask: wrong, params: {} }, context()));
    expect(err.info.kind).toBe('bad-request');
    expect(err.info.detail).toContain('same width and height');
    const black = png(encodePng(12, 12, () => [0, 0, 0, 255]));
    const err2 = await failure(run({ operation: 'remix', model: 'ideogram-4-5', prompt: 'a red door', inputs: [crop()], mask: black, params: {} }, context()));
    expect(err2.info.kind).toBe('bad-request');
    expect(err2.info.detail).toContain('both black');
  });

  test('Ideogram 4.5 sizes are checked for the operation before anything is sent', () => {
    const model = ideogram.models.find((m) => m.id === 'ideogram-4-5')!;
    // 1280x720 is a preset without a source image, but not a multiple of 32 with one.
    expect(validateParams(model, { size: '1280x720' }, 'remix')).toEqual([{ key: 'ideogramSizeNotWithSource', subs: ['1280 × 720'] }]);
    expect(validateParams(model, { size: '1280x720' }, 'generate')).toEqual([]);
    expect(validateParams(model, { size: '1280x800' }, 'remix')).toEqual([]);
  });

  test('remix with Ideogram 3.0 sends the crop byte for byte as `image`, and leaves its `auto` ratio out', async () => {
    const params = { aspect_ratio: 'auto', image_weight: 35, style_type: 'design', negative_prompt: 'no text', n: 1 };
    const model = ideogram.models.find((m) => m.id === 'ideogram-3')!;
    await run({ operation: 'remix', model: 'ideogram-3', prompt: 'as a linocut', inputs: [crop()], params: paramsForModel(model, params, 'remix') }, context());
    const [post] = posts() as [FakeRequest];
    expect(post.path).toBe('/v2/image/remix/ideogram-3');
    expect(post.fields).toEqual({ prompt: 'as a linocut', image_weight: '35', style_type: 'design', negative_prompt: 'no text', async: 'true', private: 'true', image: `file:image/png:${CROP.length}` });
    expect(post.files.image?.type).toBe('image/png');
    expect(Buffer.compare(post.files.image!.bytes, CROP)).toBe(0);
  });

  test('generate with Ideogram 3.0 sends `auto` as its aspect ratio (left out, Ideogram would draw 1x1)', async () => {
    await run({ operation: 'generate', model: 'ideogram-3', prompt: 'a fox', inputs: [], params: { aspect_ratio: 'auto' } }, context());
    expect(posts()[0]?.fields.aspect_ratio).toBe('auto');
  });

  test('reframe sends no prompt and no `private` (its schema has neither), the resolution, and the crop', async () => {
    await run({ operation: 'reframe', model: 'ideogram-3', prompt: 'ignored', inputs: [crop()], params: { resolution: '1312x736' } }, context());
    const [post] = posts() as [FakeRequest];
    expect(post.path).toBe('/v2/image/reframe/ideogram-3');
    expect(post.fields.prompt).toBeUndefined();
    expect(post.fields.private).toBeUndefined();
    expect(post.fields.resolution).toBe('1312x736');
    expect(Buffer.compare(post.files.image!.bytes, CROP)).toBe(0);
  });

  test('replace background always runs asynchronously, so no `async` field is sent; it is still polled; it is sent private', async () => {
    const result = await run({ operation: 'replace-background', model: 'ideogram-3', prompt: 'a beach at dusk', inputs: [crop()], params: {} }, context());
    const [post] = posts() as [FakeRequest];
    expect(post.path).toBe('/v2/image/replace-background/ideogram-3');
    expect(post.fields.async).toBeUndefined();
    // An omitted `private` "defaults to your plan's setting", which may publish the image.
    expect(post.fields.private).toBe('true');
    expect(polls().length).toBe(3);
    expect(result.images).toHaveLength(1);
  });

  test('a crop longer than 3:1 is refused for replace background before anything is sent', async () => {
    const long = png(encodePng(400, 100, () => [0, 0, 0, 255]));
    const err = await failure(run({ operation: 'replace-background', model: 'ideogram-3', prompt: 'x', inputs: [long], params: {} }, context()));
    expect(err.info.kind).toBe('bad-request');
    expect(err.info.detail).toMatch(/at most 3 times as long as they are wide.*400×100/);
    expect(fake.requests).toHaveLength(0);
  });

  test('Ideogram 4.0 remix with an image weight and a resolution of another shape is refused before anything is sent, saying what to change', async () => {
    const err = await failure(run({ operation: 'remix', model: 'ideogram-4', prompt: 'x', inputs: [crop()], params: { image_weight: 40, resolution: '2560x1440' } }, context()));
    expect(err.info.kind).toBe('bad-request');
    expect(err.info.detail).toMatch(/^Ideogram 4.0 takes an image weight only when the result keeps the shape of your image, and 2560x1440 has another shape\. Empty the image weight/);
    const { key, subs } = describeError(err.info, ideogram.label);
    expect(t(key, subs)).toMatch(/^Ideogram did not accept the request: Ideogram 4.0 takes/);
    expect(fake.requests).toHaveLength(0);
  });

  test('Ideogram 4.0 remix keeps an image weight with a resolution of the crop\'s shape, or with none', async () => {
    await run({ operation: 'remix', model: 'ideogram-4', prompt: 'x', inputs: [crop()], params: { image_weight: 40, resolution: '2048x2048' } }, context());
    await run({ operation: 'remix', model: 'ideogram-4', prompt: 'x', inputs: [crop()], params: { image_weight: 40 } }, context());
    expect(posts().map((p) => [p.fields.image_weight, p.fields.resolution])).toEqual([['40', '2048x2048'], ['40', undefined]]);
  });

  test('an operation a model has no route for is refused without a request', async () => {
    const err = await failure(run({ operation: 'reframe', model: 'ideogram-4', inputs: [crop()], params: {} }, context()));
    expect(err.info.kind).toBe('bad-request');
    expect(fake.requests).toHaveLength(0);
  });

  test('a typed model id is tried on its own generate route, as JSON (the fake knows no such route: 404)', async () => {
    const err = await failure(run({ operation: 'generate', model: 'ideogram-4-6', prompt: 'x', inputs: [], params: { n: 2 } }, context()));
    expect(posts()[0]?.path).toBe('/v2/image/generate/ideogram-4-6');
    expect(posts()[0]?.json).toEqual({ prompt: 'x', num_images: 2, async: true, private: true });
    expect(err.info).toMatchObject({ kind: 'bad-request', status: 404 });
  });
});

describe('Ideogram answers', () => {
  test('every image is downloaded from ideogram.ai, without the API key, with its own type', async () => {
    const result = await run({ operation: 'generate', model: 'ideogram-3', prompt: 'x', inputs: [], params: { n: 2 } }, context());
    expect(downloads()).toHaveLength(2);
    for (const d of downloads()) expect(d.headers['api-key']).toBeUndefined();
    expect(result.images.map((b) => b.type)).toEqual(['image/png', 'image/png']);
    const bytes = await Promise.all(result.images.map(async (b) => Buffer.from(await b.arrayBuffer())));
    expect(bytes).toEqual(fake.ideogram.served);
  });

  test('an image labelled application/octet-stream keeps the type its bytes show (JPEG)', async () => {
    fake.ideogram.queue.push({ kind: 'ok', format: 'jpeg', contentType: 'application/octet-stream' });
    const result = await run({ operation: 'generate', model: 'ideogram-4', prompt: 'x', inputs: [], params: {} }, context());
    expect(result.images[0]?.type).toBe('image/jpeg');
  });

  test('a partly unsafe answer keeps the safe images and counts the withheld ones', async () => {
    fake.ideogram.queue.push({ kind: 'ok', unsafe: 1 });
    const result = await run({ operation: 'generate', model: 'ideogram-3', prompt: 'x', inputs: [], params: { n: 3 } }, context());
    expect(result.images).toHaveLength(2);
    expect(result.refused).toBe(1);
    expect(result.refusal).toEqual({ kind: 'refused', reason: 'ideogramReasonUnsafe' });
    expect(downloads()).toHaveLength(2);
  });

  test('when every image is withheld, the call fails as refused, saying why', async () => {
    fake.ideogram.queue.push({ kind: 'ok', unsafe: 2 });
    const err = await failure(run({ operation: 'generate', model: 'ideogram-3', prompt: 'x', inputs: [], params: { n: 2 } }, context()));
    expect(err.info).toMatchObject({ kind: 'refused', reason: 'ideogramReasonUnsafe' });
  });

  test('an expired image link is a clear error naming the expiry, and is not downloaded again and again', async () => {
    fake.ideogram.imageTtlMs = -1;
    const err = await failure(run({ operation: 'generate', model: 'ideogram-3', prompt: 'x', inputs: [], params: {} }, context()));
    expect(err.info.kind).toBe('unknown');
    expect(err.info.status).toBe(403);
    expect(err.info.detail).toMatch(/expired/);
    expect(downloads()).toHaveLength(1);
  });

  test('an image cut off mid-download is fetched again', async () => {
    fake.ideogram.downloadQueue.push({ kind: 'drop' });
    const result = await run({ operation: 'generate', model: 'ideogram-3', prompt: 'x', inputs: [], params: {} }, context());
    expect(downloads()).toHaveLength(2);
    expect(Buffer.from(await result.images[0]!.arrayBuffer())).toEqual(fake.ideogram.served[0]);
  });

  test('an answer with the images in it (a gateway that ignores `async`) is used as it is, with nothing to poll', async () => {
    const saved: Record<string, string>[] = [];
    // Drops the `async` field on its way, so the fake answers synchronously, as Ideogram does then.
    const syncFetch: typeof fetch = (input, init) => {
      if (init?.body instanceof FormData) init.body.delete('async');
      return fetch(input, init);
    };
    const result = await run({ operation: 'generate', model: 'ideogram-3', prompt: 'x', inputs: [], params: { n: 2 } }, context({ fetch: syncFetch, onCheckpoint: async (s) => void saved.push(s) }));
    expect(result.images).toHaveLength(2);
    expect(polls()).toHaveLength(0);
    expect(saved).toEqual([]);
  });

  test('an image host hiccup (503) is tried again', async () => {
    fake.ideogram.downloadQueue.push({ kind: 'server-error' });
    const result = await run({ operation: 'generate', model: 'ideogram-3', prompt: 'x', inputs: [], params: {} }, context());
    expect(result.images).toHaveLength(1);
    expect(downloads()).toHaveLength(2);
  });
});

describe('Ideogram asynchronous generations', () => {
  test('the generation id is saved before the first poll', async () => {
    const saved: { state: Record<string, string>; pollsSoFar: number }[] = [];
    await run(
      { operation: 'generate', model: 'ideogram-4', prompt: 'x', inputs: [], params: {} },
      context({ onCheckpoint: async (state) => void saved.push({ state, pollsSoFar: polls().length }) }),
    );
    expect(saved).toHaveLength(1);
    expect(saved[0]!.pollsSoFar).toBe(0);
    expect(fake.ideogram.generations.has(saved[0]!.state.generationId!)).toBe(true);
    expect(polls().map((p) => p.path)).toEqual(Array(3).fill(`/v2/generations/${saved[0]!.state.generationId}`));
    for (const p of polls()) expect(p.headers['api-key']).toBe(KEY);
  });

  test('a job resumed from its checkpoint polls that generation and never posts again', async () => {
    let generationId = '';
    const controller = new AbortController();
    // The first run is cut off right after the id is saved (a closed browser, a killed context).
    const first = run(
      { operation: 'generate', model: 'ideogram-3', prompt: 'x', inputs: [], params: { n: 2 } },
      context({ signal: controller.signal, onCheckpoint: async (s) => void ((generationId = s.generationId!), controller.abort()) }),
    );
    expect((await failure(first)).info.kind).toBe('canceled');
    expect(posts()).toHaveLength(1);
    const result = await run({ operation: 'generate', model: 'ideogram-3', prompt: 'x', inputs: [], params: { n: 2 } }, context({ checkpoint: { generationId } }));
    expect(posts()).toHaveLength(1);
    expect(result.images).toHaveLength(2);
  });

  test('a poll answered 429 waits for Retry-After, then goes on', async () => {
    fake.ideogram.pollQueue.push({ kind: 'rate-limit', retryAfterSeconds: 1 });
    const started = Date.now();
    const result = await run({ operation: 'generate', model: 'ideogram-4', prompt: 'x', inputs: [], params: {} }, context());
    expect(result.images).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  test('a poll answered 500 once is polled again', async () => {
    fake.ideogram.pollQueue.push({ kind: 'server-error' });
    const result = await run({ operation: 'generate', model: 'ideogram-4', prompt: 'x', inputs: [], params: {} }, context());
    expect(result.images).toHaveLength(1);
    expect(polls()).toHaveLength(4);
  });

  test('a failed generation is a server error, and its id is forgotten so a retry starts afresh', async () => {
    fake.ideogram.queue.push({ kind: 'failed', reason: 'internal_error' });
    const saved: Record<string, string>[] = [];
    const err = await failure(run({ operation: 'generate', model: 'ideogram-4', prompt: 'x', inputs: [], params: {} }, context({ onCheckpoint: async (s) => void saved.push(s) })));
    expect(err.info.kind).toBe('server');
    expect(saved.at(-1)).toEqual({});
  });

  test('a generation failed for its content is a refusal', async () => {
    fake.ideogram.queue.push({ kind: 'failed', reason: 'content_policy_violation' });
    const err = await failure(run({ operation: 'generate', model: 'ideogram-4', prompt: 'x', inputs: [], params: {} }, context()));
    expect(err.info.kind).toBe('refused');
  });

  test('a generation pending past the cap times out', async () => {
    fake.ideogram.pendingPolls = 1000;
    const err = await failure(createRun({ pollIntervalMs: 10, maxWaitMs: 100 })({ operation: 'generate', model: 'ideogram-4', prompt: 'x', inputs: [], params: {} }, context()));
    expect(err.info.kind).toBe('timeout');
  });

  test('Cancel while polling stops at once', async () => {
    fake.ideogram.pendingPolls = 1000;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const err = await failure(createRun({ pollIntervalMs: 1000 })({ operation: 'generate', model: 'ideogram-4', prompt: 'x', inputs: [], params: {} }, context({ signal: controller.signal })));
    expect(err.info.kind).toBe('canceled');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('Ideogram errors', () => {
  const generate = () => run({ operation: 'generate', model: 'ideogram-3', prompt: 'x', inputs: [], params: {} }, context());

  test.each([
    [{ kind: 'invalid-key' } as const, 'invalid-key'],
    [{ kind: 'quota' } as const, 'quota'],
    [{ kind: 'server-error' } as const, 'server'],
    [{ kind: 'malformed' } as const, 'malformed'],
    [{ kind: 'stall' } as const, 'network'],
  ])('%o → %s', async (mode, kind) => {
    fake.ideogram.queue.push(mode);
    expect((await failure(generate())).info.kind).toBe(kind);
  });

  test('422 is a refusal by the safety checks', async () => {
    fake.ideogram.queue.push({ kind: 'safety' });
    expect((await failure(generate())).info).toMatchObject({ kind: 'refused', status: 422, reason: 'ideogramReasonSafety' });
  });

  test.each(['daily_limit', 'feature_limit'] as const)('429 %s is a limit of the account, not a rate limit: never retried, and said so', async (reason) => {
    fake.ideogram.queue.push({ kind: 'limit', reason });
    const err = await failure(generate());
    expect(err.info).toMatchObject({ kind: 'quota', status: 429, reason: reason === 'daily_limit' ? 'ideogramQuotaDaily' : 'ideogramQuotaFeature' });
    expect(isRetryable(err.info.kind)).toBe(false);
    const { key, subs } = describeError(err.info, ideogram.label);
    expect(t(key, subs)).toMatch(reason === 'daily_limit' ? /^Your Ideogram account has reached its daily limit.*Try again tomorrow/ : /^Your Ideogram account has reached its limit for this feature/);
  });

  test('429 is a rate limit carrying Retry-After', async () => {
    fake.ideogram.queue.push({ kind: 'rate-limit', retryAfterSeconds: 3 });
    expect((await failure(generate())).info).toMatchObject({ kind: 'rate-limit', retryAfterMs: 3000 });
  });

  test('400 is a bad request with Ideogram\'s own words', async () => {
    fake.ideogram.queue.push({ kind: 'bad-request', message: 'Could not read a source image.' });
    expect((await failure(generate())).info).toEqual({ kind: 'bad-request', status: 400, detail: 'Could not read a source image.' });
  });

  test('a wrong key is invalid-key (401 from the fake for an unknown key)', async () => {
    const err = await failure(run({ operation: 'generate', model: 'ideogram-3', prompt: 'x', inputs: [], params: {} }, { ...context(), apiKey: 'wrong' }));
    expect(err.info.kind).toBe('invalid-key');
  });
});

describe('Ideogram catalog', () => {
  test('every model takes its own defaults for every operation it lists', () => {
    for (const model of ideogram.models) {
      for (const operation of model.operations) expect(validateParams(model, defaults(model), operation), `${model.id} ${operation}`).toEqual([]);
    }
  });

  test('prices per image follow the quality (4.5) or the rendering speed (ideogram.ai/features/api-pricing, /blog/ideogram-api-pricing)', () => {
    const [v45, v4, v3] = ideogram.models as [ModelDef, ModelDef, ModelDef];
    expect(estimateCost(v45, {}, 1)).toBeCloseTo(0.1);
    expect(estimateCost(v45, { quality: 'low' }, 2)).toBeCloseTo(0.06);
    expect(estimateCost(v4, { rendering_speed: 'quality' }, 1)).toBeCloseTo(0.1);
    expect(estimateCost(v3, { rendering_speed: 'quality' }, 2)).toBeCloseTo(0.18);
    expect(estimateCost(v3, {}, 1)).toBeCloseTo(0.06);
    expect(estimateCost(ideogram.customModel('ideogram-4-6'), {}, 1)).toBeUndefined();
  });

  test('Ideogram 4.0 remix takes neither seed nor magic prompt', () => {
    const v4 = ideogram.models.find((m) => m.id === 'ideogram-4')!;
    expect(paramsForModel(v4, { seed: 5, magic_prompt: 'on', image_weight: 40 }, 'remix')).toEqual({ image_weight: 40 });
  });
});
