import type { MessageKey } from '../../platform/i18n';

// The browser's own API object: Chrome's content scripts have it, and so do Firefox's. The overlay
// reads its words from it directly: utils/platform/i18n.ts goes through wxt/browser, whose
// webextension-polyfill was about 3 KB gzipped of the overlay, which every page the user crops from
// loads, for this one synchronous call that needs no polyfill.
declare const chrome: { i18n: { getMessage(key: string, substitutions?: string | string[]): string } };

/** utils/platform/i18n.ts's `t`, for the crop overlay (see above). */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  return chrome.i18n.getMessage(key, substitutions) || key;
}
