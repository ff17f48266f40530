import { beforeEach, describe, expect, test } from 'vitest';
import type { Browser } from 'wxt/browser';
import { downloadFinished, DownloadInterrupted } from '../../utils/results/download-done';
import { useEnglishMessages } from './english';

type Delta = Browser.downloads.DownloadDelta;

/** The two parts of browser.downloads that downloadFinished reads, driven by the test. */
function fakeDownloads(known: { state?: string; error?: string } | null) {
  const listeners = new Set<(delta: Delta) => void>();
  return {
    listeners,
    change: (delta: Delta) => listeners.forEach((l) => l(delta)),
    api: {
      search: async ({ id }: { id?: number }) => (known ? [{ id, ...known }] : []),
      onChanged: { addListener: (l: (d: Delta) => void) => void listeners.add(l), removeListener: (l: (d: Delta) => void) => void listeners.delete(l), hasListener: () => false },
    } as unknown as Parameters<typeof downloadFinished>[1],
  };
}

beforeEach(useEnglishMessages);

const settled = (p: Promise<unknown>) => p.then(() => 'complete', (e: unknown) => e);

describe('a download counts when the browser says it completed', () => {
  test('not when it starts: only the "complete" change of this download resolves', async () => {
    const d = fakeDownloads({ state: 'in_progress' });
    let done = false;
    const finished = downloadFinished(7, d.api).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 10));
    d.change({ id: 8, state: { current: 'complete' } });
    d.change({ id: 7, filename: { current: '/x.png' } });
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false);
    d.change({ id: 7, state: { previous: 'in_progress', current: 'complete' } });
    await finished;
    expect(done).toBe(true);
    expect(d.listeners.size).toBe(0);
  });

  test('an interrupted download rejects with its reason in words', async () => {
    const d = fakeDownloads({ state: 'in_progress' });
    const finished = settled(downloadFinished(3, d.api));
    await new Promise((r) => setTimeout(r, 10));
    d.change({ id: 3, state: { current: 'interrupted' }, error: { current: 'FILE_NO_SPACE' } });
    const error = await finished;
    expect(error).toBeInstanceOf(DownloadInterrupted);
    expect((error as Error).message).toBe('The download did not finish: the disk is full. The image is still here: use Download to try again.');
    expect(d.listeners.size).toBe(0);
  });

  test('a download that ended before the listener was added is read from the search', async () => {
    expect(await settled(downloadFinished(1, fakeDownloads({ state: 'complete' }).api))).toBe('complete');
    const error = await settled(downloadFinished(2, fakeDownloads({ state: 'interrupted', error: 'USER_CANCELED' }).api));
    expect((error as Error).message).toContain('it was canceled');
  });
});
