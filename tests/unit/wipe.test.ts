import { describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createJobStore } from '../../utils/jobs/store';
import { sendMessage } from '../../utils/platform/messaging';
import { providerHosts } from '../../utils/providers/registry';
import { autoDownload, billingRecord, downloadSettings } from '../../utils/platform/storage';
import { createVault } from '../../utils/keys/vault';
import { deleteAllData, EXTPAY_ITEMS, WipeIncomplete } from '../../utils/options/wipe';

vi.mock('../../utils/platform/messaging', async (original) => ({ ...(await original<typeof import('../../utils/platform/messaging')>()), sendMessage: vi.fn() }));

const input = { provider: 'openai' as const, operation: 'generate' as const, model: 'gpt-image-2', prompt: 'a cat', params: {} };

/** The fake browser has no permissions API: a small in-memory one, granting the manifest's hosts and what was asked for. */
function fakePermissions(granted: string[]) {
  // The manifest also declares hosts that are not providers' (ExtensionPay's): required too.
  const declared = [...providerHosts(), 'https://extensionpay.com/*'];
  Object.assign(fakeBrowser.runtime, { getManifest: () => ({ manifest_version: 3, host_permissions: declared }) });
  let origins = [...declared, ...granted];
  const remove = vi.fn(async ({ origins: gone = [] }: { origins?: string[] }) => {
    if (gone.some((o) => declared.includes(o))) throw new Error('You cannot remove required permissions.');
    origins = origins.filter((o) => !gone.includes(o));
    return true;
  });
  Object.assign(fakeBrowser.permissions, { getAll: async () => ({ origins: [...origins], permissions: [] }), remove });
  Object.assign(fakeBrowser, { browserAction: { setBadgeText: vi.fn(async () => undefined) } });
  Object.assign(fakeBrowser.action, { setBadgeText: vi.fn(async () => undefined) });
  return { remove, origins: () => origins };
}

describe('delete all data', () => {
  test('cancels every queued and running job through the gateway before the store is emptied', async () => {
    fakePermissions([]);
    const store = createJobStore();
    const queued = await store.create(input);
    const running = await store.create(input);
    await store.patch(running.id, () => ({ state: 'running' }));
    const done = await store.create(input);
    await store.patch(done.id, () => ({ state: 'succeeded' }));
    const seenWhenCanceled: (string | undefined)[] = [];
    vi.mocked(sendMessage).mockImplementation(async (_type, id) => {
      seenWhenCanceled.push((await store.get(id as string))?.state);
      return undefined;
    });
    await deleteAllData(store);
    expect(vi.mocked(sendMessage).mock.calls.map(([type, id]) => [type, id])).toEqual(
      expect.arrayContaining([
        ['cancelJob', queued.id],
        ['cancelJob', running.id],
      ]),
    );
    expect(sendMessage).toHaveBeenCalledTimes(2);
    expect(seenWhenCanceled.sort()).toEqual(['queued', 'running']);
    expect(await store.inStates(['queued', 'running', 'succeeded'])).toEqual([]);
  });

  test('a background that cannot be reached does not stop the wipe', async () => {
    fakePermissions([]);
    const store = createJobStore();
    await store.create(input);
    vi.mocked(sendMessage).mockRejectedValue(new Error('Could not establish connection.'));
    await createVault({ iterations: 1_000 }).save('openai', 'sk-wiped');
    await autoDownload.setValue(true);
    await deleteAllData(store);
    expect(await store.inStates(['queued'])).toEqual([]);
    expect(await createVault().has('openai')).toBe(false);
    expect(await autoDownload.getValue()).toBe(false);
  });

  test('gives back every origin granted at run time, never the hosts the manifest declares (providers, ExtensionPay)', async () => {
    const permissions = fakePermissions(['https://proxy.example/*', 'https://images.example/*']);
    await deleteAllData(createJobStore());
    expect(permissions.remove).toHaveBeenCalledWith({ origins: ['https://proxy.example/*', 'https://images.example/*'] });
    expect(permissions.origins()).toEqual([...providerHosts(), 'https://extensionpay.com/*']);
  });

  test('a site permission the browser will not give back leaves no key behind, and the wipe says it was incomplete', async () => {
    const permissions = fakePermissions(['https://proxy.example/*']);
    permissions.remove.mockRejectedValue(new Error('You cannot remove required permissions.'));
    await createVault({ iterations: 1_000 }).save('openai', 'sk-wiped');
    await autoDownload.setValue(true);
    await expect(deleteAllData(createJobStore())).rejects.toThrow(WipeIncomplete);
    expect(await createVault().has('openai')).toBe(false);
    expect(await autoDownload.getValue()).toBe(false);
  });

  test('nothing granted: nothing removed', async () => {
    const permissions = fakePermissions([]);
    await deleteAllData(createJobStore());
    expect(permissions.remove).not.toHaveBeenCalled();
  });
});

test("Delete all Pictor data leaves ExtPay's items alone (synced ones reach every browser of the user), and forgets the remembered status", async () => {
  fakePermissions([]);
  const extpay = { extensionpay_api_key: 'k', extensionpay_user: { email: 'a@b.c' }, extensionpay_installed_at: '2026-01-01' };
  await fakeBrowser.storage.sync.set({ ...extpay, other: 1 });
  // Where storage.sync is unavailable ExtPay keeps them in storage.local: those stay too.
  await fakeBrowser.storage.local.set(extpay);
  await billingRecord.setValue({ user: null, checkedAt: 1 });
  await downloadSettings.setValue({ folder: 'X', template: 'y' });
  await deleteAllData();
  expect(await fakeBrowser.storage.sync.get(EXTPAY_ITEMS)).toEqual(extpay);
  expect(await billingRecord.getValue()).toBeNull();
  expect(await fakeBrowser.storage.local.get(null)).toEqual(extpay);
});
