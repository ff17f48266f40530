import { describe, expect, test, vi } from 'vitest';
import { run } from '../../utils/providers/openai/run';
import { ProviderError } from '../../utils/providers/errors';

const RESULT_B64 = btoa('fake-png-bytes');

/** A fetch that answers like OpenAI's Images API and records what the real SDK sent. */
function openaiFetch(status = 200, body: unknown = { created: 1, data: [{ b64_json: RESULT_B64 }], output_format: 'png', usage: { input_tokens: 5, input_tokens_details: { image_tokens: 0, text_tokens: 5 }, output_tokens: 1056 } }) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: url instanceof Request ? url.url : String(url), init: init ?? {} });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

describe('OpenAI provider through the openai SDK', () => {
  test('text-to-image posts JSON to /images/generations with the key and model', async () => {
    const { fetch, calls } = openaiFetch();
    const result = await run({ operation: 'generate', model: 'gpt-image-2', prompt: 'a lighthouse', inputs: [], params: { n: 1 } }, { apiKey: 'sk-test-1', fetch });
    expect(calls[0]?.url).toBe('https://api.openai.com/v1/images/generations');
    expect(new Headers(calls[0]?.init.headers).get('authorization')).toBe('Bearer sk-test-1');
    expect(JSON.parse(calls[0]?.init.body as string)).toMatchObject({ model: 'gpt-image-2', prompt: 'a lighthouse', n: 1 });
    expect(result.images).toHaveLength(1);
    expect(result.images[0]?.type).toBe('image/png');
    expect(result.usage).toEqual({ inputTokens: 5, inputTextTokens: 5, inputImageTokens: 0, outputTokens: 1056 });
  });

  test('an error status becomes a ProviderError of the right kind, sent once (no SDK retries)', async () => {
    const { fetch, calls } = openaiFetch(429, { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } });
    const err = await run({ operation: 'generate', model: 'gpt-image-2', prompt: 'x', inputs: [], params: {} }, { apiKey: 'sk', fetch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).info.kind).toBe('quota');
    expect(calls).toHaveLength(1);
  });

  test('a 200 without images is "malformed"', async () => {
    const { fetch } = openaiFetch(200, { created: 1, data: [] });
    const err = await run({ operation: 'generate', model: 'gpt-image-2', prompt: 'x', inputs: [], params: {} }, { apiKey: 'sk', fetch }).catch((e: unknown) => e);
    expect((err as ProviderError).info.kind).toBe('malformed');
  });

  test('no parameter replaces the model or the prompt that were checked and priced', async () => {
    const { fetch, calls } = openaiFetch();
    const params = { model: 'gpt-image-1', prompt: 'something else', quality: 'low' };
    await run({ operation: 'generate', model: 'gpt-image-2', prompt: 'a lighthouse', inputs: [], params }, { apiKey: 'sk', fetch });
    expect(JSON.parse(calls[0]?.init.body as string)).toMatchObject({ model: 'gpt-image-2', prompt: 'a lighthouse', quality: 'low' });
    const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], { type: 'image/png' });
    await run({ operation: 'edit', model: 'gpt-image-2', prompt: 'a hat', inputs: [png], params }, { apiKey: 'sk', fetch });
    // The SDK probes `data:,` once before its first multipart body: the edit is the last call.
    const sent = calls.at(-1)!;
    const form = await new Request(sent.url, { method: 'POST', body: sent.init.body as BodyInit, headers: sent.init.headers, duplex: 'half' } as RequestInit).formData();
    expect(form.getAll('model')).toEqual(['gpt-image-2']);
    expect(form.getAll('prompt')).toEqual(['a hat']);
  });

  test('a custom base URL is honoured', async () => {
    const { fetch, calls } = openaiFetch();
    await run({ operation: 'generate', model: 'gpt-image-2', prompt: 'x', inputs: [], params: {} }, { apiKey: 'sk', fetch, baseURL: 'https://proxy.example/v1' });
    expect(calls[0]?.url).toBe('https://proxy.example/v1/images/generations');
  });
});
