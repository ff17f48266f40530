import { expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setEndpoints } from '../../utils/keys/endpoint-store';
import { createJobRunner } from '../../utils/jobs/host';
import { createJobStore } from '../../utils/jobs/store';
import { sendMessage } from '../../utils/platform/messaging';
import { createVault } from '../../utils/keys/vault';

// The runner as Chrome's offscreen document has it: no permissions API, so it asks the background.
vi.mock('../../utils/platform/messaging', () => ({ broadcast: async () => undefined, onMessage: () => undefined, sendMessage: vi.fn() }));

const input = { provider: 'openai' as const, model: 'gpt-image-2', prompt: 'a cat', operation: 'generate' as const, params: {} };

async function setup() {
  vi.mocked(sendMessage).mockReset();
  const vault = createVault({ iterations: 1_000 });
  await vault.save('openai', 'sk-test-endpoint-0123456789');
  const read = vi.spyOn(vault, 'read');
  const fetch = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('no network in unit tests'));
  const store = createJobStore();
  return { store, runner: createJobRunner(store, () => undefined, async () => ({ saved: 0 }), vault), read, fetch };
}

test('a job whose base URL the browser no longer grants fails with "endpoint"; no key is read, no request made', async () => {
  const { store, runner, read, fetch } = await setup();
  await setEndpoints({ openai: 'https://proxy.example/v1' });
  vi.mocked(sendMessage).mockResolvedValue(false);
  const done = await runner.run((await store.create(input)).id);
  expect(sendMessage).toHaveBeenCalledWith('originGranted', 'https://proxy.example/*');
  expect(done).toMatchObject({ state: 'failed', error: { kind: 'endpoint' } });
  expect(read).not.toHaveBeenCalled();
  expect(fetch).not.toHaveBeenCalled();
});

test('a base URL planted in storage.local by a content script is not where the key goes', async () => {
  const { store, runner, fetch } = await setup();
  await setEndpoints({});
  await fakeBrowser.storage.local.set({ serviceEndpoints: { openai: 'https://evil.example/v1' } });
  vi.mocked(sendMessage).mockResolvedValue(true);
  await runner.run((await store.create({ ...input, baseURL: 'https://evil.example/v1' })).id);
  const hosts = fetch.mock.calls.map(([url]) => new URL(url instanceof Request ? url.url : String(url)).host);
  expect(hosts.length).toBeGreaterThan(0);
  expect(hosts.every((h) => h === 'api.openai.com')).toBe(true);
  // No custom base URL: nothing to ask the browser about.
  expect(sendMessage).not.toHaveBeenCalledWith('originGranted', expect.anything());
});
