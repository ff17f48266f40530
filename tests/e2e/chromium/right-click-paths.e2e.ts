import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP } from '../paths';
import { BANNER_SIZE, PHOTO_SIZE, startTestSite, type TestSite } from '../site';
import { launchChromium, type ChromiumSession } from './browser';
import type { CdpPage } from './cdp-page';
import { overlayShows } from './overlay-text';
import { closePopup, rightClickCrop, waitForOverlay } from './right-click';

/**
 * "Edit image with Pictor" as it is used for real, beyond one calm right-click: after Chrome has
 * stopped the idle service worker, twice in a row on two images of one page, and right after the
 * popup of the previous crop closed. Each time the overlay opens on the image clicked, and its crop
 * reaches the popup.
 */
let fake: FakeProviders;
let site: TestSite;
let session: ChromiumSession;
let popup: CdpPage | undefined;
let page: Page | undefined;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  site = await startTestSite();
  session = await launchChromium(fake.port);
});

afterAll(async () => {
  popup?.close();
  await session?.close();
  await site?.close();
  await fake?.close();
});

beforeEach(async () => {
  await closePopup(popup, session);
  popup = undefined;
  await page?.close();
  page = undefined;
});

const photoSize = `${PHOTO_SIZE.width} × ${PHOTO_SIZE.height} px`;

test('a right-click after Chrome stopped the idle service worker opens the overlay, and the crop arrives', async () => {
  await session.stopServiceWorker();
  popup = await rightClickCrop(session, site);
  await popup.waitForText(photoSize);
});

test('two right-clicks in quick succession on two images: the second overlay holds the second image', async () => {
  page = await session.context.newPage();
  await page.goto(`${site.origin}/pair.html`);
  await session.display.contextMenu(page, '#banner', 2);
  await waitForOverlay(session, page);
  await overlayShows(page, `${BANNER_SIZE.width} × ${BANNER_SIZE.height} px`);
  // Esc, and straight on to the other image: the second injection meets what the first left in the page.
  session.display.key('Escape');
  await page.waitForFunction(() => !document.querySelector('pictor-crop-overlay'), undefined, { polling: 20 });
  await session.display.contextMenu(page, '#photo', 2);
  await waitForOverlay(session, page);
  const said = await overlayShows(page, photoSize);
  expect(said).not.toContain(`${BANNER_SIZE.width} × ${BANNER_SIZE.height} px`);
  session.display.key('Return');
  popup = await session.attach('/popup.html', 15_000);
  await popup.waitForText(photoSize, 15_000);
});

test('a right-click right after the popup of the previous crop closed opens the overlay again', async () => {
  popup = await rightClickCrop(session, site);
  await popup.waitForText(photoSize);
  await closePopup(popup, session);
  popup = await rightClickCrop(session, site);
  await popup.waitForText(photoSize);
});
