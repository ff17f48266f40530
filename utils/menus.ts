import { browser, type Browser } from 'wxt/browser';
import { injectOverlay } from './crop/inject';
import { t } from './i18n';
import { COMMAND_CAPTURE } from './shortcuts';

export const MENU_EDIT_IMAGE = 'pictor-edit-image';
export const MENU_CAPTURE = 'pictor-capture-area';
export function createMenus(): void {
  browser.contextMenus.create({ id: MENU_EDIT_IMAGE, title: t('menuEditImage'), contexts: ['image'] });
  // Everything that is not an <img>: CSS backgrounds, canvas, video frames, text. Both browsers fold an
  // extension's items into a submenu as soon as two match one click, so this item never matches where
  // an image can be under the pointer: not 'link' (a product photo inside a link) and not 'frame' (an
  // image in an iframe). 'page' already covers frames and every spot where nothing more specific is
  // (https://developer.chrome.com/docs/extensions/reference/api/contextMenus; MDN menus.ContextType).
  // A canvas has no context of its own in either browser: the capture shortcut reaches it.
  browser.contextMenus.create({ id: MENU_CAPTURE, title: t('menuCaptureArea'), contexts: ['page', 'selection', 'video'] });
}

/**
 * Opens the toolbar popup. Where the browser refuses (an unfocused window, an old browser), the
 * badge tells the user the popup has something waiting, so the click is never silently lost.
 */
export async function openPopup(): Promise<boolean> {
  const action = browser.action ?? browser.browserAction;
  try {
    await action.openPopup();
    return true;
  } catch {
    await action.setBadgeText({ text: '1' });
    await action.setTitle({ title: t('errorPopupBlocked') });
    return false;
  }
}

/** Where the overlay can't run (the browser's own pages, the web store), the badge says so. */
async function tellCannotRun(): Promise<void> {
  const action = browser.action ?? browser.browserAction;
  await action.setTitle({ title: t('errorCannotRunHere') });
  await action.setBadgeText({ text: '!' });
}

export async function onMenuClicked(info: Browser.contextMenus.OnClickData, tab: Browser.tabs.Tab | undefined): Promise<void> {
  if (tab?.id === undefined) return;
  const image = info.menuItemId === MENU_EDIT_IMAGE && info.srcUrl;
  if (!image && info.menuItemId !== MENU_CAPTURE) return;
  try {
    await injectOverlay({
      tabId: tab.id,
      // A capture covers the whole visible tab, so it runs in the top frame.
      frameId: image ? (info.frameId ?? 0) : 0,
      mode: image ? 'image' : 'capture',
      srcUrl: image ? info.srcUrl : undefined,
    });
  } catch {
    await tellCannotRun();
  }
}

export async function onCommand(command: string, tab: Browser.tabs.Tab | undefined): Promise<void> {
  if (command !== COMMAND_CAPTURE || tab?.id === undefined) return;
  try {
    await injectOverlay({ tabId: tab.id, frameId: 0, mode: 'capture' });
  } catch {
    await tellCannotRun();
  }
}
