import type { IncomingMessage, ServerResponse } from 'node:http';

/** What every fake provider answers with: a JSON body (Google adds its charset). */
export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(JSON.stringify(body));
}

/** Waits, but stops early if the client goes away (a canceled request). */
export function holdOpen(req: IncomingMessage | ServerResponse, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    req.socket?.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
