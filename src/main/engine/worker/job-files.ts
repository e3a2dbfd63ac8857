import type { JobImageName } from '../../../shared/job-status'

/**
 * Names of the files in a job folder that both the server and the worker use. Kept apart from the
 * engine code so the server can name them without loading image codecs.
 */

/** Each job image (also what GET /jobs/{id}/images/{name}.png serves). */
export const IMAGE_FILES: Record<JobImageName, string> = {
  step1: 'step1.png',
  mask: 'mask.png',
  step2: 'step2.png',
  final: 'final.png',
  product_mask: 'product_mask.png',
}

/**
 * A `scene_from` job's copy of the kept scene it places the product over, in its inputs/ folder:
 * the source job's scene.png (linked) and job.json (whose scene entry holds the light and layout).
 */
export const KEPT_SCENE_INPUTS = { png: 'scene.png', json: 'scene-job.json' } as const

/**
 * Dropped into the job folder by the host to ask for a stop, besides the `stop` message: the worker
 * checks it synchronously at every sub-step boundary, where an IPC message may still be unread.
 */
export const STOP_MARKER = 'stop-requested'
