import { t, type MessageKey } from '../platform/i18n';
import { formatUsd } from './cost';

/**
 * One taxonomy for everything that can go wrong on the way to an image. Each kind maps to one
 * sentence that tells the user what happened and what to do next (messages.json).
 */
export type ErrorKind =
  | 'no-key'
  | 'invalid-key'
  | 'verification'
  | 'quota'
  | 'rate-limit'
  | 'refused'
  | 'network'
  | 'timeout'
  | 'server'
  | 'malformed'
  | 'bad-request'
  | 'canceled'
  | 'vault'
  | 'interrupted'
  | 'locked'
  /** A custom base URL that is malformed or whose origin the browser no longer grants: no key was sent. */
  | 'endpoint'
  /** A request that carried the key was answered with a redirect: it was not followed. */
  | 'redirect'
  /** The results arrived but could not be stored (the disk is full); they were saved to Downloads. */
  | 'storage'
  /** As 'storage', but the browser could not write them to Downloads either; `detail` says why. */
  | 'storage-lost'
  /** Pictor's trial or subscription does not cover it now (utils/billing/access.ts); `reason` says why. */
  | 'not-entitled'
  /** It would pass the user's monthly spending limit (utils/jobs/spend.ts); `spend` has the numbers. Nothing was sent. */
  | 'spend-limit'
  | 'unknown';

/** The form an error takes in a job record and across message boundaries. */
export interface JobError {
  kind: ErrorKind;
  /** Provider's own words, when they help (shown for bad requests and unknown errors only). */
  detail?: string;
  status?: number;
  /** Milliseconds the provider asked us to wait, for rate limits. */
  retryAfterMs?: number;
  /**
   * For refusals: why, in plain words (a message key of the provider's reasons, e.g.
   * reasonImageSafety). For `not-entitled`: the billing sentence (e.g. billingWhyTrialEnded). For
   * `quota`: a sentence of its own, with the provider as $1, when the account hit a limit other than
   * its credit (Ideogram's daily limit, for example). For `storage-lost`: errorStorageGone once the
   * images are no longer held for another try (utils/results/held-results.ts).
   */
  reason?: MessageKey;
  /** For `spend-limit`: the limit passed, what the month had spent or committed, and the request's estimate (US dollars). */
  spend?: { scope: string; limit: number; spent: number; estimate: number };
}

export class ProviderError extends Error {
  constructor(readonly info: JobError) {
    super(`${info.kind}${info.status ? ` (${info.status})` : ''}${info.detail ? `: ${info.detail}` : ''}`);
    this.name = 'ProviderError';
  }
}

const MESSAGE: Record<ErrorKind, MessageKey> = {
  'no-key': 'errorNoKey',
  'invalid-key': 'errorInvalidKey',
  verification: 'errorVerification',
  quota: 'errorQuota',
  'rate-limit': 'errorRateLimit',
  refused: 'errorRefused',
  network: 'errorNetwork',
  timeout: 'errorTimeout',
  server: 'errorServer',
  malformed: 'errorMalformed',
  'bad-request': 'errorBadRequest',
  canceled: 'errorCanceled',
  vault: 'errorVault',
  interrupted: 'errorInterrupted',
  locked: 'errorLocked',
  endpoint: 'errorEndpoint',
  redirect: 'errorRedirect',
  storage: 'errorStorage',
  'storage-lost': 'errorStorageLost',
  'not-entitled': 'errorNotEntitled',
  'spend-limit': 'errorSpendLimit',
  unknown: 'errorUnknown',
};

/** The i18n key and substitutions of the sentence a user sees for an error. */
export function describeError(error: JobError, providerLabel: string): { key: MessageKey; subs: string[] } {
  const key = MESSAGE[error.kind];
  if (error.kind === 'bad-request') return { key, subs: [providerLabel, error.detail ?? ''] };
  if (error.kind === 'unknown') return { key, subs: [error.detail ?? ''] };
  if (error.kind === 'storage') return { key, subs: [error.detail ?? '1'] };
  // Lost for good (errorStorageGone), or held for another try with the reason Downloads gave.
  if (error.kind === 'storage-lost') return error.reason ? { key: error.reason, subs: [] } : { key, subs: [error.detail || t('downloadReasonOther', '?')] };
  if (error.kind === 'not-entitled') return { key, subs: [t(error.reason ?? 'billingWhyUnverified')] };
  if (error.kind === 'spend-limit') {
    const s = error.spend ?? { scope: 'all', limit: 0, spent: 0, estimate: 0 };
    return { key, subs: [s.scope === 'all' ? t('spendAllServices') : providerLabel, formatUsd(s.limit), formatUsd(s.spent), formatUsd(s.estimate)] };
  }
  if (error.kind === 'quota' && error.reason) return { key: error.reason, subs: [providerLabel] };
  if (error.kind === 'refused' && error.reason) return { key: 'errorRefusedReason', subs: [providerLabel, t(error.reason)] };
  return { key, subs: [providerLabel] };
}

/** Whether trying the same request again can help (quota and refusals never do). */
export function isRetryable(kind: ErrorKind): boolean {
  return kind === 'rate-limit' || kind === 'network' || kind === 'timeout' || kind === 'server' || kind === 'interrupted';
}

/** Anything thrown, as a JobError: never a raw stack or "[object Object]" on screen. */
export function toJobError(err: unknown): JobError {
  // A provider's own words are shown for some errors: bounded, whatever it sent.
  if (err instanceof ProviderError) return err.info.detail && err.info.detail.length > 500 ? { ...err.info, detail: `${err.info.detail.slice(0, 500)}…` } : err.info;
  if (err instanceof DOMException && err.name === 'AbortError') return { kind: 'canceled' };
  const detail = err instanceof Error ? err.message : typeof err === 'string' ? err : undefined;
  return { kind: 'unknown', detail: detail?.slice(0, 300) || 'no details were given' };
}

/** Parses Retry-After (seconds or HTTP date) and OpenAI's retry-after-ms into milliseconds. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
