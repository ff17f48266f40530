import type { MessageKey } from '../../platform/i18n';
import { ProviderError, retryAfterMs, type JobError } from '../errors';
import { PROMPTLESS, type ImageRequest } from '../types';
import { extensionFor } from '../../image/blob';
import { WIRE_NAMES, type IdeogramRoute } from './routes';

/**
 * What goes over the wire to Ideogram and how its answers read: the body of a request,
 * the JSON of an answer, and its error statuses mapped to Pictor's error kinds.
 */

/** One result as the v2 reference's GeneratedImageObject describes it. */
export interface IdeogramImage {
  url?: string | null;
  is_image_safe?: boolean;
  seed?: number;
  resolution?: string;
  prompt?: string;
}

/** A POST's answer (`generation_id` + `seed`, with `data` only when run synchronously) or a poll's. */
export interface IdeogramAnswer {
  generation_id?: string;
  status?: string;
  failure_reason?: string;
  data?: IdeogramImage[];
}

/** A request's path, its body and, for JSON, its content type (FormData sets its own, with the boundary). */
export interface IdeogramBody {
  path: string;
  body: FormData | string;
  contentType?: string;
}

/**
 * The body a route takes: the prompt, the schema's params under Ideogram's names, `async` and
 * `private` where the route has them, and the crop as `image`. JSON keeps numbers and booleans as
 * such; multipart sends every field as text, as the OpenAPI document's form encoding says.
 */
export function buildBody(asked: IdeogramRoute, request: ImageRequest): IdeogramBody {
  // A painted mask takes the request to the route that edits a region, with the fields it declares.
  const mask = asked.mask && request.mask ? { ...asked.mask, file: request.mask } : undefined;
  const route = mask?.route ?? asked;
  const fields: Record<string, string | number | boolean> = {};
  if (request.prompt !== undefined && !PROMPTLESS.includes(request.operation)) fields.prompt = request.prompt;
  for (const [name, value] of Object.entries(request.params)) {
    const wire = WIRE_NAMES[name] ?? name;
    if (route.leaveOut?.[name] === value || (mask && !mask.fields.includes(wire))) continue;
    fields[wire] = value;
  }
  for (const [name, value] of Object.entries(route.whenLeftOut ?? {})) fields[name] ??= value;
  // Asynchronous, so that a generation_id exists (and is saved) before the long wait.
  if (route.async === 'field') fields.async = true;
  if (route.private) fields.private = true;
  if (route.body === 'json') {
    if (route.imageField) throw new ProviderError({ kind: 'bad-request', detail: 'this route takes no uploaded image' });
    return { path: route.path, body: JSON.stringify(fields), contentType: 'application/json' };
  }
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
  if (route.imageField) {
    const [image] = request.inputs;
    if (!image) throw new ProviderError({ kind: 'bad-request', detail: 'this operation needs an image' });
    form.append(route.imageField, image, `image.${extensionFor(image.type)}`);
    // References only where the route names a field for them (utils/providers/inputs.ts counts them).
    for (const [i, reference] of request.inputs.slice(1).entries()) {
      if (route.referenceField) form.append(route.referenceField, reference, `reference-${i + 1}.${extensionFor(reference.type)}`);
    }
  }
  if (mask) form.append(mask.field, mask.file, 'mask.png');
  return { path: route.path, body: form };
}

// 402 and 429 carry a GenerationErrorResponse, `{error, reject_reason}`; of its GenerationRejectReason
// values only `inflight_limit` clears within a retry's wait (https://api.ideogram.ai/openapi.json,
// snapshot of 2026-10-07). The others are about money or the account's limits.
const QUOTA_REASONS = new Set(['insufficient_funds', 'subscription_required', 'priority_credit_required']);
/** Limits of the account that a retry in a few seconds cannot clear, with the sentence that says so. */
const LIMIT_REASONS: ReadonlyMap<string, MessageKey> = new Map([
  ['daily_limit', 'ideogramQuotaDaily'],
  ['feature_limit', 'ideogramQuotaFeature'],
]);

/** An error status as Pictor's error kind. Bodies: `{"error": "..."}` (and `reject_reason` on 402/429). */
export function statusError(status: number, body: unknown, headers: Headers): JobError {
  const detail = errorText(body);
  const reason = (body as { reject_reason?: unknown } | null)?.reject_reason;
  if (status === 401 || status === 403) return { kind: 'invalid-key', status, detail };
  const limit = typeof reason === 'string' && (status === 402 || status === 429) ? LIMIT_REASONS.get(reason) : undefined;
  if (limit) return { kind: 'quota', status, detail, reason: limit };
  if (status === 402) return { kind: 'quota', status, detail };
  if (status === 429) {
    if (typeof reason === 'string' && QUOTA_REASONS.has(reason)) return { kind: 'quota', status, detail };
    return { kind: 'rate-limit', status, detail, retryAfterMs: retryAfterMs(headers) };
  }
  // v2 reference: "422 — The prompt did not pass safety checks."
  if (status === 422) return { kind: 'refused', status, detail, reason: 'ideogramReasonSafety' };
  if (status === 408) return { kind: 'timeout', status };
  if (status >= 500) return { kind: 'server', status, detail };
  if (status >= 400 && status < 500) return { kind: 'bad-request', status, detail: detail ?? `HTTP ${status}` };
  return { kind: 'unknown', status, detail: detail ?? `HTTP ${status}` };
}

/** The provider's own words: `error` (v1/v2), else a problem+json `detail`, `message` or `title`. */
function errorText(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim().slice(0, 300) || undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['error', 'detail', 'message', 'title']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 300);
  }
  return undefined;
}

/**
 * Reads an answer: an error status becomes a ProviderError, a good one its JSON. A body cut off
 * mid-way makes `text()` throw a TypeError (network); a body that is not JSON is malformed.
 */
export async function readAnswer(response: Response): Promise<IdeogramAnswer> {
  const text = await response.text();
  if (!response.ok) throw new ProviderError(statusError(response.status, parseMaybe(text), response.headers));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ProviderError({ kind: 'malformed', detail: 'the answer was not JSON' });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ProviderError({ kind: 'malformed', detail: 'the answer was not an object' });
  return body;
}

function parseMaybe(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Anything thrown on the way, as Pictor's error kinds (ProviderErrors pass through). */
export function toIdeogramError(err: unknown, signal: AbortSignal | undefined): JobError {
  if (signal?.aborted) return { kind: 'canceled' };
  if (err instanceof ProviderError) return err.info;
  if (err instanceof DOMException && err.name === 'AbortError') return { kind: 'canceled' };
  if (err instanceof DOMException && err.name === 'TimeoutError') return { kind: 'timeout' };
  // fetch rejects with a TypeError when the host can't be reached, and body reads when the
  // connection drops mid-answer.
  if (err instanceof TypeError) return { kind: 'network', detail: err.message };
  return { kind: 'unknown', detail: err instanceof Error ? err.message : String(err) };
}
