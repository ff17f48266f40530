import { encodePng } from '../fake-providers/png';
import { describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { clearEndpoints, getEndpoint, getEndpoints, setEndpoints } from '../../utils/keys/endpoint-store';
import { createJobStore } from '../../utils/jobs/store';
import { createRunner, type RunnerDeps } from '../../utils/jobs/runner';
import { describeError } from '../../utils/providers/errors';
import type { ProviderContext, RunFn } from '../../utils/providers/types';

const png = new Blob([new Uint8Array(encodePng(1, 1, () => [0, 0, 0, 255]))], { type: 'image/png' });
const input = { provider: 'openai' as const, operation: 'generate' as const, model: 'gpt-image-2', prompt: 'a cat', params: {} };

/** A runner wired as host.ts wires it, with a provider call that records where the key would go. */
function setup(granted: (pattern: string) => boolean, extra: Partial<RunnerDeps> = {}) {
  const store = createJobStore();
  const sent: (string | undefined)[] = [];
  const run = vi.fn<RunFn>(async (_request, context: ProviderContext) => {
    sent.push(context.baseURL);
    return { images: [png] };
  });
  const readKey = vi.fn(async () => 'sk-test-key');
  const originGranted = vi.fn(async (pattern: string) => granted(pattern));
  const runner = createRunner({ store, runners: { openai: run }, readKey, notify: () => undefined, endpoint: (s) => getEndpoint(s), originGranted, thumbnail: async () => undefined, ...extra });
  return { store, runner, run, readKey, originGranted, sent };
}

describe('custom base URLs, out of content scripts\' reach', () => {
  test('the old storage.local item is moved once, then removed, and never read again', async () => {
    await fakeBrowser.storage.local.set({ serviceEndpoints: { openai: 'https://proxy.example/v1', nobody: 'https://x.example' }, serviceEndpoints$: { v: 1 } });
    expect(await getEndpoints()).toEqual({ openai: 'https://proxy.example/v1' });
    expect(await fakeBrowser.storage.local.get(['serviceEndpoints', 'serviceEndpoints$'])).toEqual({});
    // What any content script can do: write storage.local. It changes nothing any more.
    await fakeBrowser.storage.local.set({ serviceEndpoints: { openai: 'https://evil.example/v1', google: 'https://evil.example/g' } });
    expect(await getEndpoints()).toEqual({ openai: 'https://proxy.example/v1' });
  });

  test('a value saved in Settings before the migration ran is not overwritten by the old item', async () => {
    await setEndpoints({ google: 'https://g.example/v1beta' });
    await fakeBrowser.storage.local.set({ serviceEndpoints: { openai: 'https://old.example/v1' } });
    expect(await getEndpoints()).toEqual({ google: 'https://g.example/v1beta' });
  });

  test('Settings cannot save a base URL with credentials or a query; deleting all data forgets them', async () => {
    await expect(setEndpoints({ openai: 'https://u:p@proxy.example/v1' })).rejects.toThrow();
    await expect(setEndpoints({ openai: 'https://proxy.example/v1?k=1' })).rejects.toThrow();
    await setEndpoints({ openai: 'https://proxy.example/v1' });
    await clearEndpoints();
    expect(await getEndpoints()).toEqual({});
    await fakeBrowser.storage.local.set({ serviceEndpoints: { openai: 'https://evil.example/v1' } });
    expect(await getEndpoints()).toEqual({});
  });

  test('a content script writing local:serviceEndpoints does not decide where a key goes', async () => {
    const { store, runner, sent } = setup(() => true);
    await getEndpoints(); // the background moved the (empty) old item when this version started
    await fakeBrowser.storage.local.set({ serviceEndpoints: { openai: 'https://evil.example/v1' } });
    const job = await store.create(input);
    expect((await runner.run(job.id))?.state).toBe('succeeded');
    expect(sent).toEqual([undefined]);
  });

  test('the base URL is read at run time, not taken from the job record', async () => {
    const { store, runner, sent } = setup(() => true);
    await setEndpoints({ openai: 'https://proxy.example/v1' });
    const job = await store.create({ ...input, baseURL: 'https://evil.example/v1' });
    const done = await runner.run(job.id);
    expect(sent).toEqual(['https://proxy.example/v1']);
    // The record says where the key actually went.
    expect(done?.baseURL).toBe('https://proxy.example/v1');
  });

  test('a base URL whose origin is no longer granted stops the job: no key read, no request', async () => {
    const { store, runner, run, readKey, originGranted } = setup((pattern) => pattern !== 'https://proxy.example/*');
    await setEndpoints({ openai: 'https://proxy.example/v1' });
    const job = await store.create(input);
    const done = await runner.run(job.id);
    expect(originGranted).toHaveBeenCalledWith('https://proxy.example/*');
    expect(done).toMatchObject({ state: 'failed', error: { kind: 'endpoint' } });
    expect(describeError(done!.error!, 'OpenAI').key).toBe('errorEndpoint');
    expect(run).not.toHaveBeenCalled();
    expect(readKey).not.toHaveBeenCalled();
  });

  test('a malformed base URL left by an older version is refused, not silently replaced', async () => {
    await fakeBrowser.storage.local.set({ serviceEndpoints: { openai: 'https://user:pass@proxy.example/v1' } });
    const { store, runner, run } = setup(() => true);
    const job = await store.create(input);
    const done = await runner.run(job.id);
    expect(done).toMatchObject({ state: 'failed', error: { kind: 'endpoint' } });
    // The password in that URL is not copied into the job record.
    expect(JSON.stringify(done)).not.toContain('pass');
    expect(run).not.toHaveBeenCalled();
  });

  test('without a way to ask the browser, a custom base URL gets no key; the provider\'s own host still works', async () => {
    const { store, runner, run } = setup(() => true, { originGranted: undefined });
    await setEndpoints({ openai: 'https://proxy.example/v1' });
    expect(await runner.run((await store.create(input)).id)).toMatchObject({ state: 'failed', error: { kind: 'endpoint' } });
    await setEndpoints({});
    expect(await runner.run((await store.create(input)).id)).toMatchObject({ state: 'succeeded' });
    expect(run).toHaveBeenCalledTimes(1);
  });
});
