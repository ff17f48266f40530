import { expect, test } from 'vitest';
import { announceJob, onJobNews } from '../../utils/jobs/news';
import type { Job } from '../../utils/jobs/types';

const job = { id: 'j1', createdAt: 1, state: 'succeeded', provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: 'a cat', params: {}, results: [], seen: false } as Job;

test('a job announced by the runner reaches a listening view as stored; other posts on the channel are ignored', async () => {
  const heard: Job[] = [];
  const stop = onJobNews((j) => heard.push(j));
  const stranger = new BroadcastChannel('pictor-jobs');
  stranger.postMessage({ job: { id: 42 } });
  stranger.postMessage('hello');
  announceJob(job);
  await expect.poll(() => heard.length).toBe(1);
  expect(heard[0]).toEqual(job);
  stop();
  stranger.close();
  announceJob({ ...job, id: 'j2' });
  await new Promise((r) => setTimeout(r, 50));
  expect(heard).toHaveLength(1);
});
