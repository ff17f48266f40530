import { getEndpoints, type ServiceEndpoints } from '../keys/endpoint-store';
import { testKey, type KeyTestResult } from '../keys/key-test';
import { PROVIDERS, provider } from './registry';
import type { ServiceId } from './types';
import { modelLists } from '../platform/storage';
import type { Vault } from '../keys/vault';

/**
 * Reads each service's model list with the user's key, so the pickers follow the provider between
 * releases (utils/providers/choice.ts): when a key is saved or tested in Settings (the key check
 * is the list read: OpenAI's `GET /v1/models`, Gemini's `models` list), and at most once a day
 * after that, when Settings opens or the browser starts. Ideogram documents no list of its models
 * (see its definition), so none is read for it.
 *
 * Never from the popup: it reads what is stored here. A read that fails (offline, a key without
 * the right to list, an answer that is not a list) changes nothing, and the next wake-up tries again.
 */

/** A list younger than this is not read again. */
export const LIST_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Services whose key's answer names their models. */
const LISTING_SERVICES: readonly ServiceId[] = PROVIDERS.filter((p) => p.readModelList).map((p) => p.id);

/** Keeps the list a key check read; false when it read none (nothing is changed then). */
export async function storeModelList(service: ServiceId, result: KeyTestResult, now: number): Promise<boolean> {
  const read = provider(service).readModelList;
  // A body comes with 2xx answers only (key-test.ts).
  const models = read && result.body !== undefined ? read(result.body) : undefined;
  if (!models) return false;
  await modelLists.setValue({ ...(await modelLists.getValue()), [service]: { at: now, models } });
  return true;
}

export interface RefreshDeps {
  vault: Pick<Vault, 'read'>;
  fetch?: typeof fetch;
  now?: () => number;
  endpoints?: () => Promise<ServiceEndpoints>;
}

/** Whether a list read at `at` is due again at `now` (a clock set back counts as due). */
function isListDue(at: number | undefined, now: number): boolean {
  return at === undefined || now - at >= LIST_MAX_AGE_MS || now < at;
}

/**
 * Reads the lists that are a day old or more, with the saved keys; returns the services whose
 * list was stored. A locked vault or no saved key skips the service.
 */
export async function refreshModelLists(deps: RefreshDeps): Promise<ServiceId[]> {
  const now = deps.now ?? Date.now;
  const lists = await modelLists.getValue();
  const due = LISTING_SERVICES.filter((s) => isListDue(lists[s]?.at, now()));
  if (due.length === 0) return [];
  const endpoints = await (deps.endpoints ?? getEndpoints)().catch((): ServiceEndpoints => ({}));
  const stored: ServiceId[] = [];
  for (const service of due) {
    const key = await deps.vault.read(service).catch(() => undefined);
    if (!key) continue;
    const result = await testKey(service, key, endpoints[service], deps.fetch);
    if (await storeModelList(service, result, now())) stored.push(service);
  }
  return stored;
}
