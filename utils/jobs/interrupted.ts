import type { JobStore } from './store';
import type { JobState } from './types';

/**
 * Jobs cut off with the context that ran them are marked so, with a Retry, instead of spinning
 * forever: after a browser restart, or when a new runner context starts (only one exists at a
 * time), every job still marked running. Queued jobs stay queued: the gateway starts them. A job whose provider saved a checkpoint (an
 * Ideogram generation id) goes back to the queue instead: starting it again resumes where it was,
 * without paying twice. Resolves with those ids, for the caller to start.
 */
export async function markInterrupted(
  store: JobStore,
  { states = ['running'], startedBefore = Infinity, now = Date.now() }: { states?: readonly JobState[]; startedBefore?: number; now?: number } = {},
): Promise<{ failed: string[]; resumed: string[] }> {
  const cut = (await store.inStates(states)).filter((j) => (j.startedAt ?? j.createdAt) < startedBefore);
  const failed: string[] = [];
  const resumed: string[] = [];
  for (const job of cut) {
    if (job.checkpoint) {
      await store.patch(job.id, () => ({ state: 'queued', partial: undefined, retryAt: undefined }));
      resumed.push(job.id);
    } else {
      await store.patch(job.id, () => ({ state: 'failed', error: { kind: 'interrupted' }, partial: undefined, retryAt: undefined, finishedAt: now }));
      failed.push(job.id);
    }
  }
  return { failed, resumed };
}
