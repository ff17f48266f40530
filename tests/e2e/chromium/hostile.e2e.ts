import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP } from '../paths';
import { startTestSite, type TestSite, PHOTO_SIZE } from '../site';
import { launchChromium, type ChromiumSession } from './browser';
import type { CdpPage } from './cdp-page';
import { closePopup, waitForOverlay } from './right-click';
import { overlayShows } from './overlay-text';

/**
 * Broken files and broken answers: each ends with a sentence that says what went wrong, and the
 * next crop still works. The overlay's words are read from the accessibility tree (closed shadow root).
 */
const KEY = 'sk-proj-hostile-0123456789abcdef';
let fake: FakeProviders;
let site: TestSite;
let session: ChromiumSession;
let page: Page;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEY);
  site = await startTestSite();
  session = await launchChromium(fake.port);
  await session.saveKey('OpenAI API key', KEY);
  page = await session.context.newPage();
  await page.goto(`${site.origin}/hostile.html`);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0), undefined, { polling: 50 });
});

afterAll(async () => {
  await session?.close();
  await site?.close();
  await fake?.close();
});

/** Right-click → Edit image with Pictor → Enter (the whole image). */
async function cropWhole(selector: string): Promise<void> {
  await page.bringToFront();
  await session.display.contextMenu(page, selector, 2);
  await waitForOverlay(session, page);
  session.display.key('Return');
}

/** The next crop works: the photo arrives in the popup at its size. */
async function nextCropWorks(): Promise<void> {
  await cropWhole('#photo');
  const popup = await session.attach('/popup.html', 15_000);
  await popup.waitForText(`${PHOTO_SIZE.width} × ${PHOTO_SIZE.height} px`, 15_000);
  await closePopup(popup);
}

test('an image the server no longer gives (404) falls back to the screen crop, labelled as such', async () => {
  await cropWhole('#gone');
  const popup = await session.attach('/popup.html', 15_000);
  await popup.waitForText('Screen resolution', 15_000);
  await popup.waitForText(`${PHOTO_SIZE.width} × ${PHOTO_SIZE.height} px`);
  await closePopup(popup);
  await nextCropWorks();
});

test('a file served as image/png that is not an image: said in the overlay, nothing cut', async () => {
  await cropWhole('#fake');
  await overlayShows(page, 'This file is not an image Pictor can read');
  session.display.key('Escape');
  await page.waitForFunction(() => !document.querySelector('pictor-crop-overlay'), undefined, { polling: 50 });
  await nextCropWorks();
});

test('a PNG whose header claims 30000×30000: refused before decoding, with its size', async () => {
  await cropWhole('#huge');
  await overlayShows(page, 'This image is 30000 × 30000 px (900 megapixels): Pictor opens images up to 100 megapixels.');
  session.display.key('Escape');
  await page.waitForFunction(() => !document.querySelector('pictor-crop-overlay'), undefined, { polling: 50 });
  await nextCropWorks();
});

test("a 12000×600 panorama works, scaled to the models' 4096 px limit", async () => {
  await cropWhole('#pano');
  const popup = await session.attach('/popup.html', 15_000);
  await popup.waitForText('4096 × 204 px', 15_000);
  await popup.waitForText('Full resolution');
  await closePopup(popup);
});

async function generateFails(prompt: string): Promise<CdpPage> {
  const popup = await session.openPopup();
  await popup.waitFor(`!document.querySelector('button[type=submit]')?.disabled`, 'the popup ready');
  // A fresh popup may still show the last crop: this request is made from words alone.
  if (await popup.eval<boolean>(`[...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Remove image')`)) await popup.clickButton('Remove image');
  await popup.fill('Prompt', prompt);
  await popup.clickButton('Generate');
  return popup;
}

test('a provider answer whose image is not an image: said plainly, nothing kept, and the next request works', async () => {
  fake.openai.queue.push({ kind: 'not-image' });
  const popup = await generateFails('a lighthouse');
  await popup.waitForText('OpenAI answered, but not with an image Pictor could read, so nothing was kept.', 20_000);
  expect(await popup.eval<number>(`document.querySelectorAll('img[alt^="Result"]').length`)).toBe(0);
  await popup.clickButton('Generate');
  await popup.waitFor(`document.querySelector('img[alt^="Result 1"]')?.naturalWidth`, 'the next result', 20_000);
  await closePopup(popup);
});

test('a stream that ends in an error event: retried, then said plainly with Retry, which works', async () => {
  // Every automatic attempt meets the error event; the user's Retry gets the image.
  fake.openai.mode = { kind: 'stream-error' };
  const popup = await generateFails('a harbour');
  await popup.waitForText('OpenAI had a problem on its side', 30_000);
  expect(await popup.text()).not.toMatch(/\[object|undefined|TypeError/);
  fake.openai.mode = { kind: 'ok' };
  await new Promise((r) => setTimeout(r, 2000));
  await popup.clickButton('Retry');
  await popup.waitFor(`document.querySelector('img[alt^="Result 1"]')?.naturalWidth`, 'the result after Retry', 20_000);
  await closePopup(popup);
  await nextCropWorks();
});
