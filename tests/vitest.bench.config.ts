import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Benchmarks print figures and assert no timings; run with `npm run bench` (it builds first); not part of `npm test`.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['tests/bench/**/*.perf.ts'],
    globalSetup: ['tests/bench/global-setup.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
