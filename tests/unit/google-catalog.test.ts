// @vitest-environment node
// The Gemini catalog as data (ratios, sizes, prices), model discovery from the key's own list over
// loopback to the fake, and Google's error envelope as the SDK hands it over.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiError } from '@google/genai';
import { startFakeProviders, type FakeProviders } from '../fake-providers/server';
import { NEWER_IMAGE_MODEL } from '../fake-providers/google';
import { TMP } from '../e2e/paths';
import { google } from '../../utils/providers/google';
import { mapGoogleError } from '../../utils/providers/google/errors';
import { paramsForModel } from '../../utils/providers/params';
import { estimateCost } from '../../utils/providers/cost';
import { testKey } from '../../utils/keys/key-test';
import { modelsOf } from '../../utils/providers/choice';
import type { ModelDef, Params } from '../../utils/providers/types';

const KEY = 'AIzaSy-unit-catalog-7';
const HOST = 'generativelanguage.googleapis.com';

const model = (id: string): ModelDef => {
  const found = google.models.find((m) => m.id === id);
  if (!found) throw new Error(`${id} is not in the catalog`);
  return found;
};

describe('the Gemini catalog', () => {
  let fake: FakeProviders;
  beforeAll(async () => {
    fake = await startFakeProviders(TMP);
    fake.google.validKeys.add(KEY);
  });
  afterAll(() => fake?.close());

  test('each model takes the ratios and sizes Google documents, and no image count (one image per call)', () => {
    const values = (m: ModelDef, name: string) => {
      const spec = m.params.find((p) => p.name === name);
      return spec && spec.kind === 'enum' ? spec.values : undefined;
    };
    const classic = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];
    const wide = [...classic, '1:4', '4:1', '1:8', '8:1'];
    expect(google.models.map((m) => m.id)).toEqual(['gemini-nano-banana-2.1', 'gemini-3.1-flash-image', 'gemini-3-pro-image', 'gemini-3.1-flash-lite-image']);
    expect(values(model('gemini-nano-banana-2.1'), 'aspectRatio')).toEqual(['auto', ...wide]);
    expect(values(model('gemini-nano-banana-2.1'), 'imageSize')).toEqual(['1K', '2K', '4K']);
    expect(values(model('gemini-3.1-flash-image'), 'aspectRatio')).toEqual(['auto', ...wide]);
    expect(values(model('gemini-3.1-flash-image'), 'imageSize')).toEqual(['512', '1K', '2K', '4K']);
    expect(values(model('gemini-3-pro-image'), 'aspectRatio')).toEqual(['auto', ...classic]);
    expect(values(model('gemini-3-pro-image'), 'imageSize')).toEqual(['1K', '2K', '4K']);
    expect(values(model('gemini-3.1-flash-lite-image'), 'aspectRatio')).toEqual(['auto', ...wide]);
    expect(values(model('gemini-3.1-flash-lite-image'), 'imageSize')).toBeUndefined();
    for (const m of google.models) {
      expect(m.operations).toEqual(['generate', 'edit']);
      expect(m.params.some((p) => p.name === 'n')).toBe(false);
    }
    expect(JSON.stringify(google.models).toLowerCase()).not.toContain('imagen');
  });

  test('price per image by resolution, from Google’s pricing; the API’s default 1K when none is chosen', () => {
    const cost = (id: string, chosen: Params) => estimateCost(model(id), paramsForModel(model(id), chosen, 'edit'));
    expect(cost('gemini-3.1-flash-image', { imageSize: '512' })).toBe(0.045);
    expect(cost('gemini-3.1-flash-image', {})).toBe(0.067);
    expect(cost('gemini-3.1-flash-image', { imageSize: '2K' })).toBe(0.101);
    expect(cost('gemini-3.1-flash-image', { imageSize: '4K' })).toBe(0.151);
    expect(cost('gemini-3-pro-image', { imageSize: '1K' })).toBe(0.134);
    expect(cost('gemini-3-pro-image', { imageSize: '2K' })).toBe(0.134);
    expect(cost('gemini-3-pro-image', { imageSize: '4K', aspectRatio: '16:9' })).toBe(0.24);
    expect(cost('gemini-3.1-flash-lite-image', { aspectRatio: '4:1' })).toBe(0.034);
    // No price published for 2.1 in the stored pricing pages, and none for a typed id: no estimate.
    expect(cost('gemini-nano-banana-2.1', { imageSize: '2K' })).toBeUndefined();
    expect(estimateCost(google.customModel('gemini-5-image'), {})).toBeUndefined();
  });

  test('a typed model id gets the ten classic ratios, no size and no price', () => {
    const custom = google.customModel('gemini-5-image');
    expect(custom).toMatchObject({ id: 'gemini-5-image', operations: ['generate', 'edit'] });
    expect(custom.params.map((p) => p.name)).toEqual(['aspectRatio']);
    expect(custom.price).toBeUndefined();
  });

  test('Test key reads the key’s own model list: its image models that answer generateContent; a new one is offered with its family’s options', async () => {
    const result = await testKey('google', KEY, fake.baseFor(HOST), fetch, async () => true);
    expect(result.outcome).toBe('valid');
    const listed = google.readModelList!(result.body);
    const newer = NEWER_IMAGE_MODEL.name.replace('models/', '');
    expect(listed?.map((m) => m.id)).toContain(newer);
    expect(listed?.map((m) => m.id).some((id) => id.startsWith('imagen'))).toBe(false);
    const offered = modelsOf('google', { at: 0, models: listed ?? [] });
    const found = offered.filter((m) => m.isNew);
    expect(found.map((m) => [m.id, m.label])).toEqual([[newer, NEWER_IMAGE_MODEL.displayName]]);
    // gemini-4-flash-image is of the gemini-…-image family: the options of its newest catalog model, no price.
    expect(found[0]!.params).toEqual(model('gemini-3.1-flash-image').params);
    expect(found[0]!.price).toBeUndefined();
    fake.google.textOnlyKeys.add('AIza-text-only');
    const textOnly = await testKey('google', 'AIza-text-only', fake.baseFor(HOST), fetch, async () => true);
    expect(textOnly.outcome).toBe('no-image-access');
    expect(google.readModelList!(textOnly.body)).toEqual([]);
  });

  test('an image model without “image” in its id (Nano Banana) still counts; Imagen never does', () => {
    const listed = (name: string, methods: string[]) => ({ models: [{ name, supportedGenerationMethods: methods }] });
    const ids = (body: unknown) => google.readModelList!(body)?.map((m) => m.id);
    expect(google.keyCheck.judge(listed('models/gemini-nano-banana-3', ['generateContent']))).toBe('valid');
    expect(ids(listed('models/gemini-nano-banana-3', ['generateContent']))).toEqual(['gemini-nano-banana-3']);
    // Of the Nano Banana family: Nano Banana 2.1's options.
    const banana = modelsOf('google', { at: 0, models: [{ id: 'gemini-nano-banana-3' }] }).find((m) => m.id === 'gemini-nano-banana-3');
    expect(banana?.params).toEqual(model('gemini-nano-banana-2.1').params);
    expect(google.keyCheck.judge(listed('models/imagen-4.0-generate-001', ['predict']))).toBe('no-image-access');
    expect(ids(listed('models/imagen-5.0-generate-001', ['generateContent']))).toEqual([]);
    expect(ids(listed('models/gemini-4-image', ['countTokens']))).toEqual([]);
    // Not a model list: nothing read (what was stored stays).
    expect(google.readModelList!({ error: 'nope' })).toBeUndefined();
  });
});

