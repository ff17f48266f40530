import { IMAGE_LIMITS } from './inspect';

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
