import { sendMessage } from '../platform/messaging';
import { cancelJob } from '../jobs/submit';
import { pauseBatch, resumeBatch } from '../jobs/batch';
import { downloadResult } from '../results/result-actions';
import { isFinished, type Job } from '../jobs/types';
import type { JobStore } from '../jobs/store';

/** What the batch view's buttons do (components/library/BatchEntry.svelte). */

/** Pause: the jobs not yet sent wait; the ones on their way finish. */
export const pause = (id: string) => pauseBatch(id, 'user');

/** Resume: the background's queue sends the waiting jobs again, as each provider's limits allow. */
export async function resume(id: string, jobs: readonly Job[]): Promise<void> {
  await resumeBatch(id);
  const waiting = jobs.find((j) => j.state === 'queued');
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
