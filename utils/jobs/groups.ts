import type { Job } from './types';

/**
 * A comparison's (or batch's) jobs as shown: one per place, in order, a job retried from its cell
 * standing in for the attempt before it (the later one wins).
 */
export function latestPerPlace(jobs: readonly Job[]): Job[] {
  const latest = new Map<number, Job>();
  for (const job of [...jobs].sort((a, b) => a.createdAt - b.createdAt)) latest.set(job.group?.index ?? 0, job);
  return [...latest.entries()].sort(([a], [b]) => a - b).map(([, job]) => job);
}

/** A list entry: a job alone, or a comparison's or batch's jobs together. */
export type ListEntry = { job: Job } | { group: string; kind: 'compare' | 'batch'; jobs: Job[] };

/**
 * A newest-first list of jobs as entries: the jobs of one comparison or batch together, where its
 * newest job stands (latestPerPlace), every other job alone.
 */
export function listEntries(jobs: readonly Job[]): ListEntry[] {
  const groups = new Map<string, Job[]>();
  const entries: ListEntry[] = [];
  for (const job of jobs) {
    const id = job.group?.id;
    if (!id) {
      entries.push({ job });
      continue;
    }
    const members = groups.get(id);
    if (members) members.push(job);
    else {
      const list = [job];
      groups.set(id, list);
      entries.push({ group: id, kind: job.group!.kind, jobs: list });
    }
  }
  return entries.map((e) => ('group' in e ? { ...e, jobs: latestPerPlace(e.jobs) } : e));
}
