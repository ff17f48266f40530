// @vitest-environment happy-dom
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { cropStore } from '../../utils/crop/store';
import { createJobStore, type JobStore } from '../../utils/jobs/store';
import type { NewJob } from '../../utils/jobs/types';
import { LibraryState } from '../../utils/library/library-state.svelte';
import { broadcast, sendMessage } from '../../utils/platform/messaging';

// Other contexts are not here: what the library tells them is recorded, and their notices are
// delivered to its listener as the browser would (fake-browser never answers a sendMessage callback).
vi.mock('../../utils/platform/messaging', async (original) => ({
  ...(await original<typeof import('../../utils/platform/messaging')>()),
  broadcast: vi.fn(async () => undefined),
  sendMessage: vi.fn(async () => undefined),
}));

async function jobChanged(jobId: string): Promise<void> {
  // trigger resolves with what the listeners returned: their own promises, waited for here too.
  const replies = await fakeBrowser.runtime.onMessage.trigger({ id: 1, type: 'jobChanged', data: jobId, timestamp: Date.now() }, { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });
  for (const reply of replies) await reply;
}

const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
const input: NewJob = { provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: 'a cat', params: {} };

async function finished(store: JobStore, prompt: string, seen = false) {
  const job = await store.create({ ...input, prompt });
  return (await store.patch(job.id, () => ({ state: 'succeeded', results: [{ id: `${job.id}-r`, blob: png }], seen })))!;
}

let current: LibraryState | undefined;
afterEach(() => current?.dispose());
// Strings by their message names: what is said is checked by key.
beforeEach(() => {
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(((key: string) => key));
});

async function ready(store: JobStore): Promise<LibraryState> {
  location.hash = '';
  const library = (current = new LibraryState(store));
  await library.init();
  return library;
}

const settled = () => new Promise((r) => setTimeout(r, 20));

test('lists the history newest first and follows changes made elsewhere', async () => {
  let t = 1;
  const store = createJobStore({ now: () => t++ });
  const a = await finished(store, 'a red fox');
  await finished(store, 'a grey wolf');
  const library = await ready(store);
  expect(library.jobs.map((j) => j.prompt)).toEqual(['a grey wolf', 'a red fox']);

  // A new job from the popup, then its progress, arrive as jobChanged notices.
  const fresh = await store.create({ ...input, prompt: 'a brown bear' });
  await jobChanged(fresh.id);
  await settled();
  expect(library.jobs.map((j) => j.prompt)).toEqual(['a brown bear', 'a grey wolf', 'a red fox']);
  await store.patch(fresh.id, () => ({ state: 'failed', error: { kind: 'quota' } }));
  await jobChanged(fresh.id);
  await settled();
  expect(library.jobs[0]?.state).toBe('failed');

  // Deleted in another window.
  await store.remove([a.id]);
  await jobChanged(a.id);
  await settled();
  expect(library.jobs.map((j) => j.prompt)).toEqual(['a brown bear', 'a grey wolf']);
});

test('search waits for typing to pause, then filters by prompt', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    const store = createJobStore();
    await finished(store, 'a red fox');
    await finished(store, 'a grey wolf');
    const library = await ready(store);
    library.setQuery('fo');
    library.setQuery('fox');
    expect(library.jobs).toHaveLength(2);
    await vi.runAllTimersAsync();
    await vi.waitFor(() => expect(library.jobs.map((j) => j.prompt)).toEqual(['a red fox']));
  } finally {
    vi.useRealTimers();
  }
});

test('Delete removes the job and its images, and the badge stops counting it', async () => {
  const store = createJobStore();
  const keep = await finished(store, 'keep me', true);
  const gone = await finished(store, 'delete me');
  await fakeBrowser.action.setBadgeText({ text: '1' });
  const library = await ready(store);
  await library.remove(gone.id);
  expect(await store.get(gone.id)).toBeUndefined();
  expect(library.jobs.map((j) => j.id)).toEqual([keep.id]);
  expect(library.status).toBe('libraryDeleted');
  expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  // The popup and other library views hear of it.
  expect(broadcast).toHaveBeenCalledWith('jobChanged', gone.id);
});

test('Delete all history empties the store and leaves the image waiting in the popup', async () => {
  const store = createJobStore();
  await finished(store, 'one');
  await finished(store, 'two');
  await cropStore.set({ blob: png, width: 1, height: 1, origin: 'original', mode: 'image', pageUrl: '', selection: { x: 0, y: 0, width: 1, height: 1 }, tabId: 1, frameId: 0, at: 1 });
  const library = await ready(store);
  await library.removeAll();
  expect(await store.page({ limit: 10 })).toEqual([]);
  expect(library.jobs).toEqual([]);
  expect((await cropStore.get())?.width).toBe(1);
});

test('Delete and Delete all stop a job still queued or running before removing it, so no request goes on unseen and paid for', async () => {
  const store = createJobStore();
  const done = await finished(store, 'finished');
  const running = await store.create({ ...input, prompt: 'running' });
  await store.patch(running.id, () => ({ state: 'running' }));
  const queued = await store.create({ ...input, prompt: 'queued' });
  const library = await ready(store);
  // The background's gateway stops it on the wire; the record is still there when it is asked.
  const askedWhileStored: boolean[] = [];
  vi.mocked(sendMessage).mockImplementation((async (name: string, id: string) => {
    if (name === 'cancelJob') askedWhileStored.push((await store.get(id)) !== undefined);
  }) as unknown as typeof sendMessage);

  await library.remove(done.id);
  expect(sendMessage).not.toHaveBeenCalled();
  await library.remove(running.id);
  expect(sendMessage).toHaveBeenCalledWith('cancelJob', running.id);
  expect(await store.get(running.id)).toBeUndefined();

  const another = await store.create({ ...input, prompt: 'another running' });
  await store.patch(another.id, () => ({ state: 'running' }));
  vi.mocked(sendMessage).mockClear();
  await library.removeAll();
  expect(vi.mocked(sendMessage).mock.calls.map((c) => c[1]).sort()).toEqual([queued.id, another.id].sort());
  expect(askedWhileStored).toEqual([true, true, true]);
  expect(await store.page({ limit: 10 })).toEqual([]);
});

test('opening a job shows it with its chain and marks it seen', async () => {
  const store = createJobStore();
  const parent = await finished(store, 'a lighthouse');
  const child = await store.create({ ...input, provider: 'photoroom', operation: 'remove-background', prompt: '', parent: { jobId: parent.id, result: 0 } });
  const library = await ready(store);
  location.hash = `#job=${parent.id}`;
  await vi.waitFor(() => expect(library.selected?.id).toBe(parent.id));
  await vi.waitFor(() => expect(library.chain?.children.map((j) => j.id)).toEqual([child.id]));
  await vi.waitFor(async () => expect((await store.get(parent.id))?.seen).toBe(true));
  library.back();
  await vi.waitFor(() => expect(library.selected).toBeNull());
});

test('Remove background without a PhotoRoom key says so and leads to settings', async () => {
  const store = createJobStore();
  const job = await finished(store, 'a lighthouse');
  const library = await ready(store);
  await library.removeBackground(png, 1, 1, { jobId: job.id, result: 0 });
  expect(library.notice).toBe('popupNeedKey');
  expect(library.noticeSettings).toBe(true);
  expect(await store.childrenOf(job.id)).toEqual([]);
});
