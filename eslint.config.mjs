// Lint configuration for the TypeScript sources, tests, benchmarks, webview and build scripts; `npm test` runs it.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'bench/.corpus/**', 'test-results/**', '.scratch/**', '.cache/**', 'examples/**', 'test/fixtures/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Several readers and reports match control characters on purpose (the text report replaces
      // them so a finding cannot rewrite the terminal; ids hash with NUL separators; tests look
      // for ANSI escapes), so the rule would only ever be silenced here.
      'no-control-regex': 'off',
      // A leading underscore marks a binding kept for its position or to drop a property from a
      // rest copy (`({ targets: _t, ...f }) => f`); anything else unused is a mistake.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Production code, where a promise nobody awaits loses an error: in the language server and the
    // extension an unhandled rejection ends the process (Node 20), so a dropped reply would take the
    // editor's analysis down with it. These two rules need type information, which roughly doubles
    // the lint time, so they run on src/ and webview/ only; mocha awaits what a test returns.
    files: ['src/**/*.ts', 'webview/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests load compiled modules by computed path (the rule catalogue checks each rule file's
      // default export) and load a module only after stubbing `vscode`, which needs `require`.
      '@typescript-eslint/no-require-imports': 'off',
      // Tests read parsed report JSON (SARIF, CycloneDX) whose shape is what they assert.
      '@typescript-eslint/no-explicit-any': 'off',
      // Expected CLI output is aligned text; literal spaces read as the output looks.
      'no-regex-spaces': 'off',
    },
  },
  {
    // Build scripts, the CLI launcher and the end-to-end tests are plain CommonJS run by Node.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      // `const crypto = require('node:crypto')` names the module Node also exposes as a global.
      'no-redeclare': ['error', { builtinGlobals: false }],
    },
  },
  {
    files: ['test-e2e/**/*.js'],
    languageOptions: { globals: { ...globals.mocha } },
  },
);
