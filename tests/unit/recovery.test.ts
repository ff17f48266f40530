import { expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { serveJobs } from '../../utils/jobs/service';
import { createJobStore } from '../../utils/jobs/store';
import type { NewJob } from '../../utils/jobs/types';

// Chrome's runner lives in the offscreen document: here, nothing runs, and nothing is broadcast.
vi.mock('../../utils/jobs/offscreen', () => ({ offscreenRunner: { run: vi.fn(async () => undefined), stop: vi.fn(async () => false) } }));
vi.mock('../../utils/platform/messaging', async (original) => ({
  ...(await original<typeof import('../../utils/platform/messaging')>()),
  broadcast: vi.fn(async () => undefined),
  sendMessage: vi.fn(async () => undefined),
}));

const input: NewJob = { provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: 'a cat', params: {} };

test("the browser's start marks interrupted only what was running before this background started, never a request it started itself", async () => {
  let clock = 1_000;
  const store = createJobStore({ now: () => clock });
  // Left running when the browser closed.
  const cutOff = await store.create({ ...input, prompt: 'cut off' });
  await store.patch(cutOff.id, () => ({ state: 'running', startedAt: 1_000 }));
  vi.spyOn(Date, 'now').mockReturnValue(5_000);
  serveJobs(store);
  // The background's first pump started a queued job before the start event was heard.
  clock = 5_100;
  const inFlight = await store.create({ ...input, prompt: 'in flight' });
  await store.patch(inFlight.id, () => ({ state: 'running', startedAt: 5_100 }));
  await fakeBrowser.runtime.onStartup.trigger();
  await vi.waitFor(async () => expect((await store.get(cutOff.id))?.state).toBe('failed'));
  expect((await store.get(cutOff.id))?.error).toEqual({ kind: 'interrupted' });
  expect((await store.get(inFlight.id))?.state).toBe('running');
});
