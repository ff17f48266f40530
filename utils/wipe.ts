import { browser } from 'wxt/browser';
import { cropStore } from './crop/store';
import { createJobStore } from './jobs/store';
import { createVault } from './vault';

/** What ExtPay keeps (storage.sync, or storage.local where sync is unavailable): its key for this user and their status. */
export const EXTPAY_ITEMS = ['extensionpay_api_key', 'extensionpay_user', 'extensionpay_installed_at'];

/**
 * "Delete all Pictor data": saved keys and the lock, every job and result image, the crop waiting in the popup, settings,
 * the unlocked session, and ExtPay's items in synced storage (the subscription itself stays with
 * ExtensionPay; "I already paid" links it again). The object stores are emptied rather than the databases deleted, because
 * a deletion waits for every open connection (the offscreen runner keeps one) and would hang.
 */
export async function deleteAllData(): Promise<void> {
  await createVault().reset();
  await createJobStore().clear();
  await cropStore.clear();
  await browser.storage.sync.remove(EXTPAY_ITEMS).catch(() => undefined);
  await browser.storage.local.clear();
  await browser.storage.session.clear();
  await (browser.action ?? browser.browserAction).setBadgeText({ text: '' });
}
