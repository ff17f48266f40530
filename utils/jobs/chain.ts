import type { JobStore } from './store';
import type { Job } from './types';

/** One step up a chain: the job a job was made from, and which of its results. */
export interface ChainLink {
  job: Job;
  result: number;
}

/**
 * Where a job came from and what was made from it. A job made with "Use as input" or "Remove
 * background" names its parent (`job.parent`); following those links up gives the ancestors, and
 * the store's parent index gives the children.
 */
export interface Chain {
  /** The oldest first, ending with the direct parent. */
  ancestors: ChainLink[];
  /** The job names a parent that has been deleted (the chain above it is gone). */
  parentMissing: boolean;
  /** The jobs made from this one's results, oldest first. */
  children: Job[];
}

/** Links followed at most, so that a damaged record that points in a circle cannot hang the page. */
const MAX_DEPTH = 50;

export async function chainOf(store: Pick<JobStore, 'get' | 'childrenOf'>, job: Job): Promise<Chain> {
  const ancestors: ChainLink[] = [];
  const seen = new Set([job.id]);
  let parentMissing = false;
  for (let link = job.parent; link && ancestors.length < MAX_DEPTH && !seen.has(link.jobId); ) {
    const parent = await store.get(link.jobId);
    if (!parent) {
      parentMissing = true;
      break;
    }
    seen.add(parent.id);
    ancestors.unshift({ job: parent, result: link.result });
    link = parent.parent;
  }
  return { ancestors, parentMissing, children: await store.childrenOf(job.id) };
}
