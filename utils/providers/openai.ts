import OpenAI, { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, toFile } from 'openai';
import { ProviderError, retryAfterMs, type JobError } from './errors';
import type { ImageRequest, ImageResult, Provider, ProviderContext } from './types';
import { base64ToBlob, extensionFor } from '../image/blob';

/** Maps what the openai SDK throws to Pictor's error taxonomy (codes from PROVIDERS.md). */
export function mapOpenAIError(err: unknown): JobError {
  if (err instanceof APIUserAbortError) return { kind: 'canceled' };
  if (err instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
  if (err instanceof APIConnectionError) return { kind: 'network', detail: String((err.cause as Error | undefined)?.message ?? err.message) };
  if (!(err instanceof APIError)) {
    if (err instanceof DOMException && err.name === 'AbortError') return { kind: 'canceled' };
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
  if (code === 'moderation_blocked' || err.type === 'image_generation_user_error' && /safety|moderat/i.test(detail)) {
    return { kind: 'refused', status, detail };
  }
  if (status === 408) return { kind: 'timeout', status };
  if (status !== undefined && status >= 500) return { kind: 'server', status };
  if (status === 400 || status === 404 || status === 422) return { kind: 'bad-request', status, detail };
  return { kind: 'unknown', status, detail };
}

function apiMessage(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : err.message;
}

interface Completed {
  b64_json?: string;
  output_format?: string;
  quality?: string;
  size?: string;
  usage?: { input_tokens: number; output_tokens: number };
}

async function run(request: ImageRequest, context: ProviderContext): Promise<ImageResult> {
  const client = new OpenAI({
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
  const { options } = request;
  const params = {
    model: request.model,
    prompt: request.prompt,
    ...(options.n ? { n: options.n } : {}),
    ...(options.size ? { size: options.size as '1024x1024' } : {}),
    ...(options.quality ? { quality: options.quality as 'auto' } : {}),
    ...(options.outputFormat ? { output_format: options.outputFormat } : {}),
    ...(options.compression !== undefined ? { output_compression: options.compression } : {}),
    ...(options.background ? { background: options.background } : {}),
  };
  // Partial previews cost ~100 output tokens each and come for single images only.
  const stream = Boolean(context.onPartial) && (options.n ?? 1) === 1;
  const mime = (format: string | undefined) => `image/${format ?? options.outputFormat ?? 'png'}`;
  try {
    const image = request.source
      ? await toFile(request.source, fileName(request.source), { type: request.source.type })
      : undefined;
    const edit = image ? { ...params, image, ...(options.inputFidelity ? { input_fidelity: options.inputFidelity } : {}) } : undefined;
    const signal = { signal: context.signal };

    let completed: Completed[];
    if (stream) {
      const events = edit
        ? await client.images.edit({ ...edit, stream: true, partial_images: 2 }, signal)
        : await client.images.generate({ ...params, stream: true, partial_images: 2 }, signal);
      completed = [];
      for await (const event of events) {
        if (event.type.endsWith('.partial_image')) {
          await context.onPartial?.(base64ToBlob(event.b64_json, mime(event.output_format)), (event as { partial_image_index: number }).partial_image_index);
        } else {
          completed.push(event as Completed);
        }
      }
    } else {
      const response = edit ? await client.images.edit(edit, signal) : await client.images.generate(params, signal);
      completed = (response.data ?? []).map((d) => ({
        b64_json: d.b64_json,
        output_format: response.output_format,
        quality: response.quality,
        size: response.size,
        usage: response.usage,
      }));
    }
    const images = completed.flatMap((c) => (c.b64_json ? [base64ToBlob(c.b64_json, mime(c.output_format))] : []));
    if (images.length === 0) throw new ProviderError({ kind: 'malformed', detail: 'no image in the response' });
    const first = completed[0];
    return {
      images,
      quality: first?.quality,
      size: first?.size,
      usage: first?.usage ? { inputTokens: first.usage.input_tokens, outputTokens: first.usage.output_tokens } : undefined,
    };
  } catch (err) {
    if (err instanceof ProviderError) throw err;
    throw new ProviderError(mapOpenAIError(err));
  }
}

function fileName(blob: Blob): string {
  return `image.${extensionFor(blob.type)}`;
}

export const openaiProvider: Provider = { id: 'openai', label: 'OpenAI', run };
