import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// The crop benchmark: one real browser, printed figures, nothing asserted. Not part of `npm test`.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['tests/bench/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
