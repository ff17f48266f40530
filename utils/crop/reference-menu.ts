import { browser, type Browser } from 'wxt/browser';
import { t } from '../platform/i18n';

/**
 * "Add to Pictor as a reference", the context-menu item that adds an image to the request being put
 * together. It exists only while a crop waits that no request has taken yet: both Chrome and Firefox
 * fold an extension's items into one submenu under its name as soon as two of them match a
 * right-click (https://developer.chrome.com/docs/extensions/reference/api/contextMenus; MDN
 * menus.create). An item made invisible still counts in
 * Chromium (seen: a "Pictor ▸" submenu holding "Edit image with Pictor" alone), so the item is
 * removed rather than hidden. The first right-click of an edit, and every one after a request was
 * sent, keeps "Edit image with Pictor" at the top level.
 */
export const MENU_ADD_REFERENCE = 'pictor-add-reference';

export function referenceItem(): Browser.contextMenus.CreateProperties {
  return { id: MENU_ADD_REFERENCE, title: t('menuAddReference'), contexts: ['image'] };
}

/** Adds or removes the item; from any extension page (the popup, History) as from the background. */
export async function showReferenceItem(shown: boolean): Promise<void> {
  // Offscreen documents and the tests' fake browser have no menus API.
  const menus = (browser as Partial<typeof browser>).contextMenus;
  if (!menus?.create) return;
  try {
    if (shown) {
      // Already there (a second crop while the first waits): the browser refuses the duplicate id,
      // which is read in the callback so that Chrome does not log it as unchecked.
      await new Promise<void>((resolve) => {
        menus.create(referenceItem(), () => {
          void browser.runtime.lastError;
          resolve();
        });
      });
    } else {
      // Not there (no crop waited): nothing to remove.
      await menus.remove(MENU_ADD_REFERENCE);
    }
  } catch {
    // The menu is made again from the stored state when the background starts (background/menus.ts).
  }
}
