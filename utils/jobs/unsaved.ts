import type { JobError } from '../providers/errors';

/** What became of results the store could not hold: how many reached Downloads, and why the rest did not. */
export interface Unsaved {
  saved: number;
  failure?: string;
}

/** The job's error for results the store could not hold: saved to Downloads, or lost with the reason. */
export function unsavedError(count: number, outcome: Unsaved): JobError {
  return outcome.saved >= count ? { kind: 'storage', detail: String(count) } : { kind: 'storage-lost', detail: outcome.failure ?? '' };
}
