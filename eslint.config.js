// Lint rules: type-aware TypeScript rules plus the size and style budgets of docs/architecture.md.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'ui/dist/**', 'test/golden/gen/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['test', 'it', 'describe', 'suite'], package: 'node:test' },
          ],
        },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-depth': ['error', 3],
      'max-params': ['error', 3],
      complexity: ['error', 10],
      'max-lines-per-function': ['error', { max: 40, skipBlankLines: true, skipComments: true }],
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'no export * barrels: export names explicitly' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'read the environment only in src/cli or src/app' },
        { object: 'process', property: 'argv', message: 'read argv only in src/cli' },
      ],
    },
  },
  {
    // An ESM import of these built-ins reads all their lazy getters (node:http's load Node's bundled
    // undici, +13 MB RSS): take them from util/node-builtins.ts, which require()s them.
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/**/testing/**', 'src/util/node-builtins.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        ...['node:http', 'node:util', 'node:fs'].map((name) => ({
          name,
          allowTypeImports: true,
          message: 'use nodeHttp / nodeUtil / nodeFs from util (an ESM import of it costs RSS)',
        })),
      ],
    },
  },
  {
    // The pure core (docs/architecture.md) uses no timers: time comes in through an injected clock.
    files: ['src/katalog/**/*.ts', 'src/template/**/*.ts', 'src/resources/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/**/testing/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate'].map((name) => ({
          name,
          message: 'the pure core uses no timers; the runtime schedules',
        })),
      ],
    },
  },
  {
    files: [
      'src/cli/**/*.ts',
      'src/app/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.ts',
      '**/*.test.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The CLI printer is the one place that writes to the terminal.
    files: ['src/cli/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'bin/**/*.js'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests read as lists of cases: long describe blocks are fine there.
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'max-lines-per-function': 'off',
      'max-lines': 'off',
      complexity: 'off',
      'max-params': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-restricted-properties': 'off' },
  },
);
