import { afterAll, beforeAll, test } from 'vitest';
import { PHOTO_SIZE, type TestSite } from '../site';
import { FirefoxPopup, type FirefoxSession } from './browser';
import { firefoxOnTestSite, type FirefoxOnSite } from './on-test-site';

/**
 * The first right-click after install, before anything else has woken Pictor: Firefox's background
 * page has only just started and made its menus (they are made anew at every start, removeAll
 * first). The overlay opens and the crop reaches the popup.
 */
let site: TestSite;
let firefox: FirefoxSession;
let started: FirefoxOnSite | undefined;

beforeAll(async () => {
  ({ site, firefox } = started = await firefoxOnTestSite());
});

afterAll(() => started?.close());

test('the first right-click after install opens the overlay, and the crop arrives', async () => {
  const page = await firefox.browser.newPage();
  await page.goto(`${site.origin}/page.html`);
  await firefox.contextMenu(page, '#photo', 'Edit image with Pictor');
  await page.waitForFunction(() => document.querySelector('pictor-crop-overlay'), { polling: 50, timeout: 10_000 });
  await page.keyboard.press('Enter');
  // Read through the welcome page that install opened (an extension page already there: opening
  // another tab now would close the popup).
  const popup = new FirefoxPopup(await firefox.extensionPage('welcome.html'));
  await popup.waitForText(`${PHOTO_SIZE.width} × ${PHOTO_SIZE.height} px`);
  await page.close();
});

test('an image that did not load on the page: the overlay offers the screen where it sits, and Enter captures exactly that', async () => {
  // Firefox offers "Edit image with Pictor" on a broken image (Chromium offers only the page's
  // "Capture area"). There is nothing of it to read: the overlay starts with the image's box
  // selected, says so (overlayBrokenImage), and Enter captures that part of the screen.
  const page = await firefox.browser.newPage();
  await page.goto(`${site.origin}/broken.html`);
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('#broken');
    return img?.complete && img.naturalWidth === 0;
  }, { polling: 50 });
  const box = await page.evaluate(() => {
    const r = document.querySelector('#broken')!.getBoundingClientRect();
    return { width: Math.round(r.width * devicePixelRatio), height: Math.round(r.height * devicePixelRatio) };
  });
  await firefox.contextMenu(page, '#broken', 'Edit image with Pictor');
  await page.waitForFunction(() => document.querySelector('pictor-crop-overlay'), { polling: 50, timeout: 10_000 });
  await page.keyboard.press('Enter');
  const popup = new FirefoxPopup(await firefox.extensionPage('welcome.html'));
  await popup.waitForText(`Captured from ${new URL(site.origin).hostname}`);
  await popup.waitForText(`${box.width} × ${box.height} px`);
  await page.close();
});
