import { encodePng } from '../fake-providers/png';
import { describe, expect, test, vi } from 'vitest';
import { createJobStore } from '../../utils/jobs/store';
import { createRunner } from '../../utils/jobs/runner';
import { ProviderError } from '../../utils/providers/errors';
import type { RunFn } from '../../utils/providers/types';
import { badgeFor } from '../../utils/results/badge';

// A real (1×1) PNG: results are checked by their bytes.
const png = new Blob([new Uint8Array(encodePng(1, 1, () => [0, 0, 0, 255]))], { type: 'image/png' });
const input = { provider: 'openai' as const, operation: 'generate' as const, model: 'gpt-image-2', prompt: 'a cat', params: {} };

function setup(run: RunFn, key: string | null = 'sk-test') {
  let t = 1000;
  const store = createJobStore({ now: () => t++ });
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
    expect((await store.page({ limit: 10 })).map((j) => j.id)).toEqual([b.id, a.id]);
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
    expect(again?.source?.blob.size).toBe(png.size);
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
    expect((await store.get(job.id))?.results[0]?.blob.size).toBe(png.size);
  });

  test('the views are handed each change as stored: the finished job with its results, the same ones a read of the store gives', async () => {
    let t = 1000;
    const store = createJobStore({ now: () => t++ });
    const handed: { id: string; stored?: { state: string; results: { id: string }[] } }[] = [];
    const runner = createRunner({ store, runners: { openai: async () => ({ images: [png] }) }, readKey: async () => 'sk', notify: (id, stored) => void handed.push({ id, stored }), now: () => t++ });
    const job = await store.create(input);
    await runner.run(job.id);
    const last = handed.at(-1)!;
    expect(last.id).toBe(job.id);
    expect(last.stored?.state).toBe('succeeded');
    expect(last.stored?.results.map((r) => r.id)).toEqual((await store.get(job.id))?.results.map((r) => r.id));
  });

  test('a finished job records what it cost: from the answer’s tokens where the model has token prices, else the catalog’s per-image price', async () => {
    const counted = setup(async () => ({ images: [png], usage: { inputTextTokens: 10, inputImageTokens: 0, outputTokens: 1767 } }));
    const a = await counted.store.create({ ...input, params: { quality: 'high' } });
    // 10 × $5/M + 1767 × $30/M, not the $0.211 a high-quality image is estimated at.
    expect((await counted.runner.run(a.id))?.cost).toBeCloseTo(0.05306, 6);
    const uncounted = setup(async () => ({ images: [png] }));
    const b = await uncounted.store.create({ ...input, params: { quality: 'high' } });
    expect((await uncounted.runner.run(b.id))?.cost).toBeCloseTo(0.211, 6);
  });

  test('the views hear that a job started once its request is out, not before', async () => {
    let t = 1000;
    const store = createJobStore({ now: () => t++ });
    const log: string[] = [];
    const states: unknown[] = [];
    const runner = createRunner({
      store,
      runners: {
        openai: async (_request, context) => {
          await Promise.resolve();
          log.push('about to send');
          await context.fetch!('https://api.openai.com/v1/images/generations', { method: 'POST' });
          return { images: [png] };
        },
      },
      readKey: async () => 'sk-test',
      notify: async (id) => {
        log.push('told');
        states.push((await store.get(id))?.state);
      },
      fetch: async () => {
        log.push('sent');
        return new Response('{}');
      },
      now: () => t++,
    });
    const job = await store.create(input);
    await runner.run(job.id);
    expect(log).toEqual(['about to send', 'sent', 'told', 'told']);
    expect(states).toEqual(['running', 'succeeded']);
  });

  test("an answer whose image is not an image is malformed, stores nothing, and is not retried; a claimed type gives way to the bytes' own", async () => {
    const html = new Blob(['<html>Service unavailable</html>'], { type: 'image/png' });
    const bad = setup(async () => ({ images: [png, html] }));
    const job = await bad.store.create(input);
    const failed = await bad.runner.run(job.id);
    expect(failed?.state).toBe('failed');
    expect(failed?.error?.kind).toBe('malformed');
    expect(failed?.results).toEqual([]);
    expect(bad.provider.run).toHaveBeenCalledTimes(1);

    const mislabelled = setup(async () => ({ images: [new Blob([await png.arrayBuffer()], { type: 'image/webp' })] }));
    const second = await mislabelled.store.create(input);
    expect((await mislabelled.runner.run(second.id))?.results[0]?.blob.type).toBe('image/png');
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

describe('badge from index counts', () => {
  test('shows work in progress, then unseen results (red when one failed), then nothing', async () => {
    const { store } = setup(async () => ({ images: [] }));
    const a = await store.create(input);
    const b = await store.create(input);
    const c = await store.create(input);
    await store.patch(a.id, () => ({ state: 'running' }));
    expect(badgeFor(await store.counts()).text).toBe('…');
    await store.patch(a.id, () => ({ state: 'succeeded' }));
    await store.patch(b.id, () => ({ state: 'failed' }));
    await store.patch(c.id, () => ({ state: 'canceled' }));
    expect(badgeFor(await store.counts())).toEqual({ text: '2', color: '#c62828' });
    await store.patch(b.id, () => ({ seen: true }));
    expect(badgeFor(await store.counts())).toEqual({ text: '1', color: '#2e7d32' });
    await store.patch(a.id, () => ({ seen: true }));
    expect(badgeFor(await store.counts()).text).toBe('');
  });
});

describe('history pages', () => {
  test('newest first, a page at a time, filtered by prompt; removal takes the images with it', async () => {
    const { store } = setup(async () => ({ images: [] }));
    const made = [];
    for (const prompt of ['a red fox', 'a blue whale', 'a red barn', 'a green field']) made.push(await store.create({ ...input, prompt, source: { blob: png, width: 1, height: 1 } }));
    const first = await store.page({ limit: 2 });
    expect(first.map((j) => j.prompt)).toEqual(['a green field', 'a red barn']);
    expect((await store.page({ limit: 2, before: first.at(-1)!.createdAt })).map((j) => j.prompt)).toEqual(['a blue whale', 'a red fox']);
    expect((await store.page({ limit: 10, query: 'RED' })).map((j) => j.prompt)).toEqual(['a red barn', 'a red fox']);
    await store.remove([made[0]!.id]);
    expect(await store.get(made[0]!.id)).toBeUndefined();
    expect((await store.page({ limit: 10 })).map((j) => j.prompt)).not.toContain('a red fox');
  });
});

/** Writes records as version 1 did (one object store, out-of-line keys, no indexes), then closes. */
async function writeVersion1(records: Record<string, unknown>): Promise<void> {
  const request = indexedDB.open('pictor-jobs', 1);
  request.onupgradeneeded = () => request.result.createObjectStore('jobs');
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('the job database did not open'));
  });
  const tx = db.transaction('jobs', 'readwrite');
  for (const [key, value] of Object.entries(records)) tx.objectStore('jobs').put(value, key);
  await new Promise((resolve) => (tx.oncomplete = resolve));
  db.close();
}

