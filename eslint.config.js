// Lint for src/, test/, bench/, bin/, tools/: run by `npm run lint` and by `npm test` (pretest).
// Syntactic rules only: type-aware typescript-eslint rules need a whole TypeScript program per run and
// make it several times slower, and `tsc` in pretest already does the type checking.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Node's own globals (process, Buffer, URL, fetch, ...) for the plain .js/.mjs files, read from the
// running Node rather than from the `globals` package, which is not a dependency of ours.
const nodeGlobals = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']));

export default defineConfig([
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'schemas/', '.aiops/'] },
  {
    files: ['**/*.{js,mjs,ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: nodeGlobals },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // As tsc's noUnusedLocals/noUnusedParameters: a leading `_` marks a binding kept on purpose
      // (a rest sibling that drops a key, a callback's leading parameters).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['test/**'],
    // Tests read parsed `--json` documents and event payloads loosely (`(s: any) => s.id`); their shape
    // is what the assertions and the JSON Schemas check, so typing every one would only restate them.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Hooks live in .ts files too (src/ui/hooks). Only the two classic rules: the React Compiler rules
    // of the plugin's `recommended` preset flag this TUI's deliberate patterns (the timeline writes the
    // next read's window into a ref during render, clocks read in render) and add ~60% to the run.
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
]);
