import { browser, type Browser } from 'wxt/browser';
import { t } from './i18n';
import { pendingSource } from './storage';

export const MENU_EDIT_IMAGE = 'pictor-edit-image';

export function createMenus(): void {
  browser.contextMenus.create({ id: MENU_EDIT_IMAGE, title: t('menuEditImage'), contexts: ['image'] });
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

export async function onMenuClicked(info: Browser.contextMenus.OnClickData): Promise<void> {
  if (info.menuItemId !== MENU_EDIT_IMAGE || !info.srcUrl) return;
  await pendingSource.setValue({ url: info.srcUrl, pageUrl: info.pageUrl, at: Date.now() });
  await openPopup();
}
