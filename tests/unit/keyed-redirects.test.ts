// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { createJobStore } from '../../utils/jobs/store';
import { createRunner } from '../../utils/jobs/runner';
import { testKey } from '../../utils/keys/key-test';
import { carriesKey, RedirectRefused, refuseKeyedRedirects } from '../../utils/providers/keyed-fetch';
import { RUNNERS } from '../../utils/providers/runners';
import { encodePng } from '../fake-providers/png';

const KEY = 'sk-redirect-test-0123456789';
const png = new Blob([new Uint8Array(encodePng(2, 2, () => [0, 0, 0, 255]))], { type: 'image/png' });

interface Sent {
  url: string;
  redirect?: RequestRedirect;
  keyed: boolean;
}

/** Answers every request with a 302 to another host, and records what was sent where. */
function redirecting() {
  const sent: Sent[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    sent.push({ url, redirect: init?.redirect, keyed: carriesKey(input, init, KEY) });
    return new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/steal' } });
  };
  return { fetch, sent };
}

describe('requests that carry a key never follow a redirect', () => {
  test.each([
    ['openai', 'generate', 'gpt-image-2', undefined],
    ['google', 'edit', 'gemini-3-pro-image', png],
    ['photoroom', 'remove-background', 'segment', png],
  ] as const)('%s: the job fails once with "redirect", and nothing goes to the new address', async (provider, operation, model, blob) => {
    const store = createJobStore();
    const { fetch, sent } = redirecting();
    const runner = createRunner({ store, runners: RUNNERS, readKey: async () => KEY, notify: () => undefined, fetch });
    const job = await store.create({ provider: provider, operation, model, prompt: operation === 'remove-background' ? '' : 'a hat', params: {}, ...(blob ? { source: { blob, width: 2, height: 2 } } : {}) });
    const done = await runner.run(job.id);
    expect(done?.state).toBe('failed');
    expect(done?.error).toMatchObject({ kind: 'redirect', status: 302 });
    const keyed = sent.filter((s) => s.keyed);
    expect(keyed).toHaveLength(1);
    expect(keyed[0]?.redirect).toBe('manual');
    expect(sent.some((s) => s.url.includes('elsewhere.example'))).toBe(false);
  });

  test('a request without the key (a result image on a CDN) follows redirects as usual', async () => {
    const seen: (RequestRedirect | undefined)[] = [];
    const base: typeof fetch = async (_input, init) => {
      seen.push(init?.redirect);
      return new Response('ok');
    };
    const guarded = refuseKeyedRedirects(base, KEY);
    await guarded('https://cdn.example/image.png');
    await guarded('https://api.example/v1', { headers: { 'x-goog-api-key': KEY } });
    await guarded(`https://api.example/v1?key=${KEY}`);
    expect(seen).toEqual([undefined, 'manual', 'manual']);
  });

  test('a browser’s opaque redirect is refused as well', async () => {
    const opaque = { type: 'opaqueredirect', status: 0, headers: new Headers(), body: null } as unknown as Response;
    const guarded = refuseKeyedRedirects(async () => opaque, KEY);
    await expect(guarded('https://api.example/v1', { headers: { authorization: `Bearer ${KEY}` } })).rejects.toBeInstanceOf(RedirectRefused);
  });

  test('Test key sends no redirect-following request, and says it could not check', async () => {
    const { fetch, sent } = redirecting();
    const result = await testKey('openai', KEY, undefined, fetch);
    expect(result).toMatchObject({ outcome: 'error', status: 302, redirected: true });
    expect(sent).toEqual([{ url: 'https://api.openai.com/v1/models', redirect: 'manual', keyed: true }]);
  });
});
