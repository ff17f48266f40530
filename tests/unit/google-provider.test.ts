// @vitest-environment node
// Real HTTP on loopback to the fake Gemini API: Node's fetch carries what the SDK's browser build sends.
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { useEnglishMessages } from './english';
import { startFakeProviders, type FakeProviders } from '../fake-providers/server';
import { FAKE_JPEG, type GoogleMode } from '../fake-providers/google';
import { encodePng } from '../fake-providers/png';
import { TMP } from '../e2e/paths';
import { google } from '../../utils/providers/google';
import { run } from '../../utils/providers/google/run';
import { paramsForModel } from '../../utils/providers/params';
import { describeError, isRetryable, ProviderError, type JobError } from '../../utils/providers/errors';
import { t } from '../../utils/platform/i18n';
import type { ImageRequest, ModelDef, ProviderContext } from '../../utils/providers/types';

const KEY = 'AIzaSy-unit-google-42';
const HOST = 'generativelanguage.googleapis.com';
const CROP = encodePng(40, 30, (x, y) => [x * 6, y * 8, 90, 255]);

const model = (id: string): ModelDef => {
  const found = google.models.find((m) => m.id === id);
  if (!found) throw new Error(`${id} is not in the catalog`);
  return found;
};

async function failure(promise: Promise<unknown>): Promise<JobError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return (err as ProviderError).info;
}

const sentence = (info: JobError) => {
  const { key, subs } = describeError(info, google.label);
  return t(key, subs);
};

