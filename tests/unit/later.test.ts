import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { onceAfter } from '../../utils/platform/later';

beforeEach(() => vi.useFakeTimers());
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
