import { expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { billingRecord, downloadSettings } from '../../utils/storage';
import { deleteAllData, EXTPAY_ITEMS } from '../../utils/wipe';

test("Delete all Pictor data also removes ExtPay's items from synced storage and the remembered status", async () => {
  await fakeBrowser.storage.sync.set({ extensionpay_api_key: 'k', extensionpay_user: { email: 'a@b.c' }, extensionpay_installed_at: '2026-01-01', other: 1 });
  await billingRecord.setValue({ user: null, checkedAt: 1 });
  await downloadSettings.setValue({ folder: 'X', template: 'y' });
  await deleteAllData();
  expect(await fakeBrowser.storage.sync.get(EXTPAY_ITEMS)).toEqual({});
  expect(await billingRecord.getValue()).toBeNull();
  expect(await fakeBrowser.storage.local.get(null)).toEqual({});
});
