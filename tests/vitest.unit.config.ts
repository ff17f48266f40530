import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  // WxtVitest gives tests WXT's fake browser and its module aliases; svelte() compiles *.svelte.ts runes.
  plugins: [WxtVitest({ root }), svelte()],
  resolve: { conditions: ['browser'] },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'happy-dom',
    setupFiles: ['fake-indexeddb/auto', 'tests/unit/setup.ts'],
    restoreMocks: true,
  },
});
