import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { normalizeJob, type Job, type JobState } from './types';

/**
 * The job database's schema, versioned. Version 1 was a bare key-value store (idb-keyval) of whole
 * job records; version 2 keeps that store and those records (nothing is copied or lost) and adds
 * the indexes the badge, the popup and the library read instead of the whole history: newest
 * first, by state, and finished-but-unseen. Records are rewritten in today's shape on the way.
 * Version 3 adds the jobs made from each job (Use as input, Remove background), for the library's
 * chains: only records with a parent are in that index. Version 4 adds the jobs of each comparison
 * or batch (only records with a group are in it). Version 5 adds `inputs`: the source image of
 * jobs stored together (a batch, a comparison), kept once for all of them (utils/jobs/store.ts), and
 * an index of the jobs that use each.
 */
export const DB_NAME = 'pictor-jobs';
export const DB_VERSION = 5;

/** A job as stored: the record plus the fields its indexes read (booleans are not valid index keys). */
export interface StoredJob extends Job {
  /** 1 while a finished job waits to be looked at, else 0. */
  unseen: 0 | 1;
  /** Where its source is kept when it shares it with jobs stored with it: a key of `inputs` (its own `source` is then absent). */
  inputs?: string;
}

export interface JobsDB extends DBSchema {
  jobs: {
    key: string;
    value: StoredJob;
    indexes: { createdAt: number; state: JobState; unseen: number; parent: string; group: string; inputs: string; groupState: [string, JobState] };
  };
  inputs: {
    key: string;
    value: NonNullable<Job['source']>;
  };
}

export function toStored(job: Job): StoredJob {
  const unseen = (job.state === 'succeeded' || job.state === 'failed') && !job.seen ? 1 : 0;
  return { ...job, unseen };
}

export function fromStored(record: StoredJob, shared?: Job['source']): Job {
  const { unseen: _unseen, inputs, ...job } = record;
  return normalizeJob(inputs ? { ...job, source: shared } : job);
}

export function openJobsDB(name = DB_NAME): Promise<IDBPDatabase<JobsDB>> {
  return openDB<JobsDB>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      // Keys stay out of line, as version 1 wrote them.
      const jobs = oldVersion < 1 ? db.createObjectStore('jobs') : tx.objectStore('jobs');
      if (oldVersion < 2) {
        jobs.createIndex('createdAt', 'createdAt');
        jobs.createIndex('state', 'state');
        jobs.createIndex('unseen', 'unseen');
        // Only IndexedDB requests may run inside an upgrade: the rewrite walks a cursor.
        void (async () => {
          for (let cursor = await jobs.openCursor(); cursor; cursor = await cursor.continue()) {
            await cursor.update(toStored(normalizeJob(cursor.value)));
          }
        })();
      }
      if (oldVersion < 3) jobs.createIndex('parent', 'parent.jobId');
      if (oldVersion < 4) jobs.createIndex('group', 'group.id');
      if (oldVersion < 5) {
        db.createObjectStore('inputs');
        jobs.createIndex('inputs', 'inputs');
        jobs.createIndex('groupState', ['group.id', 'state']);
      }
    },
    // An older page still holding the database open must let go, or the upgrade would wait forever.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
    },
  });
}
