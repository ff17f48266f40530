import type { JobError } from '../providers/errors';

/**
 * When Pictor tries a failed request again by itself. Rate limits wait for what the provider asked
 * (Retry-After), a bounded number of times; server errors get a short back-off; everything else
 * (quota, refusals, bad keys, network) waits for the user's Retry, since repeating it blindly
 * either cannot help or spends their money.
 */
export interface RetryPolicy {
  /** Total attempts for the kind, the first included. */
  maxAttempts(error: JobError): number;
  /** Milliseconds to wait before attempt `next` (2 for the first retry). */
  delay(error: JobError, next: number): number;
}

const MAX_WAIT_MS = 60_000;

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: (error) => (error.kind === 'rate-limit' ? 4 : error.kind === 'server' ? 3 : 1),
  delay: (error, next) => {
    const backoff = 2000 * 2 ** (next - 2);
    const asked = error.kind === 'rate-limit' ? error.retryAfterMs : undefined;
    return Math.min(MAX_WAIT_MS, asked ?? backoff);
  },
};

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new DOMException('Aborted', 'AbortError'));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new DOMException('Aborted', 'AbortError'));
      },
      { once: true },
    );
  });
}
