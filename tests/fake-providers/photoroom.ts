import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodePng, pngSize } from './png';
import type { FakeRequest } from './server';
import { sendJson, holdOpen } from './http';

/**
 * PhotoRoom as documented (https://docs.photoroom.com/api-reference-openapi): the account endpoint
 * on image-api.photoroom.com, and the Remove Background API `POST /v1/segment` on sdk.photoroom.com
 * (header `x-api-key`, multipart `image_file` + option fields, the image bytes back with an
 * `x-uncertainty-score` header, errors as `{ detail, status_code, type }`). A key with `sandbox_` in
 * front of a valid key is accepted too, as PhotoRoom's sandbox mode is; such answers carry
 * `x-fake-sandbox: 1` (the real service watermarks the image instead).
 *
 * `POST /v1/segment` follows the Remove Background API reference (same page, checked 2026-12-03):
 * `multipart/form-data` only, `image_file` required, the documented option fields (format,
 * channels, bg_color, size, crop, despill) and no other; anything else is a 400 in PhotoRoom's
 * error body.
 */
export type PhotoRoomMode =
  | { kind: 'ok'; delayMs?: number }
  | { kind: 'invalid-key' }
  /** 402: out of credit. */
  | { kind: 'quota' }
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'bad-request'; detail: string }
  | { kind: 'server-error' }
  /** 200 that says image/png but whose bytes are not a PNG. */
  | { kind: 'malformed' }
  /** 200 headers and half the image, then the connection is cut. */
  | { kind: 'stall' };

export interface PhotoRoomUpload {
  key: string;
  sandbox: boolean;
  file: { name: string; type: string; bytes: Buffer };
  /** The option fields sent beside the file (format, size, crop…). */
  fields: Record<string, string>;
}

const OPTIONS: Readonly<Record<string, readonly string[]>> = {
  format: ['png', 'jpg', 'webp'],
  channels: ['rgba', 'alpha'],
  size: ['preview', 'medium', 'hd', 'full'],
  crop: ['true', 'false'],
  despill: ['true', 'false'],
};

