/**
 * The ExtPay key the browser helpers give every profile, so that ExtPay asks the fake ExtensionPay
 * (paid by default) about this user: without a key, ExtPay answers "new user" without asking. Tests
 * of a user who never met ExtensionPay launch with `extpayKey: null`. Only the build with billing
 * (CHROME_BILLING_BUILD, FIREFOX_BILLING_BUILD) reads it; the default build has no ExtPay.
 */
export const SEEDED_EXTPAY_KEY = 'e2e-extpay-key';

/**
 * Runs inside an extension context: stores the key where ExtPay keeps it (storage.sync, else local,
 * as ExtPay itself falls back), dates the install 30 days back (a user with a key is no new user: the
 * free period from install is over, so the fake's state alone decides), and forgets any answer
 * Pictor remembered before. ExtPay writes the install date when it first starts: that write is
 * waited for, so it cannot land after this one.
 */
export async function seedExtPayKey(key: string): Promise<void> {
  type Area = { set(v: object): Promise<void>; get(k: string): Promise<Record<string, unknown>>; remove(k: string): Promise<void> };
  type Api = { storage: Record<'sync' | 'local', Area> };
  // Firefox's promise-based namespace is `browser` (its `chrome` takes callbacks); Chrome MV3's `chrome` returns promises.
  const g = globalThis as unknown as { browser?: Api; chrome: Api };
  const api = g.browser ?? g.chrome;
  const get = (k: string) => api.storage.sync.get(k).catch(() => api.storage.local.get(k));
  const set = (v: object) => api.storage.sync.set(v).catch(() => api.storage.local.set(v));
  for (let i = 0; i < 40 && !(await get('extensionpay_installed_at')).extensionpay_installed_at; i++) await new Promise((r) => setTimeout(r, 50));
  await set({ extensionpay_api_key: key, extensionpay_installed_at: new Date(Date.now() - 30 * 24 * 3600_000).toISOString() });
  await api.storage.local.remove('billingRecord');
}

/** Runs inside an extension context: dates ExtPay's install `daysAgo` back, and forgets Pictor's remembered status. */
export async function seedInstalledAt(daysAgo: number): Promise<void> {
  type Area = { set(v: object): Promise<void>; remove(k: string): Promise<void> };
  const g = globalThis as unknown as { browser?: { storage: Record<'sync' | 'local', Area> }; chrome: { storage: Record<'sync' | 'local', Area> } };
  const api = g.browser ?? g.chrome;
  const value = { extensionpay_installed_at: new Date(Date.now() - daysAgo * 24 * 3600_000).toISOString() };
  await api.storage.sync.set(value).catch(() => api.storage.local.set(value));
  await api.storage.local.remove('billingRecord');
}
