import { defineConfig } from 'vitest/config';

// Unit tests of the web app's pure modules (the word model). The DOM editor is tested in real
// Chromium by tests/browser/ and measured by bench/editor/.
export default defineConfig({
  root: import.meta.dirname,
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
