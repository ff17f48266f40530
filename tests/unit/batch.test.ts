import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useEnglishMessages } from './english';
import { batchOver, batchProgress, batchPrompts, MAX_BATCH_REQUESTS, pauseBatch, resumeBatch } from '../../utils/jobs/batch';
import { createGateway } from '../../utils/jobs/gateway';
import { createJobStore } from '../../utils/jobs/store';
import type { NewJob } from '../../utils/jobs/types';
import { pausedBatches, modelChoice, notifyWhenReady } from '../../utils/platform/storage';
import { ComposerState } from '../../utils/popup/composer-state.svelte';
import { batchInputs } from '../../utils/popup/popup-parts';
import { announceIfUnseen } from '../../utils/jobs/announce';
import { resume } from '../../utils/library/batch-actions';
import { sendMessage } from '../../utils/platform/messaging';

vi.mock('../../utils/platform/messaging', async (original) => ({ ...(await original<typeof import('../../utils/platform/messaging')>()), sendMessage: vi.fn() }));
vi.mock('../../utils/platform/action', async (original) => ({
  ...(await original<typeof import('../../utils/platform/action')>()),
  popupIsOpen: async () => false,
}));

beforeEach(() => {
  fakeBrowser.reset();
  useEnglishMessages();
});

const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
const edit: NewJob = { provider: 'openai', operation: 'edit', model: 'gpt-image-2', prompt: 'a cat', params: {}, source: { blob: png, width: 1, height: 1 } };
const inBatch = (index: number, id = 'b1'): NewJob => ({ ...edit, prompt: `p${index}`, group: { id, kind: 'batch', index } });

describe('the prompt list', () => {
  test('one prompt a line, trimmed, blank lines and Windows line ends dropped', () => {
    expect(batchPrompts('  a red door \r\n\r\n a blue door\n\n')).toEqual(['a red door', 'a blue door']);
    expect(batchPrompts('\n  \n')).toEqual([]);
  });

  test('progress counts each state; a batch is over when every job has ended', () => {
    const jobs = [{ state: 'succeeded' }, { state: 'failed' }, { state: 'canceled' }, { state: 'running' }, { state: 'queued' }] as const;
    expect(batchProgress(jobs)).toEqual({ total: 5, done: 1, failed: 1, canceled: 1, running: 1, waiting: 1 });
    expect(batchOver(jobs)).toBe(false);
    expect(batchOver(jobs.slice(0, 3))).toBe(true);
  });
});

describe('the batch from the popup', () => {
  async function composer(): Promise<ComposerState> {
    await modelChoice.setValue({ provider: 'openai', model: 'gpt-image-2' });
    const c = new ComposerState();
    await c.load();
    c.hasSource = true;
    return c;
  }
  const crop = { blob: png, width: 300, height: 200, at: 1, pageUrl: 'https://example.com/', origin: 'original' as const, mode: 'image' as const, selection: { x: 0, y: 0, width: 1, height: 1 }, tabId: 1, frameId: 0 };

  test('each prompt N times, in order, linked as one batch; with compared models, each prompt goes to each', async () => {
    const c = await composer();
    const inputs = batchInputs(c, ['a', 'b'], 2, crop, [], () => true);
    if (!Array.isArray(inputs)) throw new Error(inputs.problem);
    expect(inputs.map((i) => i.prompt)).toEqual(['a', 'a', 'b', 'b']);
    expect(inputs.map((i) => i.group?.index)).toEqual([0, 1, 2, 3]);
    expect(new Set(inputs.map((i) => `${i.group?.kind}:${i.group?.id}`)).size).toBe(1);
    expect(inputs.every((i) => i.operation === 'edit' && i.source?.width === 300)).toBe(true);

    await c.addOther(() => true);
    const compared = batchInputs(c, ['a'], 1, crop, [], () => true);
    if (!Array.isArray(compared)) throw new Error(compared.problem);
    expect(compared.map((i) => [i.provider, i.group?.kind, i.group?.index])).toEqual([
      ['openai', 'batch', 0],
      ['google', 'batch', 1],
    ]);
  });

  test('no prompts, or more requests than a batch holds, says so and starts nothing', async () => {
    const c = await composer();
    expect(batchInputs(c, [], 1, crop, [], () => true)).toEqual({ problem: 'Type or paste prompts, one a line.' });
    const many = Array.from({ length: MAX_BATCH_REQUESTS / 5 + 1 }, (_, i) => `p${i}`);
    const refused = batchInputs(c, many, 5, crop, [], () => true);
    expect('problem' in refused && refused.problem).toContain('more than one batch holds (500)');
  });
});

