import { parseSize } from '../params';
import type { ModelDef, Operation, ParamProblem, Params, ParamSpec, PriceRule, ProviderDefinition } from '../types';
import { ROUTES } from './routes';

/**
 * Ideogram's REST API, v2 surface (routes.ts). Fields and values are those of the v2 reference
 * (developer.ideogram.ai/api-reference/images/…, checked 2026-11) and of the OpenAPI document
 * (https://api.ideogram.ai/openapi.json, snapshot of 2026-10-07): lower-case enums, `num_images`
 * 1–8, `image_weight` 1–100 on remix. Schema names are the API's, except the shared image count `n`
 * (sent as `num_images`).
 */

const SPEEDS = ['turbo', 'default', 'quality'] as const;
// AspectRatioV3: 15 ratios, plus `auto` on generate (the model picks from the prompt; an absent
// field means 1x1). Remix keeps the source image's shape when no ratio is sent.
const RATIOS = ['1x1', '16x9', '9x16', '4x3', '3x4', '3x2', '2x3', '16x10', '10x16', '5x4', '4x5', '2x1', '1x2', '3x1', '1x3'] as const;
// Ideogram 4.0's 2K resolutions (ResolutionV4); without one, generate picks a shape from the prompt.
const RESOLUTIONS_V4 = ['2048x2048', '2304x1728', '1728x2304', '2496x1664', '1664x2496', '2560x1440', '1440x2560', '2560x1600', '1600x2560', '2880x1440', '1440x2880'] as const;
// Ideogram 4.5 takes `size` and `quality` instead (GenerateImageIdeogram45Request,
// https://api.ideogram.ai/openapi.json, snapshot of 2026-10-07): without source images "an exact size
// must be one of the supported 1K/2K presets", "auto" or omitted picks one from the prompt, and
// "source" is refused. The presets below are the document's 2K sizes for the common ratios and
// their 1K counterparts.
const SIZES_V45 = [
  '2048x2048', '2304x1728', '1728x2304', '2496x1664', '1664x2496', '2560x1440', '1440x2560', '2560x1600', '1600x2560', '2880x1440', '1440x2880',
  '1024x1024', '1152x864', '864x1152', '1248x832', '832x1248', '1280x800', '800x1280', '1280x720', '720x1280',
] as const;
// Reframe needs one of the ResolutionV3 sizes: one per common ratio, about a megapixel each.
const REFRAME_SIZES = ['1312x736', '736x1312', '1152x864', '864x1152', '1248x832', '832x1248', '1280x800', '800x1280', '1408x704', '704x1408', '1536x512', '512x1536', '1024x1024'] as const;

const n: ParamSpec = { kind: 'int', name: 'n', label: 'labelImages', min: 1, max: 8, default: 1, omit: 1 };
const speed: ParamSpec = { kind: 'enum', name: 'rendering_speed', label: 'ideogramLabelRenderingSpeed', hint: 'ideogramHintRenderingSpeed', values: SPEEDS, default: 'default', omit: 'default', primary: true };
const magicPrompt = (operations: readonly Operation[]): ParamSpec => ({
  kind: 'enum', name: 'magic_prompt', label: 'ideogramLabelMagicPrompt', hint: 'ideogramHintMagicPrompt', values: ['auto', 'on', 'off'], default: 'auto', omit: 'auto', operations,
});
const seed = (operations: readonly Operation[]): ParamSpec => ({ kind: 'int', name: 'seed', label: 'ideogramLabelSeed', hint: 'ideogramHintSeed', min: 0, max: 2_147_483_647, operations });
const imageWeight: ParamSpec = { kind: 'int', name: 'image_weight', label: 'ideogramLabelImageWeight', hint: 'ideogramHintImageWeight', min: 1, max: 100, operations: ['remix'] };

// "Ideogram 4.0 is an instruction-editing model" on remix: no magic_prompt, and no seed ("remixes
// are not reproducible"). It has no reframe or replace-background route.
const v4Params: ParamSpec[] = [
  // Left out, generate picks a shape from the prompt and remix keeps the source image's shape.
  { kind: 'size', name: 'resolution', label: 'ideogramLabelResolution', hint: 'ideogramHintShapeAuto', values: ['auto', ...RESOLUTIONS_V4], default: 'auto', omit: 'auto', operations: ['generate', 'remix'], primary: true },
  speed,
  n,
  imageWeight,
  magicPrompt(['generate']),
  seed(['generate']),
];

// The same route edits source `images` when it is sent some (up to five: the first is edited, the
// others are references): Pictor's Remix sends the crop as the one source, and `size: source` unless
// a size is chosen (routes.ts), so that a remix keeps the crop's shape as Ideogram 4.0 and 3.0 remixes
// do. With a source, an exact size must have sides that are multiples of 32, at least 256 px, at most
// 2048×2048 pixels and 6:1; without one, only the presets. `quality` defaults to `high`; `very_low`
// needs a source and has no published price, so Pictor does not offer it.
const v45Params: ParamSpec[] = [
  { kind: 'size', name: 'size', label: 'labelSize', hint: 'ideogramHintShapeAuto', values: ['auto', ...SIZES_V45], default: 'auto', omit: 'auto', operations: ['generate', 'remix'], primary: true },
  { kind: 'enum', name: 'quality', label: 'labelQuality', hint: 'ideogramHintQuality', values: ['low', 'medium', 'high'], default: 'high', omit: 'high', operations: ['generate', 'remix'], primary: true },
  n,
  magicPrompt(['generate', 'remix']),
  seed(['generate', 'remix']),
];

