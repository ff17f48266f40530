import 'extpay';
import { defineContentScript } from 'wxt/utils/define-content-script';

/**
 * ExtPay's content script, the only copy in the manifest (a second one breaks onPaid, ExtPay#216):
 * importing extpay listens for extensionpay.com's "paid" and "trial started" messages and tells the
 * background, whose onPaid and onTrialStarted listeners then run. It must run at document_start.
 */
export default defineContentScript({
  matches: ['https://extensionpay.com/*'],
  runAt: 'document_start',
  main() {},
});
