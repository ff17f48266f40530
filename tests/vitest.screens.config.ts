import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// The README's screenshots (`npm run screens`, after a build); not part of `npm test`.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['tests/screens/**/*.shots.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
