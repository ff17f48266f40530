import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { fakeCertificate } from './certs';
import { FakeExtPay } from './extpay';
import { FakeGoogle } from './google';
import { FakeIdeogram } from './ideogram';
import { FakeOpenAI } from './openai';
import { FakePhotoRoom } from './photoroom';

/**
 * The providers' production hosts, served from loopback over HTTPS. Browsers reach them unchanged:
 * Chromium maps the host names here (--host-resolver-rules); Firefox goes through `proxyPort`, a
 * CONNECT proxy that tunnels only to these hosts and records any other host it is asked for.
 */
export const FAKE_HOSTS = [
  'api.openai.com',
  'generativelanguage.googleapis.com',
  'api.ideogram.ai',
  'image-api.photoroom.com',
  'sdk.photoroom.com',
  // Ideogram serves result images from here, not from its API host.
  'ideogram.ai',
  // ExtensionPay: the subscription status, plans, and its trial and payment pages.
  'extensionpay.com',
] as const;

export interface FakeRequest {
  host: string;
  method: string;
  path: string;
  /** The query string's parameters. */
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  /** Form fields (multipart) or JSON body fields, as text; files as `file:<type>:<size>`. */
  fields: Record<string, string>;
  /** Uploaded files by field name (the first of a repeated field), with the file name the client gave. */
  files: Record<string, { type: string; bytes: Buffer; name: string }>;
  /** Every uploaded file of each field, in order (repeated fields: `image[]`, Ideogram's `images`). */
  fileList: Record<string, { type: string; bytes: Buffer; name: string }[]>;
  /** Every multipart part's name in order, repeats included (for counts and duplicates). */
  parts?: string[];
  /** A JSON body as parsed, with its values' own types. */
  json?: unknown;
  at: number;
  /** The client went away before the answer (a canceled request). */
  aborted?: boolean;
  /** When the fake finished writing its answer (Date.now()). */
  respondedAt?: number;
  /** A URL on `host` as this client reaches it (for answers that link to another host, like Ideogram's images). */
  urlFor(host: string, path: string): string;
}

export interface FakeProviders {
  port: number;
  proxyPort: number;
  /**
   * Plain HTTP on loopback for tests that run in Node (unit and contract tests): the first path
   * segment names the host, e.g. `http://127.0.0.1:PORT/api.openai.com/v1/images/edits`.
   */
  httpPort: number;
  /** The base a Node test gives a provider for `host` (see httpPort). */
  baseFor(host: string): string;
  openai: FakeOpenAI;
  google: FakeGoogle;
  ideogram: FakeIdeogram;
  photoroom: FakePhotoRoom;
  /** ExtensionPay, "paid" unless a test says otherwise. */
  extpay: FakeExtPay;
  requests: FakeRequest[];
  /** Hosts the proxy was asked for that are not fakes (each one is a leak the tests look for). */
  refusedHosts: string[];
  close(): Promise<void>;
}

