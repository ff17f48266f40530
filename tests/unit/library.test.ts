import { describe, expect, test, vi } from 'vitest';
import { chainOf } from '../../utils/jobs/chain';
import { createJobStore, type JobStore } from '../../utils/jobs/store';
import type { Job, NewJob } from '../../utils/jobs/types';
import { matchesQuery, nextPage, upsert, without } from '../../utils/library/library';
import { LIBRARY_PAGE, openLibrary, type LibraryOpeners } from '../../utils/library/library-open';

const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
const input: NewJob = { provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: 'a cat', params: {} };

/** A store whose clock the test sets: `at(ms)` makes the next jobs share that millisecond. */
function clockedStore() {
  let now = 1000;
  const store = createJobStore({ now: () => now });
  return { store, at: (ms: number) => (now = ms) };
}

async function make(store: JobStore, prompts: string[]): Promise<Job[]> {
  const out: Job[] = [];
  for (const prompt of prompts) out.push(await store.create({ ...input, prompt }));
  return out;
}

describe('chain: where a job came from and what was made from it', () => {
  test('children through the parent index, oldest first; ancestors from the root down', async () => {
    const { store, at } = clockedStore();
    at(1);
    const root = await store.create({ ...input, prompt: 'a lighthouse' });
    at(2);
    const cutout = await store.create({ ...input, provider: 'photoroom', operation: 'remove-background', prompt: '', source: { blob: png, width: 1, height: 1 }, parent: { jobId: root.id, result: 0 } });
    at(3);
    const again = await store.create({ ...input, operation: 'edit', prompt: 'at night', parent: { jobId: cutout.id, result: 0 } });
    at(4);
    const second = await store.create({ ...input, provider: 'photoroom', operation: 'remove-background', prompt: '', parent: { jobId: root.id, result: 1 } });
    await store.create({ ...input, prompt: 'unrelated' });

    expect((await store.childrenOf(root.id)).map((j) => j.id)).toEqual([cutout.id, second.id]);
    expect(await store.childrenOf(again.id)).toEqual([]);

    const chain = await chainOf(store, again);
    expect(chain.ancestors.map((l) => [l.job.id, l.result])).toEqual([
      [root.id, 0],
      [cutout.id, 0],
    ]);
    expect(chain.parentMissing).toBe(false);
    expect((await chainOf(store, cutout)).children.map((j) => j.id)).toEqual([again.id]);
  });

  test('a deleted parent ends the chain and is said; its children stay, with their own images', async () => {
    const store = createJobStore();
    const root = await store.create({ ...input, source: { blob: png, width: 1, height: 1 } });
    const child = await store.create({ ...input, operation: 'remove-background', prompt: '', source: { blob: png, width: 1, height: 1 }, parent: { jobId: root.id, result: 0 } });
    await store.remove([root.id]);
    const chain = await chainOf(store, child);
    expect(chain).toMatchObject({ ancestors: [], parentMissing: true, children: [] });
    expect((await store.get(child.id))?.source?.blob.size).toBe(4);
  });

  test('a record that points in a circle does not hang', async () => {
    const store = createJobStore();
    const [a, b] = await make(store, ['a', 'b']);
    await store.patch(a!.id, () => ({ parent: { jobId: b!.id, result: 0 } }));
    await store.patch(b!.id, () => ({ parent: { jobId: a!.id, result: 0 } }));
    const chain = await chainOf(store, (await store.get(a!.id))!);
    expect(chain.ancestors.map((l) => l.job.id)).toEqual([b!.id]);
    expect(chain.children.map((j) => j.id)).toEqual([b!.id]);
  });
});

