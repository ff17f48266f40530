import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../e2e/paths';

/**
 * The bench's figures, as `.output/bench.json` (one entry per figure) and a table at the end of the
 * run (tests/bench/global-setup.ts). A figure with a baseline measured in the same run has a ratio;
 * an absolute one (a size) has none, and is held to its target directly.
 *
 * Every figure is declared here with its unit and target, so the file always holds all of them: a
 * figure whose measurement failed or ran out of time is written with `"value": null`, `"met": false`
 * and why (with a screen grab where there is a screen), and one whose file never got to it is
 * written so at the end of the run.
 */
export const FIGURES = {
  'popup-js-kb-gz': { unit: 'KB', target: 30 },
  'worker-js-kb-gz': { unit: 'KB', target: 40 },
  'overlay-js-kb-gz': { unit: 'KB', target: 15 },
  'overlay-ready-ms': { unit: 'ms', target: 2 },
  'popup-ready-ratio': { unit: 'ms', target: 1.5 },
  'popup-ready-500-jobs-ratio': { unit: 'ms', target: 1.1 },
  'popup-ready-batch-ratio': { unit: 'ms', target: 1.1 },
  'crop-ratio': { unit: 'ms', target: 1.2 },
  'overhead-before-ms': { unit: 'ms', target: 50 },
  'overhead-after-ratio': { unit: 'ms', target: 1.5 },
  'memory-growth': { unit: 'KB', target: 1.05 },
  'put-back-ratio': { unit: 'ms', target: 1.5 },
  'put-back-longest-task-ms': { unit: 'ms', target: 50 },
} as const;

export type FigureName = keyof typeof FIGURES;

export interface Figure {
  name: FigureName;
  value: number | null;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  target: number;
  met: boolean;
  /** Why there is no value. */
  failure?: string;
}

export const BENCH_JSON = join(ROOT, '.output/bench.json');

const read = (): Figure[] => (existsSync(BENCH_JSON) ? (JSON.parse(readFileSync(BENCH_JSON, 'utf8')) as Figure[]) : []);

function write(figure: Figure): Figure {
  mkdirSync(dirname(BENCH_JSON), { recursive: true });
  writeFileSync(BENCH_JSON, JSON.stringify([...read().filter((f) => f.name !== figure.name), figure], null, 2) + '\n');
  return figure;
}

/** Records a figure; its target applies to the ratio when there is a baseline, else to the value. */
export function record(name: FigureName, value: number, baseline: number | null = null): Figure {
  const { unit, target } = FIGURES[name];
  const ratio = baseline === null ? null : Math.round((value / Math.max(baseline, 1e-9)) * 100) / 100;
  return write({ name, value: Math.round(value * 10) / 10, unit, baseline, ratio, target, met: (ratio ?? value) <= target });
}

/** Records that a figure could not be measured, and why. */
export function recordFailure(name: FigureName, failure: string): Figure {
  const { unit, target } = FIGURES[name];
  return write({ name, value: null, unit, baseline: null, ratio: null, target, met: false, failure });
}

/** Whether this run has written `name` yet. */
const recorded = (name: FigureName): boolean => read().some((f) => f.name === name);

/**
 * Runs one bench's measurement with a bound on all of it: when it throws or runs out of time, each
 * of its figures not yet written is written as failed (with a grab of the screen, when `grab` is
 * given), and the error is thrown on so the run shows it; the next bench runs as usual.
 */
export async function measuring(names: FigureName[], boundMs: number, fn: () => Promise<void>, grab?: (label: string) => string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`it did not finish within ${boundMs / 1000} s`)), boundMs);
  });
  try {
    await Promise.race([fn(), bound]);
  } catch (error) {
    let screen = '';
    try {
      if (grab) screen = ` (screen: ${grab(`bench-${names[0]}-failed`)})`;
    } catch {
      // No screen to grab (the browser is gone): the reason stands alone.
    }
    const why = `${error instanceof Error ? error.message.split('\n')[0] : String(error)}${screen}`;
    for (const name of names) if (!recorded(name)) recordFailure(name, why);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** A wait with an end: `what` it was waiting for is named when the time is up. */
export function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}

/** At the end of a run: every declared figure that no bench wrote is written as not measured. */
export function completeFigures(): void {
  for (const name of Object.keys(FIGURES) as FigureName[]) {
    if (!recorded(name)) recordFailure(name, 'not measured: its bench ended (a setup that failed or timed out) before it');
  }
}

export function table(): string {
  const rows = read().map((f) =>
    [
      f.name.padEnd(28),
      (f.value === null ? '—' : `${f.value} ${f.unit}`).padStart(12),
      (f.baseline === null ? '' : `${f.baseline} ${f.unit}`).padStart(12),
      (f.ratio === null ? '' : `${f.ratio}×`).padStart(7),
      `≤ ${f.target}`.padStart(8),
      f.met ? 'met' : f.value === null ? `FAILED: ${f.failure ?? ''}` : 'NOT MET',
    ].join('  '),
  );
  return ['figure'.padEnd(28) + '  ' + 'value'.padStart(12) + '  ' + 'baseline'.padStart(12) + '  ' + 'ratio'.padStart(7) + '  ' + 'target'.padStart(8), ...rows].join('\n');
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Each run starts from an empty file, so a figure left from an earlier run is never read as this one's. */
export function resetFigures(): void {
  mkdirSync(dirname(BENCH_JSON), { recursive: true });
  writeFileSync(BENCH_JSON, '[]\n');
}
