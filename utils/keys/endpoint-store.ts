import { browser } from 'wxt/browser';
import { get, promisifyRequest, type UseStore } from 'idb-keyval';
import { keyValueStore } from '../platform/kv-store';
import { isEndpoint } from './endpoints';
import { isServiceId } from '../providers/registry';
import type { ServiceId } from '../providers/types';

/**
 * Custom base URLs decide where an API key is sent, so they live where only Pictor's own pages
 * reach: IndexedDB of the extension's origin. storage.local would not do: content scripts (which
 * run in every page Pictor is injected into) can read and write it, and a hostile page that got
 * code into one could point a key at itself. Content scripts run in the page's origin and have no
 * way into this database. It is reachable from Chrome's offscreen runner too, which has no
 * chrome.storage at all.
 */
export type ServiceEndpoints = Partial<Record<ServiceId, string>>;

const ENDPOINTS = 'endpoints';
/** Set once the old storage.local item has been moved here; it is never read again after that. */
const MIGRATED = 'migrated-from-storage-local';
/** Where older versions kept the base URLs (a WXT item: the value, and its `$` metadata key). */
const LEGACY_KEY = 'serviceEndpoints';
const LEGACY_KEYS = [LEGACY_KEY, `${LEGACY_KEY}$`];

const defaultStore = keyValueStore('pictor-endpoints', 'endpoints');

/**
 * Known services with text: whatever else is stored is ignored. A malformed URL (one saved before
 * the rules were stricter) is kept so that the runner refuses it with a clear message rather than
 * silently sending the key somewhere the user did not choose.
 */
function clean(value: unknown): ServiceEndpoints {
  const out: ServiceEndpoints = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [id, url] of Object.entries(value)) if (isServiceId(id) && typeof url === 'string' && url) out[id] = url;
  return out;
}

/**
 * Moves base URLs saved by an older version out of storage.local, once. Where storage.local does
 * not exist (Chrome's offscreen document) it waits for a context that has it (the background does
 * it when it starts). A value written there later, by anyone, changes nothing.
 */
export async function migrateEndpoints(store: UseStore = defaultStore()): Promise<void> {
  if ((await get(MIGRATED, store)) || !browser.storage?.local) return;
  const old = clean((await browser.storage.local.get(LEGACY_KEY))[LEGACY_KEY]);
  await store('readwrite', (objects) => {
    const done = promisifyRequest(objects.transaction);
    // A value saved here meanwhile (from Settings) is newer than the old item: it wins.
    const current = objects.get(ENDPOINTS);
    current.onsuccess = () => {
      if (current.result === undefined) objects.put(old, ENDPOINTS);
      objects.put(true, MIGRATED);
    };
    return done;
  });
  await browser.storage.local.remove(LEGACY_KEYS);
}

export async function getEndpoints(store: UseStore = defaultStore()): Promise<ServiceEndpoints> {
  // Both read at once (a job waits on this before its request goes out); read again after a migration.
  const [migrated, value] = await Promise.all([get<boolean>(MIGRATED, store), get<unknown>(ENDPOINTS, store)]);
  if (migrated || !browser.storage?.local) return clean(value);
  await migrateEndpoints(store);
  return clean(await get(ENDPOINTS, store));
}

/** The base URL a service's key goes to ('' or undefined: the provider's own). */
export async function getEndpoint(service: ServiceId, store: UseStore = defaultStore()): Promise<string | undefined> {
  return (await getEndpoints(store))[service] || undefined;
}

/** Set only from Settings, after the user granted the origins (endpoints.ts). */
export async function setEndpoints(endpoints: ServiceEndpoints, store: UseStore = defaultStore()): Promise<void> {
  const bad = Object.values(endpoints).find((url) => !isEndpoint(url ?? ''));
  if (bad !== undefined) throw new Error(`Not a base URL Pictor may send a key to: ${bad}`);
  await migrateEndpoints(store);
  await store('readwrite', (objects) => {
    objects.put(clean(endpoints), ENDPOINTS);
    return promisifyRequest(objects.transaction);
  });
}

/** "Delete all data": the base URLs go; the migration mark stays, so the old item is never read again. */
export async function clearEndpoints(store: UseStore = defaultStore()): Promise<void> {
  await store('readwrite', (objects) => {
    objects.delete(ENDPOINTS);
    return promisifyRequest(objects.transaction);
  });
}
