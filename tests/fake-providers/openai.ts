import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodePng } from './png';
import type { FakeRequest } from './server';
import { sendJson, holdOpen } from './http';

/**
 * OpenAI's Images API: bearer auth, JSON generations, multipart edits, b64_json results, and its
 * error bodies `{ error: { message, type, param, code } }`.
 *
 * Requests are checked as strictly as the real server does, following OpenAI's published OpenAPI
 * document (https://github.com/openai/openai-openapi, schemas CreateImageRequest and
 * CreateImageEditRequest; the same fields as openai-node 6.49's `ImageGenerateParams` and
 * `ImageEditParams`, which are generated from it), checked 2026-12-03: each route's content type,
 * the required fields, the enums, and no field outside the schema (400 `unknown_parameter`).
 */
/** Input tokens the fake counts for each image an edit sends. */
export const FAKE_IMAGE_TOKENS = 256;

export type OpenAIMode =
  | { kind: 'ok'; delayMs?: number; partialDelayMs?: number }
  | { kind: 'invalid-key' }
  | { kind: 'verification' }
  | { kind: 'quota' }
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'moderation' }
  | { kind: 'server-error' }
  | { kind: 'drop' }
  /** 200 whose image data is not base64. */
  | { kind: 'malformed' }
  /** 200 headers and half a body, then the connection is cut. */
  | { kind: 'stall' }
  /** 200 headers and half a body, then nothing more, the connection held open until the client leaves. */
  | { kind: 'stall-open' }
  /** An `error` event in the middle of a stream (or, unstreamed, a 500). */
  | { kind: 'stream-error' }
  /** Plain JSON even when a stream was asked for (a gateway that ignores `stream: true`). */
  | { kind: 'json-only' }
  /** 200, well-formed base64, whose bytes are an HTML page, not an image. */
  | { kind: 'not-image' };

export interface FakeOpenAIModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  shutdown_date?: string | null;
}

export class FakeOpenAI {
  /** Keys the fake accepts; any other bearer token gets 401 invalid_api_key. */
  validKeys = new Set<string>();
  /** Modes for the next requests, used in order; then `mode`. */
  queue: OpenAIMode[] = [];
  mode: OpenAIMode = { kind: 'ok' };
  /** Every image this fake sent, base64, in order. */
  sentImages: string[] = [];
  /**
   * Width and height of the images it answers with, and the `size` it reports; 64 by default (small
   * and quick for tests). The bench sets 1024 or 2048, with grain, so a result weighs what a real one
   * does (a few megabytes) and decodes at a real one's cost.
   */
  answerSide = 64;
  /**
   * What `GET /v1/models` lists, in the published shape: `{object: "list", data: [{id, object:
   * "model", created, owned_by, shutdown_date?}]}`, `shutdown_date` an optional date (YYYY-MM-DD) or
   * null when none is announced (https://developers.openai.com/api/reference/resources/models/methods/list,
   * checked 2026-12-03). The `created` times here are made up; tests replace the list at will.
   */
  models: FakeOpenAIModel[] = [
    { id: 'gpt-image-2', object: 'model', created: 1776729600, owned_by: 'system' },
    { id: 'gpt-image-1', object: 'model', created: 1745452800, owned_by: 'system' },
  ];
  private served = 0;

