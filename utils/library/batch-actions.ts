import { sendMessage } from '../platform/messaging';
import { cancelJob } from '../jobs/submit';
import { pauseBatch, resumeBatch } from '../jobs/batch';
import { downloadResult } from '../results/result-actions';
import { isFinished, type Job } from '../jobs/types';
import type { JobStore } from '../jobs/store';

/** What the batch view's buttons do (components/library/BatchEntry.svelte). */

/** Pause: the jobs not yet sent wait; the ones on their way finish. */
export const pause = (id: string) => pauseBatch(id, 'user');

/**
 * Resume: the background's queue sends the waiting jobs again, as each provider's limits allow. A
 * job the monthly limit refused (nothing was sent for it) waits again too, in its place: the user
 * resumes once the limit is raised, and the gateway checks it again like any other (refused once
 * more, and the batch paused again, while the limit still stands).
 */
export async function resume(store: JobStore, id: string, jobs: readonly Job[]): Promise<void> {
  const refused = jobs.filter((j) => j.state === 'failed' && j.error?.kind === 'spend-limit');
  for (const job of refused) {
    await store.patch(job.id, (j) => (j.state === 'failed' && j.error?.kind === 'spend-limit' ? { state: 'queued', error: undefined, finishedAt: undefined } : {}), { durability: 'relaxed' });
  }
  await resumeBatch(id);
  const waiting = [...refused, ...jobs.filter((j) => j.state === 'queued')][0];
  if (waiting) await sendMessage('startJob', waiting.id);
}

/** Cancel all: paused first, so nothing more starts while each job that has not ended is stopped. */
export async function cancelAll(id: string, jobs: readonly Job[]): Promise<void> {
  await pauseBatch(id, 'user');
  for (const job of jobs) if (!isFinished(job.state)) await cancelJob(job.id);
  await resumeBatch(id);
}

/** Download all: every image of the batch, named from the download template, one after the other. Resolves with how many were saved. */
export async function downloadAll(store: JobStore, jobs: readonly Job[]): Promise<number> {
  let saved = 0;
  for (const job of jobs) {
    if (job.state !== 'succeeded') continue;
    for (let i = 0; i < job.results.length; i++) {
      await downloadResult(job, i, store);
      saved += 1;
    }
  }
  return saved;
}
