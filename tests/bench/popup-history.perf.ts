import { afterAll, beforeAll, test } from 'vitest';
import { startFakeProviders, type FakeProviders } from '../fake-providers/server';
import { TMP } from '../e2e/paths';
import { measuring, median, record } from './report';
import { launchChromium, type ChromiumSession } from '../e2e/chromium/browser';

/**
 * Opening the popup with a long history: popup open → Generate usable (storage read, recent jobs
 * shown), with 500 stored jobs against one, in the same browser and run. Each stored job carries a
 * 256 KB image, as real results do. Then the same with a 200-job batch running (its jobs in the
 * background's queue, two at a time on the wire, each answer held 3 s by the fake) against the
 * popup idle. Prints figures; asserts nothing about speed.
 */
const RUNS = 15;
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


/** Writes `count` finished jobs straight into the job store (or, `batch`, queued jobs of one batch), from an extension page. */
async function seed(count: number, batch = false): Promise<void> {
  const page = await session.optionsPage();
  await page.evaluate(async ({ n, batch }) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('pictor-jobs');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('the job database did not open'));
    });
    const tx = db.transaction('jobs', 'readwrite');
    if (!batch) tx.objectStore('jobs').clear();
    const blob = new Blob([new Uint8Array(256 * 1024)], { type: 'image/png' });
    for (let i = 0; i < n; i++) {
      const id = crypto.randomUUID();
      const job = batch
        ? { id, createdAt: Date.now(), state: 'queued', provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: `batch ${i}`, params: {}, results: [], seen: false, unseen: 0, group: { id: 'bench-batch', kind: 'batch', index: i } }
        : { id, createdAt: 1_700_000_000_000 + i, state: 'succeeded', provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: `job ${i}`, params: {}, results: [{ id: `${id}-r`, blob }], seen: true, unseen: 0 };
      tx.objectStore('jobs').put(job, id);
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error ?? new Error('the write failed'));
    });
    db.close();
  }, { n: count, batch });
  if (batch) {
    // Handed to the background as the popup's Start batch does: one start, the queue takes the rest.
    await page.evaluate(async () => {
      const chrome = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome;
      const db = await new Promise<IDBDatabase>((resolve) => {
        const open = indexedDB.open('pictor-jobs');
        open.onsuccess = () => resolve(open.result);
      });
      const first = await new Promise<string>((resolve) => {
        const q = db.transaction('jobs').objectStore('jobs').index('state').getAllKeys('queued', 1);
        q.onsuccess = () => resolve(q.result[0] as string);
      });
      db.close();
      await chrome.runtime.sendMessage({ id: 1, type: 'startJob', data: first, timestamp: Date.now() });
    });
  }
  await page.close();
}

/** popup open → Generate enabled, in ms, RUNS times. */
async function openToReady(): Promise<number[]> {
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
  return times;
}

const line = (label: string, times: number[], base?: number) => `  ${label.padEnd(30)} ${median(times)} ms${base ? `  ratio ${(median(times) / base).toFixed(2)}` : ' (baseline)'}  [${times.join(' ')}]`;

test('popup ready with 500 stored jobs against one', () => measuring(['popup-ready-500-jobs-ratio'], 240_000, async () => {
  await seed(1);
  const one = await openToReady();
  await seed(500);
  const many = await openToReady();
  record('popup-ready-500-jobs-ratio', median(many), median(one));
  console.log(`\npopup open → Generate usable (median of ${RUNS})\n${line('with 1 stored job:', one)}\n${line('with 500 stored jobs:', many, median(one))}`);
}, (label) => session.display.saveGrab(label)));

test('popup ready with a 200-job batch running against idle', () => measuring(['popup-ready-batch-ratio'], 240_000, async () => {
  const key = 'sk-test-bench-batch-0123456789abcdef';
  fake.openai.validKeys.add(key);
  await session.saveKey('OpenAI API key', key);
  await seed(1);
  const idle = await openToReady();
  fake.openai.mode = { kind: 'ok', delayMs: 3000 };
  await seed(200, true);
  // The batch is under way: requests are on the wire.
  const end = Date.now() + 20_000;
  while (!fake.requests.some((r) => r.path === '/v1/images/generations') && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  if (!fake.requests.some((r) => r.path === '/v1/images/generations')) throw new Error('the batch did not start');
  const busy = await openToReady();
  record('popup-ready-batch-ratio', median(busy), median(idle));
  console.log(`\npopup open → Generate usable (median of ${RUNS})\n${line('idle:', idle)}\n${line('with a 200-job batch running:', busy, median(idle))}`);
}, (label) => session.display.saveGrab(label)));
