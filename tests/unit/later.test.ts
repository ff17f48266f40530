// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { afterPaint, FIRST_PAINT_MAX_MS, onceAfter } from '../../utils/platform/later';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame', 'Date'] }));
afterEach(() => vi.useRealTimers());

describe('work that waits a moment', () => {
  test('runs once per key for the calls that come within the pause, at its end', async () => {
    const ran: string[] = [];
    const later = onceAfter(1000, (key: string) => void ran.push(key));
    later('a');
    await vi.advanceTimersByTimeAsync(600);
    later('a');
    later('b');
    await vi.advanceTimersByTimeAsync(399);
    expect(ran).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ran).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(600);
    expect(ran).toEqual(['a', 'b']);
  });

  test('a call after the run starts a new pause, even when the run failed', async () => {
    let runs = 0;
    const later = onceAfter(100, () => {
      runs++;
      throw new Error('storage gone');
    });
    later('a');
    await vi.advanceTimersByTimeAsync(100);
    later('a');
    await vi.advanceTimersByTimeAsync(99);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2);
  });
});

describe('what waits for a first screen to be painted', () => {
  /** Follows whether the promise has settled, without waiting for it. */
  const follow = (p: Promise<unknown>) => {
    const state = { settled: false };
    void p.then(() => (state.settled = true));
    return state;
  };

  test('waits for the image to load, then for the frames that paint it', async () => {
    let loaded!: () => void;
    const painted = follow(afterPaint(new Promise<void>((resolve) => (loaded = resolve))));
    await vi.advanceTimersByTimeAsync(FIRST_PAINT_MAX_MS - 100);
    expect(painted.settled).toBe(false);
    loaded();
    await vi.advanceTimersByTimeAsync(1);
    expect(painted.settled).toBe(false);
    // Two frames (16 ms each here) and the task after them.
    await vi.advanceTimersByTimeAsync(40);
    expect(painted.settled).toBe(true);
  });

  test('an image that never loads, or a page that paints no frame, holds what follows no longer than the cap', async () => {
    const never = follow(afterPaint(new Promise(() => undefined)));
    await vi.advanceTimersByTimeAsync(FIRST_PAINT_MAX_MS - 1);
    expect(never.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(never.settled).toBe(true);
  });
});
