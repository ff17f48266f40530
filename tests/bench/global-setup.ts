import { resetFigures, table } from './report';

// Each bench run starts a fresh .output/bench.json and ends with the table of every figure.
export function setup(): void {
  resetFigures();
}

export function teardown(): void {
  console.log(`\n${table()}\n`);
}
