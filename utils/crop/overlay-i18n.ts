import type { MessageKey } from '../i18n';

// The browser's own API object: Chrome's content scripts have it, and so do Firefox's. The overlay
// reads its words from it directly: utils/i18n.ts goes through wxt/browser, whose
// webextension-polyfill would be about a quarter of the overlay's weight in the page, for this one
// synchronous call that needs no polyfill.
declare const chrome: { i18n: { getMessage(key: string, substitutions?: string | string[]): string } };

/** utils/i18n.ts's `t`, for the crop overlay (see above). */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  return chrome.i18n.getMessage(key, substitutions) || key;
}
