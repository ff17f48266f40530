import { onLifeEvent } from '../platform/lifecycle';
import ExtPay from 'extpay';
import { browser } from 'wxt/browser';
import type { MessageKey } from '../platform/i18n';
import type { Job } from '../jobs/types';
import { onMessage } from '../platform/messaging';
import { guarded } from '../platform/message-rules';
import { billingRecord } from '../platform/storage';
import { jobEntitlement } from './access';
import type { BillingPage } from './config';
import { EXTPAY_ID } from './id';
import { decide, plansFrom } from './rules';
import { createBilling, failureKind } from './service';
import { createWatcher } from './watch';

/** Gives up on ExtensionPay after this long: a request that hangs is an unreachable site. */
const TIMEOUT_MS = 15_000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new TypeError('ExtensionPay did not answer')), TIMEOUT_MS))]);
}

/**
 * One of ExtPay's own items, read as ExtPay reads them: storage.sync, else storage.local (extpay
 * 3.1.2 `get`). Pictor only reads them; it never writes or removes them (see utils/options/wipe.ts).
 */
async function extpayItem(key: 'extensionpay_api_key' | 'extensionpay_installed_at'): Promise<unknown> {
  const items = await browser.storage.sync.get(key).catch(() => browser.storage.local.get(key));
  return items[key];
}

async function installedAt(): Promise<number> {
  const ms = new Date(String(await extpayItem('extensionpay_installed_at'))).getTime();
  // ExtPay stores the date when it first starts; until that write lands, as ExtPay itself does, now.
  return Number.isNaN(ms) ? Date.now() : ms;
}

/**
 * ExtensionPay in the background, wired once (entrypoints/background.ts): `startBackground()`, the
 * onPaid and onTrialStarted listeners (fed by the extpay content script on extensionpay.com), the
 * pages' requests, a check when the browser starts, and the gateway's question. Every answer is
 * stored (storage.ts billingRecord), which every open page watches, so a change shows at once.
 */
export function serveBilling(): { entitled: (job: Job) => Promise<true | MessageKey> } {
  const extpay = ExtPay(EXTPAY_ID);
  extpay.startBackground();
  const billing = createBilling({
    getUser: () => withTimeout(extpay.getUser()),
    hasKey: async () => Boolean(await extpayItem('extensionpay_api_key')),
    installedAt,
    record: billingRecord,
  });
  const watcher = createWatcher({ check: () => billing.check() });

  extpay.onPaid.addListener((user) => void billing.accept(user));
  // Pictor no longer opens the emailed trial's page, but a link from an earlier email still works.
  extpay.onTrialStarted.addListener((user) => void billing.accept(user));

  onMessage('billingCheck', guarded('billingCheck', () => billing.check()));
  onMessage(
    'billingPlans',
    guarded('billingPlans', async () => plansFrom(await withTimeout(extpay.getPlans()).catch((err: unknown) => Promise.reject(new Error(failureKind(err)))))),
  );
  onMessage(
    'billingOpen',
    guarded('billingOpen', async (page) => {
      await openPage(extpay, page);
      watcher.watch(decide(await billingRecord.getValue(), Date.now()).access.status);
    }),
  );

  // The browser started, or the extension was installed or updated: whatever changed meanwhile shows.
  // Not on every start of Chrome's worker, which wakes for each event.
  onLifeEvent(() => void billing.check());
  return { entitled: jobEntitlement(billing) };
}

async function openPage(extpay: ReturnType<typeof ExtPay>, page: BillingPage): Promise<void> {
  try {
    // The free period needs no page: ExtensionPay's emailed trial (openTrialPage) is not offered.
    if (page === 'payment') await extpay.openPaymentPage();
    else await extpay.openLoginPage();
  } catch (err) {
    throw new Error(failureKind(err));
  }
}
