import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // ISNet on 2 CPU cores takes seconds; engine tests share one model cache.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    alias: {
      // Importing the real `electron` from plain Node downloads a binary; unit tests use a stub.
      electron: new URL('./test/helpers/electron-stub.ts', import.meta.url).pathname,
    },
  },
})
