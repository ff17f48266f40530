import { headerSize } from '../../utils/image/dimensions';
import type { FakeRequest } from './server';
import { decodePng } from './png';

/**
 * The request bodies of the Ideogram routes Pictor calls, as Ideogram's OpenAPI document declares
 * them (https://api.ideogram.ai/openapi.json, snapshot of 2026-10-07): per route, the content types
 * its requestBody lists, every field its schema has (anything else is refused), the required ones,
 * enum values and ranges, and the combinations the schema's descriptions call a 400. The enums of
 * aspect_ratio and style_type are not in the parts of the document read for this; they follow the v2
 * reference pages (developer.ideogram.ai/api-reference/images/…, checked 2026-11).
 */

type Rule =
  | { kind: 'text'; min?: number; max: number; pattern?: RegExp }
  | { kind: 'string' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'bool' }
  /** An uploaded file (multipart only), repeated up to `max` times. */
  | { kind: 'file'; max: number }
  /** A JSON value (asset identifiers, palettes, style codes): present or not, not looked into. */
  | { kind: 'json' };

type ContentType = 'application/json' | 'multipart/form-data';

export interface RouteSpec {
  types: readonly ContentType[];
  fields: Readonly<Record<string, Rule>>;
  required: readonly string[];
  /** Combinations the document calls a 400, as Ideogram's words; undefined when none applies. */
  check?(body: Body, req: FakeRequest): string | undefined;
}

/** A request's fields as the route sees them: present names, their values as text, files. */
export interface Body {
  has(name: string): boolean;
  text(name: string): string | undefined;
}

const SEED: Rule = { kind: 'int', min: 0, max: 2_147_483_647 };
const SPEED: Rule = { kind: 'enum', values: ['turbo', 'default', 'quality'] };
const MAGIC: Rule = { kind: 'enum', values: ['auto', 'on', 'off'] };
const NUM_IMAGES: Rule = { kind: 'int', min: 1, max: 8 };
const PROMPT: Rule = { kind: 'text', min: 1, max: 10_000 };
const BOOL: Rule = { kind: 'bool' };
const STRING: Rule = { kind: 'string' };
const JSON_VALUE: Rule = { kind: 'json' };
const COMMON = { async: BOOL, private: BOOL, enable_copyright_detection: BOOL, target_collection_id: STRING, webhook_url: STRING } as const;

const RATIOS = ['1x1', '16x9', '9x16', '4x3', '3x4', '3x2', '2x3', '16x10', '10x16', '5x4', '4x5', '2x1', '1x2', '3x1', '1x3'];
const STYLE_TYPES = ['auto', 'general', 'realistic', 'design', 'fiction'];
// ResolutionV3.
const RESOLUTION_V3 = [
  '512x1536', '576x1408', '576x1472', '576x1536', '640x1344', '640x1408', '640x1472', '640x1536', '704x1152', '704x1216', '704x1280', '704x1344', '704x1408', '704x1472',
  '736x1312', '768x1088', '768x1216', '768x1280', '768x1344', '800x1280', '832x960', '832x1024', '832x1088', '832x1152', '832x1216', '832x1248', '864x1152', '896x960',
  '896x1024', '896x1088', '896x1120', '896x1152', '960x832', '960x896', '960x1024', '960x1088', '1024x832', '1024x896', '1024x960', '1024x1024', '1088x768', '1088x832',
  '1088x896', '1088x960', '1120x896', '1152x704', '1152x832', '1152x864', '1152x896', '1216x704', '1216x768', '1216x832', '1248x832', '1280x704', '1280x768', '1280x800',
  '1312x736', '1344x640', '1344x704', '1344x768', '1408x576', '1408x640', '1408x704', '1472x576', '1472x640', '1472x704', '1536x512', '1536x576', '1536x640',
];
// ResolutionV4 (1K and 2K).
const RESOLUTION_V4 = [
  '2048x2048', '1440x2880', '2880x1440', '1664x2496', '2496x1664', '1792x2240', '2240x1792', '1440x2560', '2560x1440', '1600x2560', '2560x1600', '1728x2304', '2304x1728',
  '1296x3168', '3168x1296', '1152x2944', '2944x1152', '1248x3328', '3328x1248', '1280x3072', '3072x1280', '1024x3072', '3072x1024', '1024x1024', '896x1120', '1120x896',
  '864x1152', '1152x864', '832x1248', '1248x832', '800x1280', '1280x800', '720x1280', '1280x720', '720x1440', '1440x720', '512x1536', '1536x512',
];
// GenerateImageIdeogram45Request `size`: without source images, one of the 1K/2K presets its
// description lists.
const SIZES_V45 = [
  '2048x2048', '1792x2240', '2240x1792', '1728x2304', '2304x1728', '1664x2496', '2496x1664', '1440x2560', '2560x1440', '1600x2560', '2560x1600', '1440x2880', '2880x1440',
  '1280x3072', '3072x1280', '1248x3328', '3328x1248', '1152x2944', '2944x1152', '1296x3168', '3168x1296', '1024x3072', '3072x1024',
  '1024x1024', '896x1120', '1120x896', '864x1152', '1152x864', '832x1248', '1248x832', '800x1280', '1280x800', '720x1280', '1280x720', '720x1440', '1440x720',
];

