import { expect, test, vi } from 'vitest';
import { serveJobs } from '../../utils/jobs/service';
import { createJobStore } from '../../utils/jobs/store';
import { RESULT_FIRST_MS } from '../../utils/platform/later';
import type { NewJob } from '../../utils/jobs/types';

const runner = vi.hoisted(() => ({ run: vi.fn(async () => undefined), stop: vi.fn(async () => false) }));
const handlers = vi.hoisted(() => new Map<string, (message: { data: unknown }) => unknown>());
const badge = vi.hoisted(() => vi.fn(async () => undefined));
const autoDownload = vi.hoisted(() => vi.fn(async () => undefined));
vi.mock('../../utils/jobs/offscreen', () => ({ offscreenRunner: runner }));
vi.mock('../../utils/results/badge', () => ({ updateBadge: badge }));
vi.mock('../../utils/results/result-actions', () => ({ autoDownloadJob: autoDownload, downloadUrl: vi.fn() }));
// The background's listeners, called as the offscreen runner's notices would call them.
vi.mock('../../utils/platform/messaging', async (original) => ({
  ...(await original<typeof import('../../utils/platform/messaging')>()),
  broadcast: vi.fn(async () => undefined),
  sendMessage: vi.fn(async () => undefined),
  onMessage: (name: string, handler: (message: { data: unknown }) => unknown) => void handlers.set(name, handler),
}));
vi.mock('../../utils/platform/message-rules', () => ({ guarded: (_name: string, handler: (data: unknown) => unknown) => ({ data }: { data: unknown }) => handler(data) }));

const input: NewJob = { provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: 'a cat', params: {} };

test('a job that ended frees its queue slot and updates the badge at once; auto-download and the rest follow once the result is drawn, once for changes that come together', async () => {
  const store = createJobStore();
  const [a, b] = [await store.create(input), await store.create(input)];
  for (const job of [a, b]) await store.patch(job.id, () => ({ state: 'running', startedAt: Date.now() }));
  serveJobs(store);
  // Two OpenAI requests on the wire: a third waits in the queue.
  const waiting = await store.create({ ...input, prompt: 'third' });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(runner.run).not.toHaveBeenCalled();

  await store.patch(a.id, () => ({ state: 'succeeded', finishedAt: Date.now() }));
  const changed = handlers.get('jobChanged')!;
  const started = Date.now();
  // The result stored, then its small copy and the user having seen it: one follow-up for all three.
  await changed({ data: a.id });
  expect(runner.run).toHaveBeenCalledWith(waiting.id, 'openai');
  expect(badge).toHaveBeenCalled();
  await changed({ data: a.id });
  await changed({ data: a.id });
  expect(autoDownload).not.toHaveBeenCalled();
  await vi.waitFor(() => expect(autoDownload).toHaveBeenCalledTimes(1), { timeout: RESULT_FIRST_MS + 1000 });
  expect(Date.now() - started).toBeGreaterThanOrEqual(RESULT_FIRST_MS - 50);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(autoDownload).toHaveBeenCalledTimes(1);
});
