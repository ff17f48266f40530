import { t, type MessageKey } from '../platform/i18n';
import type { JobStore } from '../jobs/store';
import type { Job, JobState } from '../jobs/types';
import { OPERATION_LABEL } from '../providers/types';

/**
 * The library's list as plain functions: pages of the history through the store's newest-first
 * index, and the changes a `jobChanged` notice makes to what is on screen.
 */

/** Whether a job belongs in a list filtered by `query` (the store's own rule: prompt contains it). */
export function matchesQuery(job: Pick<Job, 'prompt'>, query: string): boolean {
  const needle = query.trim().toLocaleLowerCase();
  return !needle || job.prompt.toLocaleLowerCase().includes(needle);
}

/** Newest first; jobs made in the same millisecond in the index's own order (by id, descending). */
function newerFirst(a: Job, b: Job): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * The next `limit` jobs after those already `loaded`. Paging is by creation time, and several jobs
 * can share a millisecond (background removals started together): the page starts at the last
 * loaded time itself, asks for that many more, and drops the ones already shown, so none is
 * skipped or shown twice.
 */
export async function nextPage(
  store: Pick<JobStore, 'page'>,
  loaded: readonly Job[],
  limit: number,
  query = '',
): Promise<{ jobs: Job[]; more: boolean }> {
  const last = loaded.at(-1);
  if (!last) {
    const jobs = await store.page({ limit: limit + 1, query });
    return { jobs: jobs.slice(0, limit), more: jobs.length > limit };
  }
  const sameTime = loaded.filter((j) => j.createdAt === last.createdAt).length;
  const want = sameTime + limit + 1;
  const page = await store.page({ limit: want, before: last.createdAt + 1, query });
  const shown = new Set(loaded.map((j) => j.id));
  const fresh = page.filter((j) => !shown.has(j.id));
  return { jobs: fresh.slice(0, limit), more: fresh.length > limit };
}

/**
 * A job that changed, put where it belongs: replaced in place, added in order when it matches
 * the search and falls inside what is loaded (a list with more pages to load only takes jobs
 * newer than its last one), or taken out when it no longer matches.
 */
export function upsert(list: readonly Job[], job: Job, query: string, more: boolean): Job[] {
  const rest = list.filter((j) => j.id !== job.id);
  if (!matchesQuery(job, query)) return rest;
  const last = rest.at(-1);
  if (more && last && newerFirst(job, last) > 0) return rest;
  return [...rest, job].sort(newerFirst);
}

/** The list without a job (deleted). */
export function without(list: readonly Job[], jobId: string): Job[] {
  return list.filter((j) => j.id !== jobId);
}

const STATE: Record<JobState, MessageKey> = { queued: 'stripQueued', running: 'stripRunning', succeeded: 'stripDone', failed: 'stripFailed', canceled: 'stripCanceled' };

/** What a job is called in the library: its prompt in quotes, or what it did when it took none. */
export function jobName(job: Pick<Job, 'prompt' | 'operation'>): string {
  return job.prompt ? t('libraryQuoted', job.prompt) : t(OPERATION_LABEL[job.operation]);
}

export function stateName(state: JobState): string {
  return t(STATE[state]);
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatWhen(ms: number): string {
  return when.format(ms);
}
