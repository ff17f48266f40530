import { afterAll, beforeAll, test } from 'vitest';
import { startFakeProviders, type FakeProviders } from '../fake-providers/server';
import { TMP } from '../e2e/paths';
import { measuring, median, record } from './report';
import { launchChromium, type ChromiumSession } from '../e2e/chromium/browser';

/**
 * Opening the popup with a long history: popup open → Generate usable (storage read, recent jobs
 * shown), with 500 stored jobs against one, in the same browser and run. Each stored job carries a
 * 256 KB image, as real results do. Prints figures; asserts nothing about speed.
 */
const RUNS = 7;
let fake: FakeProviders;
let session: ChromiumSession;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  session = await launchChromium(fake.port);
});

afterAll(async () => {
  await session?.close();
  await fake?.close();
});


/** Writes `count` finished jobs straight into the job store, from an extension page. */
async function seed(count: number): Promise<void> {
  const page = await session.optionsPage();
  await page.evaluate(async (n) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('pictor-jobs');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('the job database did not open'));
    });
    const tx = db.transaction('jobs', 'readwrite');
    tx.objectStore('jobs').clear();
    const blob = new Blob([new Uint8Array(256 * 1024)], { type: 'image/png' });
    for (let i = 0; i < n; i++) {
      const id = crypto.randomUUID();
      tx.objectStore('jobs').put(
        { id, createdAt: 1_700_000_000_000 + i, state: 'succeeded', provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: `job ${i}`, params: {}, results: [{ id: `${id}-r`, blob }], seen: true, unseen: 0 },
        id,
      );
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error ?? new Error('the write failed'));
    });
    db.close();
  }, count);
}

/** popup open → Generate enabled, in ms, median of RUNS. */
async function openToReady(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = Date.now();
    const popup = await session.openPopup();
    await popup.waitFor(`(() => { const b = document.querySelector('button.primary'); return b && !b.disabled; })()`, 'Generate usable', 15_000);
    times.push(Date.now() - started);
    await popup.eval('window.close()').catch(() => undefined);
    popup.close();
    await new Promise((r) => setTimeout(r, 300));
  }
  return median(times);
}

test('popup ready with 500 stored jobs against one', () => measuring(['popup-ready-500-jobs-ratio'], 240_000, async () => {
  await seed(1);
  const one = await openToReady();
  await seed(500);
  const many = await openToReady();
  record('popup-ready-500-jobs-ratio', many, one);
  console.log(`\npopup open → Generate usable (median of ${RUNS})`);
  console.log(`  with 1 stored job:    ${one} ms (baseline)`);
  console.log(`  with 500 stored jobs: ${many} ms  ratio ${(many / one).toFixed(2)}`);
}, (label) => session.display.saveGrab(label)));
