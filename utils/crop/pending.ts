import { browser } from 'wxt/browser';

/**
 * A crop on its way. When the page can cut the crop itself (utils/crop/page/page-cut.ts), the background
 * opens the popup as the user presses Enter, so that the popup starts while the crop is being cut and
 * stored; until the crop arrives (cropChanged) the popup says it is being cut, or why it failed. In
 * session storage: memory only, and out of reach of content scripts.
 */
export interface PendingCrop {
  /** When Enter was pressed: a stored crop newer than this is the one that was on its way. */
  at: number;
  /** The crop failed: the sentence the overlay also shows. */
  error?: string;
}

const KEY = 'cropPending';

export async function readPendingCrop(): Promise<PendingCrop | null> {
  const { [KEY]: value } = await browser.storage.session.get(KEY);
  const pending = value as PendingCrop | undefined;
  return typeof pending?.at === 'number' ? pending : null;
}

export async function setPendingCrop(pending: PendingCrop | null): Promise<void> {
  if (pending) await browser.storage.session.set({ [KEY]: pending });
  else await browser.storage.session.remove(KEY);
}

/**
 * Calls back when the crop on its way is stored or failed (its marker changes). The popup's first
 * screen listens here: it is told at once, without waiting for its messaging to load.
 */
export function onPendingCropChange(callback: () => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'session' && KEY in changes) callback();
  });
}
