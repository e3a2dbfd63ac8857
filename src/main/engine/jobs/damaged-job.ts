import { access, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { JOB_IMAGES, type JobImageName } from '../../../shared/job-status'
import { IMAGE_FILES } from '../worker/job-files'
import type { StoredJob } from './stored-job'

/**
 * A job folder that cannot be read as a job (status.json damaged or missing, request.json missing
 * or damaged) still holds the user's images. It is listed as a failed job marked `damaged`, with the
 * images that survive and the product photo if its input is there, so nothing vanishes without a
 * word; the folder itself is left exactly as it is (never saved over, never pruned).
 */
export async function damagedJob(dir: string, jobId: string, reason: string, partial: Partial<StoredJob> | null): Promise<StoredJob> {
  const images: JobImageName[] = []
  for (const name of JOB_IMAGES) if (await exists(join(dir, IMAGE_FILES[name]))) images.push(name)
  const inputs = await readdir(join(dir, 'inputs')).catch(() => [] as string[])
  const input = (name: string) => inputs.find((f) => f.startsWith(`${name}.`)) ?? null
  const created = partial?.created_at ?? (await stat(dir).then((s) => s.birthtimeMs || s.mtimeMs).catch(() => Date.now()))
  return {
    version: 1,
    job_id: jobId,
    seq: -1,
    status: 'failed',
    created_at: created,
    started_at: partial?.started_at ?? null,
    ended_at: partial?.ended_at ?? created,
    current_step: null,
    sub_step: null,
    message: `This job's folder is damaged (${reason}); the images that survive are shown`,
    progress_percent: 0,
    error: `damaged job folder: ${reason}`,
    error_code: 'damaged',
    images,
    samples: [],
    inputs: { product: input('product'), step1: input('step1'), step2: input('step2'), mask: input('mask') },
    eta_plan: [],
    megapixels: 0,
    stop_requested: false,
    ran_steps: [],
    stopped_early: null,
    product_sha256: partial?.product_sha256 ?? null,
    product_from: null,
    damaged: reason,
  }
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  )
