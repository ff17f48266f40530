import { browser } from 'wxt/browser';
import { sendCropMessage } from '../crop/messages';
import { cropStore, wholeImageCrop } from '../crop/store';
import { toolbarAction } from '../platform/action';

/** The sample shipped with Pictor, for a first try without leaving the welcome page. */
export const SAMPLE_PATH = '/sample.svg';
export const SAMPLE_SIZE = { width: 1200, height: 800 };

/** The sample as a PNG, drawn by this page (an SVG has no pixels of its own). */
export async function sampleBlob(doc: Document = document): Promise<Blob> {
  const img = doc.createElement('img');
  img.src = browser.runtime.getURL(SAMPLE_PATH);
  await img.decode();
  const canvas = new OffscreenCanvas(SAMPLE_SIZE.width, SAMPLE_SIZE.height);
  canvas.getContext('2d')!.drawImage(img, 0, 0, SAMPLE_SIZE.width, SAMPLE_SIZE.height);
  return canvas.convertToBlob({ type: 'image/png' });
}

/**
 * Opens the popup with the sample as the image to edit, as a right-click crop would. The popup is
 * asked for first, while the click still counts as the user's (Firefox wants that); it reads the
 * crop again when told it changed.
 */
export async function trySample(blob: Blob, pageUrl: string): Promise<void> {
  const action = toolbarAction();
  const opened = action.openPopup().catch(() => undefined);
  const tab = await browser.tabs.getCurrent();
  await cropStore.set(wholeImageCrop(blob, SAMPLE_SIZE.width, SAMPLE_SIZE.height, { url: browser.runtime.getURL(SAMPLE_PATH), pageUrl, tabId: tab?.id ?? -1 }));
  await sendCropMessage('cropChanged').catch(() => undefined);
  await opened;
}
