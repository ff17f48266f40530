// Renders assets/icon/pictor.svg to the PNG sizes the manifest names, with Debian's Chromium.
// Run after changing the SVG: node assets/icon/render.mjs
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const svg = readFileSync(`${here}pictor.svg`, 'utf8');
const out = `${here}../public/icon`;
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const size of [16, 32, 48, 128]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{width:${size}px;height:${size}px;display:block}</style>${svg}`);
  await page.screenshot({ path: `${out}/${size}.png`, omitBackground: true });
  await page.close();
}
await browser.close();