const STYLE_V3 = {
  color_palette: JSON_VALUE,
  style_codes: JSON_VALUE,
  style_preset: STRING,
  style_reference_asset_identifiers: JSON_VALUE,
  style_reference_images: { kind: 'file', max: 10 },
} as const;

/** "Supply this or `image`, never both": one source image, uploaded or by reference. */
function oneSource(body: Body): string | undefined {
  const count = Number(body.has('image')) + Number(body.has('image_asset_identifier'));
  return count === 1 ? undefined : 'Supply exactly one of image or image_asset_identifier.';
}

/** A style preset "cannot be combined with style codes or style references". */
function oneStyle(body: Body): string | undefined {
  const styles = ['style_preset', 'style_codes', 'style_reference_images', 'style_reference_asset_identifiers'].filter((n) => body.has(n));
  return styles.length > 1 && body.has('style_preset') ? `style_preset cannot be combined with ${styles.filter((n) => n !== 'style_preset').join(', ')}.` : undefined;
}

const sizeOf = (value: string | undefined) => {
  const m = value ? /^(\d+)x(\d+)$/.exec(value) : null;
  return m ? { width: Number(m[1]), height: Number(m[2]) } : undefined;
};

/** The uploaded source's shape, from its header. */
function sourceSize(req: FakeRequest): { width: number; height: number } | undefined {
  const image = req.files.image;
  return image ? (headerSize(new Uint8Array(image.bytes)) ?? undefined) : undefined;
}

/**
 * "Make the mask the same width and height as the image"; Precise Edit "rounds in-between values to
 * the nearer of the two and needs both colors in the mask" (masked-edits guide,
 * https://developer.ideogram.ai/ideogram-api/masked-edits, read 2026-12-05). The colours are read
 * from PNG masks (what Pictor sends); other formats are checked for size only.
 */
function maskProblem(maskBytes: Buffer, imageBytes: Buffer, bothColours: boolean): string | undefined {
  const mask = headerSize(new Uint8Array(maskBytes));
  const image = headerSize(new Uint8Array(imageBytes));
  if (!mask || (image && (mask.width !== image.width || mask.height !== image.height))) return 'The mask must have the same width and height as the image.';
  if (!bothColours || maskBytes.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') return undefined;
  const { width, height, rgba } = decodePng(maskBytes);
  let black = false;
  let white = false;
  for (let y = 0; y < height && !(black && white); y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = rgba(x, y);
      if ((r! + g! + b!) / 3 < 128) black = true;
      else white = true;
    }
  }
  return black && white ? undefined : 'The mask must contain both black (the area to edit) and white (the area to keep).';
}

