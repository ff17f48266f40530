import { checkEndpoints, requestOrigins } from './endpoints';
import { getEndpoints, setEndpoints } from './endpoint-store';
import { testKey, type KeyTestResult } from './key-test';
import { storeModelList } from '../providers/model-lists';
import type { KeyTestOutcome, ServiceId } from '../providers/types';
import { keyChecks, type KeyCheck } from '../platform/storage';
import { keyHint } from './key-hints';
import type { Vault } from './vault';

/**
 * Settings' key cards, as logic: what a card says about its provider's key, and Save / Test / Remove /
 * base URL, each checked with the provider before anything is kept. The components only draw.
 */

/** What a card shows about the saved key. `ending` is the last four characters, read from the vault on this page. */
export type CardState =
  | { kind: 'none' }
  | { kind: 'locked' }
  | { kind: 'works'; ending: string; outcome: 'valid' | 'accepted' | 'cannot-list' }
  | { kind: 'no-image-access'; ending: string }
  | { kind: 'rejected'; ending: string }
  | { kind: 'unchecked'; ending: string; outcome?: 'network' | 'error' };

export function cardState(ending: string | undefined, locked: boolean, check: KeyCheck | undefined): CardState {
  if (locked) return { kind: 'locked' };
  if (ending === undefined) return { kind: 'none' };
  switch (check?.outcome) {
    case 'valid':
    case 'accepted':
    case 'cannot-list':
      return { kind: 'works', ending, outcome: check.outcome };
    case 'no-image-access':
      return { kind: 'no-image-access', ending };
    case 'invalid':
      return { kind: 'rejected', ending };
    case 'network':
    case 'error':
      return { kind: 'unchecked', ending, outcome: check.outcome };
    default:
      return { kind: 'unchecked', ending };
  }
}

export interface KeySettingsDeps {
  vault: Pick<Vault, 'save' | 'remove'>;
  test?: (service: ServiceId, key: string, baseURL?: string) => Promise<KeyTestResult>;
  now?: () => number;
}

async function record(service: ServiceId, result: KeyTestResult, now: () => number): Promise<void> {
  const checks = { ...(await keyChecks.getValue()) };
  checks[service] = { outcome: result.outcome, status: result.status, at: now() };
  await keyChecks.setValue(checks);
  // The check read the key's model list (OpenAI, Gemini): the pickers follow it (model-lists.ts).
  await storeModelList(service, result, now());
}

export interface SaveOutcome {
  saved: boolean;
  outcome: KeyTestOutcome;
  status?: number;
}

/**
 * Save: the provider is asked first. A key it rejects is not kept (the user sees why, next to the
 * field); one it accepts is encrypted and kept; one that could not be checked (offline, the
 * provider down) is kept and said to be unchecked.
 */
export async function saveKey(service: ServiceId, key: string, deps: KeySettingsDeps): Promise<SaveOutcome> {
  const trimmed = key.trim();
  const result = await (deps.test ?? testKey)(service, trimmed, (await getEndpoints())[service]);
  if (result.outcome === 'invalid') return { saved: false, outcome: result.outcome, status: result.status };
  await deps.vault.save(service, trimmed, keyHint(service, trimmed));
  await record(service, result, deps.now ?? Date.now);
  return { saved: true, outcome: result.outcome, status: result.status };
}

/** Test key: asks again about the saved key, and remembers the answer. */
export async function recheckKey(service: ServiceId, key: string, deps: KeySettingsDeps): Promise<KeyTestResult> {
  const result = await (deps.test ?? testKey)(service, key, (await getEndpoints())[service]);
  await record(service, result, deps.now ?? Date.now);
  return result;
}

export async function removeKey(service: ServiceId, deps: KeySettingsDeps): Promise<void> {
  await deps.vault.remove(service);
  const checks = { ...(await keyChecks.getValue()) };
  delete checks[service];
  await keyChecks.setValue(checks);
}

export type BaseUrlOutcome = 'saved' | 'invalid' | 'denied';

/**
 * Saves one provider's base URL. The origin is asked for first (this must be the first await of the
 * click, or the browser sees no user gesture); an empty value goes back to the provider's own host.
 */
export async function saveBaseUrl(
  service: ServiceId,
  value: string,
  request: (origins: string[]) => Promise<boolean> = requestOrigins,
): Promise<BaseUrlOutcome> {
  const url = value.trim();
  const check = checkEndpoints([url]);
  if (!check.ok) return 'invalid';
  if (!(await request(check.origins))) return 'denied';
  const endpoints = { ...(await getEndpoints()) };
  if (url) endpoints[service] = url;
  else delete endpoints[service];
  await setEndpoints(endpoints);
  return 'saved';
}
