import { ApiError } from '@google/genai';
import { ProviderError, type JobError } from '../errors';

/**
 * Maps what `@google/genai` throws to Pictor's error taxonomy. The SDK throws `ApiError { status,
 * message }` whose message is the JSON error body, Google's envelope `{ error: { code, message,
 * status, details } }` (https://ai.google.dev/gemini-api/docs/troubleshooting); `details` holds
 * google.rpc messages: ErrorInfo { reason }, QuotaFailure { violations[].quotaId }, RetryInfo
 * { retryDelay: "2s" }, Help.
 *
 * Quota against rate limit, both 429 RESOURCE_EXHAUSTED. Google's own Gemini CLI
 * (packages/core/src/utils/googleQuotaErrors.ts) decides it so, and Pictor does the same:
 * - a daily quota (a QuotaFailure quotaId with "PerDay" or "Daily") is exhausted until it resets;
 * - a quota of 0 (quotaValue "0": the model has no free tier and billing is off) never passes;
 * - "Your prepayment credits are depleted" (prepaid billing) waits for the user to add credit;
 * - a RetryInfo delay over five minutes is, to a user, the same as exhausted;
 * - anything else is a rate limit, with RetryInfo.retryDelay (or "Please retry in 2.5s" in the
 *   message) as the wait.
 */

interface RpcDetail {
  '@type'?: string;
  reason?: string;
  retryDelay?: string;
  violations?: { quotaId?: string; quotaValue?: string }[];
}

interface GoogleErrorBody {
  code?: number;
  message?: string;
  status?: string;
  details?: RpcDetail[];
}

const LONGEST_RATE_LIMIT_MS = 5 * 60_000;

/** The `error` object of an ApiError's message (the response body as JSON), if it is one. */
export function errorBody(err: ApiError): GoogleErrorBody {
  try {
    const parsed = JSON.parse(err.message) as { error?: unknown } | unknown[];
    // Some Google front ends answer with the envelope wrapped in a list.
    const envelope = (Array.isArray(parsed) ? parsed[0] : parsed) as { error?: unknown } | undefined;
    const inner = envelope?.error;
    if (typeof inner === 'object' && inner !== null) {
      const body = inner as GoogleErrorBody;
      return { ...body, details: Array.isArray(body.details) ? body.details : [] };
    }
  } catch {
    // Not JSON: the message is all there is.
  }
  return { message: err.message, details: [] };
}

/** "2s", "1.5s", "900ms" (google.protobuf.Duration in JSON) → milliseconds. */
export function durationMs(text: string | undefined): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$/.exec(text ?? '');
  if (!m) return undefined;
  const value = Number(m[1]);
  return Math.round(m[2] === 'ms' ? value : value * 1000);
}

const ofType = (details: RpcDetail[], type: string) => details.filter((d) => d['@type'] === `type.googleapis.com/google.rpc.${type}`);

function tooManyRequests(body: GoogleErrorBody, status: number): JobError {
  const details = body.details ?? [];
  const message = body.message ?? '';
  const violations = ofType(details, 'QuotaFailure').flatMap((d) => d.violations ?? []);
  if (violations.some((v) => /PerDay|Daily/.test(v.quotaId ?? '') || v.quotaValue === '0')) return { kind: 'quota', status, detail: message };
  if (/credits? (are|is|have been) depleted|prepay/i.test(message)) return { kind: 'quota', status, detail: message };
  const wait = durationMs(ofType(details, 'RetryInfo')[0]?.retryDelay) ?? durationMs(/Please retry in ([\d.]+m?s)/i.exec(message)?.[1]);
  if (wait !== undefined && wait > LONGEST_RATE_LIMIT_MS) return { kind: 'quota', status, detail: message };
  return { kind: 'rate-limit', status, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
}

function fromApiError(err: ApiError): JobError {
  const status = err.status;
  const body = errorBody(err);
  const detail = body.message?.slice(0, 300) || body.status || `HTTP ${status}`;
  const reasons = ofType(body.details ?? [], 'ErrorInfo').map((d) => d.reason ?? '');
  if (reasons.some((r) => r === 'API_KEY_INVALID' || r === 'API_KEY_EXPIRED')) return { kind: 'invalid-key', status };
  if (status === 401) return { kind: 'invalid-key', status };
  // PERMISSION_DENIED: a key restricted to other APIs or referrers, the API off for its project, or
  // a key Google blocked after finding it public. The detail says which.
  if (status === 403) return { kind: 'invalid-key', status, detail };
  if (status === 429) return tooManyRequests(body, status);
  // FAILED_PRECONDITION: "Gemini API free tier is not available in your country. Please enable
  // billing on your project in Google AI Studio." Google's sentence is the clearest detail there is.
  if (status === 400 && body.status === 'FAILED_PRECONDITION') return { kind: 'bad-request', status, detail };
  if (status === 408) return { kind: 'timeout', status };
  if (status >= 500) return { kind: 'server', status, detail };
  if (status === 400 || status === 404 || status === 413 || status === 422) return { kind: 'bad-request', status, detail };
  return { kind: 'unknown', status, detail };
}

/** Anything the call threw, in Pictor's terms. `signal` tells a user's Cancel from the SDK's timeout. */
export function mapGoogleError(err: unknown, signal?: AbortSignal): JobError {
  if (err instanceof ProviderError) return err.info;
  if (signal?.aborted) return { kind: 'canceled' };
  if (err instanceof ApiError || (err instanceof Error && err.name === 'ApiError' && typeof (err as ApiError).status === 'number')) {
    return fromApiError(err as ApiError);
  }
  // The SDK's own timer (httpOptions.timeout) aborts the fetch the same way a Cancel would.
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) return { kind: 'timeout' };
  // fetch rejects with a TypeError when the connection fails, and so does a body cut off mid-way.
  if (err instanceof TypeError) return { kind: 'network', detail: String((err.cause as Error | undefined)?.message ?? err.message) };
  // A body that ended cleanly but is not JSON: whoever answered, it was not the Gemini API.
  if (err instanceof SyntaxError) return { kind: 'malformed', detail: 'the answer was not JSON' };
  return { kind: 'unknown', detail: err instanceof Error ? err.message.slice(0, 300) : String(err) };
}
