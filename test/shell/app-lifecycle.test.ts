import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { launch } from '../../src/main/shell/app-lifecycle'
import { openMainLog } from '../../src/main/shell/main-log'
import { app, stub } from '../helpers/electron-stub'

const tick = () => new Promise((r) => setTimeout(r, 10))

/** Main's start-up rules with the electron stub playing Electron (issue 16, items 3 and 9). */
describe('app lifecycle', () => {
  let dir: string
  beforeEach(async () => {
    stub.reset()
    dir = await mkdtemp(join(tmpdir(), 'lifecycle-'))
  })

  it('a second instance exits at once: start() never runs, even when ready fires', async () => {
    stub.singleInstanceLock = false
    let started = 0
    const log = openMainLog(join(dir, 'logs'))
    expect(launch({ start: async () => void started++, log, onSecondInstance: () => undefined })).toBe(false)
    // exit(0), not quit(): quit is asynchronous and lets 'ready' start a second job host on the data folder.
    expect(stub.calls).toContainEqual(['app.exit', 0])
    expect(stub.calls).not.toContainEqual(['app.quit'])
    stub.ready()
    await tick()
    expect(started).toBe(0)
    expect(app.listenerCount('second-instance')).toBe(0)
  })

  it('the first instance starts once Electron is ready and brings its window forward on a second launch', async () => {
    let started = 0
    let focused = 0
    launch({ start: async () => void started++, log: openMainLog(join(dir, 'logs')), onSecondInstance: () => void focused++ })
    await tick()
    expect(started).toBe(0)
    stub.ready()
    await tick()
    expect(started).toBe(1)
    app.emit('second-instance')
    expect(focused).toBe(1)
    expect(stub.calls.filter((c) => c[0] === 'app.exit')).toEqual([])
  })

  it('an error thrown in start() shows a dialog naming the log file, logs the stack and exits with 1', async () => {
    const log = openMainLog(join(dir, 'logs'))
    launch({
      start: async () => {
        throw new Error('the data folder /nope is read-only')
      },
      log,
      onSecondInstance: () => undefined,
    })
    stub.ready()
    for (let i = 0; i < 50 && !stub.calls.some((c) => c[0] === 'app.exit'); i++) await tick()
    expect(stub.errorBoxes).toHaveLength(1)
    expect(stub.errorBoxes[0].title).toBe('Ad Studio could not start')
    expect(stub.errorBoxes[0].content).toContain('the data folder /nope is read-only')
    expect(stub.errorBoxes[0].content).toContain(join(dir, 'logs', 'main.log'))
    expect(stub.calls).toContainEqual(['app.exit', 1])
    // The log was written before the dialog: the user can open it while the dialog is up.
    const text = await readFile(join(dir, 'logs', 'main.log'), 'utf8')
    expect(text).toMatch(/error startup failed: Error: the data folder \/nope is read-only\n\s+at /)
  })

  it('without a log file the dialog says so, and the app still exits', async () => {
    await writeFile(join(dir, 'a-file'), '')
    const log = openMainLog(join(dir, 'a-file', 'logs'))
    expect(log.path).toBeNull()
    launch({ start: () => Promise.reject(new Error('boom')), log, onSecondInstance: () => undefined })
    stub.ready()
    for (let i = 0; i < 50 && !stub.calls.some((c) => c[0] === 'app.exit'); i++) await tick()
    expect(stub.errorBoxes[0].content).toMatch(/boom\n\nNo log file could be written/)
    expect(stub.calls).toContainEqual(['app.exit', 1])
  })
})

describe('main log', () => {
  it('appends lines, and starts afresh past its size limit keeping the previous file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'main-log-'))
    await writeFile(join(dir, 'main.log'), 'x'.repeat(2000))
    const log = openMainLog(dir, 1000)
    log('warn', 'after rotation')
    await log.flush()
    expect(await readFile(join(dir, 'main.old.log'), 'utf8')).toBe('x'.repeat(2000))
    expect(await readFile(join(dir, 'main.log'), 'utf8')).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z warn after rotation\n$/)
    const again = openMainLog(dir, 1000)
    again('info', 'second line')
    await again.flush()
    expect((await readFile(join(dir, 'main.log'), 'utf8')).split('\n')).toHaveLength(3)
  })
})
