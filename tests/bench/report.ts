import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../e2e/paths';

/**
 * The bench's figures, as `.output/bench.json` (one entry per figure) and a table at the end of the
 * run (tests/bench/global-setup.ts). A figure with a baseline measured in the same run has a ratio;
 * an absolute one (a size) has none, and is held to its target directly.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  target: number;
  met: boolean;
}

export const BENCH_JSON = join(ROOT, '.output/bench.json');

const read = (): Figure[] => (existsSync(BENCH_JSON) ? (JSON.parse(readFileSync(BENCH_JSON, 'utf8')) as Figure[]) : []);

/** Records a figure; `target` applies to the ratio when there is a baseline, else to the value. */
export function record(name: string, value: number, unit: string, target: number, baseline: number | null = null): Figure {
  const ratio = baseline === null ? null : Math.round((value / Math.max(baseline, 1e-9)) * 100) / 100;
  const figure: Figure = { name, value: Math.round(value * 10) / 10, unit, baseline, ratio, target, met: (ratio ?? value) <= target };
  mkdirSync(dirname(BENCH_JSON), { recursive: true });
  writeFileSync(BENCH_JSON, JSON.stringify([...read().filter((f) => f.name !== name), figure], null, 2) + '\n');
  return figure;
}

export function table(): string {
  const rows = read().map((f) =>
    [f.name.padEnd(28), `${f.value} ${f.unit}`.padStart(12), (f.baseline === null ? '' : `${f.baseline} ${f.unit}`).padStart(12), (f.ratio === null ? '' : `${f.ratio}×`).padStart(7), `≤ ${f.target}`.padStart(8), f.met ? 'met' : 'NOT MET'].join('  '),
  );
  return ['figure'.padEnd(28) + '  ' + 'value'.padStart(12) + '  ' + 'baseline'.padStart(12) + '  ' + 'ratio'.padStart(7) + '  ' + 'target'.padStart(8), ...rows].join('\n');
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function resetFigures(): void {
  if (existsSync(BENCH_JSON)) writeFileSync(BENCH_JSON, '[]\n');
}
