/** The host ExtPay talks to; its content script runs there (entrypoints/extpay.content.ts). */
export const EXTPAY_ORIGIN = 'https://extensionpay.com';

/** The ExtensionPay pages Pictor opens. */
export type BillingPage = 'payment' | 'login';
export const BILLING_PAGES: readonly BillingPage[] = ['payment', 'login'];

/**
 * How recent a good answer must be for the gateway to start a job without asking ExtensionPay
 * again. Refusals are always asked afresh (utils/billing/service.ts).
 */
export const GATEWAY_MAX_AGE_MS = 60_000;

/** After a payment or login page opens: ask every 5 s for 10 minutes (onPaid can be late on Firefox). */
export const WATCH_INTERVAL_MS = 5_000;
export const WATCH_DURATION_MS = 10 * 60_000;
