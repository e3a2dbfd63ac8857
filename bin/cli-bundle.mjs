// Where the built CLI lives and whether it is still the sources' build. Transpiling the CLI's
// TypeScript through tsx at every start cost about 0.5-0.8 s of a cold `adstudio make` on 2 cores;
// bin/build-cli.mjs bundles it once (npm install, npm test, npm start, npm run bench do it), and
// bin/adstudio.mjs runs the bundle while it is newer than every source file that went into it.
// Plain JavaScript, no dependencies: it runs before anything is transpiled.
import { readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const CLI_DIR = join(ROOT, 'dist', 'cli')
/** Written last by the build: the bundle's entry files and the source files that went into them. */
export const MANIFEST = join(CLI_DIR, 'manifest.json')

/**
 * The built CLI's entry (a file path), or null when there is none or a source file, package.json
 * or tsconfig.json changed after it was built (then the caller runs the sources through tsx).
 * About 300 stats: a few milliseconds. `root` is the checkout (a parameter for the tests).
 */
export function freshCliBundle(root = ROOT) {
  const dir = join(root, 'dist', 'cli')
  let manifest
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))
  } catch {
    return null
  }
  if (!manifest || !Array.isArray(manifest.inputs) || typeof manifest.entry !== 'string' || typeof manifest.builtAtMs !== 'number') return null
  try {
    for (const rel of [...manifest.inputs, 'package.json', 'tsconfig.json']) {
      if (statSync(join(root, rel)).mtimeMs > manifest.builtAtMs) return null
    }
    const entry = join(dir, manifest.entry)
    statSync(entry)
    return entry
  } catch {
    // A source file went away (renamed, deleted): the bundle is not the sources' build.
    return null
  }
}
