import type { ListedModel, ModelDef, ParamSpec, PriceRule, ProviderDefinition } from '../types';

/**
 * Google's Gemini API image models ("Nano Banana"), called through `models.generateContent` with
 * `imageConfig` (https://ai.google.dev/gemini-api/docs/image-generation). Parameter names are the API's own (`aspectRatio`, `imageSize`).
 * No `n`: these models take `candidateCount: 1` only (Vertex model cards), one image per call.
 * Imagen is not offered: the Gemini API shut Imagen 4 down for API keys on
 * 2026-08-17 (https://ai.google.dev/gemini-api/docs/changelog), and the SDK's `generateImages` throws
 * for API-key clients since ("only supported by … Vertex AI").
 *
 * Facts, checked 2026-11 in the stored docs:
 * - gemini-nano-banana-2.1: GA 2026-10-06, 1K/2K/4K, the wide ratios 1:4 4:1 1:8 8:1 too
 *   (ai.google.dev changelog); 14 ratios, `512` rejected (model guides citing the model card).
 *   No price on Google's pricing page in the stored copies: none given here.
 * - gemini-3.1-flash-image: GA 2026-05-28; 512/1K/2K/4K, 14 ratios (Vertex model card); deprecated
 *   2026-10-06 in favour of 2.1 with no shutdown date announced (changelog).
 *   $60 per 1M image tokens = $0.045 / $0.067 / $0.101 / $0.151 per 512 / 1K / 2K / 4K image.
 * - gemini-3-pro-image: GA 2026-05-28; 1K/2K/4K, 10 ratios (Vertex model card). $120 per 1M image
 *   tokens (pricing page), 1,120 tokens at 1K and 2K, 2,000 at 4K: $0.134 / $0.134 / $0.24.
 * - gemini-3.1-flash-lite-image: GA 2026-06-30; 1K only, 14 ratios (ai.google.dev model page,
 *   Vertex model card); $0.034 per image (1,120 tokens at $30 per 1M).
 * All take up to 14 input images per prompt (Vertex model cards).
 */
const CLASSIC_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const;
const WIDE_RATIOS = [...CLASSIC_RATIOS, '1:4', '4:1', '1:8', '8:1'] as const;

function aspectRatio(ratios: readonly string[]): ParamSpec {
  // Left out, the model follows the input image's shape (square when there is none).
  return { kind: 'enum', name: 'aspectRatio', label: 'labelAspectRatio', hint: 'hintAspectRatio', values: ['auto', ...ratios], default: 'auto', omit: 'auto', primary: true };
}

function imageSize(sizes: readonly string[]): ParamSpec {
  // The API's default is 1K; the value is sent only when the user picks one.
  return { kind: 'enum', name: 'imageSize', label: 'labelResolution', values: sizes, default: '1K', primary: true };
}

/** Per image by `imageSize`; an absent size is the API's default, 1K. */
const bySize = (prices: Readonly<Record<string, number>>): PriceRule => ({ unit: 'image', by: { param: 'imageSize', prices, fallback: '1K' }, plusInputTokens: true });

const common = { operations: ['generate', 'edit'], maxInputs: 14 } as const satisfies Partial<ModelDef>;

const MODELS: readonly ModelDef[] = [
  { ...common, id: 'gemini-nano-banana-2.1', label: 'Nano Banana 2.1', params: [aspectRatio(WIDE_RATIOS), imageSize(['1K', '2K', '4K'])] },
  {
    ...common,
    id: 'gemini-3.1-flash-image',
    label: 'Nano Banana 2 (Gemini 3.1 Flash Image)',
    deprecated: { replacement: 'gemini-nano-banana-2.1' },
    params: [aspectRatio(WIDE_RATIOS), imageSize(['512', '1K', '2K', '4K'])],
    price: bySize({ '512': 0.045, '1K': 0.067, '2K': 0.101, '4K': 0.151 }),
  },
  {
    ...common,
    id: 'gemini-3-pro-image',
    label: 'Nano Banana Pro (Gemini 3 Pro Image)',
    params: [aspectRatio(CLASSIC_RATIOS), imageSize(['1K', '2K', '4K'])],
    price: bySize({ '1K': 0.134, '2K': 0.134, '4K': 0.24 }),
  },
  // 1K is all it makes, so there is no size to choose.
  { ...common, id: 'gemini-3.1-flash-lite-image', label: 'Nano Banana 2 Lite (Gemini 3.1 Flash-Lite Image)', params: [aspectRatio(WIDE_RATIOS)], price: { unit: 'image', base: 0.034, plusInputTokens: true } },
];

