import type { Job } from '../jobs/types';

/**
 * The longest a job just started waits to be shown: a job queued behind others of its provider
 * sends nothing for a while, and the user must see it waiting.
 */
export const HOLD_MAX_MS = 300;

/**
 * A job just started, shown once its request has left (the runner's `jobChanged` notice that it
 * started, or that it ended without sending), or after HOLD_MAX_MS, not at once. In Chrome the
 * offscreen document that sends the request shares its renderer thread with the popup: drawing the
 * new panel at once (~16 ms of script, then a frame that lays the resized popup out) held the
 * start's message to that document back ~20 ms, in traces of the generation bench. Until it is
 * shown, `job` is the held job: Generate stays disabled, and no other start is taken.
 */
export class HeldStart {
  job = $state.raw<Job | null>(null);
  readonly #show: (job: Job) => void;
  readonly #maxMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(show: (job: Job) => void, maxMs = HOLD_MAX_MS) {
    [this.#show, this.#maxMs] = [show, maxMs];
  }

  hold(job: Job): void {
    this.drop();
    this.job = job;
    this.#timer = setTimeout(() => this.release(job.id), this.#maxMs);
  }

  /** Shows the held job if it is `jobId` (as stored: the caller reads it again). */
  release(jobId: string): void {
    const job = this.job;
    if (job?.id !== jobId) return;
    this.drop();
    this.#show(job);
  }

  /** Another job is shown instead (it failed to start, the user opened another): nothing will show this one. */
  drop(): void {
    clearTimeout(this.#timer);
    this.job = null;
  }
}
