import type { WorkerToHost } from '../../../shared/job-worker-messages'
import type { WorkerExit, WorkerFactory } from '../worker/transport'
import { WorkerSlot, type SlotEvents } from '../worker/worker-slot'

type JobMessage = Exclude<WorkerToHost, { type: 'ready' | 'log' }>

/** What one run on an engine process reports to whoever started it. */
export interface RunListener {
  message(msg: JobMessage): void
  /** The engine process ended mid-job (crash, out of memory, killed). */
  exited(how: string): void
}

/**
 * The engine processes of one `adstudio worker`: the same WorkerSlot (fork, restart after a crash,
 * back off when it cannot start) the server uses for its built-in queue. BullMQ's guides ask for
 * CPU-heavy work outside the process that renews the job locks; the slots are that.
 */
export class EnginePool implements SlotEvents {
  readonly slots: WorkerSlot[] = []
  private readonly listeners = new Map<string, RunListener>()
  private readonly idleWaiters: (() => void)[] = []

  constructor(
    size: number,
    factory: WorkerFactory,
    private readonly logLine: (level: 'info' | 'warn' | 'error', message: string) => void,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(new WorkerSlot(i, factory, this))
    for (const s of this.slots) s.start()
  }

  /** Waits for an idle engine process (BullMQ's concurrency equals the pool size, so one comes). */
  async acquire(): Promise<WorkerSlot> {
    for (;;) {
      const slot = this.slots.find((s) => s.state === 'idle')
      if (slot) return slot
      await new Promise<void>((r) => this.idleWaiters.push(r))
    }
  }

  listen(jobId: string, l: RunListener): () => void {
    this.listeners.set(jobId, l)
    return () => {
      if (this.listeners.get(jobId) === l) this.listeners.delete(jobId)
    }
  }

  close(): Promise<void> {
    return Promise.all(this.slots.map((s) => s.close())).then(() => undefined)
  }

  onIdle(): void {
    this.idleWaiters.splice(0).forEach((w) => w())
  }

  onJobMessage(_slot: WorkerSlot, msg: JobMessage): void {
    this.listeners.get(msg.job_id)?.message(msg)
  }

  onWorkerExit(slot: WorkerSlot, exit: WorkerExit, jobId: string | null): void {
    const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`
    this.logLine(jobId ? 'error' : 'warn', `engine ${slot.index} (pid ${slot.pid ?? '-'}) ended: ${how}${jobId ? ` while running job ${jobId}` : ''}`)
    if (jobId) this.listeners.get(jobId)?.exited(how)
  }

  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.logLine(level, message)
  }
}
