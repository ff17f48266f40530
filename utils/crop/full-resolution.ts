import { browser } from 'wxt/browser';

/**
 * "Full resolution on every site": one grant of the manifest's optional host permission for every
 * http(s) site, so the extension may fetch any image's original file (extension fetches ignore the
 * page's CORS) and no crop falls back to the screen. Without it, each site is asked for on its own,
 * from the popup, when the user wants its image at full resolution.
 */
export const EVERY_SITE = '*://*/*';
const ALL = { origins: [EVERY_SITE] };

export const onEverySite = (): Promise<boolean> => browser.permissions.contains(ALL);

/** Must be the first thing awaited in a click handler (the browser wants the user's gesture). */
export const allowEverySite = (): Promise<boolean> => browser.permissions.request(ALL);

export const stopEverySite = (): Promise<boolean> => browser.permissions.remove(ALL);

/** Calls back whenever a grant or a revocation (here, in the browser's own settings) may have changed it. */
export function followEverySite(onChange: (granted: boolean) => void): () => void {
  const check = () => void onEverySite().then(onChange);
  browser.permissions.onAdded.addListener(check);
  browser.permissions.onRemoved.addListener(check);
  check();
  return () => {
    browser.permissions.onAdded.removeListener(check);
    browser.permissions.onRemoved.removeListener(check);
  };
}
