/**
 * The answer idle deadline a build is made with (utils/jobs/deadlines.ts), read from the environment
 * by wxt.config.ts at build time (this file runs in Node, never in the extension). Unset, a build has
 * the product's own 90 s. The tests' second build (`npm run build:billing`) sets a short one, so that
 * an answer that stalls can be shown ending in seconds rather than minutes of the suite; the 90 s
 * default itself is held by the unit tests (tests/unit/deadlines.test.ts). A store package is
 * always made with the default.
 */

/** Bounds for a build's value: long enough for a real answer's pauses between chunks, at most the default. */
const MIN_MS = 2_000;
const MAX_MS = 90_000;

/** `env.PICTOR_IDLE_MS` as a number of ms, or 0 when unset (the product's default). */
export function idleMsFrom(env: Record<string, string | undefined>): number {
  const raw = (env.PICTOR_IDLE_MS ?? '').trim();
  if (raw === '') return 0;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < MIN_MS || ms > MAX_MS) throw new Error(`PICTOR_IDLE_MS "${raw}" is not a whole number of milliseconds from ${MIN_MS} to ${MAX_MS}.`);
  return ms;
}

export const ZIP_NEEDS_DEFAULT_IDLE = 'A store package is made with the product\'s own answer deadline: unset PICTOR_IDLE_MS (it is for the tests\' build only) and run `npm run zip` again.';

/** Refuses to make a store package with a test deadline. */
export function assertZipHasDefaultIdle(ms: number): void {
  if (ms !== 0) throw new Error(ZIP_NEEDS_DEFAULT_IDLE);
}
