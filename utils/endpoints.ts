import { browser } from 'wxt/browser';
import { isEndpoint } from './settings-io';

/**
 * Custom base URLs reach hosts Pictor has no permission for. The manifest lists them as optional
 * (any https origin, and http on localhost) and each one is asked for when the user saves it: the
 * request must come straight from the click, before anything else is awaited, or the browser
 * refuses it for lack of a user gesture.
 */
export function originPattern(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}

export type EndpointCheck = { ok: true; origins: string[] } | { ok: false; invalid: string };

/** Validates the URLs and lists the origins to ask for (empty URLs mean the provider's own host). */
export function checkEndpoints(urls: readonly string[]): EndpointCheck {
  const bad = urls.find((u) => !isEndpoint(u));
  if (bad !== undefined) return { ok: false, invalid: bad };
  return { ok: true, origins: [...new Set(urls.filter(Boolean).map(originPattern))] };
}

/** Must be the first thing awaited in a click handler. Resolves false when the user says no. */
export async function requestOrigins(origins: string[]): Promise<boolean> {
  if (origins.length === 0) return true;
  return browser.permissions.request({ origins });
}
