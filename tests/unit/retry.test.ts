import { encodePng } from '../fake-providers/png';
import { describe, expect, test, vi } from 'vitest';
import { defaultRetryPolicy, sleep } from '../../utils/jobs/retry';
import { createRunner } from '../../utils/jobs/runner';
import { markInterrupted } from '../../utils/jobs/interrupted';
import { createJobStore } from '../../utils/jobs/store';
import { ProviderError, type JobError } from '../../utils/providers/errors';
import type { RunFn } from '../../utils/providers/types';

describe('retry policy', () => {
  test('rate limits: up to 4 attempts, waiting what the provider asked', () => {
    const e: JobError = { kind: 'rate-limit', retryAfterMs: 7000 };
    expect(defaultRetryPolicy.maxAttempts(e)).toBe(4);
    expect(defaultRetryPolicy.delay(e, 2)).toBe(7000);
    expect(defaultRetryPolicy.delay({ kind: 'rate-limit', retryAfterMs: 600_000 }, 2)).toBe(60_000);
    expect(defaultRetryPolicy.delay({ kind: 'rate-limit' }, 3)).toBe(4000);
  });

  test('server errors back off; quota, refusals, keys and network wait for the user', () => {
    expect(defaultRetryPolicy.maxAttempts({ kind: 'server' })).toBe(3);
    for (const kind of ['quota', 'refused', 'invalid-key', 'network', 'timeout'] as const) {
      expect(defaultRetryPolicy.maxAttempts({ kind })).toBe(1);
    }
  });

  test('sleep ends early when canceled', async () => {
    const c = new AbortController();
    const waiting = sleep(60_000, c.signal);
    c.abort();
    await expect(waiting).rejects.toThrow(/Abort/);
  });
});