/**
 * What Pictor assumes of a model it does not know: the ten ratios every Gemini image model has
 * taken, and no size (the oldest ones made 1K only and reject the field). No price.
 */
function customModel(id: string, label = id): ModelDef {
  return { id, label, operations: ['generate', 'edit'], params: [aspectRatio(CLASSIC_RATIOS)] };
}

interface GoogleModel {
  name: string;
  displayName?: string;
  supportedGenerationMethods?: unknown;
}

function listedModels(body: unknown): GoogleModel[] {
  const models = (body as { models?: unknown } | null)?.models;
  if (!Array.isArray(models)) return [];
  return models.filter((m): m is GoogleModel => typeof (m as { name?: unknown } | null)?.name === 'string');
}

/** "models/gemini-3-pro-image" → "gemini-3-pro-image" (the SDK adds the prefix back). */
const shortId = (name: string) => name.replace(/^models\//, '');

/**
 * A Gemini image model by name. Nano Banana 2.1 is the first without "image" in its id; Imagen
 * ("imagen-…") contains "image" but is gone for API keys and answers `predict`, not generateContent.
 */
export function isImageModelName(name: string): boolean {
  const id = shortId(name);
  return /image|nano-banana/i.test(id) && !/^imagen/i.test(id);
}

/**
 * The image models the key's list names that make images through generateContent, or undefined
 * when the answer is not a model list. Google's Model resource carries no shutdown date (its
 * fields: name, version, displayName, description, token limits, supportedGenerationMethods,
 * sampling defaults, thinking; https://ai.google.dev/api/models#Model and @google/genai 2.x's
 * `Model` type, checked 2026-12-03): Gemini shutdowns stay catalog data.
 */
function readModelList(body: unknown): ListedModel[] | undefined {
  if (!Array.isArray((body as { models?: unknown } | null)?.models)) return undefined;
  return listedModels(body)
    .filter((m) => isImageModelName(m.name))
    .filter((m) => Array.isArray(m.supportedGenerationMethods) && m.supportedGenerationMethods.includes('generateContent'))
    .map((m) => ({ id: shortId(m.name), ...(m.displayName?.trim() ? { label: m.displayName.trim() } : {}) }));
}

export const google: ProviderDefinition<'google'> = {
  id: 'google',
  label: 'Google',
  hosts: ['https://generativelanguage.googleapis.com/*'],
  defaultBaseURL: 'https://generativelanguage.googleapis.com',
  authHeaders: (key) => ({ 'x-goog-api-key': key }),
  // GET /v1beta/models; a bad key is 400 API_KEY_INVALID, a restricted one 403.
  keyCheck: {
    path: '/v1beta/models?pageSize=1000',
    judge: (body) => (listedModels(body).some((m) => isImageModelName(m.name)) ? 'valid' : 'no-image-access'),
    invalid: [400, 401, 403],
  },
  // The billing link is the one Google's own "prepayment credits are depleted" error names.
  links: { keys: 'https://aistudio.google.com/app/apikey', billing: 'https://ai.studio/projects' },
  // Images go inline, base64 in the JSON body: "if your total request, including files and
  // instructions, exceeds 20MB", the Files API is needed (https://ai.google.dev/gemini-api/docs/image-understanding,
  // checked 2026-12-05). Base64 makes 4 bytes of 3, so the files together stay under 14 MB.
  inputBytes: { total: 14_000_000 },
  models: MODELS,
  customModel: (id) => customModel(id),
  readModelList,
  // "gemini-3.1-flash-image", "gemini-3-pro-image"…, and the Nano Banana ids without "image".
  families: [/^gemini-.*-image/i, /^gemini-nano-banana-/i],
};
