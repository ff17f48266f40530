import type { Operation, ParamProblem, Params } from '../types';
import { parseSize } from '../params';

/**
 * Where each Ideogram model does each operation, as data. Ideogram's default "v2" surface names the
 * model in the path, `POST /v2/image/{operation}/{model}` (https://developer.ideogram.ai/ideogram-api/models).
 * Each route's body follows Ideogram's OpenAPI document (https://api.ideogram.ai/openapi.json,
 * snapshot of 2026-10-07): the content types it declares and the fields its schema lists. The v1
 * routes (`/v1/ideogram-v4/…`, `/v1/ideogram-v3/…`) still work but spell fields and values
 * differently (`text_prompt`, upper-case enums); Pictor calls v2 only.
 *
 * Every call is made asynchronous: Ideogram answers a `generation_id` at once, Pictor saves it on
 * the job before it waits, and a job cut off mid-way (browser closed, context killed) resumes by
 * polling `GET /v2/generations/{id}` instead of paying for a second generation.
 */
export interface IdeogramRoute {
  path: string;
  /**
   * How the body goes. `json` where the route declares only `application/json`; `multipart` where
   * it takes `multipart/form-data` (every route that uploads an image).
   */
  body: 'json' | 'multipart';
  /**
   * `field`: the route runs asynchronously when sent `async=true`. `always`: it always answers a
   * generation_id and takes no `async` field (Replace Background).
   */
  async: 'field' | 'always';
  /**
   * The route takes `private`, sent as true: where it is left out, some routes keep the result
   * private and others fall back to "your plan's setting", which may publish it (Replace Background).
   */
  private: boolean;
  /** Multipart field that carries the input image, for operations that take one. */
  imageField?: string;
  /** Multipart field, repeated, that carries the reference images sent after it. */
  referenceField?: string;
  /** The longest side may be at most this many times the shortest (Replace Background: 3, else a 400). */
  maxInputRatio?: number;
  /**
   * `image_weight` only when the output keeps the input's shape: with a `resolution` of another
   * aspect ratio the route answers 400 (Ideogram 4.0 remix).
   */
  weightKeepsShape?: boolean;
  /** Values that mean "leave the field out" on this route, where the schema's value is sent elsewhere. */
  leaveOut?: Readonly<Record<string, string>>;
  /** Values sent when the user left the field to its default (Ideogram 4.5 remix: `size: source`, the crop's shape). */
  whenLeftOut?: Readonly<Record<string, string>>;
  /**
   * Where a painted mask goes instead: that route, the multipart field of the mask, and the only
   * fields of this route's request it declares (the others are left out).
   */
  mask?: { route: IdeogramRoute; field: string; fields: readonly string[] };
}

const v2 = (operation: string, model: string, extra: Partial<IdeogramRoute> = {}): IdeogramRoute => ({
  path: `/v2/image/${operation}/${model}`,
  body: 'multipart',
  async: 'field',
  private: true,
  ...extra,
});

/**
 * Precise Edit with Ideogram 4.5 (`POST /v2/image/precise-edit/ideogram-4-5`, multipart): "Upload the
 * image as `image`, with optional `reference_images` and a `mask`"; the result "keeps the image's
 * width and height". The mask is black where the image may change and white elsewhere, the image's
 * size, and must hold both colours. Besides the prompt it takes `quality` (very_low … high; medium
 * when left out), `num_images` and `seed` (https://developer.ideogram.ai/api-reference/images/precise-edit/ideogram-4-5
 * and https://developer.ideogram.ai/ideogram-api/masked-edits, read 2026-12-05). Pictor's quality
 * default is `high`, which is what its price estimate counts, so it is sent rather than left out.
 */
const PRECISE_EDIT_45 = v2('precise-edit', 'ideogram-4-5', { imageField: 'image', referenceField: 'reference_images', whenLeftOut: { quality: 'high' } });

