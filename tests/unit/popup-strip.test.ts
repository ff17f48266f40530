import { describe, expect, test } from 'vitest';
import { keepShownBlobs, keepStripJobs } from '../../utils/popup/popup-parts';
import type { Job } from '../../utils/jobs/types';

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
