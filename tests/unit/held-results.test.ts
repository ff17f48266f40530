import { beforeEach, describe, expect, test } from 'vitest';
import { createJobStore } from '../../utils/jobs/store';
import { heldResults, unsavedJobs } from '../../utils/platform/storage';
import { describeError } from '../../utils/providers/errors';
import { t } from '../../utils/platform/i18n';
import { DownloadInterrupted } from '../../utils/results/download-done';
import { saveHeldAgain, saveUnsaved, type Download } from '../../utils/results/held-results';
import { useEnglishMessages } from './english';

beforeEach(useEnglishMessages);

/** Downloads that fail while the disk is full, and complete once `room` is set; every try is listed. */
function downloads() {
  const tries: { index: number; url: string }[] = [];
  const state = { room: false };
  const download: Download = async (_about, index, url) => {
    tries.push({ index, url });
    if (!state.room) throw new DownloadInterrupted('FILE_NO_SPACE');
  };
  return { tries, state, download };
}

async function failedJob() {
  const store = createJobStore();
  const job = await store.create({ provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: 'a lighthouse', params: {} });
  await store.patch(job.id, () => ({ state: 'failed', error: { kind: 'storage-lost', detail: 'the disk is full' } }));
  return { store, id: job.id };
}

const urls = [
  { url: 'blob:chrome-extension://x/1', type: 'image/png' },
  { url: 'blob:chrome-extension://x/2', type: 'image/png' },
];

describe('results the disk could not hold stay reachable until they are saved', () => {
  test('a first hand-off that fails keeps every image held, with the reason Downloads gave', async () => {
    const { store, id } = await failedJob();
    const d = downloads();
    const outcome = await saveUnsaved(store, id, urls, d.download);
    expect(outcome).toEqual({ saved: 0, failure: 'the disk is full' });
    expect((await heldResults.getValue())[id]).toEqual({ total: 2, images: urls.map((u, index) => ({ ...u, index })) });
    expect((await unsavedJobs.getValue())[id]).toEqual({ kind: 'storage-lost', detail: 'the disk is full' });
  });

  test('Save again once there is room saves what was held, in its places, and the job then says they were saved', async () => {
    const { store, id } = await failedJob();
    const d = downloads();
    await saveUnsaved(store, id, urls, d.download);
    d.state.room = true;
    const outcome = await saveHeldAgain(store, id, d.download);
    expect(outcome).toEqual({ saved: 2 });
    expect(d.tries.slice(2)).toEqual([{ index: 0, url: urls[0]!.url }, { index: 1, url: urls[1]!.url }]);
    expect((await heldResults.getValue())[id]).toBeUndefined();
    const error = { kind: 'storage', detail: '2' };
    expect((await unsavedJobs.getValue())[id]).toEqual(error);
    expect((await store.get(id))?.error).toEqual(error);
  });

  test('a partial success holds only the image still unsaved; the next try sends only that one', async () => {
    const { store, id } = await failedJob();
    let first = true;
    const flaky: Download = async (_about, index) => {
      if (index === 1 && first) {
        first = false;
        throw new DownloadInterrupted('FILE_NO_SPACE');
      }
    };
    expect(await saveUnsaved(store, id, urls, flaky)).toEqual({ saved: 1, failure: 'the disk is full' });
    expect((await heldResults.getValue())[id]?.images).toEqual([{ ...urls[1]!, index: 1 }]);
    const d = downloads();
    d.state.room = true;
    expect(await saveHeldAgain(store, id, d.download)).toEqual({ saved: 2 });
    expect(d.tries).toEqual([{ index: 1, url: urls[1]!.url }]);
  });

  test('when nothing is held any more (the browser closed since), Save again says they are gone, and offers nothing more', async () => {
    const { store, id } = await failedJob();
    const d = downloads();
    const outcome = await saveHeldAgain(store, id, d.download);
    expect(outcome.saved).toBe(0);
    expect(d.tries).toEqual([]);
    const error = (await unsavedJobs.getValue())[id]!;
    expect(error).toEqual({ kind: 'storage-lost', reason: 'errorStorageGone' });
    const { key, subs } = describeError(error, 'OpenAI');
    expect(t(key, subs)).toMatch(/no longer holds them/);
  });
});
