import type { Job } from './types';

/**
 * A copy of a job as it was just stored, from the context that runs jobs to the open views, beside
 * the `jobChanged` notice: a view showing that job shows it at once, with the images still in
 * memory, instead of reading it back from IndexedDB after the notice's trip through the browser
 * (a result read back is a file on disk to load again: ~16 ms against ~6 for a 1024² PNG held in
 * memory, README's overhead-after paragraph). Posted only once the change is stored, so a view is
 * never told of an image the store does not hold; the notice still follows for every other view.
 *
 * A BroadcastChannel reaches only documents of the same origin: the extension's own pages (the
 * popup, the library), never a web page. A job record holds no key.
 * https://developer.mozilla.org/en-US/docs/Web/API/Broadcast_Channel_API
 */
const NAME = 'pictor-stored-job';

let channel: BroadcastChannel | undefined;

/** Hands a stored job to the open views (nothing happens when none listens). */
export function postStoredJob(job: Job): void {
  try {
    (channel ??= new BroadcastChannel(NAME)).postMessage(job);
  } catch {
    // A job that cannot be cloned (it always can: it was just stored) reaches the views by the notice.
  }
}

/** A job record as a view may use it: the same shape the store hands out. */
function isJob(data: unknown): data is Job {
  const job = data as Partial<Job> | null;
  return typeof job === 'object' && job !== null && typeof job.id === 'string' && typeof job.state === 'string' && Array.isArray(job.results);
}

/** Listens for stored jobs; returns the function that stops listening. */
export function onStoredJob(listener: (job: Job) => void): () => void {
  const own = new BroadcastChannel(NAME);
  own.onmessage = (event: MessageEvent<unknown>) => {
    if (isJob(event.data)) listener(event.data);
  };
  return () => own.close();
}
