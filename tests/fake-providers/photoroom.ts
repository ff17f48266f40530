import type { ServerResponse } from 'node:http';
import type { FakeRequest } from './server';

/** PhotoRoom's account endpoint: header `x-api-key`, errors `{ detail, status_code, type }`. */
export class FakePhotoRoom {
  validKeys = new Set<string>();

  handle(req: FakeRequest, res: ServerResponse): void {
    const key = req.headers['x-api-key'];
    if (req.method !== 'GET' || req.path !== '/v2/account') {
      return send(res, 404, { detail: 'Not Found', status_code: 404, type: 'not_found' });
    }
    if (!key || !this.validKeys.has(key)) {
      return send(res, 401, { detail: 'Invalid API key', status_code: 401, type: 'unauthorized' });
    }
    send(res, 200, { credits: { available: 100, subscription: 1000 } });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
