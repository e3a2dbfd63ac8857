import { existsSync } from 'node:fs'
import { copyFile, link, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ERROR_CODES, type ErrorCode } from '../../../shared/error-codes'
import { generateRequestSchema } from '../../../shared/generate-request'
import type { JobImageName } from '../../../shared/job-status'
import { hostToWorkerSchema, type HostToWorker, type WorkerToHost } from '../../../shared/job-worker-messages'
import { validate } from '../../../shared/validate'
import { EngineError } from '../errors'
import { defaultCacheDir } from '../ml/app-dirs'
import { devicePreferenceFromEnv } from '../ml/execution-providers'
import { EngineContext, type RunHooks } from '../pipeline/engine-context'
import { runImageJob } from '../pipeline/image-job'
import { readKeptSceneFiles } from '../pipeline/kept-scene'
import { runJob, stripImages, type JobImages } from '../pipeline/run-job'
import { isImageJobParams } from '../../../shared/image-job'
import { KEPT_SCENE_INPUTS, STOP_MARKER } from './job-files'
import type { WorkerPort } from './transport'
import { JobImageWriter, writeJobRecord, type StepImages } from './write-outputs'

export interface WorkerRuntimeOptions {
  /** Model sessions, created once per worker and reused by every job it runs. */
  ctx?: EngineContext
  /**
   * Sleeps (blocking, like real CPU-bound work) this long at every sub-step boundary: simulates a
   * slow device so stop, kill and queue behaviour can be exercised with small, fast jobs.
   */
  substepDelayMs?: number
}

/** Why a job was aborted: a stop request (the job ends `stopped`, not `failed`). */
class StopRequested extends Error {
  constructor() {
    super('stopped by request')
  }
}

type RunMessage = Extract<HostToWorker, { type: 'run' }>

/**
 * Called by the pipeline when a step has finished, with its images, if the pipeline offers it (a
 * proposed RunHooks field): they are written at once, so a job stopped or killed later keeps them
 * and step 1 can be shown while step 2 runs. Without it, images are written when the job ends.
 */
interface StepDoneHook {
  onStepDone?: (step: number, images: StepImages) => void
}

/**
 * The engine side of the worker protocol: takes `run` messages one at a time, runs the pipeline,
 * writes the images into the job folder and reports progress, each image, and the outcome.
 */
export function startWorker(port: WorkerPort, opts: WorkerRuntimeOptions = {}): void {
  const ctx = opts.ctx ?? new EngineContext({ cacheDir: defaultCacheDir(), device: devicePreferenceFromEnv() })
  let current: { jobId: string; controller: AbortController } | null = null
  const send = (m: WorkerToHost) => port.send(m)

  const shutdown = async () => {
    current?.controller.abort(new StopRequested())
    // Sessions handed in by the caller are the caller's to release (tests share one).
    if (!opts.ctx) await ctx.dispose().catch(() => undefined)
    port.exit(0)
  }

  port.onHostGone(() => void shutdown())
  port.onMessage((raw) => {
    const parsed = hostToWorkerSchema.safeParse(raw)
    if (!parsed.success) {
      send({ type: 'log', level: 'warn', message: `worker: ignored a malformed message: ${parsed.error.issues[0]?.message ?? 'invalid'}` })
      return
    }
    const msg = parsed.data
    if (msg.type === 'stop') {
      if (current?.jobId === msg.job_id) current.controller.abort(new StopRequested())
    } else if (msg.type === 'shutdown') {
      void shutdown()
    } else if (current) {
      // The host runs one job per worker; a second one is its bug, answered rather than dropped.
      send(doneMessage(msg.job_id, 'failed', 'the worker is already running a job', { code: 'busy', message: 'the worker is already running a job' }))
    } else {
      const controller = new AbortController()
      current = { jobId: msg.job_id, controller }
      void runOne(msg, controller.signal, ctx, send, opts).finally(() => {
        current = null
      })
    }
  })
  send({ type: 'ready', pid: process.pid })
}

