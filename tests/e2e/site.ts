import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodePng } from '../fake-providers/png';
import { BIG, coordPixel } from './crop-site';

/** A web page with images, as a user would right-click them. Served on loopback. */
export interface TestSite {
  origin: string;
  /** The photo's bytes as served. */
  photo: Buffer;
  close(): Promise<void>;
}

export const PHOTO_SIZE = { width: 300, height: 200 };
/** A second photo of another shape, for pages with two images (pair.html). */
export const BANNER_SIZE = { width: 400, height: 100 };
let bannerPng: Buffer | undefined;
const banner = () => (bannerPng ??= encodePng(BANNER_SIZE.width, BANNER_SIZE.height, (x) => [40, (x >> 1) % 256, 90, 255]));

let tallPng: Buffer | undefined;
/** Made on first use: 600×4000, a colour band every 100 rows. */
const tall = () => (tallPng ??= encodePng(600, 4000, (_x, y) => [(y * 7) % 256, 120, 255 - ((y * 3) % 256), 255]));

let panoPng: Buffer | undefined;
/** A panorama wider than any model takes. */
export const PANO = { width: 12000, height: 600 };
const panorama = () => (panoPng ??= encodePng(PANO.width, PANO.height, (x) => [(x >> 4) % 256, 90, 160, 255]));
const hugeHeader = () => {
  const head = Buffer.from(encodePng(1, 1, () => [0, 0, 0, 255]));
  head.writeUInt32BE(30000, 16);
  head.writeUInt32BE(30000, 20);
  return head;
};

let bigPng: Buffer | undefined;
/** Made on first use: a 3000×2000 photo whose every pixel encodes its own coordinates (crop-site.ts). */
export const bigPhoto = () => (bigPng ??= encodePng(BIG.width, BIG.height, coordPixel));

export async function startTestSite(): Promise<TestSite> {
  const served = new Set<string>();
  const photo = encodePng(PHOTO_SIZE.width, PHOTO_SIZE.height, (x, y) => [
    Math.round((x / PHOTO_SIZE.width) * 255),
    Math.round((y / PHOTO_SIZE.height) * 255),
    160,
    255,
  ]);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/photo.png') {
      res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
      res.end(photo);
    } else if (path === '/page.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>A page with a photo</title>
<h1>Holiday photos</h1>
<img id="photo" src="/photo.png" width="${PHOTO_SIZE.width}" height="${PHOTO_SIZE.height}" alt="A gradient">`);
    } else if (path === '/tall.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(tall());
    } else if (path === '/tall.html') {
      // A 600×4000 infographic: most of it below the fold.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>A tall image</title><body style="margin:0"><img id="tall" src="/tall.png" width="600" height="4000" alt="A tall chart">`);
    } else if (path === '/once.png') {
      // Shown once to the page, then gone (404) when Pictor asks for it; never cached.
      const first = !served.has(path);
      served.add(path);
      if (first) res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(photo);
      else res.writeHead(404, { 'cache-control': 'no-store' }).end('gone');
    } else if (path === '/banner.png') {
      res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(banner());
    } else if (path === '/pair.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Two photos</title>
<img id="photo" src="/photo.png" width="${PHOTO_SIZE.width}" height="${PHOTO_SIZE.height}" alt="A gradient">
<img id="banner" src="/banner.png" width="${BANNER_SIZE.width}" height="${BANNER_SIZE.height}" alt="A banner">`);
    } else if (path === '/big.png') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(bigPhoto());
    } else if (path === '/big.html') {
      // A large photo of the page's own origin, shown at a fifth of its size (1 CSS px = 5 pixels).
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>A large photo</title><body style="margin:8px"><img id="big" src="/big.png" width="${BIG.width / 5}" height="${BIG.height / 5}" alt="A large photo">`);
    } else if (path === '/fake.png') {
      res.writeHead(200, { 'content-type': 'image/png' }).end('<!doctype html><title>Not an image</title>');
    } else if (path === '/huge.png') {
      // A PNG signature and header claiming 30000×30000, and nothing a decoder could use behind it.
      res.writeHead(200, { 'content-type': 'image/png' }).end(hugeHeader());
    } else if (path === '/pano.png') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(panorama());
    } else if (path === '/hostile.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Tricky images</title><body style="margin:8px">
<img id="gone" src="/once.png" width="300" height="200" alt="gone">
<img id="fake" src="/photo.png" srcset="/photo.png 300w, /fake.png 3000w" sizes="300px" width="300" height="200" alt="fake">
<img id="huge" src="/photo.png" srcset="/photo.png 300w, /huge.png 3000w" sizes="300px" width="300" height="200" alt="huge">
<br><img id="pano" src="/pano.png" width="800" height="160" style="object-fit: cover" alt="panorama">
<br><img id="photo" src="/photo.png" width="${PHOTO_SIZE.width}" height="${PHOTO_SIZE.height}" alt="A gradient">`);
    } else if (path === '/broken.html') {
      // An image the browser cannot decode (its file is text served as PNG): shown broken on the page.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>A broken image</title><body style="margin:8px">
<img id="broken" src="/fake.png" width="300" height="200" style="border:1px solid #999" alt="a photo that did not load">`);
    } else if (path === '/dark.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>A dark gallery</title><body style="margin:0;padding:24px;background:#0b0b10;color:#ddd;font:16px system-ui">
<h1>Night photos</h1><img id="photo" src="/photo.png" width="${PHOTO_SIZE.width * 2}" height="${PHOTO_SIZE.height * 2}" alt="A gradient">`);
    } else if (path === '/shop.html') {
      // A shop's product photo: inside a link, and again inside an iframe.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>A shop</title>
<a href="/product.html"><img id="photo" src="/photo.png" width="${PHOTO_SIZE.width}" height="${PHOTO_SIZE.height}" alt="A product"></a>
<iframe id="frame" src="/page.html" width="420" height="320" style="border:0"></iframe>
<p id="empty" style="height:200px">Nothing to see here.</p>`);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    photo,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