export const IDEOGRAM_ROUTES: Readonly<Record<string, RouteSpec>> = {
  // GenerateImageIdeogramV4Request; the route declares application/json only.
  '/v2/image/generate/ideogram-4': {
    types: ['application/json'],
    fields: { ...COMMON, magic_prompt: MAGIC, num_images: NUM_IMAGES, prompt: PROMPT, rendering_speed: SPEED, resolution: { kind: 'enum', values: RESOLUTION_V4 }, seed: SEED },
    required: ['prompt'],
  },
  // GenerateImageIdeogram45Request.
  '/v2/image/generate/ideogram-4-5': {
    types: ['application/json', 'multipart/form-data'],
    fields: {
      ...COMMON,
      image_asset_identifiers: JSON_VALUE,
      images: { kind: 'file', max: 5 },
      magic_prompt: MAGIC,
      mask: { kind: 'file', max: 1 },
      num_images: NUM_IMAGES,
      prompt: PROMPT,
      quality: { kind: 'enum', values: ['very_low', 'low', 'medium', 'high'] },
      seed: SEED,
      size: STRING,
    },
    required: ['prompt'],
    check(body, req) {
      const sources = (req.parts ?? []).filter((p) => p === 'images').length || (body.has('image_asset_identifiers') ? 1 : 0);
      if (body.text('quality') === 'very_low' && !sources) return '`very_low` quality requires source images.';
      if (body.has('mask')) {
        if (!sources) return 'A mask needs source images.';
        if (body.has('size')) return 'With a mask, size cannot be set.';
        if (sources > 4) return 'A masked request can include at most three other source images.';
        const problem = req.files.images ? maskProblem(req.files.mask!.bytes, req.files.images.bytes, false) : undefined;
        if (problem) return problem;
      }
      const size = body.text('size');
      if (size === undefined || size === 'auto') return undefined;
      if (size === 'source') return sources ? undefined : '"source" size requires source images.';
      const exact = sizeOf(size);
      if (!exact) return `Invalid size: ${size}`;
      if (!sources) return SIZES_V45.includes(size) ? undefined : `Size ${size} is not a supported preset.`;
      const { width, height } = exact;
      const ok = width % 32 === 0 && height % 32 === 0 && Math.min(width, height) >= 256 && width * height <= 2048 * 2048 && Math.max(width, height) / Math.min(width, height) <= 6;
      return ok ? undefined : `Size ${size} is out of range.`;
    },
  },
  // Precise Edit with Ideogram 4.5: not in the OpenAPI snapshot above; its reference page and the
  // masked-edits guide (https://developer.ideogram.ai/api-reference/images/precise-edit/ideogram-4-5,
  // https://developer.ideogram.ai/ideogram-api/masked-edits, read 2026-12-05): multipart, `image`
  // required, an optional `mask` (black = edit, white = keep, the image's width and height, "needs
  // both colors"), up to 4 `reference_images` (3 with a mask), `quality`, `num_images`, `seed`, and
  // the v2 routes' async / webhook fields. No `size`: the result keeps the image's size.
  '/v2/image/precise-edit/ideogram-4-5': {
    types: ['multipart/form-data'],
    fields: {
      ...COMMON,
      image: { kind: 'file', max: 1 },
      mask: { kind: 'file', max: 1 },
      num_images: NUM_IMAGES,
      prompt: PROMPT,
      quality: { kind: 'enum', values: ['very_low', 'low', 'medium', 'high'] },
      reference_images: { kind: 'file', max: 4 },
      seed: SEED,
    },
    required: ['prompt', 'image'],
    check(body, req) {
      if (!body.has('mask')) return undefined;
      if ((req.parts ?? []).filter((p) => p === 'reference_images').length > 3) return 'With a mask, at most 3 reference images can be sent.';
      return maskProblem(req.files.mask!.bytes, req.files.image!.bytes, true);
    },
  },
  // GenerateImageIdeogramV3Request.
  '/v2/image/generate/ideogram-3': {
    types: ['application/json', 'multipart/form-data'],
    fields: {
      ...COMMON,
      ...STYLE_V3,
      aspect_ratio: { kind: 'enum', values: ['auto', ...RATIOS] },
      magic_prompt: MAGIC,
      negative_prompt: { kind: 'text', max: 10_000 },
      num_images: NUM_IMAGES,
      prompt: PROMPT,
      rendering_speed: SPEED,
      resolution: { kind: 'enum', values: RESOLUTION_V3 },
      seed: SEED,
      style_reference_collection_id: STRING,
      style_reference_collection_version_id: STRING,
      style_type: { kind: 'enum', values: STYLE_TYPES },
    },
    required: ['prompt'],
    check: oneStyle,
  },
  // RemixImageIdeogramV4Request: no seed, no magic_prompt.
  '/v2/image/remix/ideogram-4': {
    types: ['application/json', 'multipart/form-data'],
    fields: {
      ...COMMON,
      image: { kind: 'file', max: 1 },
      image_asset_identifier: JSON_VALUE,
      image_weight: { kind: 'int', min: 1, max: 100 },
      num_images: NUM_IMAGES,
      prompt: PROMPT,
      rendering_speed: SPEED,
      resolution: { kind: 'enum', values: RESOLUTION_V4 },
    },
    required: ['prompt'],
    check(body, req) {
      const source = oneSource(body);
      if (source) return source;
      // "combining `image_weight` with a `resolution` whose aspect ratio differs from the source's is
      // rejected with a 400."
      const target = sizeOf(body.text('resolution'));
      const from = sourceSize(req);
      if (body.has('image_weight') && target && from) {
        const ratio = from.width / from.height;
        if (Math.abs(target.width / target.height - ratio) / ratio > 0.01) return 'image_weight cannot be combined with a resolution whose aspect ratio differs from the source image.';
      }
      return undefined;
    },
  },
  // RemixImageIdeogramV3Request: AspectRatioV3 has no `auto`.
  '/v2/image/remix/ideogram-3': {
    types: ['application/json', 'multipart/form-data'],
    fields: {
      ...COMMON,
      ...STYLE_V3,
      aspect_ratio: { kind: 'enum', values: RATIOS },
      image: { kind: 'file', max: 1 },
      image_asset_identifier: JSON_VALUE,
      image_weight: { kind: 'int', min: 1, max: 100 },
      magic_prompt: MAGIC,
      negative_prompt: { kind: 'text', max: 10_000 },
      num_images: NUM_IMAGES,
      prompt: PROMPT,
      rendering_speed: SPEED,
      resolution: { kind: 'enum', values: RESOLUTION_V3 },
      seed: SEED,
      style_reference_collection_id: STRING,
      style_reference_collection_version_id: STRING,
      style_type: { kind: 'enum', values: STYLE_TYPES },
    },
    required: ['prompt'],
    check: (body) => oneSource(body) ?? oneStyle(body),
  },
  // ReframeImageIdeogramV3Request: additionalProperties false; no prompt, no private.
  '/v2/image/reframe/ideogram-3': {
    types: ['application/json', 'multipart/form-data'],
    fields: {
      ...STYLE_V3,
      async: BOOL,
      image: { kind: 'file', max: 1 },
      image_asset_identifier: JSON_VALUE,
      num_images: NUM_IMAGES,
      rendering_speed: SPEED,
      resolution: { kind: 'enum', values: RESOLUTION_V3 },
      seed: SEED,
    },
    required: ['resolution'],
    check: (body) => oneSource(body) ?? oneStyle(body),
  },
  // ReplaceBackgroundIdeogramV3Request: always asynchronous, so no `async`.
  '/v2/image/replace-background/ideogram-3': {
    types: ['application/json', 'multipart/form-data'],
    fields: {
      image: { kind: 'file', max: 1 },
      image_asset_identifier: JSON_VALUE,
      num_images: NUM_IMAGES,
      private: BOOL,
      prompt: { kind: 'text', min: 1, max: 4000, pattern: /\S/ },
      rendering_speed: SPEED,
      webhook_url: STRING,
    },
    required: ['prompt'],
    check(body, req) {
      const source = oneSource(body);
      if (source) return source;
      // "The longer side must be at most 3 times the shorter side; wider aspect ratios are rejected
      // with a 400."
      const from = sourceSize(req);
      if (from && Math.max(from.width, from.height) > 3 * Math.min(from.width, from.height)) return 'The image is too elongated: its longer side must be at most 3 times its shorter side.';
      return undefined;
    },
  },
};

