import { browser } from 'wxt/browser';
import { sendMessage } from '../platform/messaging';
import type { ServiceId } from '../providers/types';

const OFFSCREEN_URL = '/offscreen.html';
let creating: Promise<void> | undefined;

async function offscreenExists(): Promise<boolean> {
  const url = browser.runtime.getURL(OFFSCREEN_URL);
  const contexts = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  return contexts.length > 0;
}

async function ensureOffscreen(): Promise<void> {
  // One being made is waited for, not found: the browser lists the document before its scripts
  // listen, and a job sent then is lost (seen: two jobs of a comparison handed over together, the
  // second sent to a document still loading, waited forever).
  if (creating) return creating;
  if (await offscreenExists()) return;
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

/**
 * Chrome's background side of the runner: hands a job to the offscreen document, creating it when
 * needed, and asks it to stop one (false when there is no document, so nothing runs there).
 */
export const offscreenRunner = {
  async run(jobId: string, provider: ServiceId): Promise<void> {
    // Sent at once: once made, the document stays. Only when nothing answers (no document yet, or
    // one being made) is it made first and the job sent again; the runner takes a job only once.
    if (!creating) {
      const sent = await sendMessage('runJob', { jobId, provider }).then(
        () => true,
        () => false,
      );
      if (sent) return;
    }
    await ensureOffscreen();
    await sendMessage('runJob', { jobId, provider });
  },
  async stop(jobId: string): Promise<boolean> {
    if (!creating && !(await offscreenExists())) return false;
    return sendMessage('stopJob', jobId).catch(() => false);
  },
};
