import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'

/**
 * Three builds. main: the shell (src/main/index.ts) and the engine's worker entries, each its own
 * file so a utility process (or a fork) can start it; native engine modules stay external (loaded
 * from node_modules, unpacked from asar when packaged). preload: CommonJS with everything bundled,
 * because a sandboxed preload cannot load ES modules or node_modules. renderer: React.
 */
const root = dirname(fileURLToPath(import.meta.url))
const NATIVE = ['onnxruntime-node', 'sharp', '@napi-rs/canvas', '@imgly/background-removal-node']

/**
 * index.html's CSP allows scripts from the app only. The dev server adds React's refresh preamble
 * (an inline script) and a hot-reload websocket, so `electron-vite dev` relaxes exactly those two.
 */
function devCsp(): Plugin {
  return {
    name: 'adstudio-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*"),
  }
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: { include: NATIVE },
      rollupOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          // The engine in an Electron utility process (process.parentPort).
          'engine-utility': resolve(root, 'src/main/shell/engine-utility-main.ts'),
          // The engine's own fork entry, found beside the bundle by defaultWorkerEntry().
          'worker-main': resolve(root, 'src/main/engine/worker/worker-main.ts'),
        },
        external: NATIVE,
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react(), devCsp()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
    },
  },
})
