import { completeFigures, resetFigures, table } from './report';

// Each bench run starts a fresh .output/bench.json and ends with every declared figure in it (those
// no bench wrote, as not measured) and the table of them all.
export function setup(): void {
  resetFigures();
}

export function teardown(): void {
  completeFigures();
  console.log(`\n${table()}\n`);
}
