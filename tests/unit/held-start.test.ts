import { afterEach, describe, expect, test, vi } from 'vitest';
import { HeldStart, HOLD_MAX_MS } from '../../utils/popup/held-start.svelte';
import type { Job } from '../../utils/jobs/types';

const job = (id: string): Job => ({ id, provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: id, params: {}, state: 'queued', createdAt: 1, results: [], seen: false });

describe('a job just started is shown once its request has left, or after HOLD_MAX_MS', () => {
  afterEach(() => vi.useRealTimers());

  test("held: not shown, and says so (Generate stays disabled); another job's notice changes nothing; its own shows it once", () => {
    vi.useFakeTimers();
    const shown: string[] = [];
    const held = new HeldStart((j) => void shown.push(j.id));
    held.hold(job('a'));
    expect(held.job?.id).toBe('a');
    held.release('b');
    expect(shown).toEqual([]);
    held.release('a');
    expect([shown, held.job]).toEqual([['a'], null]);
    held.release('a');
    vi.advanceTimersByTime(HOLD_MAX_MS * 2);
    expect(shown).toEqual(['a']);
  });

  test('no notice (a job queued behind others): shown after HOLD_MAX_MS, not before', () => {
    vi.useFakeTimers();
    const shown: string[] = [];
    const held = new HeldStart((j) => void shown.push(j.id));
    held.hold(job('a'));
    vi.advanceTimersByTime(HOLD_MAX_MS - 1);
    expect(shown).toEqual([]);
    vi.advanceTimersByTime(1);
    expect([shown, held.job]).toEqual([['a'], null]);
  });

  test('dropped (it failed to start and is shown as such, or the user opened another job): never shown by the hold', () => {
    vi.useFakeTimers();
    const shown: string[] = [];
    const held = new HeldStart((j) => void shown.push(j.id));
    held.hold(job('a'));
    held.drop();
    held.release('a');
    vi.advanceTimersByTime(HOLD_MAX_MS * 2);
    expect([shown, held.job]).toEqual([[], null]);
  });
});
