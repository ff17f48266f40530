import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { fromStored, openJobsDB, toStored, type JobsDB, type StoredJob } from './db';
import type { Job, JobSource, JobState, NewJob } from './types';

/**
 * Jobs and their images in IndexedDB, shared by every extension page and the worker. Patches are
 * one read-modify-write transaction because the runner and the popup may touch the same job at
 * once. Everything that runs often (badge, popup, library pages) reads through an index; nothing
 * walks the whole history but search and retention.
 *
 * Jobs stored together with one source (a batch's requests, a comparison's models) keep that
 * source once, in `inputs`, not once each: IndexedDB writes every blob of every record to a file
 * of its own, the same Blob put in 50 records takes 50 times its size on disk (measured in
 * Chromium), and a source carries the crop and, for putting an edit back, the whole original photo.
 * A job reads back whole, its source included; a change of its source gives it its own copy; the
 * shared one goes with the last job that uses it.
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
  /** How many jobs of a comparison or batch are still queued or running (counted through an index, none read). */
  activeInGroup(groupId: string): Promise<number>;
  /** Jobs in these states, oldest first. */
  inStates(states: readonly JobState[]): Promise<Job[]>;
  /** What the toolbar badge says, from two index counts. */
  counts(): Promise<{ active: number; unseen: number; unseenFailed: number }>;
  /**
   * Changes the source of these jobs in one transaction: a source they share is changed once, in its
   * place, and stays shared (the original photo that arrives after a quick batch's start is kept once,
   * not once per request). `change` answers what to add to a source, or undefined to leave it.
   */
  patchSources(ids: readonly string[], change: (source: JobSource) => Partial<JobSource> | undefined): Promise<void>;
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

  /** Jobs as read, each with the source it shares (each shared source read once). */
  async function hydrate(d: IDBPDatabase<JobsDB>, records: StoredJob[]): Promise<Job[]> {
    const keys = [...new Set(records.flatMap((r) => (r.inputs ? [r.inputs] : [])))];
    if (keys.length === 0) return records.map((r) => fromStored(r));
    const tx = d.transaction('inputs');
    const shared = new Map(await Promise.all(keys.map(async (key) => [key, await tx.store.get(key)] as const)));
    await tx.done;
    return records.map((r) => fromStored(r, r.inputs ? shared.get(r.inputs) : undefined));
  }

  /** A job's record without its source, pointing at the shared one. */
  const sharing = (job: Job, key: string): StoredJob => {
    const { source: _own, ...rest } = toStored(job);
    return { ...rest, inputs: key };
  };

  /** Shared sources no job uses any more, deleted. */
  async function dropUnused(tx: IDBPTransaction<JobsDB, ('jobs' | 'inputs')[], 'readwrite'>, keys: Iterable<string>): Promise<void> {
    for (const key of keys) {
      if ((await tx.objectStore('jobs').index('inputs').count(key)) === 0) await tx.objectStore('inputs').delete(key);
    }
  }

  const createMany: JobStore['createMany'] = async (inputs, options) => {
    const jobs: Job[] = inputs.map((input) => ({ ...input, id: newId(), createdAt: now(), state: 'queued', results: [], seen: false }));
    const tx = (await open()).transaction(['jobs', 'inputs'], 'readwrite', options);
    // One source object carried by several of these jobs is kept once.
    const uses = new Map<object, number>();
    for (const { source } of jobs) if (source) uses.set(source, (uses.get(source) ?? 0) + 1);
    const keys = new Map<object, string>();
    const writes: Promise<unknown>[] = [];
    for (const job of jobs) {
      const source = job.source;
      if (!source || uses.get(source)! < 2) {
        writes.push(tx.objectStore('jobs').put(toStored(job), job.id));
        continue;
      }
      let key = keys.get(source);
      if (!key) {
        key = crypto.randomUUID();
        keys.set(source, key);
        writes.push(tx.objectStore('inputs').put(source, key));
      }
      writes.push(tx.objectStore('jobs').put(sharing(job, key), job.id));
    }
    await Promise.all([...writes, tx.done]);
    return jobs;
  };

  return {
    async create(input, options) {
      return (await createMany([input], options))[0]!;
    },
    createMany,
    async get(id) {
      const d = await open();
      const record = await d.get('jobs', id);
      return record && (await hydrate(d, [record]))[0];
    },
    async patch(id, change, options) {
      const tx = (await open()).transaction(['jobs', 'inputs'], 'readwrite', options);
      const jobs = tx.objectStore('jobs');
      const record = await jobs.get(id);
      if (!record) {
        await tx.done;
        return undefined;
      }
      const job = fromStored(record, record.inputs ? await tx.objectStore('inputs').get(record.inputs) : undefined);
      const changes = change(job);
      // Nothing to change: no rewrite of a record that holds image blobs.
      if (Object.keys(changes).length === 0) {
        await tx.done;
        return job;
      }
      const next: Job = { ...job, ...changes };
      if (record.inputs && !('source' in changes)) {
        await jobs.put(sharing(next, record.inputs), id);
      } else {
        // Its own source now (or none): the shared one stays for the others, if any.
        await jobs.put(toStored(next), id);
        if (record.inputs) await dropUnused(tx, [record.inputs]);
      }
      await tx.done;
      return next;
    },
    async patchSources(ids, change) {
      const tx = (await open()).transaction(['jobs', 'inputs'], 'readwrite');
      const jobs = tx.objectStore('jobs');
      const inputs = tx.objectStore('inputs');
      const seen = new Set<string>();
      for (const id of ids) {
        const record = await jobs.get(id);
        if (!record) continue;
        if (record.inputs) {
          if (seen.has(record.inputs)) continue;
          seen.add(record.inputs);
          const source = await inputs.get(record.inputs);
          const added = source && change(source);
          if (source && added) await inputs.put({ ...source, ...added }, record.inputs);
        } else {
          const job = fromStored(record);
          const added = job.source && change(job.source);
          if (job.source && added) await jobs.put(toStored({ ...job, source: { ...job.source, ...added } }), id);
        }
      }
      await tx.done;
    },
    async page({ limit, before, query }) {
      const needle = query?.trim().toLocaleLowerCase();
      const range = before === undefined ? undefined : IDBKeyRange.upperBound(before, true);
      const out: StoredJob[] = [];
      const d = await open();
      const tx = d.transaction('jobs');
      for (let cursor = await tx.store.index('createdAt').openCursor(range, 'prev'); cursor && out.length < limit; cursor = await cursor.continue()) {
        if (!needle || cursor.value.prompt.toLocaleLowerCase().includes(needle)) out.push(cursor.value);
      }
      await tx.done;
      return hydrate(d, out);
    },
    async createdBetween(from, to) {
      const range = to === undefined ? IDBKeyRange.lowerBound(from) : IDBKeyRange.bound(from, to, false, true);
      const d = await open();
      return (await hydrate(d, await d.getAllFromIndex('jobs', 'createdAt', range))).reverse();
    },
    async childrenOf(jobId) {
      const d = await open();
      return (await hydrate(d, await d.getAllFromIndex('jobs', 'parent', jobId))).sort((a, b) => a.createdAt - b.createdAt);
    },
    async inGroup(groupId) {
      const d = await open();
      return (await hydrate(d, await d.getAllFromIndex('jobs', 'group', groupId))).sort((a, b) => a.group!.index - b.group!.index || a.createdAt - b.createdAt);
    },
    async activeInGroup(groupId) {
      const d = await open();
      const [queued, running] = await Promise.all([d.countFromIndex('jobs', 'groupState', [groupId, 'queued']), d.countFromIndex('jobs', 'groupState', [groupId, 'running'])]);
      return queued + running;
    },
    async inStates(states) {
      const d = await open();
      const lists = await Promise.all(states.map((s) => d.getAllFromIndex('jobs', 'state', s)));
      return (await hydrate(d, lists.flat()))
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
      const tx = (await open()).transaction(['jobs', 'inputs'], 'readwrite');
      const jobs = tx.objectStore('jobs');
      const shared = new Set<string>();
      for (const id of ids) {
        const key = (await jobs.get(id))?.inputs;
        if (key) shared.add(key);
        await jobs.delete(id);
      }
      await dropUnused(tx, shared);
      await tx.done;
    },
    async clear() {
      const tx = (await open()).transaction(['jobs', 'inputs'], 'readwrite');
      await Promise.all([tx.objectStore('jobs').clear(), tx.objectStore('inputs').clear(), tx.done]);
    },
  };
}
