import { afterAll, beforeAll, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CdpPage } from '../e2e/chromium/cdp-page';
import { startFakeProviders, type FakeProviders } from '../fake-providers/server';
import { CHROME_BUILD, TMP } from '../e2e/paths';
import { launchChromium, type ChromiumSession } from '../e2e/chromium/browser';
import { DEFAULT_FEATHER } from '../../utils/image/put-back';
import type { PutBackRequest } from '../../utils/image/put-back-client';
import { measuring, median, record, within } from './report';

/**
 * Put back (utils/image/put-back-client.ts putBack, its worker utils/image/put-back.worker.ts) of a
 * 400×300 result into a 1600×1200 rectangle of a 24 MP (6000×4000) JPEG, in Pictor's own popup:
 * - put-back-ratio: the put-back, against the browser's own decode + draw + encode of the same file
 *   (createImageBitmap, drawImage onto an OffscreenCanvas of its size, convertToBlob as JPEG at the
 *   put-back's quality), run in a worker too: like for like, each run pays for starting its worker,
 *   as putBack() does, and neither decodes or encodes on the popup's thread. The baseline's worker
 *   is a blob: URL of the popup; the put-back's is the built extension's own worker file, started
 *   and spoken to exactly as putBack() does (same request, same replies, ended when done).
 *   Alternating, after one of each not counted; medians of RUNS.
 * - put-back-longest-task-ms: the popup's longest main-thread task while putBack() runs, wall time:
 *   the longest task ('RunTask' in the browser's trace) on the thread of the popup's own marks that
 *   overlaps a put-back, over PROBES traced put-backs after the timed ones (tracing costs time), and
 *   any 'longtask' entry (a task over 50 ms; PerformanceObserver in the popup) during the timed ones.
 *   The same is printed for the baseline's runs, for comparison: its main-thread work is the same
 *   worker plumbing and nothing else. Showing the made image afterwards (components/common/PutBack.svelte)
 *   is not part of it.
 * The popup is opened empty (no crop, no key): putBack() needs nothing from its state.
 * Prints figures; asserts nothing about speed.
 */
const RUNS = 7;
/** A pause before each run: the last worker's memory (two 6000×4000 canvases) goes back first. */
const SETTLE_MS = 500;
const PROBES = 3;
const RUN_BOUND_MS = 60_000;
const WIDTH = 6000;
const HEIGHT = 4000;
/** What the popup posts besides the two files: the crop's rectangle and the default soft edge, no mask (the whole crop). */
const REQUEST: Omit<PutBackRequest, 'original' | 'result'> = { rect: { x: 2200, y: 1500, width: 1600, height: 1200 }, feather: DEFAULT_FEATHER };
let fake: FakeProviders;
let session: ChromiumSession;
let popup: CdpPage;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  session = await launchChromium(fake.port);
  popup = await session.openPopup();
});

afterAll(async () => {
  popup?.close();
  await session?.close();
  await fake?.close();
});

