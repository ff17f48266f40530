import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { decodeXY, startCropSite, type CropSite, expectFullResolutionCrop, FULL_RES_SAMPLES } from '../crop-site';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP } from '../paths';
import { launchChromium, type ChromiumSession } from './browser';
import type { CdpPage } from './cdp-page';
import { brightness } from './x11';
import { allowInPermissionDialog } from './permission-dialog';
import { closePopup, waitForOverlay } from './right-click';

let fake: FakeProviders;
let site: CropSite;
let session: ChromiumSession;
let page: Page;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  site = await startCropSite();
  session = await launchChromium(fake.port);
  // The options page opens on install; let it, so that it does not take over the test's tab.
  await session.optionsPage();
  page = await session.context.newPage();
  await page.goto(`${site.pageOrigin}/crop.html`);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0), undefined, { polling: 50 });
  await page.bringToFront();
});

afterAll(async () => {
  await session?.close();
  await site?.close();
  await fake?.close();
});

const overlayOpen = () => waitForOverlay(session, page);

/** Right-click → "Edit image with Pictor" (the item above Inspect, the menu's last). */
async function editImage(selector: string): Promise<void> {
  await session.display.contextMenu(page, selector, 2);
  await overlayOpen();
}

/** Drags a selection over the element, in CSS px relative to its top-left corner. */
async function drag(selector: string, from: [number, number], to: [number, number]): Promise<void> {
  const box = (await page.locator(selector).boundingBox())!;
  await page.mouse.move(box.x + from[0], box.y + from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + to[0], box.y + to[1], { steps: 4 });
  await page.mouse.up();
}

interface Shown {
  width: number;
  height: number;
  caption: string;
  /** RGBA of the shown crop at the given pixels. */
  pixels: number[][];
}

/**
 * The crop as the popup shows it, once it shows `text`: its size, where it came from, and its
 * pixels at `samples` (negative coordinates count from the right or bottom edge: -1 is the last).
 */
async function shownCrop(popup: CdpPage, text: string, samples: [number, number][]): Promise<Shown> {
  await popup.waitForText(text, 15_000);
  return popup.eval<Shown>(`(async () => {
    const img = document.querySelector('img[alt="The image you chose to edit"]');
    await img.decode();
    const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const at = (v, n) => (v < 0 ? n + v : v);
    const pixels = ${JSON.stringify(samples)}.map(([x, y]) => [...ctx.getImageData(at(x, c.width), at(y, c.height), 1, 1).data]);
    return { width: img.naturalWidth, height: img.naturalHeight, caption: document.body.innerText, pixels };
  })()`);
}

/** Enter in the overlay; the popup opens by itself. */
async function confirm(): Promise<CdpPage> {
  session.display.key('Return');
  return session.attach('/popup.html', 15_000);
}

test('a 3000x2000 image from another origin without CORS: the selection at screen resolution, then, once the user allows the site, at full resolution', async () => {
  await editImage('#big');
  // Shown at 600x400 (1 CSS px = 5 source px); the readout speaks in source pixels.
  await drag('#big', [100, 80], [400, 280]);
  let popup = await confirm();
  // Neither the page nor the extension may read the file: the screenshot is cut at 1 device px per CSS px.
  const screen = await shownCrop(popup, '300 × 200 px', [[5, 5], [295, 195]]);
  const host = new URL(site.imageOrigin).hostname;
  expect(screen.caption).toContain('Screen resolution');
  expect(screen.caption).toContain(`Use full resolution from ${host}`);
  // What is on screen there: source pixels around (525, 425) and (1975, 1375).
  const [a, b] = screen.pixels.map(decodeXY);
  expect(Math.abs(a!.x - 525)).toBeLessThan(8);
  expect(Math.abs(a!.y - 425)).toBeLessThan(8);
  expect(Math.abs(b!.x - 1975)).toBeLessThan(8);
  expect(Math.abs(b!.y - 1375)).toBeLessThan(8);

  // The user asks for the original and allows the site in Chromium's dialog, which takes the
  // focus (the popup closes); Pictor cuts the same selection again from the original file.
  const litBefore = brightness(session.display.grab());
  // The popup may close before it has answered the click.
  await popup.clickButton(`Use full resolution from ${host}`).catch((err: Error) => {
    if (!/closed/.test(err.message)) throw err;
  });
  await allowInPermissionDialog(session, litBefore);
  popup.close();
  // The dialog closed the popup; Pictor opens it again once the original is cut.
  popup = await session.attach('/popup.html', 15_000);
  // CSS (100,80)→(400,280) of the 600x400 display is source (500,400)→(2000,1400) of the 3000x2000 file.
  const full = await shownCrop(popup, 'Full resolution', FULL_RES_SAMPLES);
  expectFullResolutionCrop(full, site.imageOrigin);
  await closePopup(popup, session);
});

