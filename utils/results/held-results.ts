import { DownloadInterrupted } from './download-done';
import { heldResults, unsavedJobs, type HeldResult } from '../platform/storage';
import { unsavedError, type Unsaved } from '../jobs/unsaved';
import type { JobError } from '../providers/errors';
import type { JobStore } from '../jobs/store';
import type { Job } from '../jobs/types';

/**
 * Results the store could not hold (the disk is full), handed to Downloads as object URLs of the
 * document that ran the job. Each counts as saved only once the browser says its download completed;
 * one that failed (on a full disk, Downloads fails too) stays held: its URL is kept in session
 * storage and its image alive in that document, and the popup offers to save it again once the user
 * has made room, until the browser or that document closes.
 */
export type Download = (about: Pick<Job, 'finishedAt' | 'createdAt' | 'provider' | 'model' | 'prompt'>, index: number, url: string, type: string) => Promise<void>;

/** Tries each image once, in order; returns those still unsaved and the last reason one was not saved. */
async function saveEach(store: JobStore, jobId: string, images: HeldResult[], download: Download): Promise<{ left: HeldResult[]; failure?: string }> {
  const job = await store.get(jobId).catch(() => undefined);
  const about = job ?? { createdAt: Date.now(), finishedAt: Date.now(), provider: 'openai' as const, model: '', prompt: '' };
  const left: HeldResult[] = [];
  let failure: string | undefined;
  for (const image of images) {
    try {
      await download(about, image.index, image.url, image.type);
    } catch (err) {
      left.push(image);
      failure = err instanceof DownloadInterrupted ? err.words : err instanceof Error ? err.message : String(err);
    }
  }
  return { left, failure };
}

/** The job's error as the views show it; the store may hold the earlier one (or nothing, if the disk is that full). */
async function setError(store: JobStore, jobId: string, error: JobError): Promise<void> {
  await unsavedJobs.setValue({ ...(await unsavedJobs.getValue()), [jobId]: error });
  await store.patch(jobId, (j) => (j.state === 'failed' && j.error?.kind === 'storage-lost' ? { error } : {})).catch(() => undefined);
}

/** Records what became of a job's images: the job's error, and what is still held. */
async function remember(store: JobStore, jobId: string, total: number, left: HeldResult[], failure: string | undefined): Promise<Unsaved> {
  const outcome: Unsaved = { saved: total - left.length, ...(left.length ? { failure } : {}) };
  const held = { ...(await heldResults.getValue()) };
  if (left.length) held[jobId] = { total, images: left };
  else delete held[jobId];
  await heldResults.setValue(held);
  await setError(store, jobId, unsavedError(total, outcome));
  return outcome;
}

/** The first hand-off, as the results arrive. */
export async function saveUnsaved(store: JobStore, jobId: string, urls: { url: string; type: string }[], download: Download): Promise<Unsaved> {
  const { left, failure } = await saveEach(store, jobId, urls.map((u, index) => ({ ...u, index })), download);
  return remember(store, jobId, urls.length, left, failure);
}

/** The popup's "Save to Downloads again": the images still held, tried again. */
export async function saveHeldAgain(store: JobStore, jobId: string, download: Download): Promise<Unsaved> {
  const held = (await heldResults.getValue())[jobId];
  if (!held) {
    // The browser, or the document that held them, has closed since: they are gone, and said so.
    await setError(store, jobId, { kind: 'storage-lost', reason: 'errorStorageGone' });
    return { saved: 0, failure: 'no longer held' };
  }
  const { left, failure } = await saveEach(store, jobId, held.images, download);
  return remember(store, jobId, held.total, left, failure);
}
