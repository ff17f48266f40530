import OpenAI, { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, toFile } from 'openai';
import { ProviderError, retryAfterMs, type JobError } from './errors';
import type { ImageRequest, ImageResult, Provider, ProviderContext } from './types';
import { base64ToBlob, extensionFor } from '../image/blob';

/** Maps what the openai SDK throws to Pictor's error taxonomy (codes from PROVIDERS.md). */
export function mapOpenAIError(err: unknown): JobError {
  if (err instanceof APIUserAbortError) return { kind: 'canceled' };
  if (err instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
  if (err instanceof APIConnectionError) return { kind: 'network' };
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

async function run(request: ImageRequest, context: ProviderContext): Promise<ImageResult> {
  const client = new OpenAI({
    apiKey: context.apiKey,
    ...(context.baseURL ? { baseURL: context.baseURL } : {}),
    ...(context.fetch ? { fetch: context.fetch } : {}),
    // The key is the user's own and never leaves their browser except to OpenAI.
    dangerouslyAllowBrowser: true,
    // Pictor's job runner owns retries: the SDK would otherwise retry quota errors too.
    maxRetries: 0,
    timeout: 5 * 60_000,
  });
  const { options } = request;
  const common = {
    model: request.model,
    prompt: request.prompt,
    ...(options.n ? { n: options.n } : {}),
    ...(options.size ? { size: options.size as '1024x1024' } : {}),
    ...(options.quality ? { quality: options.quality as 'auto' } : {}),
    ...(options.outputFormat ? { output_format: options.outputFormat } : {}),
  };
  try {
    const response = request.source
      ? await client.images.edit(
          { ...common, image: await toFile(request.source, fileName(request.source), { type: request.source.type }) },
          { signal: context.signal },
        )
      : await client.images.generate(common, { signal: context.signal });
    const mime = `image/${response.output_format ?? options.outputFormat ?? 'png'}`;
    const images = (response.data ?? []).flatMap((d) => (d.b64_json ? [base64ToBlob(d.b64_json, mime)] : []));
    if (images.length === 0) throw new ProviderError({ kind: 'malformed', detail: 'no image in the response' });
    return {
      images,
      usage: response.usage
        ? { inputTokens: response.usage.input_tokens, outputTokens: response.usage.output_tokens }
        : undefined,
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
