// Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O.
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'stream',
  'url',
  'util',
  'events',
  'worker_threads',
  'timers',
  'dns',
  'zlib',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'data/**',
      'dist/**',
      'test-output/**',
      'jest.config.js',
      'eslint.config.mjs',
      'test/support/summary-reporter.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@stylistic': stylistic },
    rules: {
      // Prettier lays out the code at 120 columns; what it cannot break (comments, long code it leaves) is held here.
      // A Russian message or an URL stays whole on its line: splitting it would hide it from a search.
      '@stylistic/max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins
              .flatMap((m) => [m, `node:${m}`])
              .map((name) => ({ name, message: 'Workflow code must not use Node built-ins.' })),
            { name: 'nodemailer', message: 'I/O belongs in activities.' },
            { name: 'pdfmake', message: 'I/O belongs in activities.' },
          ],
          patterns: [
            {
              group: ['../activities/*', '../web/*', '../worker/*'],
              message: 'Workflows reach activities only through proxyActivities.',
            },
          ],
        },
      ],
    },
  },
);
