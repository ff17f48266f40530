import { expect } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodePng } from '../fake-providers/png';

/**
 * Pages for the crop overlay, on two loopback origins: the page on 127.0.0.1 and a 3000x2000
 * photo on localhost, served WITHOUT CORS headers (so the page cannot read it, only the extension
 * with host permission can). Every pixel of the big photo encodes its own coordinates
 * (see `decodeXY`), so a crop's content proves which source pixels it came from.
 */
export const BIG = { width: 3000, height: 2000 };
export const SMALL = { width: 300, height: 200 };

export function coordPixel(x: number, y: number): [number, number, number, number] {
  return [x & 255, y & 255, ((x >> 8) << 4) | (y >> 8), 255];
}

export function decodeXY([r, g, b]: number[]): { x: number; y: number } {
  return { x: ((b! >> 4) << 8) | r!, y: ((b! & 15) << 8) | g! };
}

export interface CropSite {
  pageOrigin: string;
  imageOrigin: string;
  close(): Promise<void>;
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((r) => server.listen(0, host, () => r((server.address() as AddressInfo).port)));
}

export async function startCropSite(): Promise<CropSite> {
  const big = encodePng(BIG.width, BIG.height, coordPixel);
  const small = encodePng(SMALL.width, SMALL.height, coordPixel);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200" viewBox="0 0 300 200"><rect width="150" height="200" fill="#ff0000"/><rect x="150" width="150" height="200" fill="#0000ff"/></svg>`;
  const images = createServer((req, res) => {
    if (req.url === '/big.png') res.writeHead(200, { 'content-type': 'image/png' }).end(big);
    else res.writeHead(404).end();
  });
  const imagePort = await listen(images, '127.0.0.1');
  const imageOrigin = `http://localhost:${imagePort}`;
  const pages = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/small.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(small);
    if (path === '/shape.svg') return void res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(svg);
    if (path !== '/crop.html') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Crop test page</title>
<style>
  body { margin: 0; display: grid; grid-template-columns: 600px 320px 320px; gap: 20px; padding: 20px; }
  img { display: block; }
  #bg { width: 300px; height: 200px; background: linear-gradient(90deg, #00ff00 50%, #ff00ff 50%); }
  /* Page styles that must not leak into the overlay. */
  * { font-size: 40px !important; color: orange !important; }
</style>
<img id="big" src="${imageOrigin}/big.png" width="600" height="400" alt="big">
<div><img id="data" src="data:image/png;base64,${small.toString('base64')}" alt="data"></div>
<div><img id="svg" src="/shape.svg" alt="svg"></div>
<div><img id="blob" alt="blob"></div>
<div id="bg"></div>
<script>
  fetch('/small.png').then((r) => r.blob()).then((b) => { document.getElementById('blob').src = URL.createObjectURL(b); });
</script>`);
  });
  const pagePort = await listen(pages, '127.0.0.1');
  return {
    pageOrigin: `http://127.0.0.1:${pagePort}`,
    imageOrigin,
    close: async () => {
      await new Promise((r) => images.close(r));
      await new Promise((r) => pages.close(r));
    },
  };
}

/** Where the full-resolution checks sample the shown crop: its corners and a point inside. */
export const FULL_RES_SAMPLES: [number, number][] = [[0, 0], [-1, -1], [750, 500]];

/**
 * The crop of CSS (100,80)→(400,280) on the 600x400 display of the 3000x2000 file, as the popup
 * shows it once cut from the original: source (500,400)→(2000,1400), every pixel its own.
 */
export function expectFullResolutionCrop(
  full: { width: number; height: number; caption: string; pixels: number[][] },
  imageOrigin: string,
): void {
  expect(Math.abs(full.width - 1500)).toBeLessThanOrEqual(1);
  expect(Math.abs(full.height - 1000)).toBeLessThanOrEqual(1);
  expect(full.caption).toContain(`${full.width} × ${full.height} px`);
  expect(full.caption).toContain(`Full resolution, from ${new URL(imageOrigin).host}`);
  expect(full.caption).not.toContain('Use full resolution');
  const [origin, corner, middle] = full.pixels.map(decodeXY);
  expect(Math.abs(origin!.x - 500)).toBeLessThanOrEqual(1);
  expect(Math.abs(origin!.y - 400)).toBeLessThanOrEqual(1);
  expect(corner).toEqual({ x: origin!.x + full.width - 1, y: origin!.y + full.height - 1 });
  expect(middle).toEqual({ x: origin!.x + 750, y: origin!.y + 500 });
}
