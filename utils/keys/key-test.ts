import { browser } from 'wxt/browser';
import { isRedirect } from '../providers/keyed-fetch';
import { originPattern } from '../platform/origins';
import { isEndpoint } from './endpoints';
import { provider } from '../providers/registry';
import type { KeyTestOutcome, ServiceId } from '../providers/types';

/**
 * "Test key": the cheapest authenticated call each service documents (its definition's keyCheck),
 * run from the options page (an extension page with host permission, so no CORS). None of them
 * makes an image or costs credit.
 */
export type { KeyTestOutcome };

export interface KeyTestResult {
  outcome: KeyTestOutcome;
  status?: number;
  /** The answer's body, for services that list models from it (Gemini). */
  body?: unknown;
  /** The service answered with a redirect, which was not followed. */
  redirected?: boolean;
  /** Nothing was sent: the custom base URL is malformed or its origin's access was removed since. */
  endpointRefused?: boolean;
}

/** Whether the browser still grants this origin (Settings asked for it when the base URL was saved). */
const originGranted = (pattern: string): Promise<boolean> => browser.permissions.contains({ origins: [pattern] }).catch(() => false);

export function probeUrl(service: ServiceId, baseURL?: string): string {
  const def = provider(service);
  // A custom base URL replaces the API base; a check on another host (PhotoRoom's account) keeps its own.
  const base = baseURL || def.keyCheck.baseURL || def.defaultBaseURL;
  return base.replace(/\/+$/, '') + def.keyCheck.path;
}

export async function testKey(service: ServiceId, key: string, baseURL?: string, fetcher: typeof fetch = fetch, granted = originGranted): Promise<KeyTestResult> {
  const def = provider(service);
  const check = def.keyCheck;
  // As for a job (jobs/runner.ts): a key goes to a custom base URL only while its origin is granted.
  const pattern = baseURL ? isEndpoint(baseURL) && originPattern(baseURL) : undefined;
  if (pattern === false || pattern === null || (pattern && !(await granted(pattern)))) return { outcome: 'error', endpointRefused: true };
  let response: Response;
  try {
    // No cookies: the key alone says who the user is. No redirects: the key would follow them
    // (keyed-fetch.ts); one is reported as an error and nothing more is sent.
    response = await fetcher(probeUrl(service, baseURL), { headers: def.authHeaders(key), credentials: 'omit', redirect: 'manual' });
  } catch {
    return { outcome: 'network' };
  }
  if (isRedirect(response)) {
    await response.body?.cancel().catch(() => undefined);
    return { outcome: 'error', status: response.status, redirected: true };
  }
  const status = response.status;
  if (response.ok) {
    const body: unknown = await response.json().catch(() => null);
    return { outcome: check.judge(body), status, body };
  }
  if (check.acceptedOn?.includes(status)) return { outcome: 'accepted', status };
  if (check.cannotList) {
    const body: unknown = await response.json().catch(() => null);
    if (check.cannotList(status, body)) return { outcome: 'cannot-list', status };
  }
  if (check.invalid.includes(status)) return { outcome: 'invalid', status };
  return { outcome: 'error', status };
}
