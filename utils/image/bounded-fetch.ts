import { IMAGE_LIMITS } from './inspect';
import { base64ToBlob } from '../platform/bytes';

/**
 * Fetches an image's bytes with a size cap and a deadline, so a page's file or a provider's result
 * URL can neither fill memory nor hang a crop or a job: past the cap the download stops at once
 * (Content-Length is not trusted: the bytes are counted as they come).
 */
export const FETCH_LIMITS = { maxBytes: IMAGE_LIMITS.maxBytes, timeoutMs: 30_000 };

export type FetchProblem = 'status' | 'too-large' | 'timeout';

export class ImageFetchError extends Error {
  override name = 'ImageFetchError';
  constructor(
    readonly problem: FetchProblem,
    readonly status?: number,
  ) {
    super(problem);
  }
}

export async function fetchBounded(
  fetcher: typeof fetch,
  url: string,
  init: RequestInit = {},
  limits: { maxBytes: number; timeoutMs: number } = FETCH_LIMITS,
): Promise<Blob> {
  const inline = dataUrlBlob(url, limits.maxBytes);
  if (inline) return inline;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ImageFetchError('timeout')), limits.timeoutMs);
  try {
    const response = await fetcher(url, { ...init, signal: controller.signal });
    if (!response.ok) throw new ImageFetchError('status', response.status);
    const type = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
    return new Blob([await readBounded(response, limits.maxBytes)], { type });
  } catch (err) {
    if (controller.signal.aborted && !(err instanceof ImageFetchError && err.problem !== 'timeout')) throw new ImageFetchError('timeout');
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** A response's body, counted as it comes and dropped past `maxBytes` (ImageFetchError 'too-large'). */
export async function readBounded(response: Response, maxBytes: number = FETCH_LIMITS.maxBytes): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    void response.body?.cancel();
    throw new ImageFetchError('too-large');
  }
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel();
      throw new ImageFetchError('too-large');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * A base64 `data:` URL's bytes, decoded in one call (utils/platform/bytes.ts) rather than fetched, or
 * null for any other URL. Crops cut in the page and the files they came from reach the background as
 * such URLs, a megabyte or more in a JSON message (utils/crop/page/page-cut.ts); fetched, one went
 * through the browser's loader in four tasks and two more copies, in the service worker, while the
 * popup was starting on the same cores. Too many bytes are refused before any is decoded; bad base64
 * throws, as a fetch of it rejects.
 */
function dataUrlBlob(url: string, maxBytes: number): Blob | null {
  const comma = url.indexOf(',');
  if (comma < 0 || !/^data:/i.test(url)) return null;
  const [type = '', ...params] = url.slice(5, comma).split(';');
  if (params.at(-1)?.trim().toLowerCase() !== 'base64') return null;
  // Four characters of base64 carry three bytes.
  if (Math.floor(((url.length - comma - 1) * 3) / 4) > maxBytes + 2) throw new ImageFetchError('too-large');
  return base64ToBlob(url.slice(comma + 1), type.trim().toLowerCase());
}
