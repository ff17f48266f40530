// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { JobStore } from '../../utils/jobs/store';

const sent: string[] = [];
vi.mock('../../utils/platform/messaging', () => ({
  sendMessage: async (name: string, jobId: string) => void sent.push(`${name} ${jobId}`),
}));
const { markSeen } = await import('../../utils/jobs/seen');

const patched: string[] = [];
const store = { patch: async (id: string) => void patched.push(id) } as unknown as JobStore;

beforeEach(() => {
  vi.useFakeTimers();
  sent.length = 0;
  patched.length = 0;
});
afterEach(() => vi.useRealTimers());

describe('a finished job the user looked at', () => {
  test('the background is told at once; this page’s own write waits half a second, not to run while the result is drawn', async () => {
    markSeen(store, 'a');
    markSeen(store, 'b');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['jobSeen a', 'jobSeen b']);
    await vi.advanceTimersByTimeAsync(400);
    expect(patched).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(patched).toEqual(['a', 'b']);
  });

  test('a page that goes sooner writes its marks as it goes, once', async () => {
    markSeen(store, 'c');
    dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(0);
    expect(patched).toEqual(['c']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(patched).toEqual(['c']);
    expect(sent).toEqual(['jobSeen c']);
  });
});