test('a blob: image: the drawn selection at full resolution, exact pixels', async () => {
  await editImage('#blob');
  await drag('#blob', [50, 40], [250, 140]);
  const popup = await confirm();
  const shown = await shownCrop(popup, '200 × 100 px', [[0, 0], [199, 99]]);
  expect(shown.caption).toContain('Full resolution');
  expect(shown.pixels.map(decodeXY)).toEqual([{ x: 50, y: 40 }, { x: 249, y: 139 }]);
  await closePopup(popup, session);
});

test('a data: image: the drawn selection, exact pixels', async () => {
  await editImage('#data');
  await drag('#data', [10, 20], [110, 170]);
  const popup = await confirm();
  const shown = await shownCrop(popup, '100 × 150 px', [[0, 0], [99, 149]]);
  expect(shown.pixels.map(decodeXY)).toEqual([{ x: 10, y: 20 }, { x: 109, y: 169 }]);
  await closePopup(popup, session);
});

test('an SVG is rasterized at 2048 px wide and cropped from that', async () => {
  await editImage('#svg');
  // (100,50)→(250,150) of 300x200, at 2048/300: x 683…1707, y 341…1024.
  await drag('#svg', [100, 50], [250, 150]);
  const popup = await confirm();
  const shown = await shownCrop(popup, '1024 × 683 px', [[300, 300], [400, 300]]);
  // The red half ends at source x 1024, i.e. crop x 341.
  expect(shown.pixels).toEqual([[255, 0, 0, 255], [0, 0, 255, 255]]);
  await closePopup(popup, session);
});

/** A capture shortcut pressed on the page (the pointer on no image), a drag over the CSS background, Enter. */
async function captureBackground(keys: string, from: [number, number], to: [number, number]): Promise<CdpPage> {
  await page.bringToFront();
  await page.mouse.move(5, 5);
  session.display.key(keys);
  await overlayOpen();
  await drag('#bg', from, to);
  return confirm();
}

test('a CSS background, captured with the keyboard shortcut', async () => {
  const popup = await captureBackground('alt+shift+s', [100, 50], [200, 150]);
  const shown = await shownCrop(popup, '100 × 100 px', [[10, 50], [90, 50]]);
  // What the user asked for: a capture, said as such (not as a site that refused its file).
  expect(shown.caption).toContain(`Captured from ${new URL(site.pageOrigin).host}`);
  expect(shown.caption).not.toContain('Screen resolution');
  expect(shown.pixels).toEqual([[0, 255, 0, 255], [255, 0, 255, 255]]);
  await closePopup(popup, session);
});

test('its twin shortcut, Alt+Shift+D, captures an area beside the crop waiting, as a reference', async () => {
  const popup = await captureBackground('alt+shift+d', [20, 30], [80, 70]);
  // The crop (the capture before) stays first; the area joins it as the first reference.
  await popup.waitForText('Reference 1', 15_000);
  await popup.waitForText('60 × 40');
  await shownCrop(popup, '100 × 100 px', []);
  await closePopup(popup, session);
});

test('Esc closes the overlay and leaves the page exactly as it was', async () => {
  const before = await page.evaluate(() => document.documentElement.outerHTML);
  await editImage('#data');
  session.display.key('Escape');
  await page.waitForFunction(() => !document.querySelector('pictor-crop-overlay'), undefined, { polling: 50 });
  expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
});
