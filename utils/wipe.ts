import { browser } from 'wxt/browser';
import { cropStore } from './crop/store';
import { clearEndpoints } from './endpoint-store';
import { sendMessage } from './messaging';
import { providerHosts } from './providers/registry';
import { createJobStore, type JobStore } from './jobs/store';
import { createVault } from './vault';

/**
 * "Delete all Pictor data": running and queued jobs are stopped first (a job left running would
 * read a key and pay for an image nobody can see), the sites and custom base URLs the user granted
 * are given back, then saved keys and the lock, every job and result image, the crop waiting in
 * the popup, settings, and the unlocked session go. The object stores are emptied rather than the
 * databases deleted, because a deletion waits for every open connection (the offscreen runner
 * keeps one) and would hang.
 */
export async function deleteAllData(store: JobStore = createJobStore()): Promise<void> {
  await cancelAllJobs(store);
  await revokeOptionalOrigins();
  await createVault().reset();
  await store.clear();
  await cropStore.clear();
  await clearEndpoints();
  await browser.storage.local.clear();
  await browser.storage.session.clear();
  await (browser.action ?? browser.browserAction).setBadgeText({ text: '' });
}

/** Through the gateway, which knows where each job runs; one that cannot be reached must not stop the wipe. */
async function cancelAllJobs(store: JobStore): Promise<void> {
  const active = await store.inStates(['queued', 'running']);
  await Promise.all(active.map((job) => sendMessage('cancelJob', job.id).catch(() => undefined)));
}

/**
 * Every origin granted at run time (a custom base URL, a site asked for a full-resolution image).
 * The manifest's provider hosts are required: browsers refuse to remove them, and Pictor needs them.
 */
async function revokeOptionalOrigins(): Promise<void> {
  const required = new Set(providerHosts());
  const { origins = [] } = await browser.permissions.getAll();
  const optional = origins.filter((o) => !required.has(o));
  if (optional.length > 0) await browser.permissions.remove({ origins: optional });
}
