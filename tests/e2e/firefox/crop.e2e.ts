import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { decodeXY, startCropSite, type CropSite, expectFullResolutionCrop, FULL_RES_SAMPLES } from '../crop-site';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP } from '../paths';
import { FirefoxPopup, launchFirefox, type FirefoxSession } from './browser';

let fake: FakeProviders;
let site: CropSite;
let firefox: FirefoxSession;
let popup: FirefoxPopup;
let page: Page;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  site = await startCropSite();
  firefox = await launchFirefox(fake.proxyPort);
  // The options page opens on install; through it the tests read the toolbar popup.
  popup = new FirefoxPopup(await firefox.extensionPage('options.html'));
  page = await firefox.browser.newPage();
  await page.goto(`${site.pageOrigin}/crop.html`);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0), { polling: 50 });
});

afterAll(async () => {
  await firefox?.close();
  await site?.close();
  await fake?.close();
});

interface Shown {
  width: number;
  height: number;
  caption: string;
  /** RGBA of the shown crop at the sampled pixels. */
  pixels: number[][];
}

/**
 * The crop as the popup shows it, once it shows `text`: its size, where it came from, and its
 * pixels at `samples` (negative coordinates count from the right or bottom edge: -1 is the last).
 */
async function shownCrop(text: string, samples: [number, number][]): Promise<Shown> {
  await popup.waitForText(text, 15_000);
  const shown = await popup.eval<Shown>(`async (d) => {
    const img = d.querySelector('img[alt="The image you chose to edit"]');
    await img.decode();
    const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const at = (v, n) => (v < 0 ? n + v : v);
    const pixels = ${JSON.stringify(samples)}.map(([x, y]) => [...ctx.getImageData(at(x, c.width), at(y, c.height), 1, 1).data]);
    return { width: img.naturalWidth, height: img.naturalHeight, caption: d.body.innerText, pixels };
  }`);
  if (!shown) throw new Error('The popup closed');
  return shown;
}

test('a 3000x2000 image from another origin without CORS: the selection at screen resolution, then, once the user allows the site, at full resolution', async () => {
  await firefox.contextMenu(page, '#big', 'Edit image with Pictor');
  await page.waitForFunction(() => document.querySelector('pictor-crop-overlay'), { polling: 50, timeout: 10_000 });
  // Shown at 600x400 (1 CSS px = 5 source px): draw from CSS (100,80) to (400,280).
  const box = (await (await page.$('#big'))!.boundingBox())!;
  await page.mouse.move(box.x + 100, box.y + 80);
  await page.mouse.down();
  await page.mouse.move(box.x + 400, box.y + 280, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.press('Enter');

  // Neither the page nor the extension may read the file yet: the crop comes from a screenshot.
  const host = new URL(site.imageOrigin).hostname;
  const screen = await shownCrop(`Use full resolution from ${host}`, [[5, 5], [-5, -5]]);
  expect(screen.caption).toContain('Screen resolution');
  expect(screen.caption).toContain(`${screen.width} × ${screen.height} px`);
  expect(screen.width).toBeLessThan(1500);
  // What is on screen there: source pixels around (525, 425) and (1975, 1375).
  const [a, b] = screen.pixels.map(decodeXY);
  expect(Math.abs(a!.x - 525)).toBeLessThan(8);
  expect(Math.abs(a!.y - 425)).toBeLessThan(8);
  expect(Math.abs(b!.x - 1975)).toBeLessThan(8);
  expect(Math.abs(b!.y - 1375)).toBeLessThan(8);

  // The user clicks the offer, and Firefox asks in a doorhanger; the user allows it.
  await firefox.clickInPopup(await popup.buttonCenter(`Use full resolution from ${host}`));
  const doorhanger = await firefox.acceptDoorhanger('addon-webext-permissions');
  expect(doorhanger.text).toContain('Pictor');
  expect(doorhanger.text).toContain(host);
  expect(doorhanger.button).toBe('Allow');

  // The open popup turns to the same selection cut from the original file:
  // CSS (100,80)→(400,280) of the 600x400 display is source (500,400)→(2000,1400).
  const full = await shownCrop('Full resolution', FULL_RES_SAMPLES);
  expectFullResolutionCrop(full, site.imageOrigin);
});
