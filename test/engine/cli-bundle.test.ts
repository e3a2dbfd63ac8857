import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { freshCliBundle } from '../../bin/cli-bundle.mjs'
import { REPO_ROOT } from '../helpers/fixtures'

/** A checkout with one source file, a bundle built at `builtAtMs`, and every file dated `fileAt`. */
function fakeCheckout(builtAtMs: number, fileAt: number): string {
  const root = mkdtempSync(join(tmpdir(), 'adstudio-bundle-'))
  mkdirSync(join(root, 'src'), { recursive: true })
  mkdirSync(join(root, 'dist', 'cli'), { recursive: true })
  const files = ['src/a.ts', 'package.json', 'tsconfig.json', 'dist/cli/main.js']
  for (const f of files) writeFileSync(join(root, f), '{}')
  writeFileSync(join(root, 'dist/cli/manifest.json'), JSON.stringify({ entry: 'main.js', builtAtMs, inputs: ['src/a.ts'] }))
  for (const f of files) utimesSync(join(root, f), fileAt / 1000, fileAt / 1000)
  return root
}

const roots: string[] = []
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true })
})

describe('the built CLI is used only while it is the sources build', () => {
  const now = Date.now()

  it('is used when every source is older than the build', () => {
    const root = fakeCheckout(now, now - 60_000)
    roots.push(root)
    expect(freshCliBundle(root)).toBe(join(root, 'dist', 'cli', 'main.js'))
  })

  it('is not used after a source, package.json or tsconfig.json changed, or a source went away', () => {
    for (const changed of ['src/a.ts', 'package.json', 'tsconfig.json']) {
      const root = fakeCheckout(now, now - 60_000)
      roots.push(root)
      utimesSync(join(root, changed), (now + 1000) / 1000, (now + 1000) / 1000)
      expect(freshCliBundle(root), changed).toBeNull()
    }
    const gone = fakeCheckout(now, now - 60_000)
    roots.push(gone)
    rmSync(join(gone, 'src/a.ts'))
    expect(freshCliBundle(gone)).toBeNull()
  })

  it('is not used without a manifest or without its entry file', () => {
    const noManifest = fakeCheckout(now, now - 60_000)
    roots.push(noManifest)
    rmSync(join(noManifest, 'dist/cli/manifest.json'))
    expect(freshCliBundle(noManifest)).toBeNull()
    const noEntry = fakeCheckout(now, now - 60_000)
    roots.push(noEntry)
    rmSync(join(noEntry, 'dist/cli/main.js'))
    expect(freshCliBundle(noEntry)).toBeNull()
  })

  it('builds from this checkout and answers as the sources do', () => {
    const build = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/build-cli.mjs')], { encoding: 'utf8' })
    expect(build.status).toBe(0)
    expect(freshCliBundle()).toBe(join(REPO_ROOT, 'dist', 'cli', 'main.js'))
    const run = (fromSource: string) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin/adstudio.mjs'), 'make', '--bogus'], { encoding: 'utf8', env: { ...process.env, ADSTUDIO_FROM_SOURCE: fromSource } })
    const bundled = run('0')
    const sources = run('1')
    expect(bundled.status).toBe(2)
    expect(bundled.stderr).toContain('--bogus')
    expect({ status: bundled.status, stderr: bundled.stderr, stdout: bundled.stdout }).toEqual({ status: sources.status, stderr: sources.stderr, stdout: sources.stdout })
  }, 60_000)
})