/** The put-back worker's URL in the build, as the chunk that starts it names it (`new Worker("/assets/put-back.worker-….js")`). */
function putBackWorkerUrl(): string {
  const dir = join(CHROME_BUILD, 'chunks');
  for (const file of readdirSync(dir)) {
    const m = /new Worker\("(\/assets\/put-back\.worker-[\w-]+\.js)"/.exec(readFileSync(join(dir, file), 'utf8'));
    if (m) return m[1]!;
  }
  throw new Error(`no chunk of ${CHROME_BUILD} starts the put-back worker`);
}

/** The browser's own decode + draw + encode, in a worker: the baseline. */
const BASELINE_WORKER = `addEventListener('message', async (e) => {
  const bitmap = await createImageBitmap(e.data.original);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  canvas.getContext('2d').drawImage(bitmap, 0, 0);
  bitmap.close();
  const blob = await canvas.convertToBlob({ type: e.data.original.type, quality: 0.95 });
  postMessage({ kind: 'done', blob, width: canvas.width, height: canvas.height });
});`;

/**
 * Sets up window.__bench in the popup: the two files (drawn by this browser, so the same in every
 * run: a photo-like 6000×4000 JPEG of overlapping shapes and fine grain, and a 400×300 PNG result),
 * and the runs. run() times one job from starting its worker to its end, as putBack() resolves.
 */
const SETUP = (workerUrl: string) => `(async () => {
  const draw = (w, h, n, seed) => {
    const c = new OffscreenCanvas(w, h);
    const ctx = c.getContext('2d');
    const sky = ctx.createLinearGradient(0, 0, 0, h);
    sky.addColorStop(0, 'hsl(' + seed + ' 60% 70%)');
    sky.addColorStop(1, 'hsl(' + (seed + 120) + ' 50% 25%)');
    ctx.fillStyle = sky;
    ctx.fillRect(0, 0, w, h);
    for (let i = 0; i < n; i++) {
      ctx.fillStyle = 'hsl(' + ((seed + i * 37) % 360) + ' 70% ' + (30 + ((i * 13) % 40)) + '% / 0.6)';
      ctx.beginPath();
      ctx.ellipse((i * 53) % w, (i * 31) % h, 10 + (i % (w / 15)), 8 + (i % (h / 15)), i, 0, 2 * Math.PI);
      ctx.fill();
    }
    // Grain, as a camera's: a fixed 256² noise tile laid over everything.
    const tile = new ImageData(256, 256);
    for (let i = 0, s = seed + 1; i < tile.data.length; i += 4) {
      s = (s * 1103515245 + 12345) >>> 0;
      tile.data.fill((s >>> 16) & 255, i, i + 3);
      tile.data[i + 3] = 28;
    }
    const t = new OffscreenCanvas(256, 256);
    t.getContext('2d').putImageData(tile, 0, 0);
    ctx.fillStyle = ctx.createPattern(t, 'repeat');
    ctx.fillRect(0, 0, w, h);
    return c;
  };
  const original = await draw(${WIDTH}, ${HEIGHT}, 3000, 20).convertToBlob({ type: 'image/jpeg', quality: 0.9 });
  const result = await draw(400, 300, 60, 200).convertToBlob({ type: 'image/png' });
  const baselineUrl = URL.createObjectURL(new Blob([${JSON.stringify(BASELINE_WORKER)}], { type: 'text/javascript' }));
  const run = (url, message) => new Promise((resolve, reject) => {
    const t0 = performance.now();
    const worker = new Worker(url);
    const end = (f) => { clearTimeout(timer); worker.terminate(); f(); };
    const timer = setTimeout(() => end(() => reject(new Error('no answer within ${RUN_BOUND_MS} ms'))), ${RUN_BOUND_MS});
    worker.addEventListener('message', (e) => {
      const reply = e.data;
      if (reply.kind === 'progress') return;
      if (reply.kind !== 'done') return end(() => reject(new Error(reply.message)));
      end(() => {
        const t1 = performance.now();
        resolve({ ms: t1 - t0, t0, t1, width: reply.width, height: reply.height, type: reply.blob.type, bytes: reply.blob.size });
      });
    });
    worker.addEventListener('error', (e) => end(() => reject(new Error(e.message || 'the worker failed'))));
    worker.postMessage(message);
  });
  const longTasks = [];
  new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask' });
  /** Runs \`job\` between two marks, \`name\`-start and \`name\`-end, that the trace shows on this page's main thread. */
  const marked = async (name, job) => {
    performance.mark(name + '-start');
    try { await job(); } finally { performance.mark(name + '-end'); }
    return true;
  };
  window.__bench = {
    original, result, marked,
    putBack: () => run(${JSON.stringify(workerUrl)}, { ...${JSON.stringify(REQUEST)}, original, result }),
    baseline: () => run(baselineUrl, { original }),
    /** The longest 'longtask' entry that began within [t0, t1], 0 when none. */
    longestTask: (t0, t1) => Math.max(0, ...longTasks.filter((e) => e.startTime >= t0 && e.startTime <= t1).map((e) => e.duration)),
  };
  return { original: original.size, result: result.size };
})()`;

interface Run {
  ms: number;
  t0: number;
  t1: number;
  width: number;
  height: number;
  type: string;
  bytes: number;
}

const list = (xs: number[]) => `[${xs.map((x) => Math.round(x)).join(', ')}]`;
const tasks = (xs: { ms: number; what: string }[]) => xs.map((t) => `${t.ms.toFixed(1)} ms (most of it ${t.what})`).join('; ');

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
}

/** The browser's trace (all processes, with the main thread's tasks) while `fn` runs. */
async function tracing(fn: () => Promise<void>): Promise<TraceEvent[]> {
  const cdp = await session.context.newCDPSession(await session.optionsPage());
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] } });
  try {
    await fn();
  } finally {
    await cdp.send('Tracing.end');
    await within('the trace', 30_000, complete);
    await cdp.detach();
  }
  return events;
}

/**
 * The longest task on the thread of the marks `name`-start and `name`-end that overlaps the span
 * between them, in ms, and what took most of it (its longest event within, when there is one).
 */
