/**
 * Pictor's extension id on ExtensionPay, as this build was made (`EXTPAY_ID=<id> npm run build`;
 * wxt.config.ts puts it here). '' in a build made without it: billing is off, no ExtensionPay code
 * is bundled (wxt.config.ts swaps billing/background.ts for billing/off.ts) and every feature works.
 */
export const EXTPAY_ID: string = import.meta.env.EXTPAY_ID ?? '';

/** Whether this build has a subscription at all. */
export const BILLING_ON: boolean = EXTPAY_ID !== '';
