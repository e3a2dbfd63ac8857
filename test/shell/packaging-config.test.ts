import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/fixtures'

/**
 * The electron-builder config in package.json, judged with electron-builder's own file matcher
 * (app-builder-lib, the pinned dev dependency) against the installed node_modules: packaging itself
 * needs an Electron download and cannot run here (issue 16, items 8 and 11).
 */
const require = createRequire(import.meta.url)
const { FileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
  FileMatcher: new (from: string, to: string, expand: (p: string) => string, patterns: string[]) => { containsOnlyIgnore(): boolean; createFilter(): (file: string, stat: Stats) => boolean }
}
const build = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).build as Record<string, { files?: string[]; depends?: string[] }> & {
  files: string[]
  extraResources: { from: string }[]
}
const PLATFORMS = { linux: 'linux', win: 'win32', mac: 'darwin' } as const

/**
 * Does electron-builder copy this file (relative to the project) for this platform and arch? As it
 * does (fileMatcher.js): the app's own files by the `files` list (a list of exclusions only lets
 * everything else in), node_modules by `**` and the list's exclusions.
 */
function packs(platform: keyof typeof PLATFORMS, arch: string, files: string[]): (rel: string) => boolean {
  const patterns = build[platform].files!
  const expand = (p: string) => p.replace(/\$\{arch\}/g, arch)
  const own = new FileMatcher(REPO_ROOT, '/app', expand, patterns)
  const ownFilter = new FileMatcher(REPO_ROOT, '/app', expand, own.containsOnlyIgnore() ? ['**/*', ...patterns] : patterns).createFilter()
  const modulesFilter = new FileMatcher(REPO_ROOT, '/app', expand, ['**/*', ...patterns.filter((p) => p.startsWith('!'))]).createFilter()
  const kept = new Set(files.filter((f) => (f.startsWith('node_modules/') ? modulesFilter : ownFilter)(join(REPO_ROOT, f), statSync(join(REPO_ROOT, f)))))
  return (rel) => kept.has(rel)
}

function filesUnder(dir: string): string[] {
  const abs = join(REPO_ROOT, dir)
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(REPO_ROOT, join(e.parentPath, e.name)))
}

describe('packaging config', () => {
  const ort = filesUnder('node_modules/onnxruntime-node/bin')
  const ortKept = (platform: keyof typeof PLATFORMS, arch: string) => ort.filter(packs(platform, arch, ort)).map((f) => f.replace(/^.*napi-v\d+\//, '')).sort()

  it('every platform list keeps the top-level includes (a platform `files` replaces them: the repo went into app.asar)', () => {
    for (const p of Object.keys(PLATFORMS) as (keyof typeof PLATFORMS)[]) {
      expect(build[p].files!.slice(0, build.files.length)).toEqual(build.files)
      const keep = packs(p, 'x64', ['out/main/index.js', 'package.json', 'src/main/index.ts', 'test/shell/built-main.test.ts', 'README.md', 'eslint.config.js'].filter((f) => statSync(join(REPO_ROOT, f), { throwIfNoEntry: false })))
      expect(keep('package.json')).toBe(true)
      for (const dev of ['src/main/index.ts', 'test/shell/built-main.test.ts', 'README.md', 'eslint.config.js']) expect(keep(dev), `${p}: ${dev}`).toBe(false)
    }
  })

  it("onnxruntime ships only the build's own platform and arch, and one copy of the macOS library", () => {
    const present = (dir: string) => ort.some((f) => f.includes(`/${dir}/`))
    if (present('linux/x64') && present('linux/arm64')) {
      expect(ortKept('linux', 'x64')).toEqual(['linux/x64/libonnxruntime.so.1', 'linux/x64/onnxruntime_binding.node'])
      expect(ortKept('linux', 'arm64')).toEqual(['linux/arm64/libonnxruntime.so.1', 'linux/arm64/onnxruntime_binding.node'])
    }
    if (present('win32/x64')) expect(ortKept('win', 'x64').every((f) => f.startsWith('win32/x64/'))).toBe(true)
    if (present('win32/x64')) expect(ortKept('win', 'x64')).toContain('win32/x64/onnxruntime.dll')
    if (present('darwin/arm64')) {
      // The binding links @rpath/libonnxruntime.1.dylib; the versioned file is a byte-identical second copy.
      expect(ortKept('mac', 'arm64')).toEqual(['darwin/arm64/libonnxruntime.1.dylib', 'darwin/arm64/onnxruntime_binding.node'])
    }
  })

  it('leaves out the CLI-only TypeScript runner and the Pretendard formats nothing reads', () => {
    const sample = ['node_modules/tsx/package.json', 'node_modules/esbuild/package.json', 'node_modules/pretendard/dist/public/static/Pretendard-Bold.otf', 'node_modules/pretendard/dist/web/static/pretendard.css', 'node_modules/zod/package.json', 'node_modules/sharp/package.json'].filter((f) => statSync(join(REPO_ROOT, f), { throwIfNoEntry: false }))
    const keep = packs('linux', 'x64', sample)
    expect(sample.filter(keep).sort()).toEqual(sample.filter((f) => !/tsx|esbuild|dist\/web/.test(f)).sort())
    expect(keep('node_modules/pretendard/dist/public/static/Pretendard-Bold.otf')).toBe(true)
  })

  it("the .deb keeps electron-builder's default dependencies (xdg-utils for opening links) and adds its own", () => {
    const src = readFileSync(require.resolve('app-builder-lib/out/targets/FpmTarget.js'), 'utf8')
    const defaults = JSON.parse(/case "deb":\s*return (\[[^\]]*\])/.exec(src)![1]) as string[]
    expect(defaults).toContain('xdg-utils')
    expect(build.deb.depends).toEqual(expect.arrayContaining([...defaults, 'libasound2', 'libgbm1']))
  })

  it('every extra resource has a source folder (electron-builder only warns about a missing one)', () => {
    for (const r of build.extraResources) expect(statSync(join(REPO_ROOT, r.from), { throwIfNoEntry: false })?.isDirectory(), r.from).toBe(true)
  })
})