describe('list: pages and live changes', () => {
  test('pages run newest first and skip or repeat nothing, even when many jobs share a millisecond', async () => {
    const { store, at } = clockedStore();
    const made: Job[] = [];
    // Ten jobs in three milliseconds, as follow-ups started together are.
    for (let i = 0; i < 10; i++) {
      at(100 + Math.floor(i / 4));
      made.push(...(await make(store, [`job ${i}`])));
    }
    let loaded: Job[] = [];
    const sizes: number[] = [];
    for (let more = true; more; ) {
      const page = await nextPage(store, loaded, 3);
      sizes.push(page.jobs.length);
      loaded = [...loaded, ...page.jobs];
      more = page.more;
    }
    expect(sizes).toEqual([3, 3, 3, 1]);
    expect(new Set(loaded.map((j) => j.id)).size).toBe(10);
    // The store's own order: newest first, and within a millisecond by id, descending.
    expect(loaded.map((j) => j.id)).toEqual((await store.page({ limit: 100 })).map((j) => j.id));
  });

  test('search filters by prompt, case-insensitively, page by page', async () => {
    const { store, at } = clockedStore();
    for (let i = 0; i < 7; i++) {
      at(10 + i);
      await make(store, [i % 2 ? `A Red Fox ${i}` : `a grey wolf ${i}`]);
    }
    const first = await nextPage(store, [], 2, 'red fox');
    expect(first.jobs.map((j) => j.prompt)).toEqual(['A Red Fox 5', 'A Red Fox 3']);
    expect(first.more).toBe(true);
    const second = await nextPage(store, first.jobs, 2, 'red fox');
    expect(second).toMatchObject({ jobs: [{ prompt: 'A Red Fox 1' }], more: false });
    expect(await nextPage(store, [], 5, 'zebra')).toEqual({ jobs: [], more: false });
    expect(matchesQuery({ prompt: 'A Red Fox' }, '  red ')).toBe(true);
  });

  test('a changed job is replaced in place, a new one goes on top, one that no longer matches goes', () => {
    const job = (id: string, createdAt: number, prompt = 'a fox'): Job => ({ ...input, prompt, id, createdAt, state: 'succeeded', results: [], seen: true });
    const list = [job('c', 30), job('b', 20), job('a', 10)];
    expect(upsert(list, { ...job('b', 20), state: 'failed' }, '', false).map((j) => [j.id, j.state])).toEqual([
      ['c', 'succeeded'],
      ['b', 'failed'],
      ['a', 'succeeded'],
    ]);
    expect(upsert(list, job('d', 40), '', true).map((j) => j.id)).toEqual(['d', 'c', 'b', 'a']);
    // Older than what is loaded while more pages wait: it comes with its page, not now.
    expect(upsert(list, job('z', 5), '', true).map((j) => j.id)).toEqual(['c', 'b', 'a']);
    expect(upsert(list, job('z', 5), '', false).map((j) => j.id)).toEqual(['c', 'b', 'a', 'z']);
    // Filtered by a search: a job that does not match is not shown.
    expect(upsert(list, job('e', 50, 'a wolf'), 'fox', false).map((j) => j.id)).toEqual(['c', 'b', 'a']);
    expect(without(list, 'b').map((j) => j.id)).toEqual(['c', 'a']);
  });
});

describe('opening the library', () => {
  function apis(over: Omit<Partial<LibraryOpeners>, 'tabs'> = {}) {
    const tabs = { create: vi.fn(async () => ({})) };
    return { tabs, runtime: { getURL: (p: string) => `ext://id${p}` }, ...over };
  }

  test('Chrome: its side panel, in the current window', async () => {
    const open = vi.fn(async () => undefined);
    const a = apis({ sidePanel: { open } });
    expect(await openLibrary(a, 7)).toBe('panel');
    expect(open).toHaveBeenCalledWith({ windowId: 7 });
    expect(a.tabs.create).not.toHaveBeenCalled();
  });

  test('Firefox: its sidebar, asked for before anything is awaited (the click must still count)', async () => {
    const calls: string[] = [];
    const a = apis({ sidebarAction: { open: vi.fn(async () => void calls.push('open')) } });
    const done = openLibrary(a, undefined);
    // Synchronously, within the click.
    expect(calls).toEqual(['open']);
    expect(await done).toBe('panel');
  });

  test('a tab where there is no panel, the panel is refused, or the window is unknown', async () => {
    const none = apis();
    expect(await openLibrary(none, 1)).toBe('tab');
    expect(none.tabs.create).toHaveBeenCalledWith({ url: `ext://id${LIBRARY_PAGE}` });
    const refused = apis({ sidePanel: { open: vi.fn(async () => Promise.reject(new Error('needs a user gesture'))) } });
    expect(await openLibrary(refused, 1)).toBe('tab');
    const thrown = apis({ sidebarAction: { open: () => { throw new Error('no'); } } });
    expect(await openLibrary(thrown, undefined)).toBe('tab');
    const noWindow = apis({ sidePanel: { open: vi.fn(async () => undefined) } });
    expect(await openLibrary(noWindow, undefined)).toBe('tab');
  });
});

/** Writes a version 2 database (three indexes, no parent index) holding these records. */
async function writeVersion2(records: Job[]): Promise<void> {
  const request = indexedDB.open('pictor-jobs', 2);
  request.onupgradeneeded = () => {
    const jobs = request.result.createObjectStore('jobs');
    jobs.createIndex('createdAt', 'createdAt');
    jobs.createIndex('state', 'state');
    jobs.createIndex('unseen', 'unseen');
  };
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('the job database did not open'));
  });
  const tx = db.transaction('jobs', 'readwrite');
  for (const job of records) tx.objectStore('jobs').put({ ...job, unseen: 0 }, job.id);
  await new Promise((resolve) => (tx.oncomplete = resolve));
  db.close();
}

test('a version 2 database gains the parent index over the jobs it already holds', async () => {
  const base = { ...input, state: 'succeeded' as const, results: [{ id: 'r', blob: png }], seen: true };
  const root: Job = { ...base, id: '00000000-0000-4000-8000-000000000001', createdAt: 1 };
  const cut: Job = { ...base, id: '00000000-0000-4000-8000-000000000002', createdAt: 2, operation: 'remove-background', prompt: '', parent: { jobId: root.id, result: 0 } };
  await writeVersion2([root, cut]);
  const store = createJobStore();
  expect((await store.childrenOf(root.id)).map((j) => j.id)).toEqual([cut.id]);
  expect((await store.page({ limit: 10 })).map((j) => j.id)).toEqual([cut.id, root.id]);
});
