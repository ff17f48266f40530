import type { MessageKey } from '../../platform/i18n';
import { base64ToBlob } from '../../platform/bytes';
import { ProviderError } from '../errors';
import type { ImageResult } from '../types';

/**
 * Reads a `generateContent` answer (https://ai.google.dev/api/generate-content#generatecontentresponse):
 * images are `candidates[0].content.parts[].inlineData` ({ mimeType, data }), words are `text` parts.
 * Gemini refuses with HTTP 200 and no image: `promptFeedback.blockReason` when the prompt itself was
 * blocked (no candidates at all), `candidates[0].finishReason` when the output was stopped.
 *
 * Decisions for a 200 without an image and without a block reason:
 * - the documented shape with words only (the model chose to answer in text) → refused, reason
 *   "no image": the request was understood, retrying the same words will not change the answer;
 * - anything that is not the documented shape (no candidates array, no parts, an image that is not
 *   base64) → malformed: something between Pictor and Google answered, or Google changed its format.
 */

/** One sentence per group of reasons, each a clause that completes "Google refused this request: …". */
const REASONS: Readonly<Record<string, MessageKey>> = {
  SAFETY: 'reasonSafety',
  IMAGE_SAFETY: 'reasonImageSafety',
  PROHIBITED_CONTENT: 'reasonProhibited',
  IMAGE_PROHIBITED_CONTENT: 'reasonProhibited',
  BLOCKLIST: 'reasonBlocklist',
  RECITATION: 'reasonRecitation',
  IMAGE_RECITATION: 'reasonRecitation',
  SPII: 'reasonPersonalInfo',
  LANGUAGE: 'reasonLanguage',
  // Model Armor and jailbreak screening: Google documents both as prompt screening.
  MODEL_ARMOR: 'reasonScreening',
  JAILBREAK: 'reasonScreening',
  NO_IMAGE: 'reasonNoImage',
  OTHER: 'reasonOther',
  IMAGE_OTHER: 'reasonOther',
  BLOCKED_REASON_UNSPECIFIED: 'reasonOther',
};

/** The plain-words reason for a blockReason or finishReason Gemini gives when it withholds an image. */
export function reasonFor(code: string): MessageKey | undefined {
  return Object.hasOwn(REASONS, code) ? REASONS[code] : undefined;
}

interface InlineData {
  mimeType?: unknown;
  data?: unknown;
}

interface AnswerPart {
  text?: unknown;
  inlineData?: InlineData;
  /** Gemini 3 models may return their interim "thinking" images; only the final ones count. */
  thought?: unknown;
}

interface Answer {
  candidates?: unknown;
  promptFeedback?: { blockReason?: unknown; blockReasonMessage?: unknown };
  usageMetadata?: { promptTokenCount?: unknown; candidatesTokenCount?: unknown };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function refused(code: string, detail?: string): ProviderError {
  return new ProviderError({ kind: 'refused', reason: reasonFor(code) ?? 'reasonOther', detail: detail?.slice(0, 300) || code });
}

function malformed(detail: string): ProviderError {
  return new ProviderError({ kind: 'malformed', detail });
}

function decode(data: InlineData): Blob | undefined {
  if (typeof data.mimeType !== 'string' || !data.mimeType.startsWith('image/')) return undefined;
  if (typeof data.data !== 'string' || data.data === '') throw malformed('an image part carried no data');
  try {
    // Kept as the type Gemini says it is: the Gemini API answers JPEG or PNG as it chooses.
    return base64ToBlob(data.data, data.mimeType);
  } catch {
    throw malformed('the image data was not valid base64');
  }
}

/** The images and words of an answer, or the ProviderError that says why there are none. */
export function readAnswer(body: unknown): ImageResult {
  if (!isObject(body)) throw malformed('the answer was not a JSON object');
  const answer = body as Answer;
  const block = answer.promptFeedback?.blockReason;
  const candidates = answer.candidates;
  if (typeof block === 'string' && block !== '' && (!Array.isArray(candidates) || candidates.length === 0)) {
    const message = answer.promptFeedback?.blockReasonMessage;
    throw refused(block, typeof message === 'string' ? message : undefined);
  }
  if (!Array.isArray(candidates) || candidates.length === 0) throw malformed('the answer had no candidates');
  const first: unknown = candidates[0];
  if (!isObject(first)) throw malformed('the answer’s candidate was not an object');
  const finish = typeof first.finishReason === 'string' ? first.finishReason : undefined;
  const content = first.content;
  const parts: unknown = isObject(content) ? content.parts : undefined;
  if (parts !== undefined && !Array.isArray(parts)) throw malformed('the answer’s parts were not a list');
  const list = (parts ?? []) as unknown[];
  const images: Blob[] = [];
  const words: string[] = [];
  for (const part of list) {
    if (!isObject(part)) continue;
    const p = part as AnswerPart;
    if (p.thought === true) continue;
    if (isObject(p.inlineData)) {
      const image = decode(p.inlineData);
      if (image) images.push(image);
    } else if (typeof p.text === 'string' && p.text.trim()) {
      words.push(p.text.trim());
    }
  }
  const text = words.join('\n\n') || undefined;
  if (images.length === 0) {
    // A stopped output names its reason; a plain answer in words is the model declining to draw.
    if (finish && reasonFor(finish)) throw refused(finish, text);
    if (text) throw refused('NO_IMAGE', text);
    throw malformed(parts === undefined ? `the answer had no content (finishReason ${finish ?? 'missing'})` : 'the answer had no image');
  }
  const usage = answer.usageMetadata;
  const inputTokens = count(usage?.promptTokenCount);
  const outputTokens = count(usage?.candidatesTokenCount);
  return {
    images,
    ...(text ? { text } : {}),
    ...(inputTokens !== undefined || outputTokens !== undefined ? { usage: { inputTokens, outputTokens } } : {}),
  };
}
