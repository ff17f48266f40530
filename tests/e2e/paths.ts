import { mkdtempSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const TMP = join(ROOT, 'tests/.tmp');
export const CHROME_BUILD = join(ROOT, '.output/chrome-mv3');
export const FIREFOX_BUILD = join(ROOT, '.output/firefox-mv2');
/** The same extension built with an ExtensionPay id (E2E_EXTPAY_ID), billing on: `npm run build:billing`. */
export const CHROME_BILLING_BUILD = join(ROOT, '.output-billing/chrome-mv3');
export const FIREFOX_BILLING_BUILD = join(ROOT, '.output-billing/firefox-mv2');
export const ARTIFACTS = join(TMP, 'artifacts');

export function tempDir(prefix: string): string {
  mkdirSync(TMP, { recursive: true });
  return mkdtempSync(join(TMP, `${prefix}-`));
}
