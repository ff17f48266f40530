import ExtPay from 'extpay';
import { browser } from 'wxt/browser';
import { t, type MessageKey } from '../i18n';
import type { Job } from '../jobs/types';
import { onMessage } from '../messaging';
import { guarded } from '../message-rules';
import { billingRecord } from '../storage';
import { jobEntitlement } from '../billing';
import { EXTPAY_ID, type BillingPage } from './config';
import { decide, plansFrom } from './rules';
import { createBilling, failureKind } from './service';
import { createWatcher } from './watch';

/** Gives up on ExtensionPay after this long: a request that hangs is an unreachable site. */
const TIMEOUT_MS = 15_000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new TypeError('ExtensionPay did not answer')), TIMEOUT_MS))]);
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
  const billing = createBilling({ getUser: () => withTimeout(extpay.getUser()), record: billingRecord });
  const watcher = createWatcher({ check: () => billing.check() });

  extpay.onPaid.addListener((user) => void billing.accept(user));
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
  browser.runtime.onStartup.addListener(() => void billing.check());
  browser.runtime.onInstalled.addListener(() => void billing.check());
  return { entitled: jobEntitlement(billing) };
}

async function openPage(extpay: ReturnType<typeof ExtPay>, page: BillingPage): Promise<void> {
  try {
    // ExtensionPay writes "start your <7-day> free trial" on its page.
    if (page === 'trial') await extpay.openTrialPage(t('billingTrialPeriod'));
    else if (page === 'payment') await extpay.openPaymentPage();
    else await extpay.openLoginPage();
  } catch (err) {
    throw new Error(failureKind(err));
  }
}
