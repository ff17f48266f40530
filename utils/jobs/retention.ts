import type { JobStore } from './store';
import type { Job } from './types';

/**
 * "Keep the last N requests": what may be deleted without asking. Only jobs beyond the newest N,
 * finished, already looked at, and whose every image (if any) was saved: a download the browser
 * said completed (JobResult.saved). A result the user has not seen, or never saved anywhere else,
 * is never deleted by a rule (they delete it themselves in History). A download that only started,
 * or that failed, does not count; nor do the flags of earlier versions, which were set when a
 * download started.
 */
export function prunable(newestFirst: readonly Job[], keepLast: number): string[] {
  if (keepLast <= 0) return [];
  return newestFirst
    .slice(keepLast)
    .filter((j) => (j.state === 'succeeded' || j.state === 'failed' || j.state === 'canceled') && j.seen)
    .filter((j) => j.results.every((r) => r.saved === true))
    .map((j) => j.id);
}

/** Applies the rule; resolves with what was deleted. */
export async function applyRetention(store: JobStore, keepLast: number): Promise<string[]> {
  if (keepLast <= 0) return [];
  const all = await store.page({ limit: Number.MAX_SAFE_INTEGER });
  const ids = prunable(all, keepLast);
  if (ids.length) await store.remove(ids);
  return ids;
}
