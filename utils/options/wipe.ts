import { clearReferences } from '../crop/references';
import { browser } from 'wxt/browser';
import { cropStore } from '../crop/store';
import { clearEndpoints } from '../keys/endpoint-store';
import { sendMessage } from '../platform/messaging';
import { providerHosts } from '../providers/registry';
import { createJobStore, type JobStore } from '../jobs/store';
import { createVault } from '../keys/vault';
import { toolbarAction } from '../platform/action';

/**
 * What ExtPay keeps (storage.sync, or storage.local where sync is unavailable, per the extpay 3.1.2
 * source): its key for this user, their status and the install date. Left alone by a wipe: removing
 * a synced item removes it on every browser the user syncs, where ExtPay would then have no key and
 * the subscription no link (and the install date would start a new free period).
 */
export const EXTPAY_ITEMS = ['extensionpay_api_key', 'extensionpay_user', 'extensionpay_installed_at'];

/**
 * "Delete all Pictor data": running and queued jobs are stopped first (a job left running would
 * read a key and pay for an image nobody can see), the sites and custom base URLs the user granted
 * are given back, then saved keys and the lock, every job and result image, the crop waiting in
 * the popup, settings and the unlocked session. ExtPay's items stay (see EXTPAY_ITEMS): the
 * subscription and this browser's link to it are untouched, here and on every synced browser. The object stores
 * are emptied rather than the databases deleted, because a deletion waits for every open
 * connection (the offscreen runner keeps one) and would hang.
 */
export async function deleteAllData(store: JobStore = createJobStore()): Promise<void> {
  // Keys first, and every step tried whatever an earlier one threw: a site permission the browser
  // would not give back must not leave the keys in place.
  const steps: (() => Promise<unknown>)[] = [
    () => cancelAllJobs(store),
    () => createVault().reset(),
    () => store.clear(),
    () => cropStore.clear(),
    () => clearReferences(),
    () => clearEndpoints(),
    async () => browser.storage.local.remove(Object.keys(await browser.storage.local.get(null)).filter((key) => !EXTPAY_ITEMS.includes(key))),
    () => browser.storage.session.clear(),
    () => revokeOptionalOrigins(),
    () => toolbarAction().setBadgeText({ text: '' }),
  ];
  const failed: unknown[] = [];
  for (const step of steps) await step().catch((error: unknown) => failed.push(error));
  if (failed.length > 0) throw new WipeIncomplete(failed);
}

/** Some of the data could not be deleted; what could was. */
export class WipeIncomplete extends Error {
  constructor(readonly causes: unknown[]) {
    super(causes.map((c) => (c instanceof Error ? c.message : JSON.stringify(c))).join('; '));
    this.name = 'WipeIncomplete';
  }
}

/** Through the gateway, which knows where each job runs; one that cannot be reached must not stop the wipe. */
async function cancelAllJobs(store: JobStore): Promise<void> {
  const active = await store.inStates(['queued', 'running']);
  await Promise.all(active.map((job) => sendMessage('cancelJob', job.id).catch(() => undefined)));
}

/**
 * Every origin granted at run time (a custom base URL, a site asked for a full-resolution image).
 * The manifest's hosts (providers, ExtensionPay) are required: browsers refuse to remove them.
 */
async function revokeOptionalOrigins(): Promise<void> {
  const manifest = browser.runtime.getManifest() as { host_permissions?: string[]; permissions?: string[] };
  const declared = [...(manifest.host_permissions ?? []), ...(manifest.permissions ?? []).filter((p) => p.includes('://'))];
  const required = new Set([...providerHosts(), ...declared]);
  const { origins = [] } = await browser.permissions.getAll();
  const optional = origins.filter((o) => !required.has(o));
  if (optional.length > 0) await browser.permissions.remove({ origins: optional });
}
