import { expect, test } from 'vitest';
import { removeBackgroundsAfter } from '../../utils/jobs/follow-ups';
import { createJobStore } from '../../utils/jobs/store';
import { autoRemoveBackground } from '../../utils/platform/storage';
import { createVault } from '../../utils/keys/vault';

const png = (w: number, h: number) => {
  const bytes = new Uint8Array(24);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, w);
  new DataView(bytes.buffer).setUint32(20, h);
  return new Blob([bytes], { type: 'image/png' });
};

async function finishedJob() {
  const store = createJobStore();
  const job = await store.create({ provider: 'openai', operation: 'edit', model: 'gpt-image-2', prompt: 'a cat', params: {} });
  await store.patch(job.id, () => ({ state: 'succeeded', results: [{ id: 'a', blob: png(640, 480) }, { id: 'b', blob: png(32, 16) }] }));
  return { store, job };
}

test('with the setting on and a PhotoRoom key, each result gets one background removal linked to it, once', async () => {
  await autoRemoveBackground.setValue(true);
  await createVault().save('photoroom', 'sandbox_key');
  const { store, job } = await finishedJob();
  const started: string[] = [];
  const ids = await removeBackgroundsAfter(store, job.id, async (id) => void started.push(id));
  expect(ids).toHaveLength(2);
  expect(started).toEqual(ids);
  const children = await Promise.all(ids.map((id) => store.get(id)));
  expect(children.map((c) => [c?.provider, c?.operation, c?.parent, c?.source?.width, c?.source?.height])).toEqual([
    ['photoroom', 'remove-background', { jobId: job.id, result: 0 }, 640, 480],
    ['photoroom', 'remove-background', { jobId: job.id, result: 1 }, 32, 16],
  ]);
  // A second notification of the same job pays nothing more; a cut-out never spawns another.
  expect(await removeBackgroundsAfter(store, job.id, async () => undefined)).toEqual([]);
  expect(await removeBackgroundsAfter(store, ids[0]!, async () => undefined)).toEqual([]);
});

test('nothing happens with the setting off or without a PhotoRoom key', async () => {
  const { store, job } = await finishedJob();
  await createVault().save('photoroom', 'key');
  expect(await removeBackgroundsAfter(store, job.id, async () => undefined)).toEqual([]);
  await autoRemoveBackground.setValue(true);
  await createVault().remove('photoroom');
  expect(await removeBackgroundsAfter(store, job.id, async () => undefined)).toEqual([]);
  expect(await store.page({ limit: 10 })).toHaveLength(1);
});
