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

/** Fetches one result image, trying a hiccup (5xx, dropped connection) again; an expired link is final. */
export async function downloadImage(url: string, o: DownloadOptions): Promise<Blob> {
  const target = new URL(url, `${o.base}/`).href;
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
