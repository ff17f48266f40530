// Static checks run by `npm run lint` (and so by `npm test`): typescript-eslint's type-checked
// recommended rules over all of the project's TypeScript and Svelte components, and
// eslint-plugin-svelte's recommended rules over the components and runes modules.
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';

export default tseslint.config(
  { ignores: ['.output/', '.wxt/', 'node_modules/', 'tests/.tmp/', 'tests/bench/fixtures/'] },
  { files: ['**/*.ts', '**/*.svelte'], extends: tseslint.configs.recommendedTypeChecked },
  // Kept out of `extends` above: that would widen its file patterns (the Svelte parser) to every .ts file.
  ...svelte.configs.recommended,
  {
    files: ['**/*.ts', '**/*.svelte'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        // Components and *.svelte.ts go through svelte-eslint-parser, which hands their TypeScript to this one.
        parser: tseslint.parser,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      // Dropping a field by destructuring it beside a rest, and `_` on a parameter a signature needs, are on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte'],
    rules: {
      // Svelte 5 declares props with `let { … } = $props()`; svelte/prefer-const knows the runes, the core rule does not.
      'prefer-const': 'off',
      'svelte/prefer-const': 'error',
      // svelte-eslint-parser cannot see a component's prop types, so callbacks passed as props get `any`
      // parameters here; svelte-check (npm run typecheck) types them.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      // Test doubles implement async interfaces with async functions that have nothing to await.
      '@typescript-eslint/require-await': 'off',
    },
  },
);