test('the version 1 database (whole records, no indexes, OpenAI options) upgrades in place: every job kept, in today’s shape', async () => {
  const legacy = { id: 'old-edit', createdAt: 1, state: 'succeeded', provider: 'openai', model: 'gpt-image-1', prompt: 'a cat', options: { size: '1024x1024', outputFormat: 'webp', inputFidelity: 'high' }, source: { blob: png, width: 1, height: 1 }, results: [{ id: 'r', blob: png }], seen: true };
  await writeVersion1({ 'old-edit': legacy, 'old-generation': { ...legacy, id: 'old-generation', source: undefined, options: { quality: 'high' } } });
  const store = createJobStore();
  expect(await store.get('old-edit')).toMatchObject({ operation: 'edit', params: { size: '1024x1024', output_format: 'webp', input_fidelity: 'high' }, results: [{ id: 'r' }] });
  expect((await store.page({ limit: 10 })).find((j) => j.id === 'old-generation')).toMatchObject({ operation: 'generate', params: { quality: 'high' } });
  // Indexed now: the old unseen-free records count as seen, and newest-first works.
  expect(await store.counts()).toEqual({ active: 0, unseen: 0, unseenFailed: 0 });
  // A patch writes today's shape back.
  await store.patch('old-edit', () => ({ seen: false }));
  expect(Object.keys((await store.get('old-edit'))!)).not.toContain('options');
});