describe('the gateway and a batch', () => {
  function setup(spendLimits?: () => Promise<{ byProvider: { openai: number } }>) {
    let t = 1000;
    const store = createJobStore({ now: () => t });
    const handed: string[] = [];
    const gateway = createGateway({
      store,
      run: async (id) => void handed.push(id),
      stop: async () => false,
      notify: async () => undefined,
      spendLimits,
      pausedBatches: () => pausedBatches.getValue(),
      pauseBatch,
    });
    return { store, gateway, handed, tick: () => t++ };
  }

  test('jobs stored together start in the batch order, as the service limit allows (two at once for OpenAI)', async () => {
    const { store, gateway, handed } = setup();
    // All in one millisecond: the batch's own order decides.
    const jobs = await store.createMany([0, 1, 2, 3].map((i) => inBatch(i)));
    await gateway.start(jobs[0]!.id);
    expect(handed).toEqual([jobs[0]!.id, jobs[1]!.id]);
  });

  test('a paused batch waits: nothing of it is sent until Resume; other jobs go on', async () => {
    const { store, gateway, handed } = setup();
    await pauseBatch('b1', 'user');
    const [a] = await store.createMany([inBatch(0)]);
    const alone = await store.create(edit);
    await gateway.start(a!.id);
    expect(handed).toEqual([alone.id]);
    expect(await store.get(a!.id)).toMatchObject({ state: 'queued' });
    await resumeBatch('b1');
    await gateway.pump();
    expect(handed).toEqual([alone.id, a!.id]);
  });

  test('at the monthly limit the job that would pass it is refused, the batch pauses, and the rest wait unsent', async () => {
    const { store, gateway, handed } = setup(async () => ({ byProvider: { openai: 0.1 } }));
    const jobs = await store.createMany([0, 1, 2].map((i) => inBatch(i)));
    await gateway.start(jobs[0]!.id);
    expect(handed).toEqual([jobs[0]!.id]);
    expect(await store.get(jobs[1]!.id)).toMatchObject({ state: 'failed', error: { kind: 'spend-limit' } });
    expect(await store.get(jobs[2]!.id)).toMatchObject({ state: 'queued' });
    expect(await pausedBatches.getValue()).toEqual({ b1: 'spend-limit' });
    await gateway.pump();
    expect(handed).toHaveLength(1);
  });

  test('Resume after the limit was raised sends the job the limit refused, in its place, then the rest', async () => {
    let limit = 0.1;
    const { store, gateway, handed } = setup(async () => ({ byProvider: { openai: limit } }));
    // The batch view's Resume asks the background to start, as any page does.
    vi.mocked(sendMessage).mockImplementation((async (_type: string, jobId: string) => gateway.start(jobId)) as unknown as typeof sendMessage);
    const jobs = await store.createMany([0, 1, 2].map((i) => inBatch(i)));
    await gateway.start(jobs[0]!.id);
    expect(await store.get(jobs[1]!.id)).toMatchObject({ state: 'failed', error: { kind: 'spend-limit' } });

    // Still at the limit: refused again, and the batch stops again, with nothing more sent.
    await resume(store, 'b1', await store.inGroup('b1'));
    expect(handed).toEqual([jobs[0]!.id]);
    expect(await store.get(jobs[1]!.id)).toMatchObject({ state: 'failed', error: { kind: 'spend-limit' } });
    expect(await pausedBatches.getValue()).toEqual({ b1: 'spend-limit' });

    limit = 1;
    await resume(store, 'b1', await store.inGroup('b1'));
    // OpenAI runs two at once: the first is still on its way, so the refused one goes next, and the third waits its turn.
    expect(handed).toEqual([jobs[0]!.id, jobs[1]!.id]);
    expect((await store.get(jobs[1]!.id))?.error).toBeUndefined();
    expect(await store.get(jobs[2]!.id)).toMatchObject({ state: 'queued' });
    expect(await pausedBatches.getValue()).toEqual({});
  });
});

