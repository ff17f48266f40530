import { describe, expect, test } from 'vitest';
import { cardState, saveKey } from '../../utils/keys/key-settings';
import { probeUrl, testKey } from '../../utils/keys/key-test';

/** A fetch that records what it was asked and answers like the provider would. */
function fakeFetch(status: number, body: unknown) {
  const calls: { url: string; headers: Record<string, string>; credentials?: string }[] = [];
  const fetcher = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: url instanceof Request ? url.url : String(url), headers: init?.headers as Record<string, string>, credentials: init?.credentials });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { calls, fetcher };
}

describe('Test key', () => {
  test('a custom base URL whose access was removed gets no key: nothing is sent, and the answer says why', async () => {
    const sent: string[] = [];
    const fetcher = (async (url: string) => {
      sent.push(url);
      return new Response('{"data": []}', { status: 200 });
    }) as unknown as typeof fetch;
    expect(await testKey('openai', 'sk-proxy', 'https://proxy.example/v1', fetcher, async () => false)).toEqual({ outcome: 'error', endpointRefused: true });
    expect(await testKey('openai', 'sk-proxy', 'ftp://proxy.example/v1', fetcher, async () => true)).toEqual({ outcome: 'error', endpointRefused: true });
    expect(sent).toEqual([]);
    // Granted: the key goes there, as a job's would.
    expect((await testKey('openai', 'sk-proxy', 'https://proxy.example/v1', fetcher, async (pattern) => pattern === 'https://proxy.example/*')).outcome).not.toBe('error');
    expect(sent).toEqual(['https://proxy.example/v1/models']);
  });

  test('OpenAI: GET /v1/models with the bearer key, no cookies; an image model means valid', async () => {
    const { calls, fetcher } = fakeFetch(200, { data: [{ id: 'gpt-4o' }, { id: 'gpt-image-2' }] });
    expect(await testKey('openai', 'sk-1', undefined, fetcher)).toMatchObject({ outcome: 'valid', status: 200 });
    expect(calls).toEqual([{ url: 'https://api.openai.com/v1/models', headers: { authorization: 'Bearer sk-1' }, credentials: 'omit' }]);
  });

  test('OpenAI: a key that lists no image model is valid without image access; 401 is invalid', async () => {
    expect((await testKey('openai', 'k', undefined, fakeFetch(200, { data: [{ id: 'gpt-4o' }] }).fetcher)).outcome).toBe('no-image-access');
    const bad = fakeFetch(401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    expect((await testKey('openai', 'k', undefined, bad.fetcher)).outcome).toBe('invalid');
  });

  test('OpenAI: a restricted key that may not list models works (saved), told apart from a rejected one', async () => {
    const scopes = { error: { message: 'You have insufficient permissions for this operation. Missing scopes: api.model.read.', type: 'invalid_request_error', param: null, code: null } };
    expect(await testKey('openai', 'k', undefined, fakeFetch(403, scopes).fetcher)).toMatchObject({ outcome: 'cannot-list', status: 403 });
    expect(await testKey('openai', 'k', undefined, fakeFetch(401, scopes).fetcher)).toMatchObject({ outcome: 'cannot-list', status: 401 });
    const wrong = { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };
    expect(await testKey('openai', 'k', undefined, fakeFetch(401, wrong).fetcher)).toMatchObject({ outcome: 'invalid', status: 401 });
    const saved: string[] = [];
    const vault = { save: async (_s: string, key: string) => void saved.push(key), remove: async () => undefined };
    const test403 = () => testKey('openai', 'sk-restricted', undefined, fakeFetch(403, scopes).fetcher);
    expect(await saveKey('openai', 'sk-restricted', { vault, test: test403 })).toMatchObject({ saved: true, outcome: 'cannot-list' });
    expect(saved).toEqual(['sk-restricted']);
    expect(cardState('cted', false, { outcome: 'cannot-list', status: 403, at: 1 })).toEqual({ kind: 'works', ending: 'cted', outcome: 'cannot-list' });
    expect(cardState('rong', false, { outcome: 'invalid', status: 401, at: 1 })).toEqual({ kind: 'rejected', ending: 'rong' });
  });

  test('Google: x-goog-api-key on /v1beta/models; 400 API_KEY_INVALID is invalid', async () => {
    const ok = fakeFetch(200, { models: [{ name: 'models/gemini-3-pro-image' }] });
    expect((await testKey('google', 'AIza', undefined, ok.fetcher)).outcome).toBe('valid');
    expect(ok.calls[0]).toMatchObject({ url: 'https://generativelanguage.googleapis.com/v1beta/models?pageSize=1000', headers: { 'x-goog-api-key': 'AIza' } });
    const textOnly = fakeFetch(200, { models: [{ name: 'models/gemini-3-flash' }] });
    expect((await testKey('google', 'AIza', undefined, textOnly.fetcher)).outcome).toBe('no-image-access');
    const bad = fakeFetch(400, { error: { code: 400, status: 'INVALID_ARGUMENT', details: [{ reason: 'API_KEY_INVALID' }] } });
    expect((await testKey('google', 'AIza', undefined, bad.fetcher)).outcome).toBe('invalid');
  });

  test('Ideogram: Api-Key on the key list; a non-admin 404 still means accepted, 401 invalid', async () => {
    const member = fakeFetch(404, { error: 'No organization with billing access was found for this credential.' });
    expect((await testKey('ideogram', 'ideo', undefined, member.fetcher)).outcome).toBe('accepted');
    expect(member.calls[0]).toMatchObject({ url: 'https://api.ideogram.ai/v2/account/api-keys', headers: { 'Api-Key': 'ideo' } });
    expect((await testKey('ideogram', 'ideo', undefined, fakeFetch(401, {}).fetcher)).outcome).toBe('invalid');
  });

  test('PhotoRoom: x-api-key on /v2/account; can only say accepted', async () => {
    const ok = fakeFetch(200, { credits: { available: 10 } });
    expect((await testKey('photoroom', 'pr', undefined, ok.fetcher)).outcome).toBe('accepted');
    expect(ok.calls[0]).toMatchObject({ url: 'https://image-api.photoroom.com/v2/account', headers: { 'x-api-key': 'pr' } });
    expect((await testKey('photoroom', 'pr', undefined, fakeFetch(403, { detail: 'x' }).fetcher)).outcome).toBe('invalid');
  });

  test('a custom base URL is used as given; server errors and network failures are their own outcomes', async () => {
    expect(probeUrl('openai', 'https://proxy.example/v1/')).toBe('https://proxy.example/v1/models');
    expect(await testKey('openai', 'k', undefined, fakeFetch(503, {}).fetcher)).toEqual({ outcome: 'error', status: 503 });
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect((await testKey('openai', 'k', undefined, offline)).outcome).toBe('network');
  });
});
