// @vitest-environment node
// Real HTTP on loopback to the fake PhotoRoom: Node's fetch and multipart, as a browser would send them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeProviders, type FakeProviders } from '../fake-providers/server';
import { decodePng, encodePng } from '../fake-providers/png';
import { TMP } from '../e2e/paths';
import { photoroom } from '../../utils/providers/photoroom';
import { run } from '../../utils/providers/photoroom/run';
import { paramsForModel } from '../../utils/providers/params';
import { estimateCost } from '../../utils/providers/cost';
import { isRetryable, ProviderError, type JobError } from '../../utils/providers/errors';
import type { ImageRequest, ProviderContext } from '../../utils/providers/types';

const KEY = 'pr-unit-key-42';
const model = photoroom.models[0]!;
const SOURCE = encodePng(48, 36, (x, y) => [x * 5, y * 7, 200, 255]);


async function failure(promise: Promise<unknown>): Promise<JobError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return (err as ProviderError).info;
}

/** A fetch standing in for PhotoRoom's answer, recording what was asked. */
function stubFetch(response: () => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: url instanceof Request ? url.url : String(url), init: init ?? {} });
    return response();
  };
  return { fetch: fn, calls };
}

describe('PhotoRoom background removal', () => {
  let fake: FakeProviders;
  beforeAll(async () => {
    fake = await startFakeProviders(TMP);
    fake.photoroom.validKeys.add(KEY);
  });
  afterAll(() => fake?.close());

  const request = (over: Partial<ImageRequest> = {}): ImageRequest => ({
    operation: 'remove-background',
    model: 'segment',
    inputs: [new Blob([new Uint8Array(SOURCE)], { type: 'image/png' })],
    params: {},
    ...over,
  });
  const context = (over: Partial<ProviderContext> = {}): ProviderContext => ({ apiKey: KEY, baseURL: fake.baseFor('sdk.photoroom.com'), ...over });

  test('posts the image as multipart image_file to /v1/segment with x-api-key, PNG asked, options as fields, no prompt', async () => {
    const params = paramsForModel(model, { size: 'preview', crop: true }, 'remove-background');
    await run(request({ params }), context());
    const sent = fake.requests.at(-1)!;
    expect(sent).toMatchObject({ host: 'sdk.photoroom.com', method: 'POST', path: '/v1/segment' });
    expect(sent.headers['x-api-key']).toBe(KEY);
    expect(sent.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const file = sent.files.image_file!;
    expect(file.name).toBe('image.png');
    expect(file.type).toBe('image/png');
    expect(file.bytes.equals(SOURCE)).toBe(true);
    const { image_file: _, ...fields } = sent.fields;
    expect(fields).toEqual({ format: 'png', size: 'preview', crop: 'true' });
  });

  test('defaults send only the format: full size and no trimming are the API defaults', async () => {
    await run(request({ params: paramsForModel(model, {}, 'remove-background') }), context());
    const { image_file: _, ...fields } = fake.requests.at(-1)!.fields;
    expect(fields).toEqual({ format: 'png' });
  });

  test('a JPEG crop goes up as image.jpg of type image/jpeg', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    await run(request({ inputs: [new Blob([jpeg], { type: 'image/jpeg' })] }), context());
    const file = fake.requests.at(-1)!.files.image_file!;
    expect(file).toMatchObject({ name: 'image.jpg', type: 'image/jpeg' });
    expect([...file.bytes]).toEqual([...jpeg]);
  });

  test('the result is a PNG blob with an alpha channel, transparent where the background was, the crop’s size', async () => {
    const result = await run(request(), context());
    expect(result.images).toHaveLength(1);
    const image = result.images[0]!;
    expect(image.type).toBe('image/png');
    const bytes = new Uint8Array(await image.arrayBuffer());
    expect(Buffer.from(bytes).equals(fake.photoroom.sentImages.at(-1)!)).toBe(true);
    const png = decodePng(bytes);
    expect(png.colourType).toBe(6);
    expect({ width: png.width, height: png.height }).toEqual({ width: 48, height: 36 });
    expect(png.alpha(0, 0)).toBe(0);
    expect(png.alpha(24, 18)).toBe(255);
  });

  test('a sandbox key is the key with sandbox_ in front: it works, and the settings say results are watermarked', async () => {
    let marked: string | null = null;
    const recording: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      marked = response.headers.get('x-fake-sandbox');
      return response;
    };
    const result = await run(request(), context({ apiKey: `sandbox_${KEY}`, fetch: recording }));
    expect(result.images[0]?.type).toBe('image/png');
    expect(marked).toBe('1');
    expect(fake.photoroom.uploads.at(-1)).toMatchObject({ key: `sandbox_${KEY}`, sandbox: true });
    expect(photoroom.keyNote?.(`sandbox_${KEY}`)).toBe('photoRoomSandboxNote');
    expect(photoroom.keyNote?.(KEY)).toBeUndefined();
  });

  test('403 (a wrong key) → invalid-key, with nothing recorded as an upload', async () => {
    const before = fake.photoroom.uploads.length;
    const info = await failure(run(request(), context({ apiKey: 'not-a-key' })));
    expect(info).toMatchObject({ kind: 'invalid-key', status: 403, detail: 'Invalid API key.' });
    expect(fake.photoroom.uploads.length).toBe(before);
  });

  test('402 (out of credit) → quota, never retried as if it would pass', async () => {
    fake.photoroom.queue.push({ kind: 'quota' });
    const info = await failure(run(request(), context()));
    expect(info.kind).toBe('quota');
    expect(info.status).toBe(402);
    expect(info.detail).toMatch(/credits exhausted/);
    expect(isRetryable(info.kind)).toBe(false);
  });

  test('400 → bad-request carrying PhotoRoom’s detail for the user', async () => {
    fake.photoroom.queue.push({ kind: 'bad-request', detail: 'The image is too large: 6000 px on the longest side at most.' });
    const info = await failure(run(request(), context()));
    expect(info).toMatchObject({ kind: 'bad-request', status: 400, detail: 'The image is too large: 6000 px on the longest side at most.' });
  });

  test('429 → rate-limit with the Retry-After wait', async () => {
    fake.photoroom.queue.push({ kind: 'rate-limit', retryAfterSeconds: 7 });
    const info = await failure(run(request(), context()));
    expect(info).toMatchObject({ kind: 'rate-limit', status: 429, retryAfterMs: 7000 });
  });

  test('without a base URL it calls sdk.photoroom.com', async () => {
    const stub = stubFetch(() => new Response(new Uint8Array(SOURCE), { headers: { 'content-type': 'image/png' } }));
    await run(request(), { apiKey: KEY, fetch: stub.fetch });
    expect(stub.calls[0]?.url).toBe('https://sdk.photoroom.com/v1/segment');
    expect(new Headers(stub.calls[0]?.init.headers).get('x-api-key')).toBe(KEY);
  });

  test('a 200 that is a web page, not an image → malformed', async () => {
    const stub = stubFetch(() => new Response('<html>Sign in to the Wi-Fi</html>', { headers: { 'content-type': 'text/html' } }));
    expect((await failure(run(request(), { apiKey: KEY, fetch: stub.fetch }))).kind).toBe('malformed');
  });

  test('the spec’s JSON form of a 200 ({ base64img }) gives the same PNG', async () => {
    const stub = stubFetch(() => Response.json({ base64img: SOURCE.toString('base64') }));
    const result = await run(request(), { apiKey: KEY, fetch: stub.fetch });
    expect(result.images[0]?.type).toBe('image/png');
    expect(Buffer.from(await result.images[0]!.arrayBuffer()).equals(SOURCE)).toBe(true);
  });

  test('no input image → bad-request before anything is sent', async () => {
    const stub = stubFetch(() => new Response(null, { status: 500 }));
    expect((await failure(run(request({ inputs: [] }), { apiKey: KEY, fetch: stub.fetch }))).kind).toBe('bad-request');
    expect(stub.calls).toHaveLength(0);
  });

  test('price: $0.02 a call, a quarter of that for a preview; a typed model id has none', () => {
    expect(estimateCost(model, paramsForModel(model, {}, 'remove-background'))).toBe(0.02);
    expect(estimateCost(model, paramsForModel(model, { size: 'preview' }, 'remove-background'))).toBe(0.005);
    expect(estimateCost(photoroom.customModel('segment-v2'), {})).toBeUndefined();
  });
});
