import { browser } from 'wxt/browser';
import { CropError } from '../pipeline';

/**
 * A screenshot of the tab that asked for a crop. captureVisibleTab takes whatever tab is showing in
 * the window at that moment (developer.chrome.com/docs/extensions/reference/api/tabs#method-captureVisibleTab):
 * the tab is checked to be the one showing, before and after, so a tab switched to meanwhile
 * (another site, another account) never ends up in this crop.
 */
export async function captureShownTab(tab: { id: number; windowId: number }): Promise<Blob> {
  const showing = async () => (await browser.tabs.query({ active: true, windowId: tab.windowId }))[0]?.id === tab.id;
  if (!(await showing())) throw new CropError('tab-changed');
  const dataUrl = await browser.tabs.captureVisibleTab(tab.windowId, { format: 'png' });
  if (!(await showing())) throw new CropError('tab-changed');
  return (await fetch(dataUrl)).blob();
}
