import { defineConfig } from 'vitest/config'

/** End-to-end: the built renderer in Debian's Chromium against a real `adstudio serve` (npm run test:e2e). */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One browser and one engine at a time: the jobs are CPU-bound.
    fileParallelism: false,
    alias: { electron: new URL('../helpers/electron-stub.ts', import.meta.url).pathname },
  },
})
