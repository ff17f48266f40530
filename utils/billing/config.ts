/**
 * Pictor's extension id on ExtensionPay (extensionpay.com/extension/<id>), the one place it is set.
 * The real id is not known yet: `pictor` stands in until the extension is registered there.
 */
export const EXTPAY_ID = 'pictor';

/** The host ExtPay talks to; its content script runs there (entrypoints/extpay.content.ts). */
export const EXTPAY_ORIGIN = 'https://extensionpay.com';

/** The ExtensionPay pages Pictor opens. */
export type BillingPage = 'trial' | 'payment' | 'login';
export const BILLING_PAGES: readonly BillingPage[] = ['trial', 'payment', 'login'];

/**
 * How recent a good answer must be for the gateway to start a job without asking ExtensionPay
 * again. Refusals are always asked afresh (utils/billing/service.ts).
 */
export const GATEWAY_MAX_AGE_MS = 60_000;

/** After a payment, trial or login page opens: ask every 5 s for 10 minutes (onPaid can be late on Firefox). */
export const WATCH_INTERVAL_MS = 5_000;
export const WATCH_DURATION_MS = 10 * 60_000;
