import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fail, ok, type Result } from '../../../shared/result'
import { keptSceneInfoOf } from '../pipeline/kept-scene'
import { KEPT_SCENE_INPUTS } from '../worker/job-files'
import type { JobService, NewJob } from './job-service'

/**
 * The request field `scene_from`: the empty scene an earlier job keeps (scene.png, and job.json's
 * scene entry with the light and layout it was made with), checked now so a job that cannot use it
 * is refused at once, and returned as the files the new job keeps in its inputs/ (the picture linked,
 * job.json copied: the worker reads them from there, whatever happens to the source job later).
 */
export async function keptSceneInputs(
  jobs: JobService,
  jobId: string,
  size: { width: number; height: number },
): Promise<Result<NonNullable<NewJob['extraInputs']>>> {
  const refuse = (rule: string) => fail('invalid_request', `scene_from: ${rule}`, [{ field: 'scene_from', rule }])
  if (!jobs.get(jobId)) return refuse(`job ${jobId} not found`)
  const dir = jobs.store.dir(jobId)
  const png = join(dir, 'scene.png')
  const jsonBytes = await readFile(join(dir, 'job.json')).catch(() => null)
  const isFile = await stat(png).then((s) => s.isFile(), () => false)
  if (!jsonBytes || !isFile) return refuse(`job ${jobId} keeps no empty scene (scene.png and job.json: made by a job that ran step 1 to the end)`)
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(jsonBytes).toString('utf8'))
  } catch {
    return refuse(`job ${jobId}'s job.json cannot be read`)
  }
  const info = keptSceneInfoOf(json)
  if (typeof info === 'string') return refuse(`job ${jobId}: ${info}`)
  const { width, height } = info.layout
  if (width !== size.width || height !== size.height)
    return refuse(`job ${jobId}'s scene is ${width}x${height}, the request asks for ${size.width}x${size.height} (send the same width and height, or make a new scene)`)
  return ok([
    { file: KEPT_SCENE_INPUTS.png, linkFrom: png, ext: 'png' },
    { file: KEPT_SCENE_INPUTS.json, bytes: new Uint8Array(jsonBytes), ext: 'json' },
  ])
}
