import type { ServerResponse } from 'node:http';
import type { FakeRequest } from './server';

/**
 * The Gemini API's model list as documented (PROVIDERS.md): key in `x-goog-api-key`, a bad key is
 * 400 INVALID_ARGUMENT with reason API_KEY_INVALID, Google's error envelope `{ error: { code,
 * message, status, details } }`.
 */
export class FakeGoogle {
  validKeys = new Set<string>();
  /** Keys that are valid but see no image model (a restricted project). */
  textOnlyKeys = new Set<string>();

  handle(req: FakeRequest, res: ServerResponse): void {
    const key = req.headers['x-goog-api-key'];
    if (req.method !== 'GET' || req.path !== '/v1beta/models') {
      return googleError(res, 404, 'NOT_FOUND', `Method not found: ${req.method} ${req.path}`);
    }
    if (!key || !(this.validKeys.has(key) || this.textOnlyKeys.has(key))) {
      return googleError(res, 400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
      ]);
    }
    const text = { name: 'models/gemini-3-flash', displayName: 'Gemini 3 Flash', supportedGenerationMethods: ['generateContent'] };
    const image = { name: 'models/gemini-3-pro-image', displayName: 'Gemini 3 Pro Image', supportedGenerationMethods: ['generateContent'] };
    send(res, 200, { models: this.validKeys.has(key) ? [text, image] : [text] });
  }
}

function googleError(res: ServerResponse, code: number, status: string, message: string, details: object[] = []): void {
  send(res, code, { error: { code, message, status, details } });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}