/** Megapixels per `size` value (preview 0.25 MP, medium 1.5 MP, hd 4 MP, full 36 MP). */
const MAX_PIXELS: Readonly<Record<string, number>> = { preview: 250_000, medium: 1_500_000, hd: 4_000_000, full: 36_000_000 };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export class FakePhotoRoom {
  validKeys = new Set<string>();
  /** Modes for the next segment requests, used in order; then `mode`. */
  queue: PhotoRoomMode[] = [];
  mode: PhotoRoomMode = { kind: 'ok' };
  /** Every background-removal request that reached the fake with a valid key. */
  uploads: PhotoRoomUpload[] = [];
  /** Every cutout this fake sent, in order. */
  sentImages: Buffer[] = [];

  async handle(req: FakeRequest, res: ServerResponse, raw: IncomingMessage): Promise<void> {
    const key = req.headers['x-api-key'];
    if (req.host === 'sdk.photoroom.com' && req.method === 'POST' && req.path === '/v1/segment') return this.segment(req, res, raw, key);
    if (req.method !== 'GET' || req.path !== '/v2/account') {
      return sendJson(res, 404, { detail: 'Not Found', status_code: 404, type: 'not_found' });
    }
    if (!key || !this.validKeys.has(key)) {
      return sendJson(res, 401, { detail: 'Invalid API key', status_code: 401, type: 'unauthorized' });
    }
    sendJson(res, 200, { credits: { available: 100, subscription: 1000 } });
  }

  private isValid(key: string | undefined): boolean {
    if (!key) return false;
    return this.validKeys.has(key) || (key.startsWith('sandbox_') && this.validKeys.has(key.slice('sandbox_'.length)));
  }

  private async segment(req: FakeRequest, res: ServerResponse, raw: IncomingMessage, key: string | undefined): Promise<void> {
    if (!this.isValid(key)) return error(res, 403, 'Invalid API key.', 'invalid_api_key');
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'multipart/form-data') return error(res, 400, `Unsupported content type ${type || '(none)'}: send multipart/form-data.`, 'invalid_content_type');
    const unknown = Object.keys(req.fields).filter((name) => name !== 'image_file' && name !== 'bg_color' && !(name in OPTIONS));
    if (unknown.length) return error(res, 400, `Unknown field: ${unknown.join(', ')}`, 'invalid_parameter');
    const file = req.files.image_file;
    if (!file) return error(res, 400, 'Please provide an image.', 'missing_image');
    for (const [name, allowed] of Object.entries(OPTIONS)) {
      const value = req.fields[name];
      if (value !== undefined && !allowed.includes(value)) return error(res, 400, `Invalid value for ${name}: ${value}`, 'invalid_parameter');
    }
    const sandbox = key!.startsWith('sandbox_');
    const { image_file: _file, ...fields } = req.fields;
    this.uploads.push({ key: key!, sandbox, file, fields });
    const mode = this.queue.shift() ?? this.mode;
    switch (mode.kind) {
      case 'invalid-key':
        return error(res, 403, 'Invalid API key.', 'invalid_api_key');
      case 'quota':
        return error(res, 402, 'API credits exhausted. Visit https://app.photoroom.com/api-dashboard to purchase more API credits', 'payment_required');
      case 'rate-limit':
        res.setHeader('retry-after', String(mode.retryAfterSeconds));
        return error(res, 429, 'Too many requests.', 'rate_limit_exceeded');
      case 'bad-request':
        return error(res, 400, mode.detail, 'invalid_image');
      case 'server-error':
        return error(res, 500, 'Internal server error.', 'internal_error');
      case 'malformed':
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end('<html><body>Service temporarily unavailable</body></html>');
        return;
      case 'stall': {
        const png = this.cutout(file.bytes, fields);
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) });
        res.write(png.subarray(0, Math.floor(png.length / 2)));
        await new Promise((r) => setTimeout(r, 200));
        raw.socket.destroy();
        return;
      }
      case 'ok': {
        if (mode.delayMs) await holdOpen(raw, mode.delayMs);
        if (raw.socket.destroyed) {
          req.aborted = true;
          return;
        }
        const png = this.cutout(file.bytes, fields);
        this.sentImages.push(png);
        req.respondedAt = Date.now();
        res.writeHead(200, {
          'content-type': 'image/png',
          'x-uncertainty-score': '0.12',
          ...(sandbox ? { 'x-fake-sandbox': '1' } : {}),
        });
        res.end(png);
        return;
      }
    }
  }

  /**
   * An RGBA PNG the input's size (when the input is a PNG; 64x48 otherwise), scaled down to the
   * `size` asked for: an opaque ellipse (the "subject") on fully transparent pixels. With
   * `crop=true` the transparent border is trimmed to the ellipse's bounds.
   */
  private cutout(input: Buffer, fields: Record<string, string>): Buffer {
    let { width, height } = input.subarray(0, 8).equals(PNG_SIGNATURE) && input.length >= 24 ? pngSize(input) : { width: 64, height: 48 };
    const limit = MAX_PIXELS[fields.size ?? 'full'] ?? MAX_PIXELS.full!;
    if (width * height > limit) {
      const scale = Math.sqrt(limit / (width * height));
      width = Math.max(1, Math.floor(width * scale));
      height = Math.max(1, Math.floor(height * scale));
    }
    if (fields.crop === 'true') {
      width = Math.max(1, Math.round(width * 0.7));
      height = Math.max(1, Math.round(height * 0.8));
    }
    // Ellipse radii: the whole image when cropped, else 35% x 40% of it around the centre.
    const rx = fields.crop === 'true' ? width / 2 : width * 0.35;
    const ry = fields.crop === 'true' ? height / 2 : height * 0.4;
    const hue = (this.sentImages.length * 53) % 256;
    return encodePng(width, height, (x, y) => {
      const dx = (x + 0.5 - width / 2) / rx;
      const dy = (y + 0.5 - height / 2) / ry;
      return dx * dx + dy * dy <= 1 ? [hue, 120, 255 - hue, 255] : [0, 0, 0, 0];
    });
  }
}


/** PhotoRoom's error body on /v1/segment. */
function error(res: ServerResponse, status: number, detail: string, type: string): void {
  sendJson(res, status, { detail, status_code: status, type });
}

