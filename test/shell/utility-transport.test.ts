import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { EngineStatus } from '../../src/shared/api-client'
import type { WorkerExit } from '../../src/main/engine/worker/transport'
import { EngineHost } from '../../src/main/shell/engine-host'
import { utilityProcessWorkerFactory } from '../../src/main/shell/utility-transport'
import { app, stub } from '../helpers/electron-stub'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (ok()) return
    await sleep(5)
  }
  throw new Error(`timed out waiting for ${what}`)
}
const gone = (name: string, reason: string, exitCode: number) => app.emit('child-process-gone', {}, { type: 'Utility', reason, exitCode, name })

/**
 * The utility-process transport against Electron's documented behaviour, played by the electron
 * stub's FakeUtilityProcess (issue 16, items 4-6): 'exit' follows 'error', pid only between 'spawn'
 * and the exit, kill() refused before 'spawn', the reason in app's child-process-gone.
 */
describe('utility-process transport', () => {
  beforeEach(() => stub.reset())
  const factory = (o: Partial<Parameters<typeof utilityProcessWorkerFactory>[0]> = {}) =>
    utilityProcessWorkerFactory({ entry: '/app/out/main/engine-utility.js', env: () => ({ ADSTUDIO_DEVICE: 'cpu' }), reasonWaitMs: 40, killRetryMs: 5, ...o })

  it("a fatal error is not the exit: the exit is reported at 'exit', with its code", async () => {
    const logs: string[] = []
    const t = factory({ log: (m) => logs.push(m) })()
    const exits: WorkerExit[] = []
    t.onExit((e) => exits.push(e))
    const p = stub.utilityProcesses[0]
    p.spawn(501)
    p.fatalError('v8/heap.cc:77')
    await sleep(60)
    expect(exits).toEqual([])
    expect(logs).toEqual(['Ad Studio engine 1: FatalError at v8/heap.cc:77; waiting for the process to end'])
    p.exit(133)
    await sleep(60)
    expect(exits).toEqual([{ code: 133, signal: null }])
  })

  it("keeps the pid from 'spawn' after the exit, when Electron's pid is undefined again", async () => {
    const t = factory()()
    const p = stub.utilityProcesses[0]
    expect(t.pid).toBeNull()
    p.spawn(777)
    expect(t.pid).toBe(777)
    p.exit(0)
    expect(p.pid).toBeUndefined()
    expect(t.pid).toBe(777)
  })

  it('each engine process gets its own service name, and only its own child-process-gone counts', async () => {
    const f = factory()
    const a = f() as unknown as { goneReason: string | null }
    const b = f() as unknown as { goneReason: string | null }
    expect(stub.utilityProcesses.map((p) => p.options.serviceName)).toEqual(['Ad Studio engine 1', 'Ad Studio engine 2'])
    gone('Ad Studio engine 2', 'crashed', 11)
    app.emit('child-process-gone', {}, { type: 'GPU', reason: 'oom', exitCode: 1, name: 'Ad Studio engine 1' })
    expect(a.goneReason).toBeNull()
    expect(b.goneReason).toBe('crashed')
  })

  it('an exit waits briefly for the reason, which may come after it; a clean exit does not wait', async () => {
    const f = factory()
    const t = f()
    const exits: WorkerExit[] = []
    t.onExit((e) => exits.push(e))
    stub.utilityProcesses[0].spawn(10)
    stub.utilityProcesses[0].exit(9)
    expect(exits).toEqual([])
    gone('Ad Studio engine 1', 'oom', 9)
    expect(exits).toEqual([{ code: 9, signal: null }])
    expect((t as unknown as { goneReason: string }).goneReason).toBe('oom')

    const clean = f()
    const cleanExits: WorkerExit[] = []
    clean.onExit((e) => cleanExits.push(e))
    stub.utilityProcesses[1].spawn(11)
    stub.utilityProcesses[1].exit(0)
    expect(cleanExits).toEqual([{ code: 0, signal: null }])
  })

  it("a kill before 'spawn' is carried out at 'spawn'; one Electron refuses is tried again", async () => {
    const t = factory()()
    const p = stub.utilityProcesses[0]
    t.kill()
    expect(p.killed).toBe(0)
    p.spawn(600)
    expect(p.killed).toBe(1)

    const t2 = factory()()
    const p2 = stub.utilityProcesses[1]
    p2.spawn(601)
    p2.refuseKills = 2
    t2.kill()
    await until('the third kill', () => p2.killed === 1)
    expect(p2.killCalls).toBe(3)
  })
})

describe('engine host on utility processes', () => {
  beforeEach(() => stub.reset())

  it('never starts a replacement while the old engine lives; tells the user its pid and why it ended', async () => {
    const statuses: EngineStatus[] = []
    const host = new EngineHost({
      dataDir: await mkdtemp(join(tmpdir(), 'utility-host-')),
      workerFactory: utilityProcessWorkerFactory({ entry: '/app/out/main/engine-utility.js', env: () => ({}), reasonWaitMs: 40 }),
      onStatus: (s) => statuses.push(s),
      onJobEvent: () => undefined,
      log: () => undefined,
      version: 'test',
    })
    await host.start()
    await until('the first engine process', () => stub.utilityProcesses.length === 1)
    const first = stub.utilityProcesses[0]
    first.spawn(4242)
    first.message({ type: 'ready', pid: 4242 })
    expect(statuses.at(-1)!.state).toBe('ready')

    first.fatalError('v8/heap.cc:77')
    await sleep(100)
    expect(stub.utilityProcesses).toHaveLength(1)
    expect(statuses.at(-1)!.state).toBe('ready')

    gone('Ad Studio engine 1', 'oom', 9)
    first.exit(9)
    await until('the replacement', () => stub.utilityProcesses.length === 2)
    const restarting = statuses.find((s) => s.state === 'restarting')!
    expect(restarting.message).toBe('The engine ran out of memory; restarting it')
    expect(restarting.lastExit).toMatch(/^engine process 4242 ran out of memory \(oom, exit code 9\) after \d+\.\d s; fatal error: FatalError at v8\/heap\.cc:77$/)

    // Recycling (a changed device setting) a process that has not spawned yet: the kill lands at spawn,
    // and the next process starts only after that one has exited.
    const second = stub.utilityProcesses[1]
    expect(host.recycleIdleEngines()).toBe(1)
    expect(second.killCalls).toBe(0)
    second.spawn(4243)
    expect(second.killed).toBe(1)
    await sleep(60)
    expect(stub.utilityProcesses).toHaveLength(2)
    second.exit(15)
    await until('the third process', () => stub.utilityProcesses.length === 3)
    // A planned end, not a crash: no second 'restarting', the count stays at one.
    expect(statuses.some((s) => s.message === 'Restarting the engine')).toBe(true)
    expect(statuses.filter((s) => s.state === 'restarting')).toHaveLength(1)
    expect(statuses.at(-1)).toMatchObject({ state: 'starting', restarts: 1 })

    const third = stub.utilityProcesses[2]
    third.spawn(4244)
    const closing = host.close()
    await until('the shutdown message', () => third.posted.some((m) => (m as { type: string }).type === 'shutdown'))
    third.exit(0)
    await closing
  })
})
