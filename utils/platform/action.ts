import { browser } from 'wxt/browser';

/**
 * The toolbar button: `action` in Chrome's MV3, `browserAction` in Firefox's MV2 build
 * (https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/browserAction). The two
 * share the methods Pictor uses (badge, title, openPopup).
 */
export function toolbarAction(): typeof browser.action {
  return browser.action ?? browser.browserAction;
}
