/**
 * Unit tests run alone; integration tests share one real Temporal dev server and SMTP sink (globalSetup). Every
 * project's run works in one temporary folder of its own (TMPDIR), removed at its end: tests leave nothing behind.
 */
const tmpdirHooks = {
  globalSetup: '<rootDir>/test/support/tmpdir-setup.ts',
  globalTeardown: '<rootDir>/test/support/tmpdir-teardown.ts',
};
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];
const transform = { '^.+\\.[tj]sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] };
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      ...tmpdirHooks,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/integration/**/*.int.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // Days and weeks pass in simulated time on Temporal's Java time-skipping test server.
      displayName: 'timeskip',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/timeskip/**/*.timeskip.test.ts'],
      ...tmpdirHooks,
    },
  ],
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
