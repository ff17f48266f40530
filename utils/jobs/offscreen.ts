import { browser } from 'wxt/browser';
import { assertJobMessage, onMessage, sendMessage } from '../messaging';

const OFFSCREEN_URL = '/offscreen.html';
let creating: Promise<void> | undefined;

async function ensureOffscreen(): Promise<void> {
  const url = browser.runtime.getURL(OFFSCREEN_URL);
  const contexts = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  if (contexts.length > 0) return;
  creating ??= browser.offscreen
    .createDocument({
      url: OFFSCREEN_URL,
      reasons: ['BLOBS'],
      justification: 'Runs image requests that outlast the service worker and hands result blobs to the popup.',
    })
    .finally(() => {
      creating = undefined;
    });
  await creating;
}

/** Chrome's background: forwards jobs to the offscreen document, creating it when needed. */
export function forwardJobsToOffscreen(): void {
  onMessage('startJob', async ({ data, sender }) => {
    const jobId = assertJobMessage(sender, data);
    await ensureOffscreen();
    await sendMessage('runJob', jobId);
  });
}