/** Ideogram 4.5 with a source image takes an exact size only if its sides are multiples of 32 (two of the presets are not). */
function v45Check(params: Params, operation: Operation): ParamProblem | undefined {
  const size = operation === 'remix' && typeof params.size === 'string' ? parseSize(params.size) : undefined;
  if (size && (size.width % 32 || size.height % 32)) return { key: 'ideogramSizeNotWithSource', subs: [`${size.width} × ${size.height}`] };
  return undefined;
}

const v3Params: ParamSpec[] = [
  // `auto` is sent to generate (left out, generate would make 1x1) and left out of remix (routes.ts).
  { kind: 'enum', name: 'aspect_ratio', label: 'ideogramLabelAspectRatio', hint: 'ideogramHintShapeAuto', values: ['auto', ...RATIOS], default: 'auto', operations: ['generate', 'remix'], primary: true },
  { kind: 'size', name: 'resolution', label: 'ideogramLabelResolution', hint: 'ideogramHintReframe', values: REFRAME_SIZES, default: '1312x736', operations: ['reframe'], primary: true },
  speed,
  n,
  imageWeight,
  { kind: 'enum', name: 'style_type', label: 'ideogramLabelStyle', values: ['general', 'auto', 'realistic', 'design', 'fiction'], default: 'general', omit: 'general', operations: ['generate', 'remix'] },
  magicPrompt(['generate', 'remix']),
  { kind: 'text', name: 'negative_prompt', label: 'ideogramLabelNegativePrompt', hint: 'ideogramHintNegativePrompt', maxLength: 10_000, operations: ['generate', 'remix'] },
  seed(['generate', 'remix', 'reframe']),
];

// US dollars per output image by rendering speed (ideogram.ai/features/api-pricing: "these rates
// apply to Generate, Remix, Edit, Reframe, Replace Background", checked 2026-11).
const bySpeed = (turbo: number, standard: number, quality: number): PriceRule => ({
  unit: 'image',
  by: { param: 'rendering_speed', prices: { turbo, default: standard, quality }, fallback: 'default' },
});

// Ideogram 4.5 by quality: "$0.03 at Low quality, $0.06 at Medium and $0.10 at High"
// (ideogram.ai/blog/ideogram-api-pricing, rates of 2026-11-16).
const byQuality: PriceRule = { unit: 'image', by: { param: 'quality', prices: { low: 0.03, medium: 0.06, high: 0.1 }, fallback: 'high' } };

const operationsOf = (model: string): Operation[] => Object.keys(ROUTES[model] ?? {}) as Operation[];

export const ideogram: ProviderDefinition<'ideogram'> = {
  id: 'ideogram',
  label: 'Ideogram',
  // Result images are served from ideogram.ai, not the API host: the job downloads them at once.
  hosts: ['https://api.ideogram.ai/*', 'https://ideogram.ai/*'],
  defaultBaseURL: 'https://api.ideogram.ai',
  authHeaders: (key) => ({ 'Api-Key': key }),
  // Ideogram has no free model list. Listing the organization's keys needs an admin key; any other
  // valid key gets 404 ("no organization with billing access"), an invalid one 401.
  // Nor does it list its base models: `GET /models` lists the user's custom-trained models only
  // (https://developer.ideogram.ai/v1/api-reference/custom-model-training/list-models, checked
  // 2026-12-03). So no model list is read for Ideogram: its catalog rows below are the whole line-up,
  // and a newer model (say `ideogram-4-6`) is reached as a typed id.
  keyCheck: { path: '/v2/account/api-keys', judge: () => 'accepted', invalid: [401, 403], acceptedOn: [404] },
  links: { keys: 'https://ideogram.ai/manage-api' },
  // Ideogram 4.5's remix goes to Precise Edit with a painted mask (routes.ts), which takes the image
  // and up to 3 reference images beside a mask, 4 without (developer.ideogram.ai/ideogram-api/masked-edits,
  // read 2026-12-05); without a mask, the generate route takes five source images, the first edited.
  masks: { operations: ['remix'], models: ['ideogram-4-5'], style: 'black', maxInputs: 4 },
  // 10 MB per image in the OpenAPI document (https://api.ideogram.ai/openapi.json, snapshot of
  // 2026-10-07), 25 MB on some reference pages: the stricter.
  inputBytes: { each: 10_000_000 },
  models: [
    { id: 'ideogram-4-5', label: 'Ideogram 4.5', operations: operationsOf('ideogram-4-5'), params: v45Params, price: byQuality, check: v45Check, maxInputs: 5 },
    { id: 'ideogram-4', label: 'Ideogram 4.0', operations: operationsOf('ideogram-4'), params: v4Params, price: bySpeed(0.03, 0.06, 0.1), maxInputs: 1 },
    { id: 'ideogram-3', label: 'Ideogram 3.0', operations: operationsOf('ideogram-3'), params: v3Params, price: bySpeed(0.03, 0.06, 0.09), maxInputs: 1 },
  ],
  // A typed id (say `ideogram-4-6`) goes to /v2/image/generate/<id> with the one field every
  // generate route shares besides the prompt; its price is unknown.
  customModel: (id): ModelDef => ({ id, label: id, operations: ['generate'], params: [n] }),
};