describe('results that the disk cannot hold are not lost', () => {
  const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  test('stored without the source and previews when the whole record does not fit', async () => {
    const { store: real } = setup(async () => ({ images: [] }));
    // A disk with room for the results but not for the source beside them.
    const store = { ...real, patch: (id: string, change: Parameters<typeof real.patch>[1]) => real.patch(id, (j) => {
      const next = change(j);
      if (next.results?.length && (next.source ?? j.source) && !('source' in next)) throw quotaError();
      return next;
    }) };
    const runner = createRunner({ store, runners: { openai: async () => ({ images: [png, png] }) }, readKey: async () => 'sk', notify: () => undefined });
    const job = await real.create({ ...input, operation: 'edit', source: { blob: png, width: 1, height: 1 } });
    const done = await runner.run(job.id);
    expect(done?.state).toBe('succeeded');
    expect((await real.get(job.id))?.results).toHaveLength(2);
    expect((await real.get(job.id))?.source).toBeUndefined();
  });

  test('handed to the context to save to Downloads when nothing can be stored, and said so', async () => {
    const { store: real } = setup(async () => ({ images: [] }));
    const store = { ...real, patch: (id: string, change: Parameters<typeof real.patch>[1]) => real.patch(id, (j) => {
      const next = change(j);
      if (next.results?.length || next.state === 'failed') throw quotaError();
      return next;
    }) };
    const kept: Blob[][] = [];
    const runner = createRunner({ store, runners: { openai: async () => ({ images: [png] }) }, readKey: async () => 'sk', notify: () => undefined, keepUnsaved: async (_job, images) => (kept.push(images), { saved: images.length }) });
    const job = await real.create(input);
    const done = await runner.run(job.id);
    expect(kept).toEqual([[png]]);
    expect(done).toMatchObject({ state: 'failed', error: { kind: 'storage', detail: '1' } });

    // On a full disk the download fails too: said so, with the browser's reason, never "saved".
    const lost = createRunner({ store, runners: { openai: async () => ({ images: [png, png] }) }, readKey: async () => 'sk', notify: () => undefined, keepUnsaved: async () => ({ saved: 1, failure: 'the disk is full' }) });
    const second = await real.create(input);
    expect(await lost.run(second.id)).toMatchObject({ state: 'failed', error: { kind: 'storage-lost', detail: 'the disk is full' } });
    // A hand-off that throws is said with its reason too, not dropped as a generic failure.
    const broken = createRunner({ store, runners: { openai: async () => ({ images: [png] }) }, readKey: async () => 'sk', notify: () => undefined, keepUnsaved: () => Promise.reject(new Error('Could not establish connection.')) });
    const third = await real.create(input);
    expect(await broken.run(third.id)).toMatchObject({ state: 'failed', error: { kind: 'storage-lost', detail: 'Could not establish connection.' } });
  });
});

test('each result is stored with the small copy lists show', async () => {
  const { store } = setup(async () => ({ images: [] }));
  const small = new Blob([new Uint8Array([9])], { type: 'image/webp' });
  const runner = createRunner({ store, runners: { openai: async () => ({ images: [png, png] }) }, readKey: async () => 'sk', notify: () => undefined, thumbnail: async () => small });
  const job = await store.create(input);
  await runner.run(job.id);
  const stored = await store.get(job.id);
  expect(stored?.results.map((r) => r.thumb?.type)).toEqual(['image/webp', 'image/webp']);
  expect(stored?.results.map((r) => r.blob.size)).toEqual([png.size, png.size]);
});

test('a result is shown before its small copy is made, and the copy is added after', async () => {
  const { store } = setup(async () => ({ images: [] }));
  const small = new Blob([new Uint8Array([9])], { type: 'image/webp' });
  let make!: () => void;
  const made = new Promise<void>((resolve) => (make = resolve));
  const told: string[] = [];
  const runner = createRunner({
    store,
    runners: { openai: async () => ({ images: [png] }) },
    readKey: async () => 'sk',
    notify: async (id) => {
      const job = await store.get(id);
      told.push(`${job?.state}:${job?.results[0]?.thumb ? 'thumb' : 'full'}`);
      // The views hear of the stored result while its small copy is still being made.
      if (job?.state === 'succeeded' && !job.results[0]?.thumb) make();
    },
    thumbnail: async () => {
      await made;
      return small;
    },
  });
  const job = await store.create(input);
  const done = await runner.run(job.id);
  expect(told).toEqual(['running:full', 'succeeded:full', 'succeeded:thumb']);
  expect(done?.results[0]?.thumb?.type).toBe('image/webp');
  expect((await store.get(job.id))?.results[0]?.blob.size).toBe(png.size);
});

