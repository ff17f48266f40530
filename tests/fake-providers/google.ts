import type { IncomingMessage, ServerResponse } from 'node:http';
import { google } from '../../utils/providers/google';
import { encodePng } from './png';
import type { FakeRequest } from './server';
import { sendJson, holdOpen } from './http';

/**
 * The Gemini API as documented (https://ai.google.dev/api/generate-content, https://ai.google.dev/api/models): key in
 * `x-goog-api-key`; `GET /v1beta/models` lists models; `POST /v1beta/models/{model}:generateContent`
 * answers `{ candidates: [{ content: { role, parts: [{ text } | { inlineData: { mimeType, data } }] },
 * finishReason }], usageMetadata, modelVersion, responseId }`; refusals are HTTP 200 without an
 * image (`promptFeedback.blockReason`, or a candidate's `finishReason`); errors are Google's
 * envelope `{ error: { code, message, status, details } }` with google.rpc details.
 *
 * `generateContent` and `streamGenerateContent` (`?alt=sse`: one `data:` event per chunk) take a
 * JSON body only, with the top-level fields of the published request body and no other
 * (https://ai.google.dev/api/generate-content#request-body: contents, tools, toolConfig,
 * safetySettings, systemInstruction, generationConfig, cachedContent; checked 2026-12-03), answered
 * otherwise with Google's 400 INVALID_ARGUMENT `{ error: { code, message, status } }`.
 */
export type GoogleMode =
  | { kind: 'ok'; delayMs?: number; format?: 'png' | 'jpeg'; text?: string }
  /** 200, the documented shape, words only (the model chose not to draw). */
  | { kind: 'text-only'; text: string }
  /** 200 with `promptFeedback.blockReason` and no candidates. */
  | { kind: 'blocked'; blockReason: string }
  /** 200 whose candidate stopped for `finishReason`, without an image. */
  | { kind: 'finish'; finishReason: string; text?: string }
  | { kind: 'invalid-key' }
  | { kind: 'permission-denied' }
  /** 429, prepaid credits used up (no RetryInfo). */
  | { kind: 'quota' }
  /** 429, the daily request quota (QuotaFailure PerDay, with a RetryInfo too). */
  | { kind: 'daily-quota' }
  /** 429, the per-minute quota, with RetryInfo.retryDelay. */
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  /** 400 FAILED_PRECONDITION: no free tier in the user's country and billing off. */
  | { kind: 'region' }
  | { kind: 'server-error'; status?: 500 | 503 | 504 }
  /** 200 in the documented shape whose image data is not base64. */
  | { kind: 'malformed' }
  /** 200 headers and part of the body, then the connection is cut. */
  | { kind: 'stall' }
  /** 200 headers and part of the body, then nothing, with the connection left open until the client leaves. */
  | { kind: 'stall-open' };

/** A valid 16×16 baseline JPEG (orange, a blue bottom-right quarter), as the Gemini API answers by default. */
export const FAKE_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAQABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAAAwX/xAAaEQACAgMAAAAAAAAAAAAAAAAEEQAUEiEi/9oADAMBAAIRAxEAPwCIEgRBLOXSUrFl1lpuf//Z',
  'base64',
);

/** Image models the fake's list names beyond the catalog: one Pictor has never heard of. */
export const NEWER_IMAGE_MODEL = { name: 'models/gemini-4-flash-image', displayName: 'Gemini 4 Flash Image' };

const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';
const QUOTA_HELP = { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] };

export class FakeGoogle {
  validKeys = new Set<string>();
  /** Keys that are valid but see no image model (a restricted project). */
  textOnlyKeys = new Set<string>();
  /** Modes for the next generateContent requests, used in order; then `mode`. */
  queue: GoogleMode[] = [];
  mode: GoogleMode = { kind: 'ok' };
  /** Every image this fake sent, in order. */
  sentImages: Buffer[] = [];
  private served = 0;

  async handle(req: FakeRequest, res: ServerResponse, raw: IncomingMessage): Promise<void> {
    const key = req.headers['x-goog-api-key'];
    const generate = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(req.path);
    const known = Boolean(key && (this.validKeys.has(key) || this.textOnlyKeys.has(key)));
    if (req.method === 'GET' && req.path === '/v1beta/models') {
      if (!known) return invalidKey(res);
      return sendGoogle(res, 200, { models: this.listing(this.validKeys.has(key!)) });
    }
    if (req.method !== 'POST' || !generate) return googleError(res, 404, 'NOT_FOUND', `Method not found: ${req.method} ${req.path}`);
    if (!known) return invalidKey(res);
    const model = decodeURIComponent(generate[1]!);
    if (!this.listing(this.validKeys.has(key!)).some((m) => m.name === `models/${model}`)) {
      return googleError(res, 404, 'NOT_FOUND', `models/${model} is not found for API version v1beta, or is not supported for generateContent.`);
    }
    const shape = generateRequestProblem(req);
    if (shape) return googleError(res, 400, 'INVALID_ARGUMENT', shape.message, shape.details);
    const problem = requestProblem(model, req.fields);
    if (problem) return googleError(res, 400, 'INVALID_ARGUMENT', problem);
    // Streamed: a 200 answer goes out as one server-sent event (errors stay JSON, as Google's do).
    if (generate[2] === 'streamGenerateContent') asEventStream(res, req.query.alt === 'sse');
    return this.answer(this.queue.shift() ?? this.mode, req, res, raw, model);
  }

