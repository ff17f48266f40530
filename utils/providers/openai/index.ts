import type { ListedModel, ModelDef, ParamSpec, ProviderDefinition } from '../types';

/**
 * OpenAI's GPT Image models (platform.openai.com/docs/guides/image-generation and
 * openai.com/api/pricing, checked 2026-11). Prices are US dollars per output
 * image at 1024x1024 by quality; input tokens are billed on top. Parameter names are the API's.
 */
const SIZES = ['auto', '1024x1024', '1536x1024', '1024x1536'] as const;

function gptImageParams(o: { customSizes?: boolean; transparent?: boolean; fidelity?: boolean }): ParamSpec[] {
  return [
    {
      kind: 'size',
      name: 'size',
      label: 'labelSize',
      values: SIZES,
      default: 'auto',
      omit: 'auto',
      primary: true,
      // gpt-image-2 takes any WxH with sides multiple of 16, ratio ≤ 3:1, ≤ 3840 px, 655,360–8,294,400 px.
      ...(o.customSizes ? { custom: { multipleOf: 16, maxSide: 3840, minPixels: 655_360, maxPixels: 8_294_400, maxRatio: 3 } } : {}),
    },
    { kind: 'enum', name: 'quality', label: 'labelQuality', values: ['auto', 'low', 'medium', 'high'], default: 'auto', omit: 'auto', primary: true },
    { kind: 'int', name: 'n', label: 'labelImages', min: 1, max: 10, default: 1, omit: 1 },
    { kind: 'enum', name: 'output_format', label: 'labelFormat', values: ['png', 'jpeg', 'webp'], default: 'png', omit: 'png' },
    { kind: 'int', name: 'output_compression', label: 'labelCompression', min: 0, max: 100, when: { param: 'output_format', oneOf: ['jpeg', 'webp'] } },
    // Sources disagree on transparent backgrounds for gpt-image-2: not offered there until confirmed.
    { kind: 'enum', name: 'background', label: 'labelBackground', values: o.transparent ? ['auto', 'opaque', 'transparent'] : ['auto', 'opaque'], default: 'auto', omit: 'auto' },
    // OpenAI: "omit input_fidelity for gpt-image-2"; gpt-image-1-mini does not take it either.
    ...(o.fidelity ? [{ kind: 'bool', name: 'input_fidelity', label: 'labelFidelity', default: false, sendAs: 'high', operations: ['edit'] } as const] : []),
    { kind: 'enum', name: 'moderation', label: 'labelModeration', values: ['auto', 'low'], default: 'auto', omit: 'auto', operations: ['generate'] },
  ];
}

const common = {
  operations: ['generate', 'edit'],
  streaming: true,
  maxInputs: 16,
  check: (params) => (params.background === 'transparent' && params.output_format === 'jpeg' ? { key: 'optionTransparentJpeg' } : undefined),
} as const satisfies Partial<ModelDef>;

/**
 * Per image at 1024² (the estimate before sending), and per million tokens (what a finished job
 * cost, from the `usage` its answer carries: OpenAI bills tokens, and its per-image prices are the
 * output tokens of one image at the output rate).
 */
const priced = (low: number, medium: number, high: number, perMillionTokens: NonNullable<ModelDef['price']>['perMillionTokens']): ModelDef['price'] => ({
  unit: 'image',
  // "auto" is priced as medium, OpenAI's usual pick; the answer says which it used.
  by: { param: 'quality', prices: { low, medium, high }, fallback: 'medium' },
  scaleByPixelsOf: 'size',
  plusInputTokens: true,
  perMillionTokens,
});

// gpt-image-2, per million tokens: text input $5, image input $8, image output $30 (OpenAI's API
// pricing page as quoted on https://tokenmix.ai/blog/gpt-image-2-pricing-cost-signals-2026 and
// https://www.llmreference.com/model/gpt-image-2/openai-api; $5 in and $30 out also on
// https://vercel.com/ai-gateway/models/gpt-image-2; all read 2026-12-06).
const GPT_IMAGE_2_TOKENS = { textInput: 5, imageInput: 8, output: 30 };

