import { ProviderError } from '../errors';
import { sleep } from '../../jobs/retry';
import { ImageFetchError, readBounded } from '../../image/bounded-fetch';
import { sniffImageType } from '../../image/inspect';

/**
 * Ideogram answers with links, not bytes: "Result links expire after 24 hours, so download the
 * file" (developer.ideogram.ai/ideogram-api/sdks). They live on ideogram.ai, another host than the
 * API, and are signed (`?exp=…&sig=…`), so they are fetched without the API key.
 */

/** Statuses of a link that is gone for good (the docs do not say which one an expired link gives). */
const GONE = new Set([403, 404, 410]);

export interface DownloadOptions {
  fetch: typeof fetch;
  signal?: AbortSignal;
  /** Where a relative link (a gateway's) is resolved. */
  base: string;
  attempts: number;
  retryDelayMs: number;
}

/** Ideogram's image host: its links are on ideogram.ai (or a subdomain of it). */
const IMAGE_HOST = 'ideogram.ai';

/**
 * Where a result link may point: https on ideogram.ai or a subdomain, or the origin of the base URL
 * the request went to (a gateway may serve the images itself). Anything else (another site, a
 * file: or data: URL) is not fetched: an answer does not choose what Pictor downloads.
 */
export function allowedImageLink(url: string, base: string): URL | null {
  let target: URL;
  try {
    target = new URL(url, `${base}/`);
  } catch {
    return null;
  }
  if (target.origin === new URL(base).origin) return target;
  const onIdeogram = target.hostname === IMAGE_HOST || target.hostname.endsWith(`.${IMAGE_HOST}`);
  return target.protocol === 'https:' && onIdeogram && target.username === '' && target.password === '' ? target : null;
}

/** Fetches one result image, trying a hiccup (5xx, dropped connection) again; an expired link is final. */
export async function downloadImage(url: string, o: DownloadOptions): Promise<Blob> {
  const allowed = allowedImageLink(url, o.base);
  if (!allowed) throw new ProviderError({ kind: 'malformed', detail: `an image link pointed outside ${IMAGE_HOST} (${url.slice(0, 80)})` });
  const target = allowed.href;
  const pause = () => sleep(o.retryDelayMs, o.signal ?? new AbortController().signal);
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= o.attempts;
    let response: Response;
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      response = await o.fetch(target, { signal: o.signal });
      if (GONE.has(response.status)) throw expired(response.status);
      if (response.status >= 500 && !last) {
        await response.body?.cancel();
        await pause();
        continue;
      }
      if (!response.ok) throw new ProviderError({ kind: 'server', status: response.status, detail: `ideogram.ai answered HTTP ${response.status} for an image` });
      // Capped: a link that streams without end is not an image.
      bytes = await readBounded(response);
    } catch (err) {
      if (err instanceof ImageFetchError) throw new ProviderError({ kind: 'malformed', detail: 'an image link answered more than 50 MB' });
      // fetch and body reads throw a TypeError when the connection fails or drops mid-image.
      if (last || o.signal?.aborted || !(err instanceof TypeError)) throw err;
      await pause();
      continue;
    }
    // The type the bytes themselves say (a CDN may label any file application/octet-stream).
    const type = sniffImageType(bytes);
    if (!type) throw new ProviderError({ kind: 'malformed', detail: 'an image link answered something that is not an image' });
    return new Blob([bytes], { type });
  }
}

/** Not retryable by itself: asking again returns the same dead links. */
function expired(status: number): ProviderError {
  return new ProviderError({
    kind: 'unknown',
    status,
    detail: `the finished images' links on ideogram.ai no longer work (HTTP ${status}): they expire, and had expired before Pictor could download them. Generate again.`,
  });
}
