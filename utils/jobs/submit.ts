import { browser } from 'wxt/browser';
import { sendMessage } from '../messaging';
import { toJobError } from '../providers/errors';
import { PUMP_ALARM } from './pump';
import { ensureRoom, NoRoomError } from './space';
import { t } from '../i18n';
import type { JobStore } from './store';
import type { Job, NewJob } from './types';

/**
 * Stores a job and asks the background to run it: the one way the popup and the library start
 * work. The base URL is not copied into the job: the runner reads it from the extension-only store
 * when the job runs and records the one it used (see runner.ts). If the background can't be reached, the job fails visibly instead of waiting forever.
 */
export async function submitJob(store: JobStore, input: Omit<NewJob, 'baseURL'>, prepared: Promise<void> = prepareJob()): Promise<Job> {
  await prepared;
  // Nothing is paid for yet: the write need not wait for the disk (store.ts, WriteOptions).
  const job = await store.create(input, { durability: 'relaxed' });
  try {
    await sendMessage('startJob', job.id);
    return job;
  } catch (err) {
    return (await store.patch(job.id, () => ({ state: 'failed', error: toJobError(err), finishedAt: Date.now() }))) ?? job;
  }
}

/**
 * What comes before a job is stored, which a page may start early (the popup does, while it checks
 * the keys) and hand to submitJob. Before anything is paid for: is there room to keep what comes
 * back? And, set before the job is stored: if the page closes before it asks for the start, the
 * background wakes on this alarm and starts what waits (harmless when nothing is stored after all).
 * Both asked at once.
 */
export async function prepareJob(): Promise<void> {
  await Promise.all([ensureRoom(), browser.alarms.create(PUMP_ALARM, { delayInMinutes: 0.5 })]);
}

/** The same request again, as it was sent (Retry, Generate again). */
export async function submitAgain(store: JobStore, jobId: string): Promise<Job | undefined> {
  const previous = await store.get(jobId);
  if (!previous) return undefined;
  const { provider, operation, model, prompt, params, source, parent } = previous;
  return submitJob(store, { provider, operation, model, prompt, params, source, parent });
}


/** Why a job could not be started, in one sentence (nothing was sent, so nothing was charged). */
export function submitFailure(err: unknown): string {
  if (err instanceof NoRoomError) return t('popupNoRoom', String(err.freeMB));
  return t('errorUnknown', err instanceof Error && err.message ? err.message : t('popupActionFailed'));
}
