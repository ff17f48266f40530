/**
 * Work a stored result brings about that no one waits for waits this long after the change, so that
 * it does not run while the result is read, loaded and decoded on screen, on the same two cores: the
 * small copy lists show (made by decoding the full image, utils/jobs/runner.ts), the popup's strip
 * and spend line, and the background's auto-download, notification and retention (the badge is
 * updated at once). Measured, `npm run bench`:
 * - the small copy made at once: a 2048² result reached the screen about 1.7× later than fetching and
 *   drawing the same answer in a page (`overhead-after-ratio`), 1.4× with it after this pause;
 * - the background's follow-ups at once were ~20 ms of its thread in the first 70 ms of a 1024²
 *   result (a trace). Generation bench, 24 runs of 1024², answer → on screen: Pictor 71-80 ms with
 *   them at once (three runs), 62-64 ms with the background's pause alone, 51-59 ms with the popup's
 *   too (56-58 ms as built); `overhead-after-ratio` from 1.68 and 1.88 to 1.42-1.50.
 */
export const RESULT_FIRST_MS = 1000;

/**
 * Work that can wait a moment, done once for the calls that come together: the first call for a key
 * starts the pause, the calls for it during the pause join it, and `run(key)` runs once at its end.
 * A run's failure is its own: it is dropped, and the next call starts a new pause.
 */
export function onceAfter<K>(pauseMs: number, run: (key: K) => unknown): (key: K) => void {
  const waiting = new Set<K>();
  return (key) => {
    if (waiting.has(key)) return;
    waiting.add(key);
    setTimeout(() => {
      waiting.delete(key);
      void Promise.resolve()
        .then(() => run(key))
        .catch(() => undefined);
    }, pauseMs);
  };
}

/** The longest a first screen's paint holds back what follows it (a hidden page paints no frame). */
export const FIRST_PAINT_MAX_MS = 500;

/**
 * Settles once `first` has (the image a first screen shows has loaded) and two frames after it, or
 * after FIRST_PAINT_MAX_MS, whichever comes sooner: for work that must not run between a first
 * screen and its paint (the popup's later chunks, utils/popup/popup-state.svelte.ts). Two frames:
 * after one, a trace still showed the crop presented behind the work that followed (its image is
 * decoded and rastered off the main thread once the frame is committed, on the same two cores).
 */
export function afterPaint(first: Promise<unknown> = Promise.resolve()): Promise<void> {
  return new Promise((resolve) => {
    const cap = setTimeout(resolve, FIRST_PAINT_MAX_MS);
    void first.then(() => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => (clearTimeout(cap), resolve()), 0))));
  });
}
