import { browser } from 'wxt/browser';
import { cropStore } from './crop/store';
import { createJobStore } from './jobs/store';
import { createVault } from './vault';

/**
 * "Delete all Pictor data": saved keys and the lock, every job and result image, the crop waiting in the popup, settings, and
 * the unlocked session. The object stores are emptied rather than the databases deleted, because
 * a deletion waits for every open connection (the offscreen runner keeps one) and would hang.
 */
export async function deleteAllData(): Promise<void> {
  await createVault().reset();
  await createJobStore().clear();
  await cropStore.clear();
  await browser.storage.local.clear();
  await browser.storage.session.clear();
  await (browser.action ?? browser.browserAction).setBadgeText({ text: '' });
}
