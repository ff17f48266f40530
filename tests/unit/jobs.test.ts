import { describe, expect, test, vi } from 'vitest';
import { createJobStore } from '../../utils/jobs/store';
import { createRunner } from '../../utils/jobs/runner';
import { ProviderError } from '../../utils/providers/errors';
import type { RunFn } from '../../utils/providers/types';
import { badgeFor } from '../../utils/badge';
import type { Job } from '../../utils/jobs/types';

const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
const input = { provider: 'openai' as const, operation: 'generate' as const, model: 'gpt-image-2', prompt: 'a cat', params: {} };

function setup(run: RunFn, key: string | null = 'sk-test') {
  let t = 1000;
  const store = createJobStore(undefined, () => t++);
  const events: string[] = [];
  const provider = { run: vi.fn(run) };
  const runner = createRunner({
    store,
    runners: { openai: provider.run },
    readKey: async () => key ?? undefined,
    notify: async (id) => {
      // What a listener would see at the moment it is told.
      events.push(`${id}:${(await store.get(id))?.state}`);
    },
    now: () => t++,
  });
  return { store, runner, provider, events };
}

describe('job store', () => {
  test('creates queued jobs, lists newest first, patches atomically', async () => {
    const { store } = setup(async () => ({ images: [] }));
    const a = await store.create(input);
    const b = await store.create({ ...input, prompt: 'a dog' });
    expect(a.state).toBe('queued');
    expect((await store.list()).map((j) => j.id)).toEqual([b.id, a.id]);
    await Promise.all([store.patch(a.id, () => ({ seen: true })), store.patch(a.id, () => ({ state: 'running' }))]);
    const got = await store.get(a.id);
    expect(got).toMatchObject({ seen: true, state: 'running' });
    expect(await store.patch('missing', () => ({ seen: true }))).toBeUndefined();
    expect(await store.get('missing')).toBeUndefined();
  });

  test('keeps source and result blobs', async () => {
    const { store } = setup(async () => ({ images: [] }));
    const job = await store.create({ ...input, source: { blob: png, width: 1, height: 1 } });
    const again = await store.get(job.id);
    expect(again?.source?.blob.size).toBe(4);
  });
});

describe('runner', () => {
  test('stores the results before telling anyone, then reports success', async () => {
    const { store, runner, provider, events } = setup(async () => ({ images: [png, png], usage: { outputTokens: 10 } }));
    const job = await store.create({ ...input, source: { blob: png, width: 1, height: 1 } });
    const done = await runner.run(job.id);
    expect(done?.state).toBe('succeeded');
    expect(done?.results).toHaveLength(2);
    expect(events).toEqual([`${job.id}:running`, `${job.id}:succeeded`]);
    expect(provider.run).toHaveBeenCalledWith(
      expect.objectContaining({ operation: 'generate', model: 'gpt-image-2', prompt: 'a cat', inputs: [expect.any(Blob)], params: {} }),
      expect.objectContaining({ apiKey: 'sk-test' }),
    );
    expect((await store.get(job.id))?.results[0]?.blob.size).toBe(4);
  });

  test('a job runs once even if asked twice', async () => {
    const { store, runner, provider } = setup(async () => ({ images: [png] }));
    const job = await store.create(input);
    await Promise.all([runner.run(job.id), runner.run(job.id)]);
    expect(provider.run).toHaveBeenCalledTimes(1);
  });

  test('no key: fails with no-key and never calls the provider', async () => {
    const { store, runner, provider } = setup(async () => ({ images: [png] }), null);
    const job = await store.create(input);
    expect((await runner.run(job.id))?.error).toEqual({ kind: 'no-key' });
    expect(provider.run).not.toHaveBeenCalled();
  });

  test('a provider error is stored as its kind', async () => {
    const { store, runner } = setup(async () => {
      throw new ProviderError({ kind: 'quota', status: 429 });
    });
    const job = await store.create(input);
    const done = await runner.run(job.id);
    expect(done).toMatchObject({ state: 'failed', error: { kind: 'quota', status: 429 } });
  });

  test('cancel aborts a running request', async () => {
    const { store, runner } = setup(
      (_req, ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const job = await store.create(input);
    const running = runner.run(job.id);
    await vi.waitFor(async () => expect((await store.get(job.id))?.state).toBe('running'));
    await runner.cancel(job.id);
    expect((await running)?.state).toBe('canceled');
  });

  test('cancel of a queued job marks it canceled', async () => {
    const { store, runner } = setup(async () => ({ images: [png] }));
    const job = await store.create(input);
    await runner.cancel(job.id);
    expect((await store.get(job.id))?.state).toBe('canceled');
  });
});

describe('badge', () => {
  const job = (over: Partial<Job>): Job => ({ ...input, id: 'x', createdAt: 0, state: 'succeeded', results: [], seen: false, ...over });
  test('shows work in progress, then unseen results, then nothing', () => {
    expect(badgeFor([job({ state: 'running' })]).text).toBe('…');
    expect(badgeFor([job({}), job({ state: 'failed' })])).toEqual({ text: '2', color: '#c62828' });
    expect(badgeFor([job({})])).toEqual({ text: '1', color: '#2e7d32' });
    expect(badgeFor([job({ seen: true }), job({ state: 'canceled' })]).text).toBe('');
  });
});

test('jobs stored before requests named their operation read as OpenAI edits or generations, nothing lost', async () => {
  const { createStore, set } = await import('idb-keyval');
  const raw = createStore('pictor-jobs', 'jobs');
  const legacy = { id: 'old-edit', createdAt: 1, state: 'succeeded', provider: 'openai', model: 'gpt-image-1', prompt: 'a cat', options: { size: '1024x1024', outputFormat: 'webp', inputFidelity: 'high' }, source: { blob: png, width: 1, height: 1 }, results: [{ id: 'r', blob: png }], seen: true };
  await set('old-edit', legacy, raw);
  await set('old-generation', { ...legacy, id: 'old-generation', source: undefined, options: { quality: 'high' } }, raw);
  const store = createJobStore(raw);
  expect(await store.get('old-edit')).toMatchObject({ operation: 'edit', params: { size: '1024x1024', output_format: 'webp', input_fidelity: 'high' }, results: [{ id: 'r' }] });
  expect((await store.list()).find((j) => j.id === 'old-generation')).toMatchObject({ operation: 'generate', params: { quality: 'high' } });
  // A patch writes today's shape back.
  await store.patch('old-edit', () => ({ seen: false }));
  expect(Object.keys((await store.get('old-edit'))!)).not.toContain('options');
});
