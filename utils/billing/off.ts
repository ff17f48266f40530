import type { MessageKey } from '../platform/i18n';
import type { Job } from '../jobs/types';

/**
 * The background's billing in a build without an ExtensionPay id (wxt.config.ts resolves
 * billing/background.ts to this file then): nothing is registered, nothing asks extensionpay.com,
 * and every job is entitled.
 */
export function serveBilling(): { entitled: (job: Job) => Promise<true | MessageKey> } {
  return { entitled: () => Promise.resolve(true) };
}