export const ROUTES: Readonly<Record<string, Partial<Record<Operation, IdeogramRoute>>>> = {
  // GenerateImageIdeogram45Request: JSON, or multipart to upload source `images`. There is no 4.5
  // remix route: a remix is this route with the crop as the one source image (the first is edited),
  // in the crop's shape unless a size is chosen ("source" is taken only with source images).
  // A remix with a painted area goes to Precise Edit instead, the route made for editing one region;
  // its references go as `reference_images`.
  'ideogram-4-5': {
    generate: v2('generate', 'ideogram-4-5'),
    remix: v2('generate', 'ideogram-4-5', {
      imageField: 'images',
      // Up to five source images: "the first is edited and the rest are used as references".
      referenceField: 'images',
      whenLeftOut: { size: 'source' },
      mask: { route: PRECISE_EDIT_45, field: 'mask', fields: ['quality', 'num_images', 'seed'] },
    }),
  },
  'ideogram-4': {
    // The only route here that declares `application/json` alone (GenerateImageIdeogramV4Request).
    generate: v2('generate', 'ideogram-4', { body: 'json' }),
    // RemixImageIdeogramV4Request: "combining `image_weight` with a `resolution` whose aspect ratio
    // differs from the source's is rejected with a 400."
    remix: v2('remix', 'ideogram-4', { imageField: 'image', weightKeepsShape: true }),
  },
  'ideogram-3': {
    generate: v2('generate', 'ideogram-3'),
    // "Omit resolution and aspect_ratio to keep the source image's shape": `auto` is generate's.
    remix: v2('remix', 'ideogram-3', { imageField: 'image', leaveOut: { aspect_ratio: 'auto' } }),
    // "Expand an image to a new Ideogram 3.0 resolution, keeping the source pixels in the center."
    // ReframeImageIdeogramV3Request refuses fields it does not list (additionalProperties: false),
    // and `private` is not among them.
    reframe: v2('reframe', 'ideogram-3', { imageField: 'image', private: false }),
    // "Returns a generation_id; poll GET /v2/generations/{generation_id}"; the longer side must be at
    // most 3 times the shorter, "wider aspect ratios are rejected with a 400". Its `private`:
    // "When omitted, defaults to your plan's setting."
    'replace-background': v2('replace-background', 'ideogram-3', { async: 'always', imageField: 'image', maxInputRatio: 3 }),
  },
};

/**
 * A typed model id is tried on its own generate route: v2 puts the model in the path. JSON, which
 * every generate route of the OpenAPI document takes (several take nothing else).
 */
export function routeFor(model: string, operation: Operation): IdeogramRoute | undefined {
  const known = ROUTES[model];
  if (known) return known[operation];
  return operation === 'generate' && /^[a-z0-9][a-z0-9-]*$/.test(model) ? v2('generate', model, { body: 'json' }) : undefined;
}

/** Schema names that differ from Ideogram's field names (the shared image count is `n`). */
export const WIRE_NAMES: Readonly<Record<string, string>> = { n: 'num_images' };

/** Two shapes are the same when their aspect ratios differ by less than this share. */
const SAME_SHAPE = 0.01;

/**
 * Whether an input of this size can go to this route with these parameters: Replace Background
 * refuses past 3:1, and Ideogram 4.0 remix refuses `image_weight` with a resolution of another shape.
 */
export function inputProblem(model: string, operation: Operation, size: { width: number; height: number }, params: Params = {}): ParamProblem | undefined {
  const route = routeFor(model, operation);
  if (!route || size.width <= 0 || size.height <= 0) return undefined;
  const limit = route.maxInputRatio;
  if (limit && Math.max(size.width, size.height) / Math.min(size.width, size.height) > limit) return { key: 'ideogramInputRatio', subs: [String(limit)] };
  const target = typeof params.resolution === 'string' ? parseSize(params.resolution) : undefined;
  if (route.weightKeepsShape && params.image_weight !== undefined && target) {
    const ratio = size.width / size.height;
    if (Math.abs(target.width / target.height - ratio) / ratio > SAME_SHAPE) return { key: 'ideogramWeightShape', subs: [params.resolution as string] };
  }
  return undefined;
}
