import { browser } from 'wxt/browser';
import { sendMessage } from '../platform/messaging';
import { replacementNote, upToDateRequest } from '../providers/choice';
import { modelLists } from '../platform/storage';
import { toJobError, type JobError } from '../providers/errors';
import { PUMP_ALARM } from './pump';
import { ensureRoom, NoRoomError } from './space';
import { t } from '../platform/i18n';
import type { JobStore } from './store';
import type { Job, NewJob } from './types';

/**
 * Stores a job and asks the background to run it: the one way the popup and the library start
 * work. The base URL is not copied into the job: the runner reads it from the extension-only store
 * when the job runs and records the one it used (see runner.ts). If the background can't be reached, the job fails visibly instead of waiting forever.
 */
export async function submitJob(store: JobStore, input: Omit<NewJob, 'baseURL'>, prepared: Prepared = prepareJob(), onStored?: (job: Job) => void): Promise<Job> {
  // Nothing is stored for a job there is no room to keep; the alarm is set while the job is stored,
  // and both are done before the start is asked for.
  await prepared.room;
  // Nothing is paid for yet: the write need not wait for the disk (store.ts, WriteOptions).
  const [job] = await Promise.all([store.create(input, { durability: 'relaxed' }), prepared.alarm]);
  // The start is asked for first, then a page shows the job: the messaging library waits one
  // microtask before it sends, and a view's update queued before it (~8 ms) made the start leave at
  // ~25 ms after the click instead of 13-14 (traces of the generation bench). A page's frame of
  // the job shares the thread the offscreen document runs jobs on in Chrome: the popup holds a lone
  // job back until its request has left (utils/popup/held-start.svelte.ts; README, overhead-before-ms).
  const started = sendMessage('startJob', job.id);
  onStored?.(job);
  try {
    await started;
    return job;
  } catch (err) {
    return (await store.patch(job.id, failQueued(toJobError(err)))) ?? job;
  }
}

/**
 * A batch's jobs stored in one transaction and handed to the background with one start: its queue
 * takes them all, in order, as each provider's limits allow. If the background can't be reached,
 * those still queued fail visibly, as submitJob's would.
 */
export async function submitBatch(store: JobStore, inputs: readonly Omit<NewJob, 'baseURL'>[], prepared: Prepared = prepareJob()): Promise<Job[]> {
  await prepared.room;
  const [jobs] = await Promise.all([store.createMany(inputs, { durability: 'relaxed' }), prepared.alarm]);
  try {
    await sendMessage('startJob', jobs[0]!.id);
  } catch (err) {
    const error = toJobError(err);
    await Promise.all(jobs.map((job) => store.patch(job.id, failQueued(error))));
  }
  return jobs;
}

/**
 * A start the background could not confirm fails a job only while it is still queued: one the
 * background took before failing is running (its request may be out), and a Retry would pay twice.
 */
function failQueued(error: JobError): (job: Job) => Partial<Job> {
  return (job) => (job.state === 'queued' ? { state: 'failed', error, finishedAt: Date.now() } : {});
}

/** What comes before a job is stored (prepareJob), asked at once, waited on by submitJob. */
export interface Prepared {
  /** Is there room to keep what comes back? Results arrive after the money is spent. */
  room: Promise<void>;
  /**
   * If the page closes before it asks for the start, the background wakes on this alarm and starts
   * what waits (harmless when nothing is stored after all). A safety net: it never fails a job, so
   * this never rejects (a job stored must be started or failed, whatever the alarm answered).
   */
  alarm: Promise<unknown>;
}

/**
 * What comes before a job is stored, which a page may start early (the popup does, while it checks
 * the keys) and hand to submitJob. `room` is a room check the page may have asked for already
 * (roomCheck).
 */
export function prepareJob(room: Promise<void> = ensureRoom()): Prepared {
  // Waited on by submitJob, unless the page finds first that it cannot start (no key): never unhandled.
  room.catch(() => undefined);
  return { room, alarm: browser.alarms.create(PUMP_ALARM, { delayInMinutes: 0.5 }).catch(() => undefined) };
}

/** How long a room check's answer holds: jobs add megabytes, not the gigabytes the check is about. */
export const ROOM_FRESH_MS = 60_000;

/**
 * A page's room check, asked ahead (the popup asks when it opens) and answered from that while
 * fresh, so that Generate does not wait on the browser's storage estimate. An answer that found no
 * room is not kept: the next Generate asks again (the user may have made room).
 */
export function roomCheck(check: () => Promise<void> = ensureRoom, now: () => number = Date.now, maxAgeMs = ROOM_FRESH_MS) {
  let last: { at: number; room: Promise<void> } | undefined;
  const ask = (): Promise<void> => {
    const room = check();
    const asked = { at: now(), room };
    last = asked;
    room.catch(() => {
      if (last === asked) last = undefined;
    });
    return room;
  };
  return {
    /** Asks the browser now. */
    ask,
    /** The last answer while fresh, else a new one. */
    get: (): Promise<void> => (last && now() - last.at < maxAgeMs ? last.room : ask()),
  };
}

/**
 * The same request again, as it was sent (Retry, Generate again); on a model shut down since, on
 * its replacement, and `onNote` hears the sentence that says so.
 */
export async function submitAgain(store: JobStore, jobId: string, onNote?: (note: string) => void, now = Date.now()): Promise<Job | undefined> {
  const previous = await store.get(jobId);
  if (!previous) return undefined;
  const again = againRequest(previous, (await modelLists.getValue())[previous.provider], now);
  if (again.note) onNote?.(again.note);
  return submitJob(store, again.request);
}

/**
 * A stored job's request to send again (Retry in the popup, Generate again in History): as it was
 * sent, or on the replacement of a model shut down since (by the catalog's list, or the key's own
 * model list as last read), with the sentence that says so.
 */
export function againRequest(previous: Job, list: Parameters<typeof upToDateRequest>[1], now: number): { request: Omit<NewJob, 'baseURL'>; note?: string } {
  const { provider, operation, model, prompt, params, source, references, parent } = previous;
  const again = upToDateRequest({ provider, operation, model, prompt, params, source, references, parent }, list, now);
  if (!again.replaced) return { request: again.request };
  const { key, subs } = replacementNote(again.replaced);
  return { request: again.request, note: t(key, subs) };
}

/** Cancel, from wherever the job is shown: the background stops it, and nothing more is sent. */
export async function cancelJob(jobId: string): Promise<void> {
  await sendMessage('cancelJob', jobId).catch(() => undefined);
}


/** Why a job could not be started, in one sentence (nothing was sent, so nothing was charged). */
export function submitFailure(err: unknown): string {
  if (err instanceof NoRoomError) return t('popupNoRoom', String(err.freeMB));
  return t('errorUnknown', err instanceof Error && err.message ? err.message : t('popupActionFailed'));
}
