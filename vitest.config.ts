import { defineConfig } from 'vitest/config';

// One run covers every tier: unit tests beside the code, integration and end-to-end tests in tests/.
// Each test file gets its own queue prefix and storage folder, so files run in parallel safely.
export default defineConfig({
  test: {
    include: [
      'core/src/**/*.test.ts',
      'api/src/**/*.test.ts',
      'worker/src/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
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
