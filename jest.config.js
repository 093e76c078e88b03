// Tests run on the compiled output (dist/): tsc emits the decorator metadata
// type-graphql needs, and the e2e harness starts the same files production runs.
const common = {
  rootDir: __dirname,
  roots: ['<rootDir>/dist'],
  testEnvironment: 'node',
  moduleFileExtensions: ['js', 'json'],
  setupFiles: ['<rootDir>/dist/tests/support/setup-env.js'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['**/*.test.js'],
      testPathIgnorePatterns: ['\\.int\\.test\\.js$', '\\.e2e\\.test\\.js$'],
    },
    {
      ...common,
      displayName: 'int',
      testMatch: ['**/*.int.test.js'],
      globalSetup: '<rootDir>/dist/tests/support/global-setup.js',
      globalTeardown: '<rootDir>/dist/tests/support/global-teardown.js',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['**/*.e2e.test.js'],
      globalSetup: '<rootDir>/dist/tests/support/global-setup.js',
      globalTeardown: '<rootDir>/dist/tests/support/global-teardown.js',
    },
  ],
};
