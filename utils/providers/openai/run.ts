import OpenAI, { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, toFile } from 'openai';
import { ProviderError, retryAfterMs, type JobError } from '../errors';
import type { ImageRequest, ImageResult, Params, ProviderContext, Usage } from '../types';
import { extensionFor } from '../../image/blob';
import { base64ToBlob } from '../../platform/bytes';
import { readSse } from '../sse';

/** Maps what the openai SDK throws to Pictor's error taxonomy (codes from platform.openai.com/docs/guides/error-codes and the SDK's APIError classes). */
export function mapOpenAIError(err: unknown): JobError {
  if (err instanceof ProviderError) return err.info;
  if (err instanceof APIUserAbortError) return { kind: 'canceled' };
  if (err instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
  if (err instanceof APIConnectionError) return { kind: 'network', detail: String((err.cause as Error | undefined)?.message ?? err.message) };
  if (!isAPIError(err)) {
    if (err instanceof DOMException && err.name === 'AbortError') return { kind: 'canceled' };
    if (err instanceof DOMException && err.name === 'InvalidCharacterError') return { kind: 'malformed', detail: 'the image data was not valid base64' };
    // A body cut off mid-answer surfaces as a TypeError from the stream reader.
    if (err instanceof TypeError) return { kind: 'network', detail: 'the answer was cut off' };
    return { kind: 'unknown', detail: err instanceof Error ? err.message : String(err) };
  }
  const status = err.status;
  const code = err.code ?? undefined;
  const detail = apiMessage(err);
  if (status === 401) return { kind: 'invalid-key', status };
  if (status === 403 && /verif/i.test(detail)) return { kind: 'verification', status, detail };
  if (status === 403) return { kind: 'invalid-key', status, detail };
  if (status === 429) {
    if (code === 'insufficient_quota' || code === 'credit_balance_exhausted' || code === 'billing_hard_limit_reached') {
      return { kind: 'quota', status };
    }
    return { kind: 'rate-limit', status, retryAfterMs: retryAfterMs(err.headers) };
  }
  if (code === 'moderation_blocked' || (err.type === 'image_generation_user_error' && /safety|moderat/i.test(detail))) {
    return { kind: 'refused', status, detail };
  }
  if (status === 408) return { kind: 'timeout', status };
  if (status !== undefined && status >= 500) return { kind: 'server', status };
  // A streamed `error` event has no status: its message is all there is.
  if (status === undefined) return { kind: 'server', detail };
  if (status === 400 || status === 404 || status === 422) return { kind: 'bad-request', status, detail };
  return { kind: 'unknown', status, detail };
}

// A guard rather than a bare instanceof, which would narrow to APIError<any, any, any>.
function isAPIError(err: unknown): err is APIError {
  return err instanceof APIError;
}

function apiMessage(err: APIError): string {
  const body: unknown = err.error;
  const message = typeof body === 'object' && body !== null && 'message' in body ? body.message : undefined;
  return typeof message === 'string' ? message : err.message;
}

/** The answer's token counts (a streamed answer carries them on its `.completed` event). */
function usageOf(usage: NonNullable<Completed['usage']>): Usage {
  const details = usage.input_tokens_details;
  return {
    inputTokens: usage.input_tokens,
    ...(details?.text_tokens !== undefined ? { inputTextTokens: details.text_tokens } : {}),
    ...(details?.image_tokens !== undefined ? { inputImageTokens: details.image_tokens } : {}),
    outputTokens: usage.output_tokens,
  };
}

/** One finished image as either wire format carries it (a JSON `data[]` item or a `.completed` event). */
interface Completed {
  b64_json?: string;
  output_format?: string;
  quality?: string;
  size?: string;
  usage?: { input_tokens: number; input_tokens_details?: { image_tokens?: number; text_tokens?: number }; output_tokens: number };
}

interface ImagesJson extends Omit<Completed, 'b64_json'> {
  data?: { b64_json?: string }[];
}

interface StreamEvent extends Completed {
  type: string;
  partial_image_index?: number;
}

function client(context: ProviderContext): OpenAI {
  return new OpenAI({
    apiKey: context.apiKey,
    ...(context.baseURL ? { baseURL: context.baseURL } : {}),
    ...(context.fetch ? { fetch: context.fetch } : {}),
    // The key is the user's own and never leaves their browser except to OpenAI.
    dangerouslyAllowBrowser: true,
    // Pictor's job runner owns retries: the SDK would otherwise retry quota errors too.
    maxRetries: 0,
    // OpenAI: "complex prompts may take up to 2 minutes"; leave room beyond that.
    timeout: 5 * 60_000,
  });
}

export async function run(request: ImageRequest, context: ProviderContext): Promise<ImageResult> {
  const openai = client(context);
  const { input_fidelity, moderation, ...shared } = request.params;
  // The schema's parameters first: none of them can replace the model or the prompt that were
  // checked and priced (the gateway refuses unknown names too; this holds whatever reaches here).
  const params = { ...shared, model: request.model, prompt: request.prompt ?? '' } as Params & { model: string; prompt: string };
  // Partial previews cost ~100 output tokens each and come for single images only.
  const stream = Boolean(context.onPartial) && (request.params.n ?? 1) === 1;
  const mime = (format: unknown) => `image/${typeof format === 'string' ? format : (request.params.output_format ?? 'png')}`;
  const options = { signal: context.signal };
  try {
    // Several images go as an array (repeated `image[]` parts), the one edited first.
    const files = await Promise.all(request.inputs.map((blob, i) => toFile(blob, `image${i ? `-${i + 1}` : ''}.${extensionFor(blob.type)}`, { type: blob.type })));
    const image = files.length > 1 ? files : files[0];
    const mask = request.mask ? await toFile(request.mask, 'mask.png', { type: 'image/png' }) : undefined;
    const streaming = stream ? { stream: true as const, partial_images: 2 } : {};
    const call =
      request.operation === 'edit' && image
        ? openai.images.edit({ ...(input_fidelity ? { input_fidelity } : {}), ...params, image, ...(mask ? { mask } : {}), ...streaming } as never, options)
        : openai.images.generate({ ...(moderation ? { moderation } : {}), ...params, ...streaming } as never, options);
    // Read by content type, not by what was asked: a gateway behind a custom base URL may ignore
    // `stream: true` and answer plain JSON, and that image must not be thrown away.
    const response = await (call as unknown as { asResponse(): Promise<Response> }).asResponse();
    const completed: Completed[] = [];
    if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
      for await (const message of readSse(response.body!)) {
        const event = JSON.parse(message.data) as StreamEvent & { error?: unknown };
        // An `error` event ends the answer (https://platform.openai.com/docs/api-reference/images-streaming),
        // thrown as the SDK's own reader throws it, so that it is told as every other error is.
        if (event.error || message.event === 'error') throw new APIError(undefined, event.error ?? event, undefined, response.headers);
        const type = typeof event.type === 'string' ? event.type : '';
        if (type.endsWith('.partial_image') && event.b64_json) {
          await context.onPartial?.(base64ToBlob(event.b64_json, mime(event.output_format)), event.partial_image_index ?? 0);
        } else if (type.endsWith('.completed')) {
          completed.push(event);
        }
      }
    } else {
      const body = (await response.json()) as ImagesJson;
      for (const d of body.data ?? []) completed.push({ ...body, b64_json: d.b64_json });
    }
    const images = completed.flatMap((c) => (c.b64_json ? [base64ToBlob(c.b64_json, mime(c.output_format))] : []));
    if (images.length === 0) throw new ProviderError({ kind: 'malformed', detail: 'no image in the response' });
    const done = completed[0];
    const actual: Params = {};
    if (done?.quality) actual.quality = done.quality;
    if (done?.size) actual.size = done.size;
    return {
      images,
      actual,
      usage: done?.usage ? usageOf(done.usage) : undefined,
    };
  } catch (err) {
    throw new ProviderError(mapOpenAIError(err));
  }
}
