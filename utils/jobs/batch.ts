import { pausedBatches } from '../platform/storage';
import { isFinished, type Job, type JobState } from './types';

/**
 * A batch: a list of prompts, each run a number of times, with one model or the compared set; each
 * request a job of its own in the gateway's queue (group kind `batch`), so it goes on with the popup
 * closed and honours each provider's limits as a single request does. Pausing keeps its jobs queued
 * (the gateway skips them); a monthly limit reached pauses it the same way, saying why.
 */

/** The most requests one batch may hold: a slip of the keyboard should not queue thousands. */
export const MAX_BATCH_REQUESTS = 500;
/** The most times each prompt can run. */
export const MAX_TIMES = 10;
/** Above this estimate a batch asks before it starts, unless Settings says another amount. */
export const DEFAULT_CONFIRM_USD = 1;

/** The prompts of a list as typed, pasted or read from a text file: one a line, blank lines dropped. */
export function batchPrompts(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** How far a batch has come, from its jobs. */
export interface BatchProgress {
  total: number;
  done: number;
  failed: number;
  canceled: number;
  running: number;
  waiting: number;
}

export function batchProgress(jobs: readonly Pick<Job, 'state'>[]): BatchProgress {
  const count = (...states: JobState[]) => jobs.filter((j) => states.includes(j.state)).length;
  return { total: jobs.length, done: count('succeeded'), failed: count('failed'), canceled: count('canceled'), running: count('running'), waiting: count('queued') };
}

/** Whether every job of the batch has ended. */
export function batchOver(jobs: readonly Pick<Job, 'state'>[]): boolean {
  return jobs.every((j) => isFinished(j.state));
}

export async function pauseBatch(id: string, why: 'user' | 'spend-limit'): Promise<void> {
  const paused = await pausedBatches.getValue();
  if (paused[id] !== why) await pausedBatches.setValue({ ...paused, [id]: why });
}

/** Resumed: the gateway sends its waiting jobs again (the caller asks it to pump). */
export async function resumeBatch(id: string): Promise<void> {
  const { [id]: _gone, ...rest } = await pausedBatches.getValue();
  await pausedBatches.setValue(rest);
}
