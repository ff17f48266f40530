import { browser } from 'wxt/browser';
import { assertJobMessage, broadcast, onMessage, sendMessage } from '../messaging';
import type { JobStore } from './store';
import { isFinished } from './types';

const OFFSCREEN_URL = '/offscreen.html';
let creating: Promise<void> | undefined;

async function offscreenExists(): Promise<boolean> {
  const url = browser.runtime.getURL(OFFSCREEN_URL);
  const contexts = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  return contexts.length > 0;
}

async function ensureOffscreen(): Promise<void> {
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
 * Chrome's background: forwards jobs to the offscreen document, creating it when needed. A Cancel
 * with no offscreen document to receive it (closed by an update, or never started) is carried out
 * here, so the job does not spin on.
 */
export function forwardJobsToOffscreen(store: JobStore): (jobId: string) => Promise<void> {
  const start = async (jobId: string) => {
    await ensureOffscreen();
    await sendMessage('runJob', jobId);
  };
  onMessage('startJob', ({ data, sender }) => start(assertJobMessage(sender, data)));
  onMessage('cancelJob', async ({ data, sender }) => {
    const jobId = assertJobMessage(sender, data);
    if (creating || (await offscreenExists())) return; // the runner there answers
    await store.patch(jobId, (job) => (isFinished(job.state) ? {} : { state: 'canceled', partial: undefined, retryAt: undefined, finishedAt: Date.now() }));
    await broadcast('jobChanged', jobId);
  });
  return start;
}