  /** The model list: a text model, then (for keys with image access) the catalog's image models, a newer one and Imagen. */
  private listing(images: boolean) {
    const methods = ['generateContent', 'countTokens', 'batchGenerateContent'];
    const text = { name: 'models/gemini-3.8-flash', displayName: 'Gemini 3.8 Flash', supportedGenerationMethods: methods };
    if (!images) return [text];
    const catalog = google.models.map((m) => ({ name: `models/${m.id}`, displayName: m.label, supportedGenerationMethods: methods }));
    // Imagen answers `predict` only, and is shut down for API keys: never offered.
    const imagen = { name: 'models/imagen-4.0-generate-001', displayName: 'Imagen 4', supportedGenerationMethods: ['predict'] };
    return [text, ...catalog, { ...NEWER_IMAGE_MODEL, supportedGenerationMethods: methods }, imagen];
  }

  private async answer(mode: GoogleMode, req: FakeRequest, res: ServerResponse, raw: IncomingMessage, model: string): Promise<void> {
    switch (mode.kind) {
      case 'invalid-key':
        return invalidKey(res);
      case 'permission-denied':
        return googleError(res, 403, 'PERMISSION_DENIED', 'Requests to this API method google.ai.generativelanguage.v1beta.GenerativeService.GenerateContent are blocked.', [
          { '@type': ERROR_INFO, reason: 'API_KEY_SERVICE_BLOCKED', domain: 'googleapis.com' },
        ]);
      case 'quota':
        return googleError(res, 429, 'RESOURCE_EXHAUSTED', 'Your prepayment credits are depleted. Please go to AI Studio at https://ai.studio/projects to manage your project and billing.');
      case 'daily-quota':
        return googleError(res, 429, 'RESOURCE_EXHAUSTED', `You exceeded your current quota, please check your plan and billing details.\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_paid_tier_requests, limit: 250, model: ${model}\nPlease retry in 41.2s.`, [
          QUOTA_HELP,
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_paid_tier_requests', quotaId: 'GenerateRequestsPerDayPerProjectPerModel', quotaDimensions: { location: 'global', model }, quotaValue: '250' }] },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '41s' },
        ]);
      case 'rate-limit':
        return googleError(res, 429, 'RESOURCE_EXHAUSTED', `You exceeded your current quota, please check your plan and billing details.\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_paid_tier_requests, limit: 10, model: ${model}\nPlease retry in ${mode.retryAfterSeconds}.4s.`, [
          QUOTA_HELP,
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_paid_tier_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel', quotaDimensions: { location: 'global', model }, quotaValue: '10' }] },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${mode.retryAfterSeconds}s` },
        ]);
      case 'region':
        return googleError(res, 400, 'FAILED_PRECONDITION', 'Gemini API free tier is not available in your country. Please enable billing on your project in Google AI Studio.');
      case 'server-error': {
        const status = mode.status ?? 500;
        const [name, message] = status === 503 ? ['UNAVAILABLE', 'The model is overloaded. Please try again later.'] : status === 504 ? ['DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.'] : ['INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'];
        return googleError(res, status, name, message);
      }
      case 'blocked':
        return sendGoogle(res, 200, { promptFeedback: { blockReason: mode.blockReason }, usageMetadata: usage(12, 0), modelVersion: model, responseId: 'fake-blocked' });
      case 'finish':
        return sendGoogle(res, 200, answerBody(model, mode.text ? [{ text: mode.text }] : undefined, mode.finishReason, 0));
      case 'text-only':
        return sendGoogle(res, 200, answerBody(model, [{ text: mode.text }], 'STOP', 0));
      case 'malformed':
        return sendGoogle(res, 200, answerBody(model, [{ inlineData: { mimeType: 'image/png', data: '%%% not base64 %%%' } }], 'STOP', 1120));
      case 'stall': {
        res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
        res.write('{\n  "candidates": [\n    {\n      "content": {\n        "parts": [\n          {\n            "inlineData": {\n              "mimeType": "image/png",\n              "data": "iVBORw0KGgo');
        await new Promise((r) => setTimeout(r, 200));
        raw.socket.destroy();
        return;
      }
      case 'stall-open':
        res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
        res.write('{\n  "candidates": [\n    {\n      "content": {\n        "parts": [\n          {\n            "inlineData": {\n              "mimeType": "image/png",\n              "data": "iVBORw0KGgo');
        await holdOpen(raw, 10 * 60_000);
        req.aborted = raw.socket.destroyed;
        return;
      case 'ok': {
        if (mode.delayMs) await holdOpen(raw, mode.delayMs);
        if (raw.socket.destroyed) {
          req.aborted = true;
          return;
        }
        const image = mode.format === 'jpeg' ? FAKE_JPEG : this.png();
        this.sentImages.push(image);
        const parts = [...(mode.text ? [{ text: mode.text }] : []), { inlineData: { mimeType: mode.format === 'jpeg' ? 'image/jpeg' : 'image/png', data: image.toString('base64') } }];
        req.respondedAt = Date.now();
        return sendGoogle(res, 200, answerBody(model, parts, 'STOP', 1120));
      }
    }
  }

