import type { IDBPDatabase } from 'idb';
import { fromStored, openJobsDB, toStored, type JobsDB } from './db';
import type { Job, JobState, NewJob } from './types';

/**
 * Jobs and their images in IndexedDB, shared by every extension page and the worker. Patches are
 * one read-modify-write transaction because the runner and the popup may touch the same job at
 * once. Everything that runs often (badge, popup, library pages) reads through an index; nothing
 * walks the whole history but search and retention.
 */
export interface JobStore {
  create(job: NewJob, options?: WriteOptions): Promise<Job>;
  /** Several jobs stored in one transaction (a batch), in order. */
  createMany(jobs: readonly NewJob[], options?: WriteOptions): Promise<Job[]>;
  get(id: string): Promise<Job | undefined>;
  patch(id: string, change: (job: Job) => Partial<Job>, options?: WriteOptions): Promise<Job | undefined>;
  /** Newest first: `limit` jobs created before `before` (all when absent) whose prompt contains `query`. */
  page(options: { limit: number; before?: number; query?: string }): Promise<Job[]>;
  /** The jobs created at or after `from` (ms since the epoch), newest first (`to`: before it). */
  createdBetween(from: number, to?: number): Promise<Job[]>;
  /** The jobs made from this job's results (Use as input, Remove background), oldest first. */
  childrenOf(jobId: string): Promise<Job[]>;
  /** The jobs of a comparison or batch, in the order they were created. */
  inGroup(groupId: string): Promise<Job[]>;
  /** Jobs in these states, oldest first. */
  inStates(states: readonly JobState[]): Promise<Job[]>;
  /** What the toolbar badge says, from two index counts. */
  counts(): Promise<{ active: number; unseen: number; unseenFailed: number }>;
  /** Deletes jobs and, with them, their images. */
  remove(ids: readonly string[]): Promise<void>;
  clear(): Promise<void>;
}

/**
 * How sure a write must be before it counts as done. Chrome waits for the disk to confirm every
 * write by default (tens of milliseconds each), which a job's start pays several times before its
 * request leaves. `relaxed` counts a write done once the operating system has it: it survives the
 * browser crashing, and is lost only with the machine itself (a power cut) in the instant after. Used
 * where such a loss costs nothing paid for: a job stored before it runs, that it started, a preview,
 * a small copy, that a result was seen. Results, failures and resume points keep the default.
 */
export interface WriteOptions {
  durability?: 'relaxed';
}

export interface JobStoreOptions {
  name?: string;
  now?: () => number;
  newId?: () => string;
}

export function createJobStore({ name, now = Date.now, newId = () => crypto.randomUUID() }: JobStoreOptions = {}): JobStore {
  let db: Promise<IDBPDatabase<JobsDB>> | undefined;
  // Opened on first use, so that a context which never touches jobs never opens the database.
  const open = () => (db ??= openJobsDB(name));

  const createMany: JobStore['createMany'] = async (inputs, options) => {
    const jobs: Job[] = inputs.map((input) => ({ ...input, id: newId(), createdAt: now(), state: 'queued', results: [], seen: false }));
    const tx = (await open()).transaction('jobs', 'readwrite', options);
    await Promise.all([...jobs.map((job) => tx.store.put(toStored(job), job.id)), tx.done]);
    return jobs;
  };

  return {
    async create(input, options) {
      return (await createMany([input], options))[0]!;
    },
    createMany,
    async get(id) {
      const record = await (await open()).get('jobs', id);
      return record && fromStored(record);
    },
    async patch(id, change, options) {
      const tx = (await open()).transaction('jobs', 'readwrite', options);
      const record = await tx.store.get(id);
      if (!record) {
        await tx.done;
        return undefined;
      }
      const job = fromStored(record);
      const changes = change(job);
      // Nothing to change: no rewrite of a record that holds image blobs.
      if (Object.keys(changes).length === 0) {
        await tx.done;
        return job;
      }
      const next: Job = { ...job, ...changes };
      await tx.store.put(toStored(next), id);
      await tx.done;
      return next;
    },
    async page({ limit, before, query }) {
      const needle = query?.trim().toLocaleLowerCase();
      const range = before === undefined ? undefined : IDBKeyRange.upperBound(before, true);
      const out: Job[] = [];
      const tx = (await open()).transaction('jobs');
      for (let cursor = await tx.store.index('createdAt').openCursor(range, 'prev'); cursor && out.length < limit; cursor = await cursor.continue()) {
        if (!needle || cursor.value.prompt.toLocaleLowerCase().includes(needle)) out.push(fromStored(cursor.value));
      }
      await tx.done;
      return out;
    },
    async createdBetween(from, to) {
      const range = to === undefined ? IDBKeyRange.lowerBound(from) : IDBKeyRange.bound(from, to, false, true);
      const found = await (await open()).getAllFromIndex('jobs', 'createdAt', range);
      return found.map(fromStored).reverse();
    },
    async childrenOf(jobId) {
      const children = await (await open()).getAllFromIndex('jobs', 'parent', jobId);
      return children.map(fromStored).sort((a, b) => a.createdAt - b.createdAt);
    },
    async inGroup(groupId) {
      const members = await (await open()).getAllFromIndex('jobs', 'group', groupId);
      return members.map(fromStored).sort((a, b) => a.group!.index - b.group!.index || a.createdAt - b.createdAt);
    },
    async inStates(states) {
      const d = await open();
      const lists = await Promise.all(states.map((s) => d.getAllFromIndex('jobs', 'state', s)));
      return lists
        .flat()
        .map(fromStored)
        // A batch's jobs share their millisecond: its own order then.
        .sort((a, b) => a.createdAt - b.createdAt || (a.group?.index ?? 0) - (b.group?.index ?? 0));
    },
    async counts() {
      const d = await open();
      const [queued, running, unseen] = await Promise.all([
        d.countFromIndex('jobs', 'state', 'queued'),
        d.countFromIndex('jobs', 'state', 'running'),
        d.getAllKeysFromIndex('jobs', 'unseen', 1),
      ]);
      let unseenFailed = 0;
      if (unseen.length > 0) {
        // Only the few unseen jobs are read, to colour the badge.
        const tx = d.transaction('jobs');
        for (const id of unseen) if ((await tx.store.get(id))?.state === 'failed') unseenFailed++;
        await tx.done;
      }
      return { active: queued + running, unseen: unseen.length, unseenFailed };
    },
    async remove(ids) {
      const tx = (await open()).transaction('jobs', 'readwrite');
      await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
    },
    async clear() {
      await (await open()).clear('jobs');
    },
  };
}