describe('Gemini image models through @google/genai', () => {
  let fake: FakeProviders;
  beforeAll(async () => {
    fake = await startFakeProviders(TMP);
    fake.google.validKeys.add(KEY);
  });
  afterAll(() => fake?.close());
  beforeEach(() => useEnglishMessages());

  const request = (over: Partial<ImageRequest> = {}): ImageRequest => ({
    operation: 'edit',
    model: 'gemini-3-pro-image',
    prompt: 'turn the sky purple',
    inputs: [new Blob([new Uint8Array(CROP)], { type: 'image/png' })],
    params: {},
    ...over,
  });
  const context = (over: Partial<ProviderContext> = {}): ProviderContext => ({ apiKey: KEY, baseURL: fake.baseFor(HOST), ...over });
  const arm = (mode: GoogleMode) => void fake.google.queue.push(mode);
  const lastBody = () => {
    const fields = fake.requests.at(-1)!.fields;
    return {
      contents: JSON.parse(fields.contents!) as { role?: string; parts: { text?: string; inlineData?: { mimeType: string; data: string } }[] }[],
      generationConfig: JSON.parse(fields.generationConfig ?? '{}') as { responseModalities?: string[]; imageConfig?: Record<string, string> },
    };
  };

  describe('the request', () => {
    test('posts to /v1beta/models/{model}:generateContent with the key in x-goog-api-key: the crop as inlineData, then the prompt', async () => {
      await run(request(), context());
      const sent = fake.requests.at(-1)!;
      expect(sent).toMatchObject({ host: HOST, method: 'POST', path: '/v1beta/models/gemini-3-pro-image:generateContent' });
      expect(sent.headers['x-goog-api-key']).toBe(KEY);
      const { contents, generationConfig } = lastBody();
      expect(contents).toHaveLength(1);
      const [image, prompt, ...rest] = contents[0]!.parts;
      expect(rest).toEqual([]);
      expect(image?.inlineData?.mimeType).toBe('image/png');
      expect(Buffer.from(image!.inlineData!.data, 'base64').equals(CROP)).toBe(true);
      expect(prompt).toEqual({ text: 'turn the sky purple' });
      // Nothing chosen: the API decides (the input's shape, 1K), so no imageConfig at all; no stray fields.
      expect(Object.keys(sent.fields).sort()).toEqual(['contents', 'generationConfig']);
      expect(generationConfig).toEqual({ responseModalities: ['IMAGE', 'TEXT'] });
    });

    test('a JPEG crop goes up as image/jpeg with its own bytes', async () => {
      await run(request({ inputs: [new Blob([new Uint8Array(FAKE_JPEG)], { type: 'image/jpeg' })] }), context());
      const part = lastBody().contents[0]!.parts[0]!;
      expect(part.inlineData?.mimeType).toBe('image/jpeg');
      expect(Buffer.from(part.inlineData!.data, 'base64').equals(FAKE_JPEG)).toBe(true);
    });

    test('text to image sends the prompt alone', async () => {
      await run(request({ operation: 'generate', inputs: [] }), context());
      expect(lastBody().contents[0]!.parts).toEqual([{ text: 'turn the sky purple' }]);
    });

    test.each([
      ['gemini-3.1-flash-image', { aspectRatio: '8:1', imageSize: '512' }, { aspectRatio: '8:1', imageSize: '512' }],
      ['gemini-3-pro-image', { aspectRatio: '21:9', imageSize: '4K' }, { aspectRatio: '21:9', imageSize: '4K' }],
      // Values a model does not take never leave: Pro has no 1:8, 2.1 makes no 512, Lite has no size at all.
      ['gemini-3-pro-image', { aspectRatio: '1:8', imageSize: '2K' }, { imageSize: '2K' }],
      ['gemini-nano-banana-2.1', { aspectRatio: '4:1', imageSize: '512' }, { aspectRatio: '4:1' }],
      ['gemini-3.1-flash-lite-image', { aspectRatio: '1:4', imageSize: '4K' }, { aspectRatio: '1:4' }],
      ['gemini-nano-banana-2.1', { aspectRatio: 'auto', imageSize: '1K' }, { imageSize: '1K' }],
    ] as const)('%s with %o sends imageConfig %o', async (id, chosen, expected) => {
      const params = paramsForModel(model(id), chosen, 'edit');
      await run(request({ model: id, params }), context());
      expect(fake.requests.at(-1)!.path).toBe(`/v1beta/models/${id}:generateContent`);
      expect(lastBody().generationConfig.imageConfig).toEqual(expected);
    });

    test('without a base URL it calls Google’s own host', async () => {
      const calls: string[] = [];
      const stub: typeof fetch = async (url) => {
        calls.push(url instanceof Request ? url.url : String(url));
        return Response.json({ candidates: [{ content: { role: 'model', parts: [{ inlineData: { mimeType: 'image/png', data: CROP.toString('base64') } }] }, finishReason: 'STOP' }] });
      };
      await run(request(), { apiKey: KEY, fetch: stub });
      expect(calls).toEqual(['https://generativelanguage.googleapis.com/v1beta/models/gemini-3-pro-image:generateContent']);
    });

    test('a blank prompt is a bad request, and nothing is sent', async () => {
      const before = fake.requests.length;
      expect((await failure(run(request({ prompt: '  ' }), context()))).kind).toBe('bad-request');
      expect(fake.requests.length).toBe(before);
    });
  });

  describe('the answer', () => {
    test('the image comes back byte for byte as the PNG Gemini sent, with its words and token counts', async () => {
      arm({ kind: 'ok', text: 'Here is the sky in purple.' });
      const result = await run(request(), context());
      expect(result.images).toHaveLength(1);
      expect(result.images[0]!.type).toBe('image/png');
      expect(Buffer.from(await result.images[0]!.arrayBuffer()).equals(fake.google.sentImages.at(-1)!)).toBe(true);
      expect(result.text).toBe('Here is the sky in purple.');
      expect(result.usage).toEqual({ inputTokens: 12, outputTokens: 1120 });
    });

    test('a JPEG answer stays a JPEG (the MIME type Gemini gives is kept)', async () => {
      arm({ kind: 'ok', format: 'jpeg' });
      const result = await run(request(), context());
      expect(result.images[0]!.type).toBe('image/jpeg');
      expect(Buffer.from(await result.images[0]!.arrayBuffer()).equals(FAKE_JPEG)).toBe(true);
      expect(result.text).toBeUndefined();
    });

    test.each([
      ['SAFETY', 'reasonSafety', 'its safety filters flagged the request'],
      ['IMAGE_SAFETY', 'reasonImageSafety', 'its safety filters flagged the image'],
      ['PROHIBITED_CONTENT', 'reasonProhibited', 'it judged the content prohibited'],
      ['BLOCKLIST', 'reasonBlocklist', 'the prompt contains a term it blocks'],
      ['MODEL_ARMOR', 'reasonScreening', 'its prompt screening stopped the request'],
      ['JAILBREAK', 'reasonScreening', 'its prompt screening stopped the request'],
      ['OTHER', 'reasonOther', 'it gave no reason'],
    ] as const)('a prompt blocked for %s (HTTP 200) is refused: “%s”', async (blockReason, reason, words) => {
      arm({ kind: 'blocked', blockReason });
      const info = await failure(run(request(), context()));
      expect(info).toMatchObject({ kind: 'refused', reason });
      expect(isRetryable(info.kind)).toBe(false);
      expect(sentence(info)).toBe(`Google refused this request: ${words}. Change the prompt or the image; retrying the same request will not help.`);
    });

    test.each([
      ['IMAGE_SAFETY', 'reasonImageSafety'],
      ['IMAGE_PROHIBITED_CONTENT', 'reasonProhibited'],
      ['IMAGE_RECITATION', 'reasonRecitation'],
      ['RECITATION', 'reasonRecitation'],
      ['IMAGE_OTHER', 'reasonOther'],
      ['NO_IMAGE', 'reasonNoImage'],
      ['SAFETY', 'reasonSafety'],
      ['SPII', 'reasonPersonalInfo'],
      ['LANGUAGE', 'reasonLanguage'],
    ] as const)('an output stopped for %s (HTTP 200, no image) is refused with %s', async (finishReason, reason) => {
      arm({ kind: 'finish', finishReason });
      const info = await failure(run(request(), context()));
      expect(info).toMatchObject({ kind: 'refused', reason });
      expect(sentence(info)).toMatch(/^Google refused this request: [a-z].+\. Change the prompt/);
      expect(sentence(info)).not.toContain(reason);
    });

    test('a normal answer in words only is a refusal (“no image”), keeping Gemini’s words as the detail', async () => {
      arm({ kind: 'text-only', text: 'I can’t edit photos of real people in that way.' });
      const info = await failure(run(request(), context()));
      expect(info).toMatchObject({ kind: 'refused', reason: 'reasonNoImage', detail: 'I can’t edit photos of real people in that way.' });
      expect(sentence(info)).toBe('Google refused this request: it answered in words without making an image. Change the prompt or the image; retrying the same request will not help.');
    });

    test('image data that is not base64 → malformed; so is a 200 that is not the documented shape', async () => {
      arm({ kind: 'malformed' });
      expect((await failure(run(request(), context()))).kind).toBe('malformed');
      const odd: typeof fetch = async () => Response.json({ predictions: [{ bytesBase64Encoded: 'AAAA' }] });
      expect((await failure(run(request(), context({ fetch: odd })))).kind).toBe('malformed');
      const empty: typeof fetch = async () => Response.json({ candidates: [{ finishReason: 'STOP' }] });
      expect((await failure(run(request(), context({ fetch: empty })))).kind).toBe('malformed');
      const page: typeof fetch = async () => new Response('<html>Sign in to the Wi-Fi</html>', { headers: { 'content-type': 'text/html' } });
      expect((await failure(run(request(), context({ fetch: page })))).kind).toBe('malformed');
    });
  });

  describe('errors', () => {
    test('a key Google does not know (400 API_KEY_INVALID) → invalid-key', async () => {
      expect(await failure(run(request(), context({ apiKey: 'AIza-not-a-key' })))).toMatchObject({ kind: 'invalid-key', status: 400 });
      arm({ kind: 'invalid-key' });
      expect((await failure(run(request(), context()))).kind).toBe('invalid-key');
    });

    test('403 PERMISSION_DENIED → invalid-key, with Google’s words on why', async () => {
      arm({ kind: 'permission-denied' });
      const info = await failure(run(request(), context()));
      expect(info).toMatchObject({ kind: 'invalid-key', status: 403 });
      expect(info.detail).toMatch(/are blocked/);
    });

    test('429 with RetryInfo "2s" → rate-limit with a 2 s wait; the SDK sends it once (Pictor owns retries)', async () => {
      const before = fake.requests.length;
      arm({ kind: 'rate-limit', retryAfterSeconds: 2 });
      expect(await failure(run(request(), context()))).toMatchObject({ kind: 'rate-limit', status: 429, retryAfterMs: 2000 });
      expect(fake.requests.length - before).toBe(1);
    });

    test('429 for used-up prepaid credits, or the daily quota → quota, never retried', async () => {
      arm({ kind: 'quota' });
      const credits = await failure(run(request(), context()));
      expect(credits).toMatchObject({ kind: 'quota', status: 429 });
      expect(credits.detail).toMatch(/prepayment credits are depleted/);
      arm({ kind: 'daily-quota' });
      expect((await failure(run(request(), context()))).kind).toBe('quota');
      expect(isRetryable('quota')).toBe(false);
    });

    test('400 FAILED_PRECONDITION (no free tier in the user’s country) → bad-request saying so', async () => {
      arm({ kind: 'region' });
      const info = await failure(run(request(), context()));
      expect(info).toMatchObject({ kind: 'bad-request', status: 400 });
      expect(sentence(info)).toContain('Gemini API free tier is not available in your country. Please enable billing on your project in Google AI Studio.');
    });

    test.each([500, 503, 504] as const)('%i → server, sent once', async (status) => {
      const before = fake.requests.length;
      arm({ kind: 'server-error', status });
      expect(await failure(run(request(), context()))).toMatchObject({ kind: 'server', status });
      expect(fake.requests.length - before).toBe(1);
    });

    test('a model the key cannot use (404) → bad-request naming it', async () => {
      const info = await failure(run(request({ model: 'gemini-9-ultra-image' }), context()));
      expect(info).toMatchObject({ kind: 'bad-request', status: 404 });
      expect(info.detail).toContain('models/gemini-9-ultra-image is not found');
    });

    test('a body cut off mid-way → network', async () => {
      arm({ kind: 'stall' });
      expect((await failure(run(request(), context()))).kind).toBe('network');
    });

    test('Cancel → canceled at once, and the fake sees the request go away', async () => {
      arm({ kind: 'ok', delayMs: 30_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 150);
      const started = Date.now();
      expect((await failure(run(request(), context({ signal: controller.signal })))).kind).toBe('canceled');
      expect(Date.now() - started).toBeLessThan(3000);
      await vi.waitFor(() => expect(fake.requests.at(-1)?.aborted).toBe(true));
    });
  });
});
