import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { workerToHostSchema } from '../../../shared/job-worker-messages'
import type { JobService } from '../jobs/job-service'
import { JOB_ID_PATTERN } from '../jobs/stored-job'
import type { BullRunner } from '../queue/bull-runner'
import { writeFileAtomic } from '../storage/atomic-write'
import { sendError } from './http-util'
import { bearerMatches } from './token'
import { KEPT_SCENE_INPUTS } from '../worker/job-files'

export interface WorkerRouteOptions {
  jobs: JobService
  runner: BullRunner
  /** The worker token (<data>/worker-token); the user's token is not accepted here, nor this one elsewhere. */
  token: string
  version: string
}

/**
 * What a worker may write into a job folder: the step images (product_mask: the mask on the photo),
 * scene variations, the kept empty scene and cutout (re-placing the product), and job.json.
 */
const RESULT_FILE = /^(step1|mask|step2|final|product_mask|scene|cutout)\.png$|^step1_sample_\d{1,2}\.png$|^job\.json$/
const MAX_RESULT_BYTES = 256 * 1024 * 1024

const heartbeatSchema = z.object({
  worker: z.string().min(1).max(200),
  slots: z.array(z.object({ pid: z.number().int().nullable(), state: z.string().max(40), restarts: z.number().int().min(0), job_id: z.string().max(100).nullable() })).max(256),
})
const claimSchema = z.object({ worker: z.string().min(1).max(200) })
const attemptQuery = z.object({ attempt: z.string().min(1).max(100) })

/**
 * The routes `adstudio worker` talks to (queue/remote-worker.ts), under /worker/. They take the
 * worker token only: the guard (guard.ts) skips its user-token and Host checks for routes marked
 * `workerAuth`, and every handler here checks the worker token itself. A worker claims a job,
 * fetches its inputs, uploads each image as it is written and posts the engine's messages;
 * the answer to each message says whether the user asked to stop.
 */
export function workerRoutes(o: WorkerRouteOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    // Result images arrive as raw bytes (this parser is scoped to these routes).
    app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_RESULT_BYTES }, (_req, body, done) => done(null, body))
    const config = { workerAuth: true }
    const authed = (req: FastifyRequest, reply: FastifyReply): boolean => {
      if (bearerMatches(req.headers.authorization, o.token)) return true
      reply.header('WWW-Authenticate', 'Bearer')
      sendError(reply, 401, 'unauthorized', 'Not authenticated: workers send "Authorization: Bearer <worker token>" (adstudio serve --queue prints it; stored in <data>/worker-token)')
      return false
    }
    const jobOf = (req: FastifyRequest) => {
      const id = (req.params as { id: string }).id
      return JOB_ID_PATTERN.test(id) ? id : null
    }
    const current = (req: FastifyRequest, reply: FastifyReply) => {
      const id = jobOf(req)
      const q = attemptQuery.safeParse(req.query)
      const j = id && q.success ? o.runner.current(id, q.data.attempt) : null
      // 409: the worker drops this run (stopped, deleted, failed over to another worker, or finished).
      if (!j) sendError(reply, 409, 'conflict', 'this run of the job is no longer current (stopped, deleted, or taken over by another worker)')
      return j
    }

    app.get('/worker/hello', { config, schema: { summary: 'Check a worker token; the server version and queue name', tags: ['worker'] } }, async (req, reply) => {
      if (!authed(req, reply)) return
      return void reply.send({ ok: true, version: o.version, queue: o.runner.queueName })
    })

    app.post('/worker/heartbeat', { config, schema: { summary: 'A worker’s engine slots, every 5 s', tags: ['worker'] } }, async (req, reply) => {
      if (!authed(req, reply)) return
      const b = heartbeatSchema.safeParse(req.body)
      if (!b.success) return sendError(reply, 400, 'invalid_request', `heartbeat: ${b.error.issues[0]?.path.join('.')}: ${b.error.issues[0]?.message}`)
      o.runner.heartbeat(b.data.worker, b.data.slots)
      return void reply.send({ ok: true })
    })

    app.post('/worker/jobs/:id/claim', { config, schema: { summary: 'Start a run of a job taken from the queue', tags: ['worker'] } }, async (req, reply) => {
      if (!authed(req, reply)) return
      const id = jobOf(req)
      const b = claimSchema.safeParse(req.body)
      if (!id || !b.success) return sendError(reply, 400, 'invalid_request', 'claim: a job id in the path and {"worker": "<name>"} in the body')
      const c = o.runner.claim(id, b.data.worker)
      if (!c.ok) return sendError(reply, 409, 'conflict', c.reason)
      return void reply.send({ attempt: c.attempt, params: c.job.params, inputs: c.job.stored.inputs })
    })

    app.get('/worker/jobs/:id/inputs/:file', { config, schema: { summary: 'An input image of a job', tags: ['worker'] } }, async (req, reply) => {
      if (!authed(req, reply)) return
      const j = current(req, reply)
      if (!j) return
      const file = (req.params as { file: string }).file
      // The stored inputs, or a scene_from job's kept scene (fixed names, present only for such a job).
      const keptScene = (Object.values(KEPT_SCENE_INPUTS) as string[]).includes(file)
      if (!Object.values(j.stored.inputs).includes(file) && !keptScene) return sendError(reply, 404, 'not_found', `the job has no input "${file.slice(0, 100)}"`)
      const bytes = await readFile(o.jobs.store.inputPath(j.stored.job_id, file)).catch(() => null)
      if (!bytes) return sendError(reply, 404, 'not_found', `the job has no input "${file.slice(0, 100)}"`)
      return void reply.type('application/octet-stream').send(bytes)
    })

    app.put('/worker/jobs/:id/files/:file', { config, bodyLimit: MAX_RESULT_BYTES, schema: { summary: 'Upload a result file of the current run', tags: ['worker'] } }, async (req, reply) => {
      if (!authed(req, reply)) return
      const j = current(req, reply)
      if (!j) return
      const file = (req.params as { file: string }).file
      if (!RESULT_FILE.test(file)) return sendError(reply, 400, 'invalid_request', `file: must be step1.png, mask.png, step2.png, final.png, step1_sample_<n>.png or job.json (got "${file.slice(0, 100)}")`)
      if (!Buffer.isBuffer(req.body)) return sendError(reply, 415, 'unsupported_media_type', 'body: send the file as Content-Type: application/octet-stream')
      await writeFileAtomic(join(o.jobs.store.dir(j.stored.job_id), file), req.body)
      return void reply.send({ ok: true })
    })

    app.post('/worker/jobs/:id/messages', { config, schema: { summary: 'An engine message of the current run: progress, image, sample, done', tags: ['worker'] } }, async (req, reply) => {
      if (!authed(req, reply)) return
      const j = current(req, reply)
      if (!j) return
      const m = workerToHostSchema.safeParse(req.body)
      if (!m.success || m.data.type === 'ready' || m.data.type === 'log' || m.data.job_id !== j.stored.job_id)
        return sendError(reply, 400, 'invalid_request', `message: ${m.success ? 'not a message about this job' : m.error.issues[0]?.message}`)
      return void reply.send(o.runner.receive(j, (req.query as { attempt: string }).attempt, m.data))
    })
  }
}