async function runOne(
  msg: RunMessage,
  signal: AbortSignal,
  ctx: EngineContext,
  send: (m: WorkerToHost) => void,
  opts: WorkerRuntimeOptions,
): Promise<void> {
  const writer = new JobImageWriter(msg.job_dir, {
    image: (image, path) => send({ type: 'image', job_id: msg.job_id, image, path }),
    sample: ({ index, seed }, path) => send({ type: 'sample', job_id: msg.job_id, index, seed, path }),
  })
  let where = 'before the first step'
  // A kept scene is linked into the folder as it is (byte-identical, no encoding), never written again.
  let sceneKept = false
  const add = (images: StepImages) => writer.add(sceneKept ? { ...images, scene: undefined } : images)
  try {
    const hooks: RunHooks & StepDoneHook = {
      signal,
      onProgress: (e) => {
        where = `${e.step} / ${e.subStep}`
        // Thrown from the boundary itself: the IPC `stop` may still be unread if the pipeline has not
        // yielded to the event loop since (synchronous compute between sub-steps), the marker is not.
        if (stopMarkerExists(msg.job_dir)) throw new StopRequested()
        send({ type: 'progress', job_id: msg.job_id, step: e.step, sub_step: e.subStep, fraction: clamp01(e.fraction), message: e.message })
        if (opts.substepDelayMs) sleepBlocking(opts.substepDelayMs)
      },
      onStepDone: (_step, images) => add(images),
    }
    if (isImageJobParams(msg.params)) {
      // text-to-image / image-to-image (pipeline/image-job.ts): its own params, one step
      const img = await runImageJob(msg.params, msg.inputs.step1, ctx, hooks)
      writer.add(img.images)
      await writer.settle()
      await writeJobRecord(msg.job_dir, img.record as never, writer.samples)
      send({ ...doneMessage(msg.job_id, 'completed', 'Images generated', null, writer.written), ran_steps: [1], timings_ms: img.timings, engines: img.engines })
      return
    }
    // The image fields hold file paths here (as in the CLI); the schema re-checks every rule, so a
    // worker never trusts what crossed the process line.
    const request = validate(generateRequestSchema, {
      ...msg.params,
      product_image: msg.inputs.product ?? undefined,
      step1_image: msg.inputs.step1 ?? undefined,
      step2_image: msg.inputs.step2 ?? undefined,
      mask_image: msg.inputs.mask ?? undefined,
    })
    if (!request.ok) throw new EngineError(request.code, request.message)
    const bytes: JobImages = {}
    if (msg.inputs.product) bytes.product = await readFile(msg.inputs.product)
    if (msg.inputs.step1) bytes.step1 = await readFile(msg.inputs.step1)
    if (msg.inputs.step2) bytes.step2 = await readFile(msg.inputs.step2)
    if (msg.inputs.mask) bytes.mask = await readFile(msg.inputs.mask)
    // scene_from: the scene the acceptance kept in inputs/ (its picture and its job.json), placed over as it is.
    const sceneFrom = request.value.scene_from
    if (sceneFrom && request.value.start_step === 1) {
      const inputs = join(msg.job_dir, 'inputs')
      bytes.keptScene = { ...(await readKeptSceneFiles(join(inputs, KEPT_SCENE_INPUTS.png), join(inputs, KEPT_SCENE_INPUTS.json), `scene_from ${sceneFrom}`, 'scene_from')), from: sceneFrom }
      sceneKept = true
      const to = join(msg.job_dir, 'scene.png')
      await link(join(inputs, KEPT_SCENE_INPUTS.png), to).catch(() => copyFile(join(inputs, KEPT_SCENE_INPUTS.png), to))
    }

    const out = await runJob(stripImages(request.value), bytes, ctx, hooks)
    add(out)
    await writer.settle()
    await writeJobRecord(msg.job_dir, out.record, writer.samples)
    send({
      ...doneMessage(msg.job_id, 'completed', out.stoppedEarly ?? 'All steps completed', null, writer.written),
      ran_steps: out.ranSteps,
      stopped_early: out.stoppedEarly,
      timings_ms: out.record.timings_ms,
      engines: out.record.engines,
      cutout_check: out.record.cutout_check ?? null,
    })
  } catch (e) {
    // Images of the steps that finished are kept (and reported) whatever ended the job.
    const images = await writer.settle().catch(() => writer.written)
    if (e instanceof StopRequested || (signal.aborted && signal.reason instanceof StopRequested))
      send(doneMessage(msg.job_id, 'stopped', `Stopped by request (at ${where})`, null, images))
    else {
      const failure = describeFailure(e)
      send(doneMessage(msg.job_id, 'failed', failure.message, failure, images))
    }
  }
}

function doneMessage(
  jobId: string,
  outcome: 'completed' | 'stopped' | 'failed',
  message: string,
  error: { code: ErrorCode; message: string } | null,
  images: JobImageName[] = [],
): Extract<WorkerToHost, { type: 'done' }> {
  return { type: 'done', job_id: jobId, outcome, message, error, images, ran_steps: [], stopped_early: null, timings_ms: {}, engines: {} }
}

/** Expected failures keep their code (bad image, bad font...); anything else is `internal`. */
function describeFailure(e: unknown): { code: ErrorCode; message: string } {
  if (e instanceof EngineError) return { code: e.code, message: e.message }
  const code = (e as { code?: unknown } | null)?.code
  const message = e instanceof Error ? e.message : String(e)
  if (typeof code === 'string' && code in ERROR_CODES) return { code: code as ErrorCode, message }
  return { code: 'internal', message: `internal error: ${message}` }
}

const stopMarkerExists = (dir: string) => existsSync(join(dir, STOP_MARKER))

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0)

function sleepBlocking(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}