export async function startFakeProviders(certDir: string): Promise<FakeProviders> {
  const openai = new FakeOpenAI();
  const google = new FakeGoogle();
  const ideogram = new FakeIdeogram();
  const photoroom = new FakePhotoRoom();
  const extpay = new FakeExtPay();
  const requests: FakeRequest[] = [];
  const refusedHosts: string[] = [];
  const sockets = new Set<Socket>();

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    void route(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(err), type: 'server_error', param: null, code: null } }));
    });
  };
  const https = createHttpsServer(fakeCertificate(certDir, FAKE_HOSTS), serve);
  const plain = createHttpServer(serve);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Real OpenAI answers browsers' preflights; extension pages with host permission skip them.
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, POST, OPTIONS' });
      res.end();
      return;
    }
    const parsed = await readRequest(req, (plain.address() as AddressInfo | null)?.port ?? 0);
    requests.push(parsed);
    if (parsed.host === 'api.openai.com') return openai.handle(parsed, res, req);
    if (parsed.host === 'generativelanguage.googleapis.com') return google.handle(parsed, res, req);
    if (parsed.host === 'api.ideogram.ai' || parsed.host === 'ideogram.ai') return ideogram.handle(parsed, res);
    if (parsed.host === 'image-api.photoroom.com' || parsed.host === 'sdk.photoroom.com') return photoroom.handle(parsed, res, req);
    if (parsed.host === 'extensionpay.com') return extpay.handle(parsed, res, req);
    res.writeHead(421).end();
  }

  // Plain-http requests through the proxy are refused and recorded like any unknown host.
  const proxy = createHttpServer((req, res) => {
    refusedHosts.push(new URL(req.url ?? '/', 'http://unknown').hostname);
    res.writeHead(405).end();
  });
  proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const [host] = (req.url ?? '').split(':');
    if (!host || !(FAKE_HOSTS as readonly string[]).includes(host)) {
      refusedHosts.push(host ?? '');
      // The browser may reset a refused tunnel before it reads the 403: a socket handed over by
      // 'connect' has no error listener of its own, and the reset then ended the whole test run
      // (seen once in key-safety.e2e.ts, which asks for hosts the proxy refuses: "read ECONNRESET").
      client.on('error', () => client.destroy());
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect((https.address() as AddressInfo).port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const end = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', end);
    client.on('error', end);
  });

  for (const server of [https, proxy, plain] as Server[]) {
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
  }
  await Promise.all([listen(https), listen(proxy), listen(plain)]);
  const httpPort = (plain.address() as AddressInfo).port;
  return {
    port: (https.address() as AddressInfo).port,
    proxyPort: (proxy.address() as AddressInfo).port,
    httpPort,
    baseFor: (host) => `http://127.0.0.1:${httpPort}/${host}`,
    openai,
    google,
    ideogram,
    photoroom,
    extpay,
    requests,
    refusedHosts,
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all([https, proxy, plain].map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

async function readRequest(req: IncomingMessage, httpPort: number): Promise<FakeRequest> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const url = new URL(req.url ?? '/', 'https://fake');
  let host = (headers.host ?? '').replace(/:\d+$/, '');
  let path = url.pathname;
  // Plain-HTTP requests from Node tests name the host in the first path segment (see httpPort).
  const prefixed = !('encrypted' in req.socket) && (FAKE_HOSTS as readonly string[]).includes(path.split('/')[1] ?? '');
  if (prefixed) {
    host = path.split('/')[1]!;
    path = path.slice(host.length + 1) || '/';
  }
  const fields: Record<string, string> = {};
  const files: FakeRequest['files'] = {};
  const fileList: FakeRequest['fileList'] = {};
  const parts: string[] = [];
  let json: unknown;
  const type = headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    // undici's Request parses multipart exactly as a server framework would.
    const form = await new Request('https://fake/', { method: 'POST', headers: { 'content-type': type }, body }).formData();
    for (const [name, value] of form) {
      parts.push(name);
      if (typeof value === 'string') fields[name] = value;
      else {
        const file = { type: value.type, bytes: Buffer.from(await value.arrayBuffer()), name: value.name };
        files[name] ??= file;
        (fileList[name] ??= []).push(file);
        fields[name] ??= `file:${value.type}:${value.size}`;
      }
    }
  } else if (type.includes('json') && body.length) {
    json = JSON.parse(body.toString('utf8'));
    for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
      fields[k] = typeof v === 'string' ? v : JSON.stringify(v);
    }
  }
  return {
    host,
    method: req.method ?? 'GET',
    path,
    query: Object.fromEntries(url.searchParams),
    urlFor: (h, p) => (prefixed ? `http://127.0.0.1:${httpPort}/${h}${p}` : `https://${h}${p}`),
    headers,
    fields,
    files,
    fileList,
    parts,
    json,
    at: Date.now(),
  };
}
