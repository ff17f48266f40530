/**
 * The ExtensionPay id a build is made with, read from the environment by wxt.config.ts (this file runs
 * in Node at build time, never in the extension). ExtensionPay's id is per extension: the payment
 * page, the emails and the say over who is paid all belong to whoever registered it
 * (extensionpay.com/extension/<id>, per extpay's README). So no id is written into the code: a
 * build without one has billing off, and a store package cannot be made without one.
 */

/** Ids as ExtensionPay shows them in its dashboard ("sample-extension"); they end up in URL paths. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export const ZIP_NEEDS_ID =
  'A store package needs the ExtensionPay id Pictor is registered under, or its users could never subscribe: run `EXTPAY_ID=<id> npm run zip` (npm run build makes an unpacked build without billing).';

/** The id from `env.EXTPAY_ID`, or '' when it is unset or empty (billing off). */
export function extPayIdFrom(env: Record<string, string | undefined>): string {
  const id = (env.EXTPAY_ID ?? '').trim();
  if (id === '') return '';
  if (!ID_PATTERN.test(id)) throw new Error(`EXTPAY_ID "${id}" is not an ExtensionPay id: use the letters, digits and dashes of the id ExtensionPay shows for Pictor.`);
  return id;
}

/** Refuses to make a store package without an id (`npm run zip`, or `wxt zip` run directly). */
export function assertZipHasId(id: string): void {
  if (id === '') throw new Error(ZIP_NEEDS_ID);
}
