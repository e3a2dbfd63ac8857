import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IPC_CHANNELS } from '../../src/shared/ipc-channels'
import { REPO_ROOT } from '../helpers/fixtures'

const run = promisify(execFile)
/** The child needs Node >= 22.18 (types stripped from the stub, module.registerHooks): the project's Node 24 where installed. */
const NODE = existsSync(join(REPO_ROOT, 'node_modules/.bin/node')) ? join(REPO_ROOT, 'node_modules/.bin/node') : process.execPath

interface MainRun {
  importError: string | null
  dlopened: string[]
  nativeMapped: string[]
  mapsRead: boolean
  windows: { loaded: string | null }[]
  ipcChannels: string[]
  protocols: string[]
  utilityProcesses: { modulePath: string; serviceName: string }[]
  exits: number[]
  errorBoxes: { title: string; content: string }[]
  ipcResults: Record<string, unknown>
}

/**
 * The BUILT main bundle (what Electron loads), not the sources: a shared helper that imports the
 * pipeline leaks sharp, onnxruntime and skia into main only in the bundle's import graph (issue 16).
 * The bundle is built here into its own folder under out/, so the check always sees the current
 * sources, then run in a plain Node process with `electron` resolved to the stub
 * (helpers/run-built-main.mjs): main starts as it would in the app, up to its window.
 */
describe('built main bundle under the electron stub', () => {
  let outDir: string
  let work: string

  beforeAll(async () => {
    // Under out/ (git-ignored) so the bundle's bare imports (zod, fastify…) resolve from node_modules.
    await mkdir(join(REPO_ROOT, 'out'), { recursive: true })
    outDir = await mkdtemp(join(REPO_ROOT, 'out', 'built-main-check-'))
    work = await mkdtemp(join(tmpdir(), 'built-main-'))
    await run(NODE, [join(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir, '--logLevel', 'warn'], { cwd: REPO_ROOT })
  }, 180_000)
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true })
    await rm(work, { recursive: true, force: true })
  })

  // The app's folders all come from the stub's user-data folder (a developer's own settings stay out).
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^ADSTUDIO_(DATA|FONTS|CACHE|MODELS)_DIR$/.test(k)))
  const startMain = async (name: string, env: NodeJS.ProcessEnv = {}): Promise<MainRun> => {
    const { stdout } = await run(NODE, [join(REPO_ROOT, 'test/shell/helpers/run-built-main.mjs'), join(outDir, 'main/index.js')], {
      cwd: REPO_ROOT,
      timeout: 60_000,
      env: { ...inherited, ADSTUDIO_STUB_USER_DATA: join(work, name), ADSTUDIO_MODELS_DIR: join(work, name, 'models'), ...env },
    })
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '))
    if (!line) throw new Error(`no result from the built main:\n${stdout}`)
    return JSON.parse(line.slice('RESULT '.length)) as MainRun
  }

  it('starts up to its window without loading any native library', async () => {
    const r = await startMain('clean')
    expect(r.importError).toBeNull()
    // It really came up: one window on the built page, every IPC channel, app-media, one engine process.
    expect(r.windows).toHaveLength(1)
    expect(r.windows[0].loaded).toBe(pathToFileURL(join(outDir, 'renderer/index.html')).href)
    expect(r.ipcChannels.sort()).toEqual(Object.keys(IPC_CHANNELS).sort())
    expect(r.protocols).toEqual(['app-media'])
    expect(r.utilityProcesses).toEqual([{ modulePath: join(outDir, 'main/engine-utility.js'), serviceName: 'Ad Studio engine 1' }])
    expect(r.exits).toEqual([])
    // Native work belongs to the engine process: nothing went through process.dlopen, nothing mapped.
    expect(r.dlopened).toEqual([])
    if (process.platform === 'linux') expect(r.mapsRead).toBe(true)
    expect(r.nativeMapped).toEqual([])
  })

  it('lists and checks fonts (what the editor does on load) without loading Skia', async () => {
    const r = await startMain('fonts', { CALL_IPC: 'fonts:list' })
    expect(r.importError).toBeNull()
    expect(r.ipcResults).toEqual({ 'fonts:list': true })
    expect(r.dlopened).toEqual([])
    expect(r.nativeMapped).toEqual([])
  })

  it('sees a native module when one is loaded (the check can fail)', async () => {
    const r = await startMain('control', { ALSO_IMPORT: 'sharp' })
    expect(r.windows).toHaveLength(1)
    expect(r.dlopened.some((p) => /sharp[^/]*\.node$/.test(p))).toBe(true)
    if (process.platform === 'linux') expect(r.nativeMapped.some((p) => p.includes('libvips'))).toBe(true)
  })

  it('a second instance exits at once and never starts (no window, no engine, no IPC)', async () => {
    const r = await startMain('second', { STUB_LOCK: '0' })
    expect(r.exits).toEqual([0])
    expect(r.windows).toEqual([])
    expect(r.utilityProcesses).toEqual([])
    expect(r.ipcChannels).toEqual([])
  })

  it('a failed start shows the error and the log file, then exits with 1', async () => {
    const r = await startMain('failing', { STUB_FAIL_PATH: 'userData' })
    expect(r.windows).toEqual([])
    expect(r.exits).toEqual([1])
    expect(r.errorBoxes).toHaveLength(1)
    expect(r.errorBoxes[0].content).toContain("Failed to get 'userData' path")
    expect(r.errorBoxes[0].content).toContain(join(work, 'failing', 'logs', 'main.log'))
  })
})
