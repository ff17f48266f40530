import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startCropSite, type CropSite } from '../crop-site';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { ARTIFACTS, TMP } from '../paths';
import { startTestSite, type TestSite } from '../site';
import { launchChromium, type ChromiumSession } from './browser';
import { closePopup, waitForOverlay } from './right-click';
import { overlayShows, overlayToolbarBox } from './overlay-text';

/**
 * The crop overlay as the user meets it: what its readout promises is what arrives, a capture starts
 * with nothing selected, a tall image can be scrolled to its last handle, Recrop starts from the last
 * selection. The overlay lives in a closed shadow root: what it says is read from the page's
 * accessibility tree, as a screen reader would.
 */
let fake: FakeProviders;
let cropSite: CropSite;
let site: TestSite;
let session: ChromiumSession;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  cropSite = await startCropSite();
  site = await startTestSite();
  session = await launchChromium(fake.port);
  await session.optionsPage();
});

afterAll(async () => {
  await session?.close();
  await site?.close();
  await cropSite?.close();
  await fake?.close();
});

async function open(url: string): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0), undefined, { polling: 50 });
  await page.bringToFront();
  return page;
}

const overlayOpen = (page: Page) => waitForOverlay(session, page);

async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move(...to, { steps: 5 });
  await page.mouse.up();
}

test('without access to the site, the readout promises the size that arrives, and says why before the crop', async () => {
  const page = await open(`${cropSite.pageOrigin}/crop.html`);
  await session.display.contextMenu(page, '#big', 2);
  await overlayOpen(page);
  const host = new URL(cropSite.imageOrigin).hostname;
  await overlayShows(page, `Screen resolution: ${host} does not share the original file.`);
  const box = (await page.locator('#big').boundingBox())!;
  await drag(page, [box.x + 100, box.y + 80], [box.x + 340, box.y + 230]);
  // 240×150 CSS px on a 1× screen: what a screenshot holds, not the 1200×750 of the file.
  await overlayShows(page, '240 × 150 px');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'chromium-overlay-screen-only.png') });
  session.display.key('Return');
  const popup = await session.attach('/popup.html', 15_000);
  await popup.waitForText('240 × 150 px', 15_000);
  await closePopup(popup);
  await page.close();
});

test('a capture starts with nothing selected: Enter waits for a drag', async () => {
  const page = await open(`${site.origin}/page.html`);
  await page.mouse.move(5, 5);
  session.display.key('alt+shift+s');
  await overlayOpen(page);
  await overlayShows(page, 'Drag over the area to capture.');
  session.display.key('Return');
  await new Promise((r) => setTimeout(r, 1500));
  // Nothing was cropped: the overlay is still there, and no popup opened.
  expect(await page.evaluate(() => Boolean(document.querySelector('pictor-crop-overlay')))).toBe(true);
  await drag(page, [40, 120], [200, 220]);
  await overlayShows(page, '160 × 100 px');
  // GPT Image 2, the default model, makes 1024 px and up: this crop would be enlarged over 6×.
  await overlayShows(page, 'A small crop: GPT Image 2 makes images at least 1024 px across');
  session.display.key('Return');
  const popup = await session.attach('/popup.html', 15_000);
  await popup.waitForText('160 × 100 px', 15_000);
  await popup.waitForText('Captured from');
  await closePopup(popup);
  await page.close();
});

test('the toolbar moves below a selection it would cover, however many lines its help takes', async () => {
  const page = await open(`${site.origin}/page.html`);
  await page.mouse.move(5, 5);
  session.display.key('alt+shift+s');
  await overlayOpen(page);
  // A selection that starts 150 px down, with more room under it than above: a toolbar at the top
  // (its help and the small-crop note take several lines) would hide its top edge and handles.
  await drag(page, [40, 150], [200, 230]);
  await overlayShows(page, '160 × 80 px');
  const bar = await overlayToolbarBox(page);
  expect(bar.top).toBeGreaterThan(230);
  session.display.key('Escape');
  await page.close();
});

test("a tall image: the page scrolls under the overlay, and the selection's bottom handle is reached and dragged", async () => {
  const page = await open(`${site.origin}/tall.html`);
  await session.display.contextMenu(page, '#tall', 2);
  await overlayOpen(page);
  // Enter right away would take the whole 600×4000 image.
  await overlayShows(page, '600 × 4000 px');
  await page.mouse.move(300, 300);
  const atBottom = () => page.evaluate(() => scrollY >= 4000 - innerHeight - 1);
  for (let i = 0; i < 40 && !(await atBottom()); i++) {
    await page.mouse.wheel(0, 400);
    await new Promise((r) => setTimeout(r, 50));
  }
  const viewport = await page.evaluate(() => ({ h: innerHeight, y: scrollY }));
  expect(viewport.y).toBeGreaterThanOrEqual(4000 - viewport.h - 1);
  // The bottom edge's handle sits at the image's bottom, now on screen: drag it up by 1000 px.
  const bottom = 4000 - viewport.y;
  await drag(page, [300, bottom - 1], [300, bottom - 1000]);
  await overlayShows(page, '600 × 3000 px');
  session.display.key('Escape');
  await page.close();
});

test('Recrop opens the overlay with the last selection', async () => {
  const page = await open(`${site.origin}/page.html`);
  await session.display.contextMenu(page, '#photo', 2);
  await overlayOpen(page);
  const box = (await page.locator('#photo').boundingBox())!;
  await drag(page, [box.x + 30, box.y + 20], [box.x + 230, box.y + 140]);
  await overlayShows(page, '200 × 120 px');
  session.display.key('Return');
  const popup = await session.attach('/popup.html', 15_000);
  await popup.waitForText('200 × 120 px');
  await popup.waitFor(`!document.querySelector('button[type=submit]')?.disabled`, 'the popup ready');
  await popup.clickButton('Recrop').catch((err: Error) => {
    if (!/closed/.test(err.message)) throw err;
  });
  await overlayOpen(page);
  await overlayShows(page, '200 × 120 px');
  session.display.key('Escape');
  await closePopup(popup);
  await page.close();
});
