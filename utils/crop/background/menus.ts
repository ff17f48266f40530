import { browser, type Browser } from 'wxt/browser';
import { InjectError, injectOverlay, isSuperseded } from './inject';
import { clearMenuFailure, describeError, reportMenuFailure } from './menu-failure';
import { t } from '../../platform/i18n';
import { COMMAND_CAPTURE, COMMAND_CAPTURE_REFERENCE } from '../shortcuts';
import { toolbarAction } from '../../platform/action';
import { MENU_ADD_REFERENCE, referenceItem } from '../reference-menu';
import { cropStore } from '../store';

export const MENU_EDIT_IMAGE = 'pictor-edit-image';
export const MENU_CAPTURE = 'pictor-capture-area';
export { MENU_ADD_REFERENCE };

type MenuApi = Pick<typeof browser.contextMenus, 'create' | 'removeAll'>;
type CreateProperties = Parameters<MenuApi['create']>[0];

/** One item, made with the browser's error read in its callback: Chrome reports a failed create (a duplicate id) only there. */
function createItem(menus: MenuApi, properties: CreateProperties): Promise<void> {
  return new Promise((resolve, reject) => {
    menus.create(properties, () => {
      const error = browser.runtime.lastError;
      if (error) reject(new Error(error.message ?? 'the browser gave no reason'));
      else resolve();
    });
  });
}

/**
 * Pictor's items, the same however often this runs: whatever Pictor made before is removed
 * first (Chrome keeps menus across a worker restart and an update, Firefox not across a restart,
 * and a second create with the same id fails), and a failure is logged and kept
 * (utils/crop/background/menu-failure.ts) rather than lost in a callback.
 */
export async function createMenus(menus: MenuApi = browser.contextMenus): Promise<void> {
  try {
    const offerReferences = cropStore.offersReferences().catch(() => false);
    await menus.removeAll();
    await createItem(menus, { id: MENU_EDIT_IMAGE, title: t('menuEditImage'), contexts: ['image'] });
    // Only while a crop waits that no request took (utils/crop/reference-menu.ts): then both image
    // items sit in Pictor's submenu; otherwise "Edit image with Pictor" stays at the top level.
    if (await offerReferences) await createItem(menus, referenceItem());
    // Everything that is not an <img>: CSS backgrounds, canvas, video frames, text. Both browsers fold an
    // extension's items into a submenu as soon as two match one click, so this item never matches where
    // an image can be under the pointer: not 'link' (a product photo inside a link) and not 'frame' (an
    // image in an iframe). 'page' already covers frames and every spot where nothing more specific is
    // (https://developer.chrome.com/docs/extensions/reference/api/contextMenus; MDN menus.ContextType).
    // A canvas has no context of its own in either browser: the capture shortcut reaches it.
    await createItem(menus, { id: MENU_CAPTURE, title: t('menuCaptureArea'), contexts: ['page', 'selection', 'video'] });
  } catch (error) {
    await reportMenuFailure('menus', error);
  }
}

/**
 * Opens the toolbar popup. Where the browser refuses (an unfocused window, an old browser), the
 * badge tells the user the popup has something waiting, so the click is never silently lost.
 */
export async function openPopup(): Promise<boolean> {
  const action = toolbarAction();
  try {
    await action.openPopup();
    return true;
  } catch (error) {
    console.warn(`Pictor could not open its popup: ${describeError(error)}`);
    await action.setBadgeText({ text: '1' });
    await action.setTitle({ title: t('errorPopupBlocked') });
    return false;
  }
}

/** Opens the overlay; where it can't (the browser's own pages, the web store, a page that went away), the button says why. */
async function open(target: Parameters<typeof injectOverlay>[0]): Promise<void> {
  try {
    await injectOverlay(target);
    await clearMenuFailure();
  } catch (error) {
    // A newer click on the same page took over; it reports its own outcome.
    if (isSuperseded(error)) return;
    await reportMenuFailure(error instanceof InjectError ? error.step : 'inject', error);
  }
}

export async function onMenuClicked(info: Browser.contextMenus.OnClickData, tab: Browser.tabs.Tab | undefined): Promise<void> {
  if (tab?.id === undefined) return reportMenuFailure('inject', new Error('The browser did not say which tab was clicked.'));
  const reference = info.menuItemId === MENU_ADD_REFERENCE;
  const image = (info.menuItemId === MENU_EDIT_IMAGE || reference) && info.srcUrl;
  if (!image && info.menuItemId !== MENU_CAPTURE) return;
  await open({
    tabId: tab.id,
    // A capture covers the whole visible tab, so it runs in the top frame.
    frameId: image ? (info.frameId ?? 0) : 0,
    mode: image ? 'image' : 'capture',
    srcUrl: image ? info.srcUrl : undefined,
    // The same overlay, whose Enter adds the selection (the whole image unless changed) as a reference.
    ...(image && reference ? { intent: 'reference' as const } : {}),
  });
}

export async function onCommand(command: string, tab: Browser.tabs.Tab | undefined): Promise<void> {
  if (command !== COMMAND_CAPTURE && command !== COMMAND_CAPTURE_REFERENCE) return;
  if (tab?.id === undefined) return reportMenuFailure('inject', new Error('The browser did not say which tab the shortcut was pressed in.'));
  // With no crop waiting, the area added becomes the crop (utils/crop/references.ts addReference).
  await open({ tabId: tab.id, frameId: 0, mode: 'capture', ...(command === COMMAND_CAPTURE_REFERENCE ? { intent: 'reference' as const } : {}) });
}