function longestTask(events: TraceEvent[], name: string): { ms: number; what: string } {
  const start = events.find((e) => e.name === `${name}-start`);
  const end = events.find((e) => e.name === `${name}-end`);
  if (!start || !end) throw new Error(`the trace has no marks ${name}-start and -end`);
  const mine = events.filter((e) => e.ph === 'X' && e.pid === start.pid && e.tid === start.tid);
  const overlapping = mine.filter((e) => e.name === 'RunTask' && e.ts < end.ts && e.ts + (e.dur ?? 0) > start.ts);
  if (!overlapping.length) throw new Error(`the trace has no tasks of the page's main thread between the marks ${name}-start and -end`);
  const task = overlapping.reduce((a, b) => ((b.dur ?? 0) > (a.dur ?? 0) ? b : a));
  const inside = mine.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + (task.dur ?? 0));
  const most = inside.reduce<TraceEvent | null>((a, b) => ((b.dur ?? 0) > (a?.dur ?? -1) ? b : a), null);
  const ms = (e: TraceEvent) => (e.dur ?? 0) / 1000;
  return { ms: ms(task), what: most ? `${most.name} ${ms(most).toFixed(1)} ms` : 'nothing traced within' };
}

test('24 MP put back, against decode + draw + encode of the same file; the popup\'s longest task meanwhile', () => measuring(['put-back-ratio', 'put-back-longest-task-ms'], 240_000, async () => {
  const sizes = await within('the two files drawn in the popup', 60_000, popup.eval<{ original: number; result: number }>(SETUP(putBackWorkerUrl())));
  const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));
  const putBack = async () => (await settle(), within('a put back', RUN_BOUND_MS + 5_000, popup.eval<Run>('__bench.putBack()')));
  const baseline = async () => (await settle(), within('a decode + draw + encode', RUN_BOUND_MS + 5_000, popup.eval<Run>('__bench.baseline()')));
  // One of each first, not counted: the first worker of each kind also compiles its script.
  const first = await putBack();
  if (first.width !== WIDTH || first.height !== HEIGHT || first.type !== 'image/jpeg') throw new Error(`put back made a ${first.width}×${first.height} ${first.type}`);
  await baseline();

  const made: Run[] = [];
  const floors: Run[] = [];
  const longTasks: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    floors.push(await baseline());
    const run = await putBack();
    made.push(run);
    // Entries are delivered after their task: a moment later, all of this run's are in.
    await new Promise((r) => setTimeout(r, 200));
    longTasks.push(await popup.eval<number>(`__bench.longestTask(${run.t0}, ${run.t1})`));
  }
  const m = median(made.map((r) => r.ms));
  const b = median(floors.map((r) => r.ms));
  record('put-back-ratio', m, Math.round(b));
  console.log(
    `\n24 MP put back: ${WIDTH}×${HEIGHT} JPEG (${(sizes.original / 1e6).toFixed(1)} MB), a 400×300 PNG result (${(sizes.result / 1e3).toFixed(0)} KB) into ${REQUEST.rect.width}×${REQUEST.rect.height}, feather ${REQUEST.feather}; median of ${RUNS}, alternating\n` +
      `  put back (the extension's worker, as putBack() runs it) ${m.toFixed(0)} ms ${list(made.map((r) => r.ms))}, ${(made[0]!.bytes / 1e6).toFixed(1)} MB out\n` +
      `  decode + draw + encode in a worker ${b.toFixed(0)} ms ${list(floors.map((r) => r.ms))}, ${(floors[0]!.bytes / 1e6).toFixed(1)} MB out\n` +
      `  ratio ${(m / b).toFixed(2)}`,
  );

  // Traced runs, apart from the timed ones (tracing costs time of its own).
  const traced = await tracing(async () => {
    for (let i = 0; i < PROBES; i++) {
      await settle();
      await within('a traced decode + draw + encode', RUN_BOUND_MS + 5_000, popup.eval(`__bench.marked('baseline-${i}', __bench.baseline)`));
      await settle();
      await within('a traced put back', RUN_BOUND_MS + 5_000, popup.eval(`__bench.marked('put-back-${i}', __bench.putBack)`));
    }
  });
  const tracedPutBack = Array.from({ length: PROBES }, (_, i) => longestTask(traced, `put-back-${i}`));
  const tracedBaseline = Array.from({ length: PROBES }, (_, i) => longestTask(traced, `baseline-${i}`));
  record('put-back-longest-task-ms', Math.max(...tracedPutBack.map((t) => t.ms), ...longTasks));

  console.log(
    `popup main thread during put back:\n` +
      `  longest 'longtask' entry per timed put back (0: none over 50 ms) ${list(longTasks)}\n` +
      `  longest task on its thread in the trace, per traced put back: ${tasks(tracedPutBack)}\n` +
      `    during decode + draw + encode, for comparison: ${tasks(tracedBaseline)}`,
  );
}, (label) => session.display.saveGrab(label)));
