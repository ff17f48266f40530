import { ProviderError, retryAfterMs, type JobError } from '../errors';
import type { ImageRequest, ImageResult, ProviderContext, RunFn } from '../types';
import { extensionFor } from '../../image/blob';
import { base64ToBlob } from '../../platform/bytes';
import { photoroom } from './index';

/**
 * PhotoRoom's Remove Background API, called with plain fetch (no SDK exists for the browser).
 * Wire format: https://docs.photoroom.com/api-reference-openapi (`POST /v1/segment`): multipart
 * `image_file` plus option fields; a 200 carries the image bytes (or, per the spec,
 * `{ base64img }` as JSON); errors carry `{ detail, status_code, type }`. Errors cost no credits.
 */

/** The result format Pictor asks for: PNG keeps the transparency (docs: file-size-resolution-and-format). */
const FORMAT = 'png';

const SIGNATURES: Readonly<Record<string, readonly number[]>> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/webp': [0x52, 0x49, 0x46, 0x46],
};

/** The input's file name: PhotoRoom takes PNG, JPEG, WebP and HEIC, and the extension should say which. */
function fileName(type: string): string {
  if (type === 'image/heic' || type === 'image/heif') return `image.${type.slice(6)}`;
  return `image.${extensionFor(type)}`;
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/** The bytes as the image type they claim, or a malformed-answer error. */
function checkedImage(bytes: Uint8Array, claimed: string): Blob {
  const signature = SIGNATURES[claimed];
  if (!signature) throw new ProviderError({ kind: 'malformed', detail: `the answer was ${claimed || 'untyped'}, not an image` });
  if (claimed !== `image/${FORMAT}`) throw new ProviderError({ kind: 'malformed', detail: `a PNG was asked for, ${claimed} came back` });
  if (!startsWith(bytes, signature)) throw new ProviderError({ kind: 'malformed', detail: `the answer claimed ${claimed} but is not one` });
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: claimed });
}

interface PhotoRoomErrorBody {
  detail?: unknown;
  type?: unknown;
  error?: { detail?: unknown; message?: unknown };
}

/** The provider's own words from an error body (`detail`, or the v2 API's `error.detail|message`). */
function errorDetail(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as PhotoRoomErrorBody | null;
    const detail = body?.detail ?? body?.error?.detail ?? body?.error?.message;
    if (typeof detail === 'string' && detail) return detail.slice(0, 300);
  } catch {
    // Not JSON (a proxy's HTML page, say): the text itself, if short, is the best there is.
  }
  const plain = text.trim();
  return plain && plain.length <= 300 && !plain.startsWith('<') ? plain : undefined;
}

/** Error statuses as the Remove Background API documents them (400, 402, 403) plus HTTP's usual ones. */
export function statusError(status: number, headers: Headers, text: string): JobError {
  const detail = errorDetail(text);
  if (status === 401 || status === 403) return { kind: 'invalid-key', status, detail };
  if (status === 402) return { kind: 'quota', status, detail };
  // Docs (FAQ): 500 images a minute by default, then 429.
  if (status === 429) return { kind: 'rate-limit', status, retryAfterMs: retryAfterMs(headers) };
  if (status === 408) return { kind: 'timeout', status };
  if (status >= 500) return { kind: 'server', status, detail };
  if (status === 400 || status === 404 || status === 413 || status === 415 || status === 422) {
    return { kind: 'bad-request', status, detail: detail ?? `HTTP ${status}` };
  }
  return { kind: 'unknown', status, detail: detail ?? `HTTP ${status}` };
}

/** What fetch or a body read threw, in Pictor's terms. */
function thrownError(err: unknown, signal: AbortSignal | undefined): JobError {
  if (err instanceof ProviderError) return err.info;
  if (signal?.aborted || (err instanceof DOMException && err.name === 'AbortError')) return { kind: 'canceled' };
  if (err instanceof DOMException && err.name === 'TimeoutError') return { kind: 'timeout' };
  // fetch rejects with a TypeError when the connection fails or the body is cut off mid-way.
  if (err instanceof TypeError) return { kind: 'network', detail: err.message };
  return { kind: 'unknown', detail: err instanceof Error ? err.message : String(err) };
}

async function call(request: ImageRequest, context: ProviderContext): Promise<ImageResult> {
  const [input] = request.inputs;
  if (!input) throw new ProviderError({ kind: 'bad-request', detail: 'there is no image to remove the background from' });
  const form = new FormData();
  form.append('image_file', input, fileName(input.type));
  // Sent even though PNG is the default, so that a change of default cannot cost the transparency.
  form.append('format', FORMAT);
  // Params come cleaned by the model's schema (size, crop); no prompt exists for this call. None
  // may add a second image or format field.
  for (const [name, value] of Object.entries(request.params)) if (name !== 'image_file' && name !== 'format') form.append(name, String(value));

  const base = (context.baseURL ?? photoroom.defaultBaseURL).replace(/\/+$/, '');
  // A local binding: a browser's fetch called as `context.fetch(…)` would throw "Illegal invocation".
  const send = context.fetch ?? globalThis.fetch;
  const response = await send(`${base}/v1/segment`, {
    method: 'POST',
    headers: photoroom.authHeaders(context.apiKey),
    body: form,
    signal: context.signal,
  });
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new ProviderError(statusError(response.status, response.headers, text));
  }
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    // The spec's other 200 form: `{ "base64img": "…" }`.
    // Read as text first: a body cut off mid-way is a network failure, not a malformed answer.
    const text = await response.text();
    let body: { base64img?: unknown } | null = null;
    try {
      body = JSON.parse(text) as { base64img?: unknown } | null;
    } catch {
      // Falls through to "no image".
    }
    if (typeof body?.base64img !== 'string') throw new ProviderError({ kind: 'malformed', detail: 'no image in the response' });
    let blob: Blob;
    try {
      blob = base64ToBlob(body.base64img.replace(/^data:[^,]*,/, ''), `image/${FORMAT}`);
    } catch {
      throw new ProviderError({ kind: 'malformed', detail: 'the image data was not valid base64' });
    }
    return { images: [checkedImage(new Uint8Array(await blob.arrayBuffer()), blob.type)] };
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { images: [checkedImage(bytes, type)] };
}

export const run: RunFn = async (request, context) => {
  try {
    return await call(request, context);
  } catch (err) {
    throw new ProviderError(thrownError(err, context.signal));
  }
};
