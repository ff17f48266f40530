/**
 * Requests that carry an API key never follow a redirect. On a cross-origin redirect the Fetch
 * standard removes only the "CORS non-wildcard request-header names" (that is, `Authorization`);
 * custom key headers (`x-goog-api-key`, `x-api-key`, `Api-Key`) would reach the new host as they
 * are (https://fetch.spec.whatwg.org/#http-redirect-fetch, checked 2026-12-03). So a keyed request
 * is sent with `redirect: 'manual'`, and a redirect answer ends it with RedirectRefused.
 */
export class RedirectRefused extends Error {
  override name = 'RedirectRefused';
  constructor(
    readonly status: number,
    /** Where the server wanted the request to go (absent in browsers, which hide it). */
    readonly location?: string,
  ) {
    super(`the server answered with a redirect${location ? ` to ${location}` : ''}, which Pictor does not follow with your key`);
  }
}

/** A redirect answer as `redirect: 'manual'` gives it: opaque in browsers, a plain 3xx in Node. */
export function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304);
}

/** Whether this request carries `key` in a header or in its URL. */
export function carriesKey(input: RequestInfo | URL, init: RequestInit | undefined, key: string): boolean {
  if (!key) return false;
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url.includes(key) || url.includes(encodeURIComponent(key))) return true;
  const headers = [new Headers(init?.headers), ...(typeof input === 'object' && 'headers' in input ? [input.headers] : [])];
  return headers.some((h) => [...h.values()].some((v) => v.includes(key)));
}

/**
 * A fetch that sends requests carrying `key` without following redirects, and fails them with
 * RedirectRefused (handed to `onRefused` too, for callers whose SDK wraps what fetch throws).
 * Requests without the key (a result image on a CDN) follow redirects as usual.
 */
export function refuseKeyedRedirects(base: typeof fetch, key: string, onRefused?: (err: RedirectRefused) => void): typeof fetch {
  return async (input, init) => {
    if (!carriesKey(input, init, key)) return base(input, init);
    const response = await base(input, { ...init, redirect: 'manual' });
    if (!isRedirect(response)) return response;
    await response.body?.cancel().catch(() => undefined);
    const err = new RedirectRefused(response.status, response.headers.get('location') ?? undefined);
    onRefused?.(err);
    throw err;
  };
}
