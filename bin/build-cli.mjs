#!/usr/bin/env node
// Bundles the CLI (src/main/engine/cli/main.ts) and the job worker it forks for `serve`
// (src/main/engine/worker/worker-main.ts) into dist/cli with esbuild, so `adstudio` starts without
// transpiling TypeScript. Packages stay external (native modules, and node_modules is beside us).
// Runs on `npm install` (prepare), before `npm test`, `npm start` and `npm run bench`; skips the
// build when the bundle is already fresh (--force builds anyway). A failed build is reported and
// leaves no bundle: the CLI then runs from sources through tsx.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CLI_DIR, ROOT, freshCliBundle } from './cli-bundle.mjs'

export async function buildCli({ force = false, quiet = false } = {}) {
  if (!force && freshCliBundle()) {
    if (!quiet) console.log('adstudio CLI bundle is up to date (dist/cli)')
    return true
  }
  const builtAtMs = Date.now()
  const tmp = join(ROOT, 'dist', `cli.${process.pid}.tmp`)
  try {
    rmSync(tmp, { recursive: true, force: true })
    mkdirSync(tmp, { recursive: true })
    const { build } = await import('esbuild')
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: {
        main: 'src/main/engine/cli/main.ts',
        // fork-transport looks for worker-main.js beside the module that forks it: the bundle.
        'worker-main': 'src/main/engine/worker/worker-main.ts',
      },
      outdir: tmp,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      packages: 'external',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
    })
    const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules'))
    writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify({ entry: 'main.js', builtAtMs, inputs }, null, 1)}\n`)
    // Swap the folder in whole so a CLI starting meanwhile sees the old bundle, none, or the new one.
    rmSync(CLI_DIR, { recursive: true, force: true })
    renameSync(tmp, CLI_DIR)
    if (!quiet) console.log(`adstudio CLI bundled into ${relative(ROOT, CLI_DIR)} (${inputs.length} source files)`)
    return true
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true })
    console.error(`warning: could not bundle the adstudio CLI (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); it will run from sources through tsx`)
    return false
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildCli({ force: process.argv.includes('--force') })
}