describe('a source shared by jobs stored together', () => {
  /** What the job database holds on disk: the job records and the shared sources. */
  async function raw(): Promise<{ jobs: Record<string, { source?: unknown; inputs?: string }>; inputs: number }> {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('pictor-jobs');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(new Error('the job database did not open'));
    });
    const tx = db.transaction(['jobs', 'inputs']);
    const all = <T,>(request: IDBRequest<T>) => new Promise<T>((resolve) => (request.onsuccess = () => resolve(request.result)));
    const [keys, values, inputs] = await Promise.all([all(tx.objectStore('jobs').getAllKeys()), all(tx.objectStore('jobs').getAll()), all(tx.objectStore('inputs').count())]);
    db.close();
    return { jobs: Object.fromEntries(keys.map((k, i) => [k as string, values[i] as { source?: unknown; inputs?: string }])), inputs };
  }

  test('is kept once, every job reads back whole, and it goes with the last job that uses it', async () => {
    const store = createJobStore();
    // A batch's requests carry one source object (batchInputs copies the request of one prompt).
    const [a, b, c] = await store.createMany([0, 1, 2].map((i) => inBatch(i)));
    const disk = await raw();
    expect(disk.inputs).toBe(1);
    expect(Object.values(disk.jobs).every((j) => j.source === undefined && typeof j.inputs === 'string')).toBe(true);
    for (const job of [await store.get(a!.id), ...(await store.inGroup('b1')), ...(await store.page({ limit: 10 })), ...(await store.inStates(['queued']))]) {
      expect(job?.source).toMatchObject({ width: 1, height: 1 });
      expect(job?.source?.blob.size).toBe(png.size);
    }

    // Any other change keeps the share; a change of the source gives that job its own.
    expect((await store.patch(a!.id, () => ({ state: 'running' })))?.source?.blob.size).toBe(png.size);
    const own = new Blob([new Uint8Array([1, 2, 3, 4, 5])], { type: 'image/png' });
    await store.patch(b!.id, (j) => ({ source: { ...j.source!, blob: own } }));
    const after = await raw();
    expect(after.jobs[a!.id]).toMatchObject({ inputs: disk.jobs[a!.id]!.inputs, state: 'running' });
    expect(after.jobs[a!.id]!.source).toBeUndefined();
    expect(after.jobs[b!.id]!.inputs).toBeUndefined();
    expect((await store.get(b!.id))?.source?.blob.size).toBe(5);
    expect(after.inputs).toBe(1);

    // Deleted with the last job that uses it, not before.
    await store.remove([a!.id]);
    expect((await raw()).inputs).toBe(1);
    expect((await store.get(c!.id))?.source?.blob.size).toBe(png.size);
    await store.remove([c!.id]);
    expect((await raw()).inputs).toBe(0);
    expect((await store.get(b!.id))?.source?.blob.size).toBe(5);
  });

  test('the original photo that arrives after the batch started is added to the shared source once, and to a job of its own in its record', async () => {
    const store = createJobStore();
    const jobs = await store.createMany([0, 1, 2].map((i) => inBatch(i)));
    const alone = await store.create(edit);
    const original = { blob: new Blob([new Uint8Array(7)], { type: 'image/png' }), width: 4, height: 4, rect: { x: 0, y: 0, width: 1, height: 1 } };
    const seen: number[] = [];
    await store.patchSources([...jobs.map((j) => j.id), alone.id, 'gone'], (source) => {
      seen.push(source.width);
      return source.original ? undefined : { original };
    });
    // The shared source was changed once, in its place; every job reads it back with the original.
    expect(seen).toHaveLength(2);
    const disk = await raw();
    expect(disk.inputs).toBe(1);
    expect(jobs.every((j) => typeof disk.jobs[j.id]!.inputs === 'string' && disk.jobs[j.id]!.source === undefined)).toBe(true);
    for (const job of [...(await store.inGroup('b1')), await store.get(alone.id)]) expect(job?.source?.original?.blob.size).toBe(7);
    // Answered "leave it": nothing written.
    await store.patchSources([jobs[0]!.id], () => undefined);
    expect((await store.get(jobs[1]!.id))?.source?.original?.width).toBe(4);
  });

  test('a job stored alone keeps its source in its own record, as before', async () => {
    const store = createJobStore();
    const job = await store.create(edit);
    const disk = await raw();
    expect(disk.inputs).toBe(0);
    expect(disk.jobs[job.id]!.source).toBeDefined();
    await store.clear();
    expect(await raw()).toEqual({ jobs: {}, inputs: 0 });
  });
});

test('a batch is announced once, when its last job ends, not once a job', async () => {
  await notifyWhenReady.setValue(true);
  const create = vi.spyOn(fakeBrowser.notifications, 'create');
  const store = createJobStore();
  const [a, b] = await store.createMany([inBatch(0), inBatch(1)]);
  await store.patch(a!.id, () => ({ state: 'succeeded', results: [{ id: 'r', blob: png }] }));
  // Counted, not read: one still queued, and a job of another batch does not count.
  await store.createMany([inBatch(0, 'b2')]);
  expect(await store.activeInGroup('b1')).toBe(1);
  const read = vi.spyOn(store, 'inGroup');
  expect(await announceIfUnseen(store, a!.id)).toBe(false);
  expect(read).not.toHaveBeenCalled();
  await store.patch(b!.id, () => ({ state: 'failed' }));
  expect(await announceIfUnseen(store, a!.id)).toBe(true);
  expect(create).toHaveBeenCalledTimes(1);
  expect((create.mock.calls[0] as unknown[])[1]).toMatchObject({ title: 'Your batch is finished', message: '1 of 2 requests made their images. Open History to see them.' });
});
