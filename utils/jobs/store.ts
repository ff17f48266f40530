import { createStore, entries, get, promisifyRequest, set, type UseStore } from 'idb-keyval';
import { normalizeJob, type Job, type NewJob } from './types';

/**
 * Jobs and their result blobs in IndexedDB, shared by every extension page and the worker.
 * Patches are one read-modify-write transaction because the runner
 * and the popup may touch the same job at once.
 */
export interface JobStore {
  create(job: NewJob): Promise<Job>;
  get(id: string): Promise<Job | undefined>;
  /** Newest first. */
  list(): Promise<Job[]>;
  patch(id: string, change: (job: Job) => Partial<Job>): Promise<Job | undefined>;
}

export function createJobStore(
  store: UseStore = createStore('pictor-jobs', 'jobs'),
  now: () => number = Date.now,
  newId: () => string = () => crypto.randomUUID(),
): JobStore {
  return {
    async create(input) {
      const job: Job = { ...input, id: newId(), createdAt: now(), state: 'queued', results: [], seen: false };
      await set(job.id, job, store);
      return job;
    },
    get: async (id) => {
      const job = await get<Job>(id, store);
      return job && normalizeJob(job);
    },
    async list() {
      const all = await entries<string, Job>(store);
      return all.map(([, job]) => normalizeJob(job)).sort((a, b) => b.createdAt - a.createdAt);
    },
    async patch(id, change) {
      return store('readwrite', async (objects) => {
        const stored = await promisifyRequest<Job | undefined>(objects.get(id));
        if (!stored) return undefined;
        const job = normalizeJob(stored);
        const changes = change(job);
        // Nothing to change: no rewrite of a record that holds image blobs.
        if (Object.keys(changes).length === 0) return job;
        const next: Job = { ...job, ...changes };
        objects.put(next, id);
        await promisifyRequest(objects.transaction);
        return next;
      });
    },
  };
}
