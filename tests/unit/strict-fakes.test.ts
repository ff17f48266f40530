// @vitest-environment node
// The fake OpenAI and Gemini APIs refuse what the real ones refuse, over plain HTTP as the SDKs reach them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeProviders, type FakeProviders } from '../fake-providers/server';
import { encodePng } from '../fake-providers/png';
import { TMP } from '../e2e/paths';

const OPENAI_KEY = 'sk-strict-fake-0123';
const PHOTOROOM_KEY = 'pr-strict-fake-0123';
const GOOGLE_KEY = 'AIzaSy-strict-fake-42';
const PNG = new Blob([new Uint8Array(encodePng(4, 4, () => [0, 0, 0, 255]))], { type: 'image/png' });

let fake: FakeProviders;
beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(OPENAI_KEY);
  fake.google.validKeys.add(GOOGLE_KEY);
  fake.photoroom.validKeys.add(PHOTOROOM_KEY);
});
afterAll(() => fake.close());

const openai = (route: string, init: RequestInit) => fetch(`${fake.baseFor('api.openai.com')}/v1/images/${route}`, { method: 'POST', ...init, headers: { authorization: `Bearer ${OPENAI_KEY}`, ...init.headers } });
const json = (body: unknown): RequestInit => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
function form(fields: Record<string, string | Blob>): RequestInit {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return { body: f };
}

async function openaiError(response: Response) {
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: Record<string, unknown> };
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(body.error.type).toBe('invalid_request_error');
  return body.error;
}

describe('the fake OpenAI Images API is as strict as the real one', () => {
  test('generations: JSON only, no unknown field, enums and required fields checked', async () => {
    expect((await openai('generations', json({ model: 'gpt-image-2', prompt: 'a fox', quality: 'low' }))).status).toBe(200);
    expect(await openaiError(await openai('generations', form({ model: 'gpt-image-2', prompt: 'a fox' })))).toMatchObject({ code: 'invalid_content_type' });
    expect(await openaiError(await openai('generations', json({ model: 'gpt-image-2', prompt: 'a fox', style_type: 'REALISTIC' })))).toMatchObject({ code: 'unknown_parameter', param: 'style_type' });
    expect(await openaiError(await openai('generations', json({ model: 'gpt-image-2', prompt: 'a fox', quality: 'ultra' })))).toMatchObject({ code: 'invalid_value', param: 'quality' });
    expect(await openaiError(await openai('generations', json({ model: 'gpt-image-2', prompt: 'a fox', n: 11 })))).toMatchObject({ code: 'integer_out_of_range', param: 'n' });
    expect(await openaiError(await openai('generations', json({ model: 'gpt-image-2' })))).toMatchObject({ code: 'missing_required_parameter', param: 'prompt' });
    // input_fidelity belongs to edits only.
    expect(await openaiError(await openai('generations', json({ model: 'gpt-image-2', prompt: 'a fox', input_fidelity: 'high' })))).toMatchObject({ param: 'input_fidelity' });
  });

  test('edits: multipart only, an image required, no unknown field', async () => {
    expect((await openai('edits', form({ model: 'gpt-image-2', prompt: 'a hat', image: PNG }))).status).toBe(200);
    expect(await openaiError(await openai('edits', json({ model: 'gpt-image-2', prompt: 'a hat' })))).toMatchObject({ code: 'invalid_content_type' });
    expect(await openaiError(await openai('edits', form({ model: 'gpt-image-2', prompt: 'a hat', image: PNG, moderation: 'low' })))).toMatchObject({ code: 'unknown_parameter', param: 'moderation' });
    expect(await openaiError(await openai('edits', form({ model: 'gpt-image-2', prompt: 'a hat' })))).toMatchObject({ code: 'missing_required_parameter', param: 'image' });
    expect(await openaiError(await openai('edits', form({ model: 'gpt-image-2', prompt: 'a hat', image: PNG, output_format: 'gif' })))).toMatchObject({ code: 'invalid_value', param: 'output_format' });
  });
});

describe('the fake Gemini API is as strict as the real one', () => {
  const gemini = (method: string, init: RequestInit, query = '') =>
    fetch(`${fake.baseFor('generativelanguage.googleapis.com')}/v1beta/models/gemini-3-pro-image:${method}${query}`, { method: 'POST', ...init, headers: { 'x-goog-api-key': GOOGLE_KEY, ...init.headers } });
  const request = { contents: [{ role: 'user', parts: [{ text: 'a fox' }] }], generationConfig: { responseModalities: ['IMAGE', 'TEXT'] } };

  async function googleError(response: Response) {
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(typeof body.error.message).toBe('string');
    return body.error;
  }

  test.each(['generateContent', 'streamGenerateContent'])('%s: JSON only, and only the request body’s own top-level fields', async (method) => {
    const query = method === 'streamGenerateContent' ? '?alt=sse' : '';
    const ok = await gemini(method, json(request), query);
    expect(ok.status).toBe(200);
    if (method === 'streamGenerateContent') {
      expect(ok.headers.get('content-type')).toBe('text/event-stream');
      expect(await ok.text()).toMatch(/^data: \{"candidates"/);
    } else {
      expect(((await ok.json()) as { candidates: unknown[] }).candidates).toHaveLength(1);
    }
    expect((await googleError(await gemini(method, form({ contents: JSON.stringify(request.contents) }), query))).message).toMatch(/Invalid JSON payload/);
    expect((await googleError(await gemini(method, json({ ...request, model: 'gemini-3-pro-image' }), query))).message).toBe('Invalid JSON payload received. Unknown name "model": Cannot find field.');
    expect((await googleError(await gemini(method, json({ ...request, imageConfig: { imageSize: '2K' } }), query))).message).toContain('Unknown name "imageConfig"');
  });
});

describe('the fake PhotoRoom segment API refuses what the reference does not list', () => {
  const segment = (init: RequestInit) => fetch(`${fake.baseFor('sdk.photoroom.com')}/v1/segment`, { method: 'POST', ...init, headers: { 'x-api-key': PHOTOROOM_KEY, ...init.headers } });

  test('multipart only, image_file required, no unknown field', async () => {
    expect((await segment(form({ image_file: PNG, format: 'png', size: 'preview' }))).status).toBe(200);
    for (const [init, type] of [
      [json({ image_file: 'x' }), 'invalid_content_type'],
      [form({ image_file: PNG, prompt: 'a hat' }), 'invalid_parameter'],
      [form({ format: 'png' }), 'missing_image'],
    ] as const) {
      const answer = await segment(init);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ status_code: 400, type });
    }
  });
});
