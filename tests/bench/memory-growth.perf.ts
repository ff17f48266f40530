import { afterAll, beforeAll, test } from 'vitest';
import type { CdpPage } from '../e2e/chromium/cdp-page';
import { startFakeProviders, type FakeProviders } from '../fake-providers/server';
import { TMP } from '../e2e/paths';
import { launchChromium, type ChromiumSession } from '../e2e/chromium/browser';
import { attachUrl } from './fixture';
import { measuring, record } from './report';

/**
 * Whether memory stays flat over a session of work, that is whether Pictor holds on to what each
 * generation leaves: the JS heap in use by the popup and by the context that runs jobs (Chrome's
 * offscreen document), together, after 40 generations against after 10, in the same popup kept
 * open throughout. Ten generations first let the engine warm up (see below: its compiled code is most
 * of what grows from the first generation), so what grows after is what Pictor retains. The figure
 * after 20 against after one is printed beside it, for information. Each reading follows a forced garbage
 * collection. Chrome runs an extension's pages in one renderer, so the popup and the offscreen
 * document usually share one V8 heap: then it is read once (not counted twice), with no other page
 * of Pictor open. Generations go to the fake OpenAI, which answers at once. Prints figures; asserts
 * nothing about memory.
 *
 * What the growth is made of, from heap snapshots of the shared heap after 1, 10 and 20 generations
 * diffed by constructor (Chromium 156; 3.06 MB → 3.68 MB):
 * - About 560 KB is V8's compiled code and its metadata (InstructionStream, Code, TrustedByteArray,
 *   FeedbackVector, AllocationSite): functions that run on every generation (the Svelte runtime,
 *   the popup's components, the offscreen runner and the OpenAI SDK) are compiled by Sparkplug
 *   once they have run a few times, and the hottest by Maglev/TurboFan. After one generation most
 *   of them have only run once and exist as bytecode. No new functions appear per generation
 *   (BytecodeArray and SharedFunctionInfo counts stay flat); the code levels off, with some tiering
 *   up still going on after ten generations (about 5 KB of code per generation from 10 to 20).
 *   V8 may flush it again once those functions go unused for a while. This is most of the ratio,
 *   and it is the engine warming up, not memory Pictor holds on to.
 * - About 50 KB is other JS objects, most of it the recent strip showing six jobs instead of one
 *   (their records, their thumbnails' components and effects), which the popup is meant to hold,
 *   and the rest hidden classes and allocation sites the compiler keeps.
 * - Between 10 and 20 generations, JS objects other than code grow by under 1 KB.
 * Fixed after these snapshots: one IndexedDB connection to the vault per generation, never closed
 * (utils/keys/vault.ts), and deep state proxies over the strip's jobs (utils/popup/popup-state.svelte.ts).
 * Outside the JS heap, and so outside this figure: Chrome's performance timeline entries and the
 * prompt box's undo history grow by a few per generation, within Chrome's own limits.
 */
const WARM = 10;
const GENERATIONS = 40;
const KEY = 'sk-test-bench-memory-0123456789';
let fake: FakeProviders;
let session: ChromiumSession;
let popup: CdpPage;
let offscreen: CdpPage;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEY);
  session = await launchChromium(fake.port);
  await session.saveKey('OpenAI API key', KEY);
  // Settings and the welcome page would share the popup's heap: they close, and the popup is opened
  // by the service worker instead (a popup closes when a tab is closed under it).
  const tab = await session.context.newPage();
  await tab.bringToFront();
  for (const page of session.context.pages()) if (page.url().startsWith(`chrome-extension://${session.extensionId}/`)) await page.close();
  await session.worker.evaluate(() => (globalThis as unknown as { chrome: { action: { openPopup(): Promise<void> } } }).chrome.action.openPopup());
  popup = await session.attach('/popup.html');
});

afterAll(async () => {
  offscreen?.close();
  popup?.close();
  await session?.close();
  await fake?.close();
});

/** Generates from the popup, as a user would, and waits for the result on screen. */
async function generate(i: number): Promise<void> {
  const prompt = `memory run ${i} of a lighthouse at dusk`;
  await popup.fill('Prompt', prompt);
  await popup.clickButton('Generate');
  await popup.waitFor(
    `[...document.images].some((img) => img.alt.startsWith('Result 1') && img.alt.includes(${JSON.stringify(prompt)}) && img.complete && img.naturalWidth > 0)`,
    `result of run ${i}`,
    15_000,
  );
}

/** JS heap in use after a forced collection, in bytes. */
async function heapAfterGc(page: CdpPage): Promise<number> {
  // DevTools keeps what was logged alive while it listens: dropped, so that only the page's own memory counts.
  await page.send('Runtime.discardConsoleEntries');
  for (let i = 0; i < 3; i++) await page.send('HeapProfiler.collectGarbage');
  const { usedSize } = await page.send<{ usedSize: number }>('Runtime.getHeapUsage');
  return usedSize;
}

/** Bytes in use in the popup's and the offscreen document's heaps, each heap counted once. */
async function reading(): Promise<number> {
  // Whatever is still settling (the badge, the recent strip) settles first.
  await new Promise((r) => setTimeout(r, 1_000));
  const heaps = new Map<string, CdpPage>();
  for (const page of [popup, offscreen]) heaps.set((await page.send<{ id: string }>('Runtime.getIsolateId')).id, page);
  let sum = 0;
  for (const page of heaps.values()) sum += await heapAfterGc(page);
  return sum;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

test(`JS heap after ${GENERATIONS} generations against after ${WARM}`, () => measuring(['memory-growth'], 280_000, async () => {
  await generate(0);
  offscreen = await attachUrl(session, `chrome-extension://${session.extensionId}/offscreen.html`);
  const readings = new Map<number, number>([[1, await reading()]]);
  for (let i = 1; i < GENERATIONS; i++) {
    await generate(i);
    if (i + 1 === WARM || i + 1 === 20) readings.set(i + 1, await reading());
  }
  readings.set(GENERATIONS, await reading());
  const shared = (await popup.send<{ id: string }>('Runtime.getIsolateId')).id === (await offscreen.send<{ id: string }>('Runtime.getIsolateId')).id;
  const warm = readings.get(WARM)!;
  const many = readings.get(GENERATIONS)!;
  record('memory-growth', many / 1e3, Math.round(warm / 1e3));
  console.log(`\nJS heap in use after a forced GC, popup + offscreen document (${shared ? 'one shared heap' : 'two heaps, summed'}; popup open throughout)`);
  for (const [n, bytes] of readings) console.log(`  after ${String(n).padStart(2)} generation${n === 1 ? ' ' : 's'}: ${mb(bytes)}`);
  console.log(`  ${GENERATIONS} against ${WARM} (the figure): ${(many / warm).toFixed(3)};  20 against 1 (for information): ${(readings.get(20)! / readings.get(1)!).toFixed(3)}`);
}, (label) => session.display.saveGrab(label)));
