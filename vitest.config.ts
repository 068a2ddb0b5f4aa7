import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    globalSetup: ['tests/global-setup.ts'],
    // Browser and crash tests start real servers and Chromium; on a busy 2-core machine they need room.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Two cores: browser and crash tests start their own servers, so keep files from piling up.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
