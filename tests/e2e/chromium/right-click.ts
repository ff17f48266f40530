import type { TestSite } from '../site';
import type { ChromiumSession } from './browser';
import type { CdpPage } from './cdp-page';

/**
 * What a user does to start: a real right-click on the test page's photo, "Edit image with Pictor"
 * in Chromium's native menu, Enter in the overlay. Resolves with the popup that opens by itself.
 */
export async function rightClickCrop(session: ChromiumSession, site: TestSite): Promise<CdpPage> {
  const page = await session.context.newPage();
  await page.goto(`${site.origin}/page.html`);
  await page.bringToFront();
  await session.display.contextMenu(page, '#photo', 2);
  await page.waitForFunction(() => document.querySelector('pictor-crop-overlay'), undefined, { polling: 50 });
  session.display.key('Return');
  const popup = await session.attach('/popup.html');
  await popup.waitFor(`document.querySelector('img[alt="The image you chose to edit"]')?.naturalWidth`, 'the crop');
  return popup;
}

/** The user is done with a popup: it closes (not only the test's connection to it), so the next one is the only one. */
export async function closePopup(popup: CdpPage | undefined): Promise<void> {
  if (!popup) return;
  await popup.eval('window.close()').catch(() => undefined);
  popup.close();
  await new Promise((r) => setTimeout(r, 500));
}
