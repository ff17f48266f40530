// @vitest-environment happy-dom
import { describe, expect, test, vi } from 'vitest';
import { followStored, keepShownBlobs, keepStripJobs } from '../../utils/popup/popup-parts';
import { postStoredJob } from '../../utils/jobs/stored-channel';
import type { Job } from '../../utils/jobs/types';
import { RESULT_FIRST_MS } from '../../utils/platform/later';

const blob = (text: string) => new Blob([text], { type: 'image/png' });
const job = (id: string, over: Partial<Job> = {}): Job => ({
  id,
  provider: 'openai',
  operation: 'generate',
  model: 'gpt-image-2',
  prompt: `prompt ${id}`,
  params: {},
  state: 'succeeded',
  createdAt: 1,
  results: [{ id: `${id}-r1`, blob: blob(id) }],
  seen: true,
  ...over,
});

describe('what the popup already shows is kept when its jobs are read again', () => {
  test('a strip job whose state, prompt and picture are unchanged stays the same object; any change there gives the new one', () => {
    const shown = [job('a'), job('b', { state: 'running', results: [] }), job('c')];
    const read = [
      job('a', { seen: false }),
      job('b', { state: 'succeeded' }),
      job('c', { results: [{ id: 'c-r1', blob: blob('c'), thumb: blob('small') }] }),
      job('d'),
    ];
    const kept = keepStripJobs(shown, read);
    expect(kept[0]).toBe(shown[0]);
    expect(kept[1]).toBe(read[1]);
    expect(kept[2]).toBe(read[2]);
    expect(kept[3]).toBe(read[3]);
  });

  test("the panel's job keeps the blobs of results already on screen", () => {
    const shown = job('a');
    const again = keepShownBlobs(shown, job('a', { results: [{ id: 'a-r1', blob: blob('a'), thumb: blob('small') }] }));
    expect(again?.results[0]?.blob).toBe(shown.results[0]?.blob);
    expect(again?.results[0]?.thumb).toBeDefined();
  });
});

describe('a job handed over as stored reaches the panel showing it', () => {
  test('the shown job is replaced by the copy (results already on screen kept); another job, or a copy that would take a finished job back to running, changes nothing', async () => {
    let shown: Job | null = job('a', { state: 'running', results: [] });
    const got: Job[] = [];
    const { stop } = followStored(() => shown, (j) => void got.push((shown = j)));
    // A result new to the panel starts loading as the copy arrives (utils/image/blob-url.ts): one URL made for it, none for a result already shown.
    const urls = vi.spyOn(URL, 'createObjectURL');
    try {
      const arrived = () => new Promise((resolve) => setTimeout(resolve, 50));
      postStoredJob(job('b'));
      postStoredJob(job('a'));
      await arrived();
      expect(got.map((j) => [j.id, j.state])).toEqual([['a', 'succeeded']]);
      expect(await got[0]!.results[0]!.blob.text()).toBe('a');
      expect(urls.mock.calls.map(([b]) => b)).toEqual([got[0]!.results[0]!.blob]);
      const onScreen = got[0]!.results[0]!.blob;
      postStoredJob(job('a', { state: 'running', results: [] }));
      postStoredJob(job('a', { results: [{ id: 'a-r1', blob: blob('a'), thumb: blob('small') }] }));
      await arrived();
      expect(got).toHaveLength(2);
      expect(got[1]!.results[0]!.blob).toBe(onScreen);
      expect(got[1]!.results[0]!.thumb).toBeDefined();
      expect(urls).toHaveBeenCalledTimes(1);
      // A comparison's job: shown (its grid reads the group from the store), nothing loaded ahead.
      const group = { id: 'g', kind: 'compare' as const, index: 0 };
      shown = job('c', { state: 'running', results: [], group });
      postStoredJob(job('c', { group }));
      await arrived();
      expect(got.map((j) => j.id)).toEqual(['a', 'a', 'c']);
      expect(urls).toHaveBeenCalledTimes(1);
    } finally {
      stop();
    }
  });
});

describe("a copy just shown lets the notice's read of the store wait", () => {
  test('shownLately is true for the job whose copy was shown in the last RESULT_FIRST_MS, and for no other, nor for a copy dropped', async () => {
    let shown: Job | null = job('a', { state: 'running', results: [] });
    const { stop, shownLately } = followStored(() => shown, (j) => void (shown = j));
    const arrived = () => new Promise((resolve) => setTimeout(resolve, 50));
    try {
      expect(shownLately('a')).toBe(false);
      postStoredJob(job('b'));
      await arrived();
      expect(shownLately('b')).toBe(false);
      postStoredJob(job('a'));
      await arrived();
      expect([shownLately('a'), shownLately('b')]).toEqual([true, false]);
      const later = performance.now() + RESULT_FIRST_MS;
      vi.spyOn(performance, 'now').mockReturnValue(later);
      expect(shownLately('a')).toBe(false);
      // A running copy after the finished one is dropped: it does not count as shown.
      postStoredJob(job('a', { state: 'running', results: [] }));
      await arrived();
      expect(shownLately('a')).toBe(false);
    } finally {
      vi.restoreAllMocks();
      stop();
    }
  });
});
