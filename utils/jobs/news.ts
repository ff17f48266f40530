import type { Job } from './types';

/**
 * Jobs as stored, handed by the context that runs them to the open views of the same extension
 * (the popup) on a BroadcastChannel, beside the jobChanged message: a view then shows a finished job
 * without reading it back from IndexedDB, and its results from the blobs the runner holds in memory. Sent only after the change is stored (runner.ts); only extension pages, which
 * share the extension's origin, can hear or post on it.
 */
const CHANNEL = 'pictor-jobs';

interface News {
  job: Job;
}

let out: BroadcastChannel | undefined;

/** Tells the open views the job as it is now stored. Nothing is lost if no view listens. */
export function announceJob(job: Job): void {
  out ??= new BroadcastChannel(CHANNEL);
  out.postMessage({ job } satisfies News);
}

/** Listens for jobs as stored; returns the way to stop listening. */
export function onJobNews(listener: (job: Job) => void): () => void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<Partial<News>>) => {
    const job = event.data?.job;
    if (job && typeof job.id === 'string' && Array.isArray(job.results)) listener(job);
  };
  return () => channel.close();
}
