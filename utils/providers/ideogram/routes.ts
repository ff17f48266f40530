import type { Operation, ParamProblem } from '../types';

/**
 * Where each Ideogram model does each operation, as data. Ideogram's default "v2" surface names the
 * model in the path, `POST /v2/image/{operation}/{model}` (https://developer.ideogram.ai/ideogram-api/models),
 * and every route used here is on its documented list (developer.ideogram.ai/v2/llms.txt). The v1
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
   * `field`: the route runs asynchronously when sent `async=true`. `always`: it always answers a
   * generation_id and takes no `async` field (Replace Background, per its reference page).
   */
  async: 'field' | 'always';
  /** Multipart field that carries the input image, for operations that take one. */
  imageField?: string;
  /** The longest side may be at most this many times the shortest (Replace Background: 3, else a 400). */
  maxInputRatio?: number;
  /** Values that mean "leave the field out" on this route, where the schema's value is sent elsewhere. */
  leaveOut?: Readonly<Record<string, string>>;
}

const v2 = (operation: string, model: string, extra: Partial<IdeogramRoute> = {}): IdeogramRoute => ({
  path: `/v2/image/${operation}/${model}`,
  async: 'field',
  ...extra,
});

export const ROUTES: Readonly<Record<string, Partial<Record<Operation, IdeogramRoute>>>> = {
  'ideogram-4': {
    generate: v2('generate', 'ideogram-4'),
    remix: v2('remix', 'ideogram-4', { imageField: 'image' }),
  },
  'ideogram-3': {
    generate: v2('generate', 'ideogram-3'),
    // "Omit resolution and aspect_ratio to keep the source image's shape": `auto` is generate's.
    remix: v2('remix', 'ideogram-3', { imageField: 'image', leaveOut: { aspect_ratio: 'auto' } }),
    // "Expand an image to a new Ideogram 3.0 resolution, keeping the source pixels in the center."
    // The v1 page once said "a square image"; neither v1 nor v2 says so any more, so any crop goes.
    reframe: v2('reframe', 'ideogram-3', { imageField: 'image' }),
    // "Returns a generation_id; poll GET /v2/generations/{generation_id}"; the longer side must be at
    // most 3 times the shorter, "wider aspect ratios are rejected with a 400".
    'replace-background': v2('replace-background', 'ideogram-3', { async: 'always', imageField: 'image', maxInputRatio: 3 }),
  },
};

/** A typed model id (e.g. `ideogram-4-5`) is tried on its own generate route: v2 puts the model in the path. */
export function routeFor(model: string, operation: Operation): IdeogramRoute | undefined {
  const known = ROUTES[model];
  if (known) return known[operation];
  return operation === 'generate' && /^[a-z0-9][a-z0-9-]*$/.test(model) ? v2('generate', model) : undefined;
}

/** Schema names that differ from Ideogram's field names (the shared image count is `n`). */
export const WIRE_NAMES: Readonly<Record<string, string>> = { n: 'num_images' };

/** Whether an input of this size can go to this route (Replace Background refuses past 3:1). */
export function inputProblem(model: string, operation: Operation, size: { width: number; height: number }): ParamProblem | undefined {
  const limit = routeFor(model, operation)?.maxInputRatio;
  if (!limit || size.width <= 0 || size.height <= 0) return undefined;
  const ratio = Math.max(size.width, size.height) / Math.min(size.width, size.height);
  return ratio > limit ? { key: 'ideogramInputRatio', subs: [String(limit)] } : undefined;
}
