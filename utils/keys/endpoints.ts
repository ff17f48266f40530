import { originPattern } from '../platform/origins';
import { browser } from 'wxt/browser';

/**
 * Custom base URLs reach hosts Pictor has no permission for. The manifest lists them as optional
 * (any https origin, and http on localhost) and each one is asked for when the user saves it: the
 * request must come straight from the click, before anything else is awaited, or the browser
 * refuses it for lack of a user gesture.
 */

/**
 * A base URL receives an API key, so it must be exactly an origin and a path: https (plain http
 * only to this machine, a local proxy), no `user:pass@` (a second secret, stored in the clear and
 * exported) and no query or fragment (which SDKs join to every request in ways no one checks).
 */
export function isEndpoint(value: string): boolean {
  if (value === '') return true;
  if (/[?#]/.test(value)) return false;
  try {
    const url = new URL(value);
    // An empty `@` (https://@host) parses to no user name but is still an authority with credentials.
    const authority = value.replace(/\\/g, '/').split('/')[2] ?? '';
    if (url.username || url.password || authority.includes('@')) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
  } catch {
    return false;
  }
}


export type EndpointCheck = { ok: true; origins: string[] } | { ok: false; invalid: string };

/** Validates the URLs and lists the origins to ask for (empty URLs mean the provider's own host). */
export function checkEndpoints(urls: readonly string[]): EndpointCheck {
  const bad = urls.find((u) => !isEndpoint(u));
  if (bad !== undefined) return { ok: false, invalid: bad };
  return { ok: true, origins: [...new Set(urls.filter(Boolean).flatMap((u) => originPattern(u) ?? []))] };
}

/** Must be the first thing awaited in a click handler. Resolves false when the user says no. */
export async function requestOrigins(origins: string[]): Promise<boolean> {
  if (origins.length === 0) return true;
  return browser.permissions.request({ origins });
}