  private png(): Buffer {
    const shade = (this.served++ * 53) % 200;
    return encodePng(64, 48, (x, y) => [shade, x * 4, y * 5, 255]);
  }
}

/** The top-level fields of GenerateContentRequest's JSON body (ai.google.dev/api/generate-content, 2026-12-03). */
export const GENERATE_CONTENT_FIELDS = ['contents', 'tools', 'toolConfig', 'safetySettings', 'systemInstruction', 'generationConfig', 'cachedContent'] as const;

const BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest';

/** Google's answer to a body that is not JSON, or names a field the request does not have. */
export function generateRequestProblem(req: FakeRequest): { message: string; details: object[] } | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' || typeof req.json !== 'object' || req.json === null || Array.isArray(req.json)) {
    const message = `Invalid JSON payload received. Unexpected content type (${type || 'none'}); the body must be a JSON object.`;
    return { message, details: [{ '@type': BAD_REQUEST, fieldViolations: [{ description: message }] }] };
  }
  const unknown = Object.keys(req.json).filter((name) => !(GENERATE_CONTENT_FIELDS as readonly string[]).includes(name));
  if (unknown.length === 0) return undefined;
  const violations = unknown.map((name) => ({ description: `Invalid JSON payload received. Unknown name "${name}": Cannot find field.` }));
  return { message: violations.map((v) => v.description).join('\n'), details: [{ '@type': BAD_REQUEST, fieldViolations: violations }] };
}

/** Makes a 200 JSON answer on `res` go out as server-sent events (`alt=sse`) or a JSON array of chunks. */
function asEventStream(res: ServerResponse, sse: boolean): void {
  let streamed = false;
  const writeHead = res.writeHead.bind(res) as (status: number, headers?: Record<string, string>) => ServerResponse;
  const end = res.end.bind(res) as (body?: string) => ServerResponse;
  (res as { writeHead: unknown }).writeHead = (status: number, headers?: Record<string, string>) => {
    streamed = status === 200;
    return writeHead(status, streamed ? { ...headers, 'content-type': sse ? 'text/event-stream' : 'application/json; charset=UTF-8' } : headers);
  };
  (res as { end: unknown }).end = (body?: string) => {
    if (!streamed || body === undefined) return end(body);
    const chunk = JSON.stringify(JSON.parse(body));
    return end(sse ? `data: ${chunk}\r\n\r\n` : `[${chunk}]`);
  };
}

/** What the real API rejects that Pictor must never send: a missing prompt, a size a model does not make. */
function requestProblem(model: string, fields: Record<string, string>): string | undefined {
  const contents = JSON.parse(fields.contents ?? 'null') as { parts?: { text?: string }[] }[] | null;
  if (!Array.isArray(contents) || contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified';
  const config = JSON.parse(fields.generationConfig ?? '{}') as { imageConfig?: { imageSize?: string } };
  const size = config.imageConfig?.imageSize;
  if (size !== undefined && !['512', '1K', '2K', '4K'].includes(size)) return `Invalid value at 'generation_config.image_config.image_size' (${size})`;
  if ((model === 'gemini-nano-banana-2.1' && size === '512') || (model === 'gemini-3.1-flash-lite-image' && size !== undefined && size !== '1K')) {
    return `Image size ${size} is not supported for model ${model}.`;
  }
  return undefined;
}

function answerBody(model: string, parts: object[] | undefined, finishReason: string, imageTokens: number) {
  return {
    candidates: [{ ...(parts ? { content: { role: 'model', parts } } : {}), finishReason, index: 0 }],
    usageMetadata: usage(12, imageTokens),
    modelVersion: model,
    responseId: `fake-${Date.now()}`,
  };
}

function usage(prompt: number, candidates: number) {
  return { promptTokenCount: prompt, candidatesTokenCount: candidates, totalTokenCount: prompt + candidates, promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }] };
}

function invalidKey(res: ServerResponse): void {
  googleError(res, 400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
    { '@type': ERROR_INFO, reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
    { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'API key not valid. Please pass a valid API key.' },
  ]);
}

const sendGoogle = (res: ServerResponse, status: number, body: unknown) => sendJson(res, status, body, 'application/json; charset=UTF-8');

function googleError(res: ServerResponse, code: number, status: string, message: string, details: object[] = []): void {
  sendGoogle(res, code, { error: { code, message, status, details } });
}