describe('Google’s error envelope, read the way Google’s own CLI reads it', () => {
  const apiError = (status: number, error: Record<string, unknown>) => new ApiError({ message: JSON.stringify({ error: { code: status, ...error } }), status });
  const retryInfo = (delay: string) => ({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: delay });
  const quotaFailure = (quotaId: string, quotaValue: string) => ({ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId, quotaValue }] });

  test('429: a per-minute limit with RetryInfo is a rate limit with that wait; a zero quota, a daily one or a wait past five minutes is quota', () => {
    expect(mapGoogleError(apiError(429, { status: 'RESOURCE_EXHAUSTED', details: [quotaFailure('GenerateRequestsPerMinutePerProjectPerModel', '10'), retryInfo('7s')] }))).toMatchObject({ kind: 'rate-limit', retryAfterMs: 7000 });
    expect(mapGoogleError(apiError(429, { status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded. Please retry in 1.5s.', details: [] }))).toMatchObject({ kind: 'rate-limit', retryAfterMs: 1500 });
    expect(mapGoogleError(apiError(429, { status: 'RESOURCE_EXHAUSTED', message: 'Resource has been exhausted (e.g. check quota).' }))).toEqual({ kind: 'rate-limit', status: 429 });
    expect(mapGoogleError(apiError(429, { status: 'RESOURCE_EXHAUSTED', details: [quotaFailure('GenerateRequestsPerDayPerProjectPerModel-FreeTier', '0'), retryInfo('30s')] })).kind).toBe('quota');
    expect(mapGoogleError(apiError(429, { status: 'RESOURCE_EXHAUSTED', details: [quotaFailure('GenerateContentInputTokensPerModelPerMinute-FreeTier', '0')] })).kind).toBe('quota');
    expect(mapGoogleError(apiError(429, { status: 'RESOURCE_EXHAUSTED', details: [retryInfo('3600s')] })).kind).toBe('quota');
  });

  test('an expired key is an invalid key; an unlisted 4xx keeps Google’s words', () => {
    const expired = apiError(400, { status: 'INVALID_ARGUMENT', message: 'API key expired. Please renew the API key.', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_EXPIRED' }] });
    expect(mapGoogleError(expired).kind).toBe('invalid-key');
    expect(mapGoogleError(apiError(400, { status: 'INVALID_ARGUMENT', message: 'Unsupported MIME type: image/gif' }))).toEqual({ kind: 'bad-request', status: 400, detail: 'Unsupported MIME type: image/gif' });
  });

  test('the SDK’s own timeout is a timeout; the user’s Cancel is canceled; a refused connection is network', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    expect(mapGoogleError(abort).kind).toBe('timeout');
    const controller = new AbortController();
    controller.abort();
    expect(mapGoogleError(abort, controller.signal).kind).toBe('canceled');
    expect(mapGoogleError(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }))).toEqual({ kind: 'network', detail: 'connect ECONNREFUSED' });
  });
});