/**
 * What is wrong with a request to a route, or undefined. `schema`: the body does not match the
 * route's schema (content type, fields, types, values); otherwise a combination the route refuses.
 */
export function validate(spec: RouteSpec, req: FakeRequest): { status: number; detail: string; schema: boolean } | undefined {
  const problem = schemaProblem(spec, req);
  if (problem) return { ...problem, schema: true };
  const names = req.json !== undefined ? Object.keys(req.json as object) : (req.parts ?? []);
  const isJson = req.json !== undefined;
  const body: Body = {
    has: (n) => names.includes(n),
    text: (n) => (!names.includes(n) ? undefined : isJson ? String((req.json as Record<string, unknown>)[n]) : req.fields[n]),
  };
  const combination = spec.check?.(body, req);
  return combination ? { status: 400, detail: combination, schema: false } : undefined;
}

function schemaProblem(spec: RouteSpec, req: FakeRequest): { status: number; detail: string } | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() as ContentType;
  if (!spec.types.includes(type)) return { status: 415, detail: `Invalid Content-type (${type || 'none'}), expected ${spec.types.join(' or ')}` };
  const isJson = type === 'application/json';
  const json = isJson ? req.json : undefined;
  if (isJson && (typeof json !== 'object' || json === null || Array.isArray(json))) return { status: 400, detail: 'The request body is not a JSON object' };
  const names = isJson ? Object.keys(json as object) : (req.parts ?? []);
  const raw = (name: string): unknown => (isJson ? (json as Record<string, unknown>)[name] : req.fields[name]);
  for (const name of new Set(names)) {
    const rule = spec.fields[name];
    if (!rule) return { status: 400, detail: `Additional properties are not allowed ('${name}' was unexpected)` };
    const count = names.filter((n) => n === name).length;
    if (rule.kind === 'file') {
      if (isJson) return { status: 400, detail: `'${name}' is an upload: multipart requests only` };
      if (!req.files[name]) return { status: 400, detail: `'${name}' must be a file` };
      if (count > rule.max) return { status: 400, detail: `'${name}' takes at most ${rule.max} files` };
      continue;
    }
    if (count > 1 && rule.kind !== 'json') return { status: 400, detail: `'${name}' was sent ${count} times` };
    if (!isJson && req.files[name]) return { status: 400, detail: `'${name}' must not be a file` };
    const problem = valueProblem(rule, raw(name), isJson);
    if (problem) return { status: 400, detail: `'${name}': ${problem}` };
  }
  for (const name of spec.required) if (!names.includes(name)) return { status: 400, detail: `'${name}' is a required property` };
  return undefined;
}

/** Multipart values are text; JSON ones keep their type, which must be the schema's. */
function valueProblem(rule: Rule, value: unknown, isJson: boolean): string | undefined {
  switch (rule.kind) {
    case 'json':
      return undefined;
    case 'string':
      return typeof value === 'string' ? undefined : 'is not a string';
    case 'text': {
      if (typeof value !== 'string') return 'is not a string';
      if (value.length < (rule.min ?? 0)) return `is shorter than ${rule.min}`;
      if (value.length > rule.max) return `is longer than ${rule.max}`;
      return rule.pattern && !rule.pattern.test(value) ? `does not match ${rule.pattern}` : undefined;
    }
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value) ? undefined : `${JSON.stringify(value)} is not one of ${JSON.stringify(rule.values)}`;
    case 'bool':
      if (isJson) return typeof value === 'boolean' ? undefined : 'is not of type boolean';
      return value === 'true' || value === 'false' ? undefined : 'is not of type boolean';
    case 'int': {
      const n = isJson ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
      if (typeof n !== 'number' || !Number.isInteger(n)) return 'is not of type integer';
      return n < rule.min || n > rule.max ? `${n} is not between ${rule.min} and ${rule.max}` : undefined;
    }
    case 'file':
      return undefined;
  }
}
