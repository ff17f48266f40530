import { browser } from 'wxt/browser';
import type { JobStore } from './jobs/store';
import { isFinished, type Job } from './jobs/types';

/** What the toolbar badge says: "…" while a job runs, else the number of finished jobs not yet seen. */
export function badgeFor(jobs: readonly Job[]): { text: string; color: string } {
  if (jobs.some((j) => j.state === 'queued' || j.state === 'running')) return { text: '…', color: '#5b5bd6' };
  const unseen = jobs.filter((j) => isFinished(j.state) && !j.seen && j.state !== 'canceled');
  if (unseen.length === 0) return { text: '', color: '#5b5bd6' };
  const failed = unseen.some((j) => j.state === 'failed');
  return { text: String(unseen.length), color: failed ? '#c62828' : '#2e7d32' };
}

export async function updateBadge(store: JobStore): Promise<void> {
  const action = browser.action ?? browser.browserAction;
  const { text, color } = badgeFor(await store.list());
  await action.setBadgeBackgroundColor({ color });
  await action.setBadgeText({ text });
}
