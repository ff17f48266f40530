import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP } from '../paths';
import { startTestSite, type TestSite } from '../site';
import { launchChromium, type ChromiumSession } from './browser';
import { waitOrKeepEvidence } from './evidence';

/**
 * Pictor's context menu entry is one top-level item wherever the user right-clicks: an image inside a
 * link or an iframe must not fold "Edit image with Pictor" into a "Pictor ▸" submenu. The item is
 * reached as a user would, by real keys in Chromium's native menu: Up twice lands on the item just
 * above "Inspect", and Return runs it. Were it a submenu, Return would only open the submenu (the
 * helper says so: `inSubmenu`). No crop waits here, so "Add to Pictor as a reference" is hidden.
 */
let fake: FakeProviders;
let site: TestSite;
let session: ChromiumSession;
let page: Page;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  site = await startTestSite();
  session = await launchChromium(fake.port);
  await session.optionsPage();
  page = await session.context.newPage();
  await page.goto(`${site.origin}/shop.html`);
  await page.frameLocator('#frame').locator('#photo').waitFor();
  await page.bringToFront();
});

afterAll(async () => {
  await session?.close();
  await site?.close();
  await fake?.close();
});

/** The overlay's mode once it is open in `where` (its host element says it), and Esc to close it. */
async function overlayIn(where: Page | Frame): Promise<void> {
  await waitOrKeepEvidence(session, 'the crop overlay', () => where.evaluate(() => !!document.querySelector('pictor-crop-overlay')));
  session.display.key('Escape');
  await where.waitForFunction(() => !document.querySelector('pictor-crop-overlay'), undefined, { polling: 50 });
}

test('a product photo inside a link: "Edit image with Pictor" is a top-level item', async () => {
  expect(await session.display.contextMenu(page, '#photo', 2)).toEqual({ inSubmenu: false });
  await overlayIn(page);
});

test('an image inside an iframe: the item is top level, and the overlay opens in that frame', async () => {
  expect(await session.display.contextMenu(page, '#frame', 2)).toEqual({ inSubmenu: false });
  const frame = page.frames().find((f) => f.url().endsWith('/page.html'))!;
  await overlayIn(frame);
  expect(await page.evaluate(() => document.querySelector('pictor-crop-overlay'))).toBeNull();
});

test('anywhere else on the page: "Capture an area with Pictor" is a top-level item', async () => {
  // On the page itself the item sits above "View page source" and "Inspect".
  expect(await session.display.contextMenu(page, '#empty', 3)).toEqual({ inSubmenu: false });
  await overlayIn(page);
});
