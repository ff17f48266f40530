import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { encodePng } from './png';
import type { FakeRequest } from './server';
import { sendJson, holdOpen } from './http';
import { IDEOGRAM_ROUTES, validate, type RouteSpec } from './ideogram-spec';

/**
 * Ideogram's API as its OpenAPI document declares it (https://api.ideogram.ai/openapi.json,
 * snapshot of 2026-10-07) and its v2 reference pages describe it (developer.ideogram.ai, checked
 * 2026-11): header `Api-Key`; `POST /v2/image/{operation}/{model}` for the routes Pictor calls, each
 * held to its own schema (ideogram-spec.ts: content types, fields, required ones, values, counts, the
 * combinations it refuses); any other path is 404. With `async=true` (and always for Replace
 * Background) the answer is `{generation_id, seed}`, polled at `GET /v2/generations/{id}` (pending,
 * then completed with `data`, or failed with `failure_reason`); without it, `{created, data}` at once.
 * Results are links on ideogram.ai (`/api/images/ephemeral/<id>.png?exp=…&sig=…`) that expire;
 * `is_image_safe: false` items carry no link.
 *
 * Error bodies: 402 and 429 are a GenerationErrorResponse `{error, reject_reason}` (plus
 * `max_inflight_requests` and `task_completion_speed` for `inflight_limit`); 401, 422 and a refused
 * combination `{"error": "..."}`. The document gives no body for a request that does not match its
 * schema; the fake answers those as the server framework the document names
 * (x-openapi-router-controller: Connexion) does, 400 or 415 `application/problem+json`
 * `{type, title, detail, status}`.
 * Plus the key listing behind "Test key": 401 for a bad key, 404 for a valid non-admin key.
 */
export type IdeogramMode =
  | {
      kind: 'ok';
      /** Of the images asked for, how many come back withheld (`is_image_safe: false`). */
      unsafe?: number;
      format?: 'png' | 'jpeg';
      /** The content-type the image host labels results with (default: the real one). */
      contentType?: string;
      /** The POST's answer is held back this long (Cancel tests); stops early if the client leaves. */
      delayMs?: number;
    }
  | { kind: 'invalid-key' }
  | { kind: 'quota' }
  /** 429 with a limit of the account that does not clear soon. */
  | { kind: 'limit'; reason: 'daily_limit' | 'feature_limit' }
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'server-error' }
  /** 422: "The prompt did not pass safety checks." */
  | { kind: 'safety' }
  | { kind: 'bad-request'; message: string }
  /** 200 whose body is not JSON. */
  | { kind: 'malformed' }
  /** 200 headers and part of the body, then the connection is cut. */
  | { kind: 'stall' }
  /** Accepted, then the generation ends `failed` with this reason. */
  | { kind: 'failed'; reason: string };

/** What one poll or one image download answers instead of the normal answer. */
export type IdeogramHiccup =
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'server-error' }
  /** Image downloads only: headers and half the image, then the connection is cut. */
  | { kind: 'drop' };


interface Generation {
  id: string;
  created: string;
  seed: number;
  n: number;
  unsafe: number;
  format: 'png' | 'jpeg';
  contentType?: string;
  pendingLeft: number;
  failed?: string;
  data?: object[];
}

export class FakeIdeogram {
  validKeys = new Set<string>();
  adminKeys = new Set<string>();
  /** Modes for the next image requests (POSTs), used in order; then `mode`. */
  queue: IdeogramMode[] = [];
  mode: IdeogramMode = { kind: 'ok' };
  /** Polls a generation answers `pending` before it completes. */
  pendingPolls = 2;
  /** How long result links work after the generation completes; then ideogram.ai answers 403. */
  imageTtlMs = 60_000;
  /** Answers for the next polls, in order, before the normal one. */
  pollQueue: IdeogramHiccup[] = [];
  /** Answers for the next image downloads, in order, before the normal one. */
  downloadQueue: IdeogramHiccup[] = [];
  /** Every image the image host served, in order. */
  served: Buffer[] = [];
  readonly generations = new Map<string, Generation>();
  private readonly images = new Map<string, { bytes: Buffer; type: string; expiresAt: number }>();
  private count = 0;

