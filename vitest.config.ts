import { defineConfig } from 'vitest/config';

// One run covers every tier of api/, worker/ and core/: unit tests in tests/unit/, integration and
// end-to-end tests in the other folders of tests/. The web app's unit tests run in web/'s own runner.
// Each test file gets its own queue prefix and storage folder, so files run in parallel safely.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/test-env.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
