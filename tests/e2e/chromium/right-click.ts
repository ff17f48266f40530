import type { Page } from 'playwright-core';
import type { TestSite } from '../site';
import type { ChromiumSession } from './browser';
import type { CdpPage } from './cdp-page';
import { waitOrKeepEvidence } from './evidence';

/** The one tab per browser that right-click crops use, loaded again for each (tests close the tabs they open). */
const cropTabs = new WeakMap<ChromiumSession, Page>();

/**
 * What a user does to start: a real right-click on the test page's photo, "Edit image with Pictor"
 * in Chromium's native menu, Enter in the overlay. Resolves with the popup that opens by itself.
 * A wait that runs out keeps its evidence (evidence.ts) and names it in the failure.
 */
export async function rightClickCrop(session: ChromiumSession, site: TestSite): Promise<CdpPage> {
  let page = cropTabs.get(session);
  if (!page || page.isClosed()) {
    page = await session.context.newPage();
    cropTabs.set(session, page);
  }
  await page.goto(`${site.origin}/page.html`);
  await session.display.contextMenu(page, '#photo', 2);
  await waitForOverlay(session, page);
  session.display.key('Return');
  const popup = await session.attach('/popup.html');
  await popup.waitFor(`document.querySelector('img[alt="The image you chose to edit"]')?.naturalWidth`, 'the crop');
  return popup;
}

/** The crop overlay is on `page` (or in one of its frames), or the evidence of why not is kept. */
export async function waitForOverlay(session: ChromiumSession, page: Page, timeoutMs = 10_000): Promise<void> {
  await waitOrKeepEvidence(
    session,
    'the crop overlay',
    async () => {
      for (const frame of page.frames()) if (await frame.evaluate(() => !!document.querySelector('pictor-crop-overlay')).catch(() => false)) return true;
      return false;
    },
    timeoutMs,
  );
}

/** The user is done with a popup: it closes (not only the test's connection to it), so the next one is the only one. */
export async function closePopup(popup: CdpPage | undefined, session?: ChromiumSession): Promise<void> {
  if (!popup) return;
  // The popup's own close() ends the page before it can answer: the answer is not waited for.
  void popup.eval('window.close()').catch(() => undefined);
  popup.close();
  // Gone from the browser's targets, rather than a fixed wait.
  if (session) {
    const end = Date.now() + 3000;
    while (Date.now() < end && (await session.targets()).some((t) => t.url.includes('/popup.html'))) await new Promise((r) => setTimeout(r, 50));
  } else {
    await new Promise((r) => setTimeout(r, 500));
  }
}
