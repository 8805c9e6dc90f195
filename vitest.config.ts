import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/run-temp-dir.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: a few files at a time keeps the browser and ffmpeg tests from starving each other.
    maxWorkers: 2,
  },
});
