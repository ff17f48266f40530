// @vitest-environment node
// The fake Ideogram over plain HTTP on loopback (Node's fetch), as the contract tests reach it: it
// must refuse what Ideogram's OpenAPI document (snapshot of 2026-10-07) does not allow.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startFakeProviders, type FakeProviders } from '../fake-providers/server';
import { encodePng } from '../fake-providers/png';
import { TMP } from '../e2e/paths';

const KEY = 'ideo-fake-key-7';
const png = (width: number, height: number) => new Blob([new Uint8Array(encodePng(width, height, () => [10, 20, 30, 255]))], { type: 'image/png' });

let fake: FakeProviders;
beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.ideogram.validKeys.add(KEY);
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.ideogram.queue.length = 0;
});

const url = (path: string) => `${fake.baseFor('api.ideogram.ai')}${path}`;
const headers = { 'Api-Key': KEY };

function form(fields: Record<string, string>, image?: Blob): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  if (image) body.append('image', image, 'image.png');
  return body;
}

const postForm = (path: string, fields: Record<string, string>, image?: Blob) => fetch(url(path), { method: 'POST', headers, body: form(fields, image) });
const postJson = (path: string, body: Record<string, unknown>) =>
  fetch(url(path), { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A request each route accepts, in a content type it takes; the wrong type is one it does not. */
const ROUTES = [
  { path: '/v2/image/generate/ideogram-4', send: (extra: Record<string, string> = {}) => postJson('/v2/image/generate/ideogram-4', { prompt: 'x', async: true, ...extra }), wrong: () => postForm('/v2/image/generate/ideogram-4', { prompt: 'x' }) },
  { path: '/v2/image/generate/ideogram-4-5', send: (extra: Record<string, string> = {}) => postForm('/v2/image/generate/ideogram-4-5', { prompt: 'x', async: 'true', ...extra }), wrong: () => fetch(url('/v2/image/generate/ideogram-4-5'), { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: 'prompt=x' }) },
  { path: '/v2/image/generate/ideogram-3', send: (extra: Record<string, string> = {}) => postForm('/v2/image/generate/ideogram-3', { prompt: 'x', async: 'true', ...extra }), wrong: () => fetch(url('/v2/image/generate/ideogram-3'), { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: 'prompt=x' }) },
  { path: '/v2/image/remix/ideogram-4', send: (extra: Record<string, string> = {}) => postForm('/v2/image/remix/ideogram-4', { prompt: 'x', async: 'true', ...extra }, png(16, 16)), wrong: () => fetch(url('/v2/image/remix/ideogram-4'), { method: 'POST', headers: { ...headers, 'content-type': 'image/png' }, body: new Uint8Array(encodePng(4, 4, () => [0, 0, 0, 255])) }) },
  { path: '/v2/image/remix/ideogram-3', send: (extra: Record<string, string> = {}) => postForm('/v2/image/remix/ideogram-3', { prompt: 'x', async: 'true', ...extra }, png(16, 16)), wrong: () => fetch(url('/v2/image/remix/ideogram-3'), { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: 'x' }) },
  { path: '/v2/image/reframe/ideogram-3', send: (extra: Record<string, string> = {}) => postForm('/v2/image/reframe/ideogram-3', { resolution: '1312x736', async: 'true', ...extra }, png(16, 16)), wrong: () => fetch(url('/v2/image/reframe/ideogram-3'), { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: 'x' }) },
  { path: '/v2/image/replace-background/ideogram-3', send: (extra: Record<string, string> = {}) => postForm('/v2/image/replace-background/ideogram-3', { prompt: 'a beach', ...extra }, png(16, 16)), wrong: () => fetch(url('/v2/image/replace-background/ideogram-3'), { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: 'x' }) },
];

async function problem(response: Response): Promise<{ status: number; type: string; detail: string }> {
  const body = (await response.json()) as { detail?: string; error?: string };
  return { status: response.status, type: response.headers.get('content-type') ?? '', detail: body.detail ?? body.error ?? '' };
}

describe('the fake Ideogram holds each route to its schema', () => {
  for (const route of ROUTES) {
    test(`${route.path}: a request it takes is accepted`, async () => {
      const response = await route.send();
      expect(response.status, await response.clone().text()).toBe(200);
      expect(((await response.json()) as { generation_id?: string }).generation_id).toBeTruthy();
    });

    test(`${route.path}: a content type it does not declare is refused (415)`, async () => {
      const refused = await problem(await route.wrong());
      expect([refused.status, refused.type]).toEqual([415, 'application/problem+json']);
      expect(refused.detail).toMatch(/Invalid Content-type/);
    });

    test(`${route.path}: an unknown field is refused (400)`, async () => {
      const refused = await problem(await route.send({ colour: 'red' }));
      expect([refused.status, refused.type]).toEqual([400, 'application/problem+json']);
      expect(refused.detail).toMatch(/'colour' was unexpected/);
    });
  }

  test('an unknown route is 404', async () => {
    expect((await postJson('/v2/image/generate/ideogram-9', { prompt: 'x' })).status).toBe(404);
  });

  test('values: enums, ranges and JSON types are checked', async () => {
    expect((await problem(await ROUTES[0]!.send({ rendering_speed: 'TURBO' }))).status).toBe(400);
    expect((await problem(await postJson('/v2/image/generate/ideogram-4', { prompt: 'x', num_images: '2' }))).detail).toMatch(/num_images.*integer/);
    expect((await problem(await postJson('/v2/image/generate/ideogram-4', { prompt: 'x', num_images: 9 }))).detail).toMatch(/not between 1 and 8/);
    expect((await problem(await postJson('/v2/image/generate/ideogram-4', { prompt: 'x', private: 'true' }))).detail).toMatch(/private.*boolean/);
    expect((await problem(await postJson('/v2/image/generate/ideogram-4', { async: true }))).detail).toMatch(/'prompt' is a required property/);
    expect((await problem(await ROUTES[4]!.send({ aspect_ratio: 'auto' }))).detail).toMatch(/aspect_ratio/);
  });

  test('fields a route does not have: reframe takes no prompt and no private, replace background no async, 4.0 remix no seed', async () => {
    expect((await problem(await ROUTES[5]!.send({ private: 'true' }))).detail).toMatch(/'private' was unexpected/);
    expect((await problem(await ROUTES[5]!.send({ prompt: 'x' }))).detail).toMatch(/'prompt' was unexpected/);
    expect((await problem(await ROUTES[6]!.send({ async: 'true' }))).detail).toMatch(/'async' was unexpected/);
    expect((await problem(await ROUTES[3]!.send({ seed: '3' }))).detail).toMatch(/'seed' was unexpected/);
  });

  test('documented combinations are refused with Ideogram\'s error body', async () => {
    // Ideogram 4.0 remix: image_weight with a resolution of another shape than the source's.
    const weight = await problem(await ROUTES[3]!.send({ image_weight: '40', resolution: '2560x1440' }));
    expect([weight.status, weight.type]).toEqual([400, 'application/json']);
    expect(weight.detail).toMatch(/image_weight cannot be combined/);
    expect((await ROUTES[3]!.send({ image_weight: '40', resolution: '2048x2048' })).status).toBe(200);
    // Ideogram 4.5: very_low needs source images; without them an exact size must be a preset, and "source" is refused.
    expect((await problem(await ROUTES[1]!.send({ quality: 'very_low' }))).detail).toMatch(/very_low/);
    expect((await problem(await ROUTES[1]!.send({ size: 'source' }))).detail).toMatch(/source/);
    expect((await problem(await ROUTES[1]!.send({ size: '1000x1000' }))).detail).toMatch(/not a supported preset/);
    expect((await ROUTES[1]!.send({ size: '2560x1440', quality: 'low' })).status).toBe(200);
    // Replace Background: the longer side at most 3 times the shorter.
    const long = await postForm('/v2/image/replace-background/ideogram-3', { prompt: 'a beach' }, png(400, 100));
    const elongated = await problem(long);
    expect(elongated.status).toBe(400);
    expect(elongated.detail).toMatch(/at most 3 times/);
    // A source image is needed, one way only.
    expect((await problem(await postForm('/v2/image/remix/ideogram-3', { prompt: 'x' }))).detail).toMatch(/exactly one of image/);
  });

  test('402 and 429 answer a GenerationErrorResponse', async () => {
    fake.ideogram.queue.push({ kind: 'quota' }, { kind: 'limit', reason: 'daily_limit' });
    for (const [status, reason] of [[402, 'insufficient_funds'], [429, 'daily_limit']] as const) {
      const response = await ROUTES[0]!.send();
      const body = (await response.json()) as Record<string, unknown>;
      expect([response.status, Object.keys(body).sort(), typeof body.error, body.reject_reason]).toEqual([status, ['error', 'reject_reason'], 'string', reason]);
    }
  });
});