test('in the browser the small copy waits a moment after the result, so that showing the result and making the copy do not decode one image at once', async () => {
  const { store } = setup(async () => ({ images: [] }));
  const small = new Blob([new Uint8Array([9])], { type: 'image/webp' });
  let storedAt = 0;
  let madeAt = 0;
  const runner = createRunner({
    store,
    runners: { openai: async () => ({ images: [png] }) },
    readKey: async () => 'sk',
    notify: async (id) => {
      if ((await store.get(id))?.state === 'succeeded' && !storedAt) storedAt = performance.now();
    },
    thumbnail: async () => {
      madeAt = performance.now();
      return small;
    },
    thumbnailAfterMs: 80,
  });
  const job = await store.create(input);
  const done = await runner.run(job.id);
  expect(madeAt - storedAt).toBeGreaterThanOrEqual(75);
  expect(done?.results[0]?.thumb?.type).toBe('image/webp');
});

describe('previews', () => {
  /** A store that records every preview written, and whether the job had already ended. */
  function watched() {
    const { store } = setup(async () => ({ images: [] }));
    const written: string[] = [];
    const patch: typeof store.patch = async (id, change) => {
      const next = await store.patch(id, change);
      if (next?.partial) written.push(`${await next.partial.text()}${next.state === 'running' ? '' : ' after the end'}`);
      return next;
    };
    return { store: { ...store, patch }, written };
  }
  const preview = (text: string) => new Blob([text], { type: 'image/png' });

  test('previews that arrive together with the answer do not hold it up: only the newest waiting one is written, none after', async () => {
    const { store, written } = watched();
    const runner = createRunner({
      store,
      runners: {
        openai: async (_req, ctx) => {
          // Three previews and the image in one chunk of the stream, as a slow reader may get them.
          await ctx.onPartial?.(preview('p1'), 0);
          await ctx.onPartial?.(preview('p2'), 1);
          await ctx.onPartial?.(preview('p3'), 2);
          return { images: [png] };
        },
      },
      readKey: async () => 'sk',
      notify: () => undefined,
    });
    const job = await store.create(input);
    const done = await runner.run(job.id);
    expect(done?.state).toBe('succeeded');
    expect(done?.partial).toBeUndefined();
    expect(written).toEqual(['p1']);
    expect((await store.get(job.id))?.partial).toBeUndefined();
  });

  test('previews that arrive apart are each written, newest last', async () => {
    const { store, written } = watched();
    const runner = createRunner({
      store,
      runners: {
        openai: async (_req, ctx) => {
          for (const text of ['p1', 'p2']) {
            await ctx.onPartial?.(preview(text), 0);
            await new Promise((r) => setTimeout(r, 30));
          }
          return { images: [png] };
        },
      },
      readKey: async () => 'sk',
      notify: () => undefined,
    });
    const job = await store.create(input);
    await runner.run(job.id);
    expect(written).toEqual(['p1', 'p2']);
  });

  test('a preview being written when the job is canceled does not come back after the cancel', async () => {
    const { store, written } = watched();
    const runner = createRunner({
      store,
      runners: {
        openai: async (_req, ctx) => {
          await ctx.onPartial?.(preview('p1'), 0);
          void runner.cancel(job.id);
          const signal = ctx.signal!;
          if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve));
          throw new Error('aborted');
        },
      },
      readKey: async () => 'sk',
      notify: () => undefined,
    });
    const job = await store.create(input);
    const done = await runner.run(job.id);
    expect(done?.state).toBe('canceled');
    expect((await store.get(job.id))?.partial).toBeUndefined();
    expect(written.filter((w) => w.endsWith('after the end'))).toEqual([]);
  });
});

describe('whose job it is, told by the background', () => {
  test("the key is read while the job is marked running; a hint that is not the job's own service reads the job's own key", async () => {
    const { store } = setup(async () => ({ images: [] }));
    const reads: string[] = [];
    const sent: string[] = [];
    const runner = createRunner({
      store,
      runners: { openai: async (_req, ctx) => (sent.push(ctx.apiKey), { images: [png] }) },
      readKey: async (provider) => (reads.push(provider), `key-of-${provider}`),
      endpoint: async () => undefined,
      notify: () => undefined,
    });
    const a = await store.create(input);
    expect((await runner.run(a.id, 'openai'))?.state).toBe('succeeded');
    const b = await store.create(input);
    expect((await runner.run(b.id, 'google'))?.state).toBe('succeeded');
    // Only the job's own key is ever sent.
    expect(sent).toEqual(['key-of-openai', 'key-of-openai']);
    expect(reads).toEqual(['openai', 'google', 'openai']);
  });

  test('a job that is no longer queued is not run, whatever the hint', async () => {
    const { store, runner, provider } = setup(async () => ({ images: [png] }));
    const job = await store.create(input);
    await runner.cancel(job.id);
    expect((await runner.run(job.id, 'openai'))?.state).toBe('canceled');
    expect(provider.run).not.toHaveBeenCalled();
  });
});
