import { browser } from 'wxt/browser';

/**
 * The toolbar button: `action` in Chrome's MV3, `browserAction` in Firefox's MV2 build
 * (https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/browserAction). The two
 * share the methods Pictor uses (badge, title, openPopup).
 */
export function toolbarAction(): typeof browser.action {
  return browser.action ?? browser.browserAction;
}

/**
 * Whether Pictor's toolbar popup is open now. Chrome's worker asks runtime.getContexts (Chrome
 * 116+); Firefox's background page lists its views (extension.getViews).
 */
export async function popupIsOpen(): Promise<boolean> {
  if (typeof browser.runtime.getContexts === 'function') {
    return (await browser.runtime.getContexts({ contextTypes: ['POPUP'] })).length > 0;
  }
  return browser.extension.getViews({ type: 'popup' }).length > 0;
}
