import { GoogleGenAI, type GenerateContentConfig, type HttpOptions, type ImageConfig, type Part } from '@google/genai';
import { blobToBase64 } from '../../platform/bytes';
import { ProviderError } from '../errors';
import type { ImageRequest, ImageResult, ProviderContext } from '../types';
import { readAnswer } from './answer';
import { mapGoogleError } from './errors';
import { google } from './index';

/**
 * One Gemini image call: `models.generateContent` → `POST {base}/v1beta/models/{model}:generateContent`
 * with the key in `x-goog-api-key` (https://ai.google.dev/api/generate-content; the @google/genai 2.x
 * browser build calls /v1beta). The input
 * images go first as inlineData (base64, each with its own MIME type), then the prompt; the answer
 * is read by answer.ts, errors by errors.ts.
 */

/** Gemini answers within the server's own 10-minute bound; a 4K Pro image with thinking takes a few minutes at most. */
const TIMEOUT_MS = 5 * 60_000;

function client(context: ProviderContext): GoogleGenAI {
  // Typed as the SDK's HttpOptions, so that a version without `fetch` fails to compile rather than
  // drop it silently. @google/genai 2.32 sends every request through `httpOptions.fetch` when given
  // (ApiClient.apiCall: `fetchFn ?? fetch`, checked in its source 2026-12-03); the job runner's
  // fetch carries the idle deadline, the guard that nothing leaves after Cancel, the "started"
  // notice and the refusal of redirects. google-guards.test.ts checks that the SDK really uses it.
  const httpOptions: HttpOptions = {
    baseUrl: context.baseURL || google.defaultBaseURL,
    timeout: TIMEOUT_MS,
    // No retryOptions: the SDK then sends once, and Pictor's job runner owns retries.
    ...(context.fetch ? { fetch: context.fetch } : {}),
  };
  return new GoogleGenAI({ apiKey: context.apiKey, httpOptions });
}

/** The `imageConfig` fields the request's (already cleaned) params name, or none. */
export function imageConfigFor(params: ImageRequest['params']): ImageConfig | undefined {
  const config: ImageConfig = {};
  if (typeof params.aspectRatio === 'string') config.aspectRatio = params.aspectRatio;
  if (typeof params.imageSize === 'string') config.imageSize = params.imageSize;
  return Object.keys(config).length > 0 ? config : undefined;
}

/** The user turn: every input image as inlineData in its own type, then the prompt. */
export async function partsFor(request: ImageRequest): Promise<Part[]> {
  const images = await Promise.all(
    request.inputs.map(async (blob): Promise<Part> => ({ inlineData: { mimeType: blob.type || 'image/png', data: await blobToBase64(blob) } })),
  );
  const prompt = request.prompt?.trim();
  return prompt ? [...images, { text: prompt }] : images;
}

export async function run(request: ImageRequest, context: ProviderContext): Promise<ImageResult> {
  const signal = context.signal;
  try {
    const parts = await partsFor(request);
    if (!parts.some((p) => p.text)) throw new ProviderError({ kind: 'bad-request', detail: 'Gemini needs a prompt that says what to draw or change' });
    const imageConfig = imageConfigFor(request.params);
    const config: GenerateContentConfig = {
      // Images and words: the model may say what it did, or why it drew nothing.
      responseModalities: ['IMAGE', 'TEXT'],
      ...(imageConfig ? { imageConfig } : {}),
      // The attempt's signal (Cancel, the attempt deadline, the idle deadline): the SDK joins it to
      // its own timeout and hands it to fetch.
      ...(signal ? { abortSignal: signal } : {}),
    };
    const response = await client(context).models.generateContent({ model: request.model, contents: [{ role: 'user', parts }], config });
    return readAnswer(response);
  } catch (err) {
    throw new ProviderError(mapGoogleError(err, signal));
  }
}