export const openai: ProviderDefinition<'openai'> = {
  id: 'openai',
  label: 'OpenAI',
  hosts: ['https://api.openai.com/*'],
  defaultBaseURL: 'https://api.openai.com/v1',
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
  // GET /v1/models lists the models the key may use; a wrong key is 401 `invalid_api_key`. A
  // restricted key may lack the "List Models: Read" permission and still make images
  // (https://help.openai.com/en/articles/8867743, checked 2026-12-03): it gets 403, or a 401 saying
  // "You have insufficient permissions … Missing scopes: api.model.read"
  // (https://community.openai.com/t/admin-keys-not-working-missing-scopes-despite-all-permissions/1345041, 2026-12-03).
  keyCheck: {
    path: '/models',
    judge: (body) => (listedIds(body).some((id) => /image/i.test(id)) ? 'valid' : 'no-image-access'),
    invalid: [401, 403],
    cannotList: (status, body) => status === 403 || (status === 401 && /insufficient permissions|missing scopes/i.test(errorMessage(body))),
  },
  links: {
    keys: 'https://platform.openai.com/api-keys',
    billing: 'https://platform.openai.com/settings/organization/billing/overview',
    verification: 'https://platform.openai.com/settings/organization/general',
  },
  // Image edits take a mask: a PNG of the image's size, transparent where it may change
  // (https://platform.openai.com/docs/api-reference/images/createEdit, read 2026-12-05).
  masks: { operations: ['edit'], style: 'transparent' },
  // Edits take up to 16 images (png, webp or jpg) "less than 50MB" each, as repeated `image[]`
  // parts; the mask applies to the first (same reference, read 2026-12-05).
  inputBytes: { each: 50_000_000 },
  models: [
    { ...common, id: 'gpt-image-2', label: 'GPT Image 2', params: gptImageParams({ customSizes: true }), price: priced(0.006, 0.053, 0.211, GPT_IMAGE_2_TOKENS) },
  ],
  // Shut down on 2026-12-01 (https://platform.openai.com/docs/deprecations, checked 2026-12-03).
  // OpenAI names gpt-image-2 models as their replacements; gpt-image-2 is the one in the catalog.
  shutDown: [
    { id: 'gpt-image-1.5', label: 'GPT Image 1.5', on: '2026-12-01', by: 'gpt-image-2' },
    { id: 'gpt-image-1.5-2025-12-16', label: 'GPT Image 1.5', on: '2026-12-01', by: 'gpt-image-2' },
    { id: 'gpt-image-1-mini', label: 'GPT Image 1 mini', on: '2026-12-01', by: 'gpt-image-2' },
    { id: 'chatgpt-image-latest', label: 'chatgpt-image-latest', on: '2026-12-01', by: 'gpt-image-2' },
  ],
  // A typed id gets the options every GPT Image model takes, and no price.
  customModel: (id) => ({ ...common, id, label: id, params: gptImageParams({}) }),
  readModelList,
  families: [/^gpt-image-/i],
};

/** `error.message` of an OpenAI error body (a string in some answers), else empty. */
function errorMessage(body: unknown): string {
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : '';
}

/**
 * The image models of a `GET /v1/models` answer: `{object: "list", data: [{id, object: "model",
 * created, owned_by, shutdown_date}]}`, where `shutdown_date` is an optional date (YYYY-MM-DD) or
 * null "if not announced" (https://developers.openai.com/api/reference/resources/models/methods/list,
 * checked 2026-12-03). Undefined when the answer is not such a list.
 */
function readModelList(body: unknown): ListedModel[] | undefined {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  const out: ListedModel[] = [];
  for (const entry of data as unknown[]) {
    const m = entry as { id?: unknown; created?: unknown; shutdown_date?: unknown } | null;
    if (typeof m?.id !== 'string' || !/image/i.test(m.id)) continue;
    const shutdownDate = typeof m.shutdown_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(m.shutdown_date) ? m.shutdown_date : undefined;
    out.push({ id: m.id, ...(typeof m.created === 'number' ? { created: m.created } : {}), ...(shutdownDate ? { shutdownDate } : {}) });
  }
  return out;
}

function listedIds(body: unknown): string[] {
  const data = (body as { data?: unknown } | null)?.data;
  return Array.isArray(data) ? data.flatMap((m) => (typeof (m as { id?: unknown })?.id === 'string' ? [(m as { id: string }).id] : [])) : [];
}
