/**
 * The ExtPay key the browser helpers give every profile, so that ExtPay asks the fake ExtensionPay
 * (paid by default) about this user: without a key, ExtPay answers "new user" without asking. Tests
 * of a user who never met ExtensionPay launch with `extpayKey: null`.
 */
export const SEEDED_EXTPAY_KEY = 'e2e-extpay-key';

/**
 * Runs inside an extension context: stores the key where ExtPay keeps it (storage.sync, else local,
 * as ExtPay itself falls back), and forgets any answer Pictor remembered before the key existed.
 */
export async function seedExtPayKey(key: string): Promise<void> {
  type Api = { storage: Record<'sync' | 'local', { set(v: object): Promise<void>; remove(k: string): Promise<void> }> };
  // Firefox's promise-based namespace is `browser` (its `chrome` takes callbacks); Chrome MV3's `chrome` returns promises.
  const g = globalThis as unknown as { browser?: Api; chrome: Api };
  const api = g.browser ?? g.chrome;
  await api.storage.sync.set({ extensionpay_api_key: key }).catch(() => api.storage.local.set({ extensionpay_api_key: key }));
  await api.storage.local.remove('billingRecord');
}
