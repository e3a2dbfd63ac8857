import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EngineStatus } from '../../src/shared/api-client'
import type { JobEvent } from '../../src/shared/job-events'
import { EngineHost } from '../../src/main/shell/engine-host'
import { EngineSupervisor } from '../../src/main/shell/engine-supervisor'
import { submitJob } from '../../src/main/shell/job-submit'
import { fakeWorkerFactory } from './fake-worker'

describe('engine supervisor: restart with backoff', () => {
  let clock = 0
  beforeEach(() => {
    vi.useFakeTimers()
    clock = 0
  })
  afterEach(() => vi.useRealTimers())

  const setup = () => {
    const inner = fakeWorkerFactory({ autoReady: false })
    const statuses: EngineStatus[] = []
    const sup = new EngineSupervisor(inner, { onStatus: (s) => statuses.push(s), stableMs: 10_000, failedAfter: 4, now: () => clock })
    return { inner, statuses, sup }
  }

  it('restarts at once after one crash, then waits longer after each crash in a row', () => {
    const { inner, statuses, sup } = setup()
    sup.factory()
    inner.made[0].ready()
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready'])

    inner.made[0].crash(134)
    expect(statuses.at(-1)).toMatchObject({ state: 'restarting', retryInMs: 0, restarts: 1 })
    expect(statuses.at(-1)!.lastExit).toMatch(/exit code 134/)
    sup.factory()
    expect(inner.made).toHaveLength(2) // no delay after the first crash

    const delays: number[] = []
    for (let i = 0; i < 4; i++) {
      inner.made.at(-1)!.crash(1)
      delays.push(sup.nextDelayMs())
      const before = inner.made.length
      sup.factory()
      vi.advanceTimersByTime(sup.nextDelayMs() - 1)
      expect(inner.made.length).toBe(before + (sup.nextDelayMs() === 0 ? 1 : 0))
      vi.advanceTimersByTime(1)
      expect(inner.made.length).toBe(before + 1)
    }
    expect(delays).toEqual([500, 1000, 2000, 4000])
    expect(statuses.at(-1)).toMatchObject({ state: 'failed' })
    expect(statuses.at(-1)!.message).toMatch(/keeps stopping/)

    // A run longer than stableMs starts the count afresh.
    inner.made.at(-1)!.ready()
    expect(statuses.at(-1)!.state).toBe('ready')
    clock += 20_000
    inner.made.at(-1)!.crash(1)
    expect(sup.nextDelayMs()).toBe(0)
    expect(statuses.at(-1)).toMatchObject({ state: 'restarting', retryInMs: 0 })
  })

  it('does not count exits the host asked for (kill after a stop, shutdown, recycling)', async () => {
    const { inner, statuses, sup } = setup()
    const t = sup.factory()
    inner.made[0].ready()
    t.kill()
    await vi.runAllTimersAsync()
    expect(statuses.at(-1)!.state).toBe('starting')
    expect(sup.nextDelayMs()).toBe(0)
    const t2 = sup.factory()
    inner.made[1].ready()
    t2.send({ type: 'shutdown' })
    await vi.runAllTimersAsync()
    expect(statuses.filter((s) => s.state === 'restarting' || s.state === 'failed')).toEqual([])
    expect(statuses.at(-1)!.restarts).toBe(0)
  })

  it('a kill before a delayed start cancels it and reports the exit', async () => {
    const { inner, sup } = setup()
    sup.factory()
    inner.made[0].crash(1)
    sup.factory()
    inner.made[1].crash(1)
    const delayed = sup.factory()
    const exits: unknown[] = []
    delayed.onExit((e) => exits.push(e))
    delayed.kill()
    await vi.runAllTimersAsync()
    expect(inner.made).toHaveLength(2)
    expect(exits).toEqual([{ code: null, signal: 'SIGKILL' }])
  })
})

describe('engine host with the real job service and a fake engine process', () => {
  it('a crash fails only the running job, the user is told, the engine comes back and the queue goes on', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'engine-host-'))
    const factory = fakeWorkerFactory({ onRun: (w, m) => (m.params.text_content === 'crash' ? w.crash(139) : w.done(m.job_id)) })
    const statuses: EngineStatus[] = []
    const events: JobEvent[] = []
    const host = new EngineHost({ dataDir, workerFactory: factory, onStatus: (s) => statuses.push(s), onJobEvent: (e) => events.push(e), log: () => undefined, version: 'test' })
    await host.start()
    const svc = host.service()
    if (!svc.ok) throw new Error('service not open')
    const jobs = svc.value
    const submit = (text: string) => submitJob({ jobs, checkFont: async () => null }, { params: { text_content: text, width: 256, height: 256 } })
    const finished = (id: string) => new Promise<void>((r) => {
      const check = () => (events.some((e) => e.type === 'job.finished' && e.job_id === id) ? r() : setTimeout(check, 5))
      check()
    })

    const a = await submit('first')
    if (!a.ok) throw new Error(a.message)
    await finished(a.value.job_id)
    const b = await submit('crash')
    if (!b.ok) throw new Error(b.message)
    await finished(b.value.job_id)
    const c = await submit('after')
    if (!c.ok) throw new Error(c.message)
    await finished(c.value.job_id)

    expect(jobs.get(a.value.job_id)!.stored.status).toBe('completed')
    expect(jobs.get(b.value.job_id)!.stored).toMatchObject({ status: 'failed', error_code: 'worker_crashed' })
    expect(jobs.get(c.value.job_id)!.stored.status).toBe('completed')
    const states = statuses.map((s) => s.state)
    expect(states.indexOf('restarting')).toBeGreaterThan(states.indexOf('ready'))
    expect(states.at(-1)).toBe('ready')
    expect(statuses.find((s) => s.state === 'restarting')!.lastExit).toMatch(/exit code 139/)
    expect(factory.made).toHaveLength(2)
    await host.close()
  })

  it('answers "not running yet" until the job store opens, and retries opening it', async () => {
    vi.useFakeTimers()
    try {
      let attempts = 0
      const statuses: EngineStatus[] = []
      const host = new EngineHost({
        dataDir: '/nonexistent',
        workerFactory: fakeWorkerFactory(),
        onStatus: (s) => statuses.push(s),
        onJobEvent: () => undefined,
        log: () => undefined,
        version: 'test',
        openRetryMs: [100],
        open: async () => {
          attempts++
          throw new Error('EACCES: permission denied')
        },
      })
      await host.start()
      expect(host.service()).toMatchObject({ ok: false, code: 'unreachable' })
      expect(statuses.at(-1)).toMatchObject({ state: 'failed', retryInMs: 100, lastExit: 'EACCES: permission denied' })
      await vi.advanceTimersByTimeAsync(250)
      expect(attempts).toBe(3)
      await host.close()
    } finally {
      vi.useRealTimers()
    }
  })
})