describe('runner retries', () => {
  test('a rate limit is retried after its wait, with the countdown stored for the popup', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const store = createJobStore();
      const seen: (number | undefined)[] = [];
      const run = vi
        .fn<RunFn>()
        .mockRejectedValueOnce(new ProviderError({ kind: 'rate-limit', retryAfterMs: 3000 }))
        .mockResolvedValueOnce({ images: [new Blob([new Uint8Array(encodePng(1, 1, () => [0, 0, 0, 255]))], { type: 'image/png' })] });
      const runner = createRunner({
        store,
        runners: { openai: run },
        readKey: async () => 'sk',
        notify: async (id) => void seen.push((await store.get(id))?.retryAt),
        now: () => 1000,
      });
      const job = await store.create({ provider: 'openai', model: 'gpt-image-2', prompt: 'p', operation: 'generate', params: {} });
      const done = runner.run(job.id);
      await vi.waitFor(() => expect(seen).toContain(4000));
      expect(run).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(3000);
      expect((await done)?.state).toBe('succeeded');
      expect(run).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  test('quota is tried exactly once', async () => {
    const store = createJobStore();
    const run = vi.fn<RunFn>().mockRejectedValue(new ProviderError({ kind: 'quota' }));
    const runner = createRunner({ store, runners: { openai: run }, readKey: async () => 'sk', notify: () => undefined });
    const job = await store.create({ provider: 'openai', model: 'gpt-image-2', prompt: 'p', operation: 'generate', params: {} });
    expect((await runner.run(job.id))?.error?.kind).toBe('quota');
    expect(run).toHaveBeenCalledTimes(1);
  });
});

test('after a browser restart, jobs left running are marked interrupted; queued ones wait for the gateway; finished ones untouched', async () => {
  const store = createJobStore();
  const a = await store.create({ provider: 'openai', model: 'm', prompt: 'a', operation: 'generate', params: {} });
  const b = await store.create({ provider: 'openai', model: 'm', prompt: 'b', operation: 'generate', params: {} });
  const c = await store.create({ provider: 'openai', model: 'm', prompt: 'c', operation: 'generate', params: {} });
  await store.patch(a.id, () => ({ state: 'running' }));
  await store.patch(b.id, () => ({ state: 'succeeded' }));
  expect(await markInterrupted(store)).toEqual({ failed: [a.id], resumed: [] });
  expect((await store.get(a.id))?.error).toEqual({ kind: 'interrupted' });
  expect((await store.get(b.id))?.state).toBe('succeeded');
  expect((await store.get(c.id))?.state).toBe('queued');
});

test('a job with a provider checkpoint (an Ideogram generation id) goes back to the queue instead, to resume without paying twice', async () => {
  const store = createJobStore();
  const a = await store.create({ provider: 'ideogram', model: 'ideogram-3', prompt: 'a', operation: 'generate', params: {} });
  await store.patch(a.id, () => ({ state: 'running', checkpoint: { generationId: 'g-1' } }));
  expect(await markInterrupted(store)).toEqual({ failed: [], resumed: [a.id] });
  expect(await store.get(a.id)).toMatchObject({ state: 'queued', checkpoint: { generationId: 'g-1' } });
});

test('a new runner context marks only what was running before it started', async () => {
  let t = 1000;
  const store = createJobStore({ now: () => t++ });
  const old = await store.create({ provider: 'openai', model: 'm', prompt: 'old', operation: 'generate', params: {} });
  await store.patch(old.id, () => ({ state: 'running', startedAt: 1000 }));
  const fresh = await store.create({ provider: 'openai', model: 'm', prompt: 'new', operation: 'generate', params: {} });
  await store.patch(fresh.id, () => ({ state: 'running', startedAt: 5000 }));
  expect(await markInterrupted(store, { states: ['running'], startedBefore: 4000 })).toEqual({ failed: [old.id], resumed: [] });
  expect((await store.get(fresh.id))?.state).toBe('running');
});

test('Cancel stops a job left "running" by a context that is gone', async () => {
  const store = createJobStore();
  const runner = createRunner({ store, runners: { openai: vi.fn() }, readKey: async () => 'sk', notify: () => undefined });
  const job = await store.create({ provider: 'openai', model: 'm', prompt: 'p', operation: 'generate', params: {} });
  await store.patch(job.id, () => ({ state: 'running' }));
  await runner.cancel(job.id);
  expect((await store.get(job.id))?.state).toBe('canceled');
});

test('a Cancel that lands before the run starts wins: nothing is sent', async () => {
  const store = createJobStore();
  const run = vi.fn<RunFn>();
  const runner = createRunner({ store, runners: { openai: run }, readKey: async () => 'sk', notify: () => undefined });
  const job = await store.create({ provider: 'openai', model: 'm', prompt: 'p', operation: 'generate', params: {} });
  await store.patch(job.id, () => ({ state: 'canceled' }));
  await store.patch(job.id, () => ({ state: 'queued' }));
  // Queued when run() is called, canceled by the time its start is written:
  const patch = store.patch.bind(store);
  let first = true;
  store.patch = async (id, change, options) => {
    if (first) await patch(id, () => ({ state: 'canceled' }));
    first = false;
    return patch(id, change, options);
  };
  expect((await runner.run(job.id))?.state).toBe('canceled');
  expect(run).not.toHaveBeenCalled();
});

test('a Cancel that lands while the key is read wins: nothing is sent, the job ends canceled', async () => {
  const store = createJobStore();
  const run = vi.fn<RunFn>();
  const job = await store.create({ provider: 'openai', model: 'm', prompt: 'p', operation: 'generate', params: {} });
  const runner = createRunner({
    store,
    runners: { openai: run },
    readKey: async () => {
      // The job is running here: the Cancel stops it in this runner.
      expect(await runner.cancel(job.id)).toBe(true);
      return 'sk';
    },
    notify: () => undefined,
  });
  expect((await runner.run(job.id))?.state).toBe('canceled');
  expect(run).not.toHaveBeenCalled();
});

test('a listener that throws after a success does not turn it into a failure', async () => {
  const store = createJobStore();
  const run = vi.fn<RunFn>().mockResolvedValue({ images: [new Blob([new Uint8Array(encodePng(1, 1, () => [0, 0, 0, 255]))], { type: 'image/png' })] });
  const runner = createRunner({
    store,
    runners: { openai: run },
    readKey: async () => 'sk',
    notify: async () => {
      throw new Error('download refused');
    },
  });
  const job = await store.create({ provider: 'openai', model: 'm', prompt: 'p', operation: 'generate', params: {} });
  expect((await runner.run(job.id))?.state).toBe('succeeded');
  expect((await store.get(job.id))?.state).toBe('succeeded');
});