  async handle(req: FakeRequest, res: ServerResponse): Promise<void> {
    if (req.host === 'ideogram.ai') return this.image(req, res);
    const key = req.headers['api-key'];
    const known = !!key && (this.validKeys.has(key) || this.adminKeys.has(key));
    if (req.method === 'GET' && req.path === '/v2/account/api-keys') {
      if (!known) return sendJson(res, 401, { error: 'Unauthorized' });
      if (!this.adminKeys.has(key)) return sendJson(res, 404, { error: 'No organization with billing access was found for this credential.' });
      return sendJson(res, 200, { api_keys: [{ api_key_id: 'a2V5LTE=', redacted_api_key: `${key.slice(0, 4)}…`, creation_time: '2026-01-01T00:00:00Z' }] });
    }
    const poll = /^\/v2\/generations\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && poll) return known ? this.poll(req, res, decodeURIComponent(poll[1]!)) : sendJson(res, 401, { error: 'Unauthorized' });
    const spec = IDEOGRAM_ROUTES[req.path];
    if (req.method !== 'POST' || !spec) return sendJson(res, 404, { error: 'Not found' });
    if (!known) return sendJson(res, 401, { error: 'Unauthorized' });
    return this.start(req, res, spec);
  }

  private async start(req: FakeRequest, res: ServerResponse, spec: RouteSpec): Promise<void> {
    const mode = this.queue.shift() ?? this.mode;
    if (mode.kind === 'invalid-key') return sendJson(res, 401, { error: 'Unauthorized' });
    // A request the route would refuse is refused whatever the test armed, as Ideogram checks it first.
    const problem = validate(spec, req);
    if (problem?.schema) {
      const title = problem.status === 415 ? 'Unsupported Media Type' : 'Bad Request';
      return sendJson(res, problem.status, { type: 'about:blank', title, detail: problem.detail, status: problem.status }, 'application/problem+json');
    }
    if (problem) return sendJson(res, 400, { error: problem.detail });
    switch (mode.kind) {
      case 'quota':
        return sendJson(res, 402, { error: 'Add a payment method and credits to use this API key.', reject_reason: 'insufficient_funds' });
      case 'limit':
        return sendJson(res, 429, { error: mode.reason === 'daily_limit' ? 'Daily generation limit reached.' : 'This feature is not available on your plan.', reject_reason: mode.reason });
      case 'rate-limit':
        res.setHeader('retry-after', String(mode.retryAfterSeconds));
        return sendJson(res, 429, { error: 'Too many requests in flight.', reject_reason: 'inflight_limit', max_inflight_requests: 10, task_completion_speed: 'fast' });
      case 'server-error':
        return sendJson(res, 500, { error: 'Internal server error.' });
      case 'safety':
        return sendJson(res, 422, { error: 'Prompt or provided image failed the safety checks' });
      case 'bad-request':
        return sendJson(res, 400, { error: mode.message });
      case 'malformed':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Bad gateway</body></html>');
        return;
      case 'stall':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"generation_id": "c3RhbGw');
        await new Promise((r) => setTimeout(r, 200));
        res.socket?.destroy();
        return;
    }
    if (mode.kind === 'ok' && mode.delayMs) {
      await holdOpen(res, mode.delayMs);
      if (res.socket?.destroyed || res.destroyed) {
        req.aborted = true;
        return;
      }
    }
    const async = req.fields.async === 'true';
    const alwaysAsync = !('async' in spec.fields);
    const n = Number(req.fields.num_images ?? 1);
    const generation: Generation = {
      id: randomBytes(16).toString('base64url'),
      created: new Date().toISOString(),
      seed: 1000 + this.generations.size,
      n,
      unsafe: mode.kind === 'ok' ? Math.min(n, mode.unsafe ?? 0) : 0,
      format: mode.kind === 'ok' ? (mode.format ?? 'png') : 'png',
      contentType: mode.kind === 'ok' ? mode.contentType : undefined,
      pendingLeft: this.pendingPolls,
      failed: mode.kind === 'failed' ? mode.reason : undefined,
    };
    this.generations.set(generation.id, generation);
    // Replace Background "returns a generation_id" whatever is asked; the others when `async` is true.
    if (async || alwaysAsync) return sendJson(res, 200, { generation_id: generation.id, seed: generation.seed });
    req.respondedAt = Date.now();
    if (generation.failed) return sendJson(res, 500, { error: generation.failed });
    sendJson(res, 200, { created: generation.created, data: this.finish(generation, req) });
  }

  private poll(req: FakeRequest, res: ServerResponse, id: string): void {
    const hiccup = this.pollQueue.shift();
    if (hiccup?.kind === 'rate-limit') {
      res.setHeader('retry-after', String(hiccup.retryAfterSeconds));
      return sendJson(res, 429, { error: 'Too many requests.', reject_reason: 'inflight_limit' });
    }
    if (hiccup?.kind === 'server-error') return sendJson(res, 500, { error: 'Internal server error.' });
    const generation = this.generations.get(id);
    if (!generation) return sendJson(res, 404, { error: 'Generation not found.' });
    const head = { generation_id: generation.id, created: generation.created };
    if (generation.pendingLeft > 0) {
      generation.pendingLeft--;
      return sendJson(res, 200, { ...head, status: 'pending' });
    }
    if (generation.failed) return sendJson(res, 200, { ...head, status: 'failed', failure_reason: generation.failed });
    sendJson(res, 200, { ...head, status: 'completed', response_type: 'url', data: this.finish(generation, req) });
  }

  /** The result list, made once: links for safe images, expiring `imageTtlMs` from now. */
  private finish(generation: Generation, req: FakeRequest): object[] {
    if (generation.data) return generation.data;
    const expiresAt = Date.now() + this.imageTtlMs;
    generation.data = Array.from({ length: generation.n }, (_, i) => {
      const safe = i >= generation.unsafe;
      const common = { prompt: req.fields.prompt ?? '', resolution: '64x64', is_image_safe: safe, seed: generation.seed + i, object_type: 'image.generation' };
      if (!safe) return { ...common, url: null };
      const name = `${generation.id}-${i}`;
      const bytes = generation.format === 'jpeg' ? greyJpeg() : this.png();
      this.images.set(name, { bytes, type: generation.contentType ?? `image/${generation.format}`, expiresAt });
      const exp = Math.floor(expiresAt / 1000);
      return { ...common, url: req.urlFor('ideogram.ai', `/api/images/ephemeral/${name}.${generation.format === 'jpeg' ? 'jpg' : 'png'}?exp=${exp}&sig=${randomBytes(8).toString('hex')}`) };
    });
    return generation.data;
  }

  private image(req: FakeRequest, res: ServerResponse): void {
    const hiccup = this.downloadQueue.shift();
    if (hiccup && hiccup.kind !== 'drop') return sendJson(res, hiccup.kind === 'server-error' ? 503 : 429, { error: 'Try again.' });
    const name = /^\/api\/images\/ephemeral\/([^/.]+)\.\w+$/.exec(req.path)?.[1];
    const image = name ? this.images.get(name) : undefined;
    if (!image) return sendText(res, 404, 'Not Found');
    // The docs say only that links expire; a signed link past its time is refused.
    if (Date.now() > image.expiresAt) return sendText(res, 403, 'Forbidden: this link has expired');
    if (hiccup?.kind === 'drop') {
      res.writeHead(200, { 'content-type': image.type, 'content-length': String(image.bytes.length) });
      res.write(image.bytes.subarray(0, image.bytes.length >> 1));
      setTimeout(() => res.socket?.destroy(), 50);
      return;
    }
    this.served.push(image.bytes);
    res.writeHead(200, { 'content-type': image.type, 'content-length': String(image.bytes.length) });
    res.end(image.bytes);
  }

  private png(): Buffer {
    const hue = (this.count++ * 53) % 256;
    return encodePng(64, 64, (x, y) => [hue, (x * 4) % 256, (y * 4) % 256, 255]);
  }
}

/**
 * An 8×8 mid-grey baseline JPEG: one component, one block whose DC difference is 0 and whose AC
 * run is an immediate end-of-block, with one-code Huffman tables for each.
 */
function greyJpeg(): Buffer {
  const segment = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
  const oneCode = (tableClassAndId: number) => [tableClassAndId, 1, ...new Array<number>(15).fill(0), 0x00];
  return Buffer.from([
    0xff, 0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]),
    ...segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    ...segment(0xc4, oneCode(0x00)),
    ...segment(0xc4, oneCode(0x10)),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    // DC code "0" (difference 0), AC code "0" (end of block), padded with ones.
    0x3f,
    0xff, 0xd9,
  ]);
}


function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(text);
}