  async handle(req: FakeRequest, res: ServerResponse, raw: IncomingMessage): Promise<void> {
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (req.path === '/v1/models' && req.method === 'GET') {
      if (!key || !this.validKeys.has(key)) return this.error(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
      return sendJson(res, 200, { object: 'list', data: this.models });
    }
    const isEdit = req.path === '/v1/images/edits';
    if (req.method !== 'POST' || (!isEdit && req.path !== '/v1/images/generations')) {
      return this.error(res, 404, `Invalid URL (${req.method} ${req.path})`, 'invalid_request_error', null);
    }
    if (!key || !this.validKeys.has(key)) return this.error(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
    const problem = imagesRequestProblem(req, isEdit ? 'edits' : 'generations');
    if (problem) return sendJson(res, 400, { error: { type: 'invalid_request_error', ...problem } });
    const mode = this.queue.shift() ?? this.mode;
    switch (mode.kind) {
      case 'invalid-key':
        return this.error(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
      case 'verification':
        return this.error(res, 403, 'Your organization must be verified to use the model `gpt-image-2`. Please go to your organization settings and click on Verify Organization.', 'invalid_request_error', null);
      case 'quota':
        return this.error(res, 429, 'You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', 'insufficient_quota');
      case 'rate-limit':
        res.setHeader('retry-after', String(mode.retryAfterSeconds));
        res.setHeader('x-ratelimit-remaining-requests', '0');
        return this.error(res, 429, 'Rate limit reached for requests.', 'requests', 'rate_limit_exceeded');
      case 'moderation':
        return this.error(res, 400, 'Your request was rejected by the safety system.', 'image_generation_user_error', 'moderation_blocked');
      case 'server-error':
        return this.error(res, 500, 'The server had an error while processing your request.', 'server_error', null);
      case 'drop':
        raw.socket.destroy();
        return;
      case 'malformed':
        return sendJson(res, 200, { created: Math.floor(Date.now() / 1000), data: [{ b64_json: '%%% not base64 %%%' }] });
      case 'stall': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"created": 1, "data": [{"b64_json": "iVBORw0KGgo');
        await new Promise((r) => setTimeout(r, 200));
        raw.socket.destroy();
        return;
      }
      case 'stall-open':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"created": 1, "data": [{"b64_json": "iVBORw0KGgo');
        await holdOpen(raw, 10 * 60_000);
        req.aborted = raw.socket.destroyed;
        return;
      case 'stream-error':
        if (req.fields.stream !== 'true') return this.error(res, 500, 'The server had an error while processing your request.', 'server_error', null);
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'server_error', code: null, message: 'The image could not be finished.', param: null } })}\n\n`);
        return;
      case 'not-image': {
        const page = Buffer.from('<!doctype html><title>Service unavailable</title>').toString('base64');
        if (req.fields.stream !== 'true') return sendJson(res, 200, { created: Math.floor(Date.now() / 1000), data: [{ b64_json: page }] });
        const prefix = req.path === '/v1/images/edits' ? 'image_edit' : 'image_generation';
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(`event: ${prefix}.completed\ndata: ${JSON.stringify({ type: `${prefix}.completed`, b64_json: page, output_format: 'png', size: '1024x1024' })}\n\n`);
        return;
      }
      case 'json-only':
        return this.success(res, { ...req, fields: { ...req.fields, stream: 'false' } }, 0, raw);
      case 'ok':
        if (mode.delayMs) await holdOpen(raw, mode.delayMs);
        if (raw.socket.destroyed) {
          req.aborted = true;
          return;
        }
        return this.success(res, req, mode.partialDelayMs ?? 0, raw);
    }
  }

  private image(): string {
    const [r, g, b] = hsl((this.served++ * 67) % 360);
    const side = this.answerSide;
    const half = side / 2;
    if (side <= 64) return encodePng(side, side, (x, y) => [r, g, b, x < half === y < half ? 255 : 200]).toString('base64');
    // Grain in the low bits: a photo-like image compresses about as poorly as a real result.
    let seed = this.served * 2654435761;
    const grain = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 27);
    return encodePng(side, side, (x, y) => [(r + grain()) & 255, (g + grain()) & 255, (b + grain()) & 255, x < half === y < half ? 255 : 200]).toString('base64');
  }

  private get sizeField(): string {
    return this.answerSide > 64 ? `${this.answerSide}x${this.answerSide}` : '1024x1024';
  }

  /**
   * The answer's token counts (ImagesResponse `usage`, same OpenAPI document): the image's output
   * tokens are what OpenAI's per-image price for gpt-image-2 at medium, 1024² ($0.053) buys at its
   * output rate ($30 per million), scaled by pixels; input text tokens one per four characters of
   * the prompt; input image tokens a stand-in per image sent (the real count depends on the image
   * and the fidelity; the spec fixes only the shape).
   */
  private usage(req: FakeRequest, images: number): object {
    const output = Math.round((1767 * this.answerPixels) / (1024 * 1024)) * images;
    const text = Math.ceil((req.fields.prompt ?? '').length / 4);
    const image = FAKE_IMAGE_TOKENS * ((req.fileList.image?.length ?? 0) + (req.fileList['image[]']?.length ?? 0));
    return { input_tokens: text + image, input_tokens_details: { image_tokens: image, text_tokens: text }, output_tokens: output, total_tokens: text + image + output };
  }

  private get answerPixels(): number {
    return this.answerSide > 64 ? this.answerSide * this.answerSide : 1024 * 1024;
  }

  /** Server-sent events as the Images API streams them: partial images, then the completed one. */
  private async stream(res: ServerResponse, req: FakeRequest, partialDelayMs: number, raw: IncomingMessage): Promise<void> {
    const prefix = req.path === '/v1/images/edits' ? 'image_edit' : 'image_generation';
    const partials = Math.max(0, Math.min(3, Number(req.fields.partial_images ?? 0) || 0));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const common = { background: 'opaque', created_at: Math.floor(Date.now() / 1000), output_format: 'png', quality: 'medium', size: this.sizeField };
    for (let i = 0; i < partials; i++) {
      const event = { type: `${prefix}.partial_image`, b64_json: this.image(), partial_image_index: i, ...common };
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      if (partialDelayMs) await holdOpen(raw, partialDelayMs);
    }
    const b64 = this.image();
    this.sentImages.push(b64);
    const done = {
      type: `${prefix}.completed`,
      b64_json: b64,
      ...common,
      usage: this.usage(req, 1),
    };
    res.end(`event: ${done.type}\ndata: ${JSON.stringify(done)}\n\n`);
    req.respondedAt = Date.now();
  }

  private async success(res: ServerResponse, req: FakeRequest, partialDelayMs: number, raw: IncomingMessage): Promise<void> {
    if (req.fields.stream === 'true') return this.stream(res, req, partialDelayMs, raw);
    const n = Math.max(1, Math.min(10, Number(req.fields.n ?? 1) || 1));
    const data = Array.from({ length: n }, () => {
      const b64 = this.image();
      this.sentImages.push(b64);
      return { b64_json: b64 };
    });
    sendJson(res, 200, {
      created: Math.floor(Date.now() / 1000),
      data,
      background: 'opaque',
      output_format: 'png',
      quality: 'medium',
      size: this.sizeField,
      usage: this.usage(req, n),
    });
    // Once the answer is written, as for a stream (the bench's clock for "answer sent").
    req.respondedAt = Date.now();
  }

  private error(res: ServerResponse, status: number, message: string, type: string, code: string | null): void {
    sendJson(res, status, { error: { message, type, param: null, code } });
  }
}



type FieldRule = { kind: 'string' } | { kind: 'enum'; values: readonly string[] } | { kind: 'int'; min: number; max: number } | { kind: 'bool' } | { kind: 'file' };

const str = { kind: 'string' } as const;
const oneOf = (...values: string[]): FieldRule => ({ kind: 'enum', values });
const int = (min: number, max: number): FieldRule => ({ kind: 'int', min, max });

/** Fields both routes share (CreateImageRequest ∩ CreateImageEditRequest). */
const SHARED: Record<string, FieldRule> = {
  prompt: str,
  model: str,
  background: oneOf('transparent', 'opaque', 'auto'),
  n: int(1, 10),
  output_compression: int(0, 100),
  output_format: oneOf('png', 'jpeg', 'webp'),
  partial_images: int(0, 3),
  response_format: oneOf('url', 'b64_json'),
  size: str,
  stream: { kind: 'bool' },
  user: str,
};

/** Each route: its one content type, its required fields and every field it takes. */
export const IMAGES_ROUTES = {
  generations: {
    contentType: 'application/json',
    required: ['prompt'],
    fields: { ...SHARED, moderation: oneOf('low', 'auto'), quality: oneOf('standard', 'hd', 'low', 'medium', 'high', 'auto'), style: oneOf('vivid', 'natural') },
  },
  edits: {
    contentType: 'multipart/form-data',
    required: ['prompt', 'image'],
    // `image` is one file or an array of them (sent as repeated `image[]` parts).
    fields: { ...SHARED, image: { kind: 'file' }, 'image[]': { kind: 'file' }, mask: { kind: 'file' }, input_fidelity: oneOf('high', 'low'), quality: oneOf('standard', 'low', 'medium', 'high', 'auto') },
  },
} as const satisfies Record<string, { contentType: string; required: readonly string[]; fields: Record<string, FieldRule> }>;

interface OpenAIProblem {
  message: string;
  param: string | null;
  code: string | null;
}

/** What OpenAI answers a request that does not follow its route's schema (400), or undefined. */
export function imagesRequestProblem(req: FakeRequest, route: keyof typeof IMAGES_ROUTES): OpenAIProblem | undefined {
  const spec = IMAGES_ROUTES[route];
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== spec.contentType) {
    return { message: `Invalid Content-Type header (${type || 'none'}), expected ${spec.contentType}.`, param: null, code: 'invalid_content_type' };
  }
  const multipart = spec.contentType === 'multipart/form-data';
  if (!multipart && (typeof req.json !== 'object' || req.json === null || Array.isArray(req.json))) {
    return { message: 'We could not parse the JSON body of your request.', param: null, code: null };
  }
  const values: Record<string, unknown> = multipart ? { ...req.fields } : (req.json as Record<string, unknown>);
  const rules: Record<string, FieldRule> = spec.fields;
  for (const [name, value] of Object.entries(values)) {
    const rule = rules[name];
    if (!rule) return { message: `Unknown parameter: '${name}'.`, param: name, code: 'unknown_parameter' };
    if (value === null) continue;
    const isFile = multipart && name in req.files;
    const text = multipart && typeof value !== 'string' ? JSON.stringify(value) : value;
    const wrongType = (expected: string): OpenAIProblem => ({ message: `Invalid type for '${name}': expected ${expected}.`, param: name, code: 'invalid_type' });
    switch (rule.kind) {
      case 'file':
        if (!isFile) return wrongType('a file');
        break;
      case 'string':
        if (isFile || typeof text !== 'string') return wrongType('a string');
        break;
      case 'enum':
        if (isFile || typeof text !== 'string' || !rule.values.includes(text)) {
          return { message: `Invalid value: '${typeof text === 'string' ? text : JSON.stringify(text)}'. Supported values are: ${rule.values.map((v) => `'${v}'`).join(', ')}.`, param: name, code: 'invalid_value' };
        }
        break;
      case 'int': {
        const n = typeof text === 'string' && /^-?\d+$/.test(text) ? Number(text) : text;
        if (typeof n !== 'number' || !Number.isInteger(n)) return wrongType('an integer');
        if (n < rule.min || n > rule.max) return { message: `Invalid '${name}': integer ${n} is out of range (${rule.min} to ${rule.max}).`, param: name, code: 'integer_out_of_range' };
        break;
      }
      case 'bool':
        if (!(typeof text === 'boolean' || text === 'true' || text === 'false')) return wrongType('a boolean');
        break;
    }
  }
  for (const name of spec.required) {
    const present = name === 'image' ? 'image' in values || 'image[]' in values : name in values && values[name] !== '';
    if (!present) return { message: `Missing required parameter: '${name}'.`, param: name, code: 'missing_required_parameter' };
  }
  return multipart ? (imagesProblem(req) ?? maskProblem(req)) : undefined;
}

/**
 * The edit's images: "You can provide up to 16 images", each "a png, webp, or jpg file less than
 * 50MB" (createEdit, read 2026-12-05).
 */
function imagesProblem(req: FakeRequest): OpenAIProblem | undefined {
  const images = [...(req.fileList.image ?? []), ...(req.fileList['image[]'] ?? [])];
  if (images.length > 16) return { message: `Invalid 'image': too many images (${images.length}); at most 16 can be provided.`, param: 'image', code: 'invalid_image_count' };
  const big = images.find((image) => image.bytes.length >= 50 * 1024 * 1024);
  return big ? { message: 'Invalid image: each image must be less than 50MB.', param: 'image', code: 'invalid_image_file' } : undefined;
}

const PNG_SIGNATURE = '89504e470d0a1a0a';

/**
 * The edit's `mask`, as the API reference describes it (createEdit, read 2026-12-05): "An additional
 * image whose fully transparent areas (e.g. where alpha is zero) indicate where the image should be
 * edited … Must be a valid PNG file, less than 4MB, and have the same dimensions as the image." So a
 * mask without an alpha channel (PNG colour types 4 and 6 carry one), of another size, or too large
 * is refused.
 */
function maskProblem(req: FakeRequest): OpenAIProblem | undefined {
  const mask = req.files.mask?.bytes;
  if (!mask) return undefined;
  const invalid = (message: string): OpenAIProblem => ({ message, param: 'mask', code: 'invalid_image_file' });
  if (mask.subarray(0, 8).toString('hex') !== PNG_SIGNATURE) return invalid('Invalid mask: the mask must be a PNG file.');
  if (mask.length >= 4 * 1024 * 1024) return invalid('Invalid mask: the mask must be less than 4MB.');
  if (![4, 6].includes(mask[25]!)) return invalid('Invalid mask: the mask must have an alpha channel.');
  const image = (req.files.image ?? req.files['image[]'])?.bytes;
  const size = (png: Buffer) => `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
  if (image && image.subarray(0, 8).toString('hex') === PNG_SIGNATURE && size(image) !== size(mask)) {
    return invalid(`Invalid mask: the mask (${size(mask)}) must have the same dimensions as the image (${size(image)}).`);
  }
  return undefined;
}

function hsl(h: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (0.5 - 0.5 * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}
