import type { ServerResponse } from 'node:http';
import type { FakeRequest } from './server';

/**
 * Ideogram's key listing, the one authenticated call that makes no image: header `Api-Key`;
 * 401 for a bad key; 404 for a valid key whose owner is not an organization admin.
 */
export class FakeIdeogram {
  validKeys = new Set<string>();
  adminKeys = new Set<string>();

  handle(req: FakeRequest, res: ServerResponse): void {
    const key = req.headers['api-key'];
    if (req.method !== 'GET' || req.path !== '/v2/account/api-keys') return send(res, 404, { error: 'Not found' });
    if (!key || !(this.validKeys.has(key) || this.adminKeys.has(key))) return send(res, 401, { error: 'Unauthorized' });
    if (!this.adminKeys.has(key)) return send(res, 404, { error: 'No organization with billing access was found for this credential.' });
    send(res, 200, { api_keys: [{ api_key_id: 'a2V5LTE=', redacted_api_key: `${key.slice(0, 4)}…`, creation_time: '2026-01-01T00:00:00Z' }] });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
