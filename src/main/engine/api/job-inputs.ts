import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sniffImage } from '../../../shared/image-sniff'
import type { JobService } from '../jobs/job-service'
import { keptProduct } from '../jobs/kept-product'
import { JOB_ID_PATTERN } from '../jobs/stored-job'
import { sendBytes, sendError, sendNotFound } from './http-util'

const TYPES: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  tiff: 'image/tiff',
  avif: 'image/avif',
  heif: 'image/heif',
}

/**
 * GET /jobs/{id}/inputs/product: the product photo a job keeps, byte for byte as it was sent, so a
 * client that reopens the job can preview it (and a re-run names it with `product_from` instead of
 * sending it back). Kept apart from routes.ts so the handler moves as one piece.
 */
export async function sendJobProduct(res: ServerResponse, jobs: JobService, id: string): Promise<void> {
  if (!JOB_ID_PATTERN.test(id) || !jobs.get(id)) return sendNotFound(res)
  const kept = await keptProduct(jobs, id)
  const bytes = kept && (await readFile(kept.path).catch(() => null))
  if (!bytes) return sendError(res, 404, 'not_found', 'This job keeps no product photo (it was made without one, or the file is gone)')
  const format = sniffImage(bytes.subarray(0, 1 << 16))?.format
  sendBytes(res, 200, bytes, (format && TYPES[format]) || 'application/octet-stream')
}

/** The route table entry (routes.ts spreads it in). */
export const JOB_INPUT_ROUTES = [
  {
    method: 'GET',
    pattern: /^\/jobs\/([^/]+)\/inputs\/product$/,
    handler: (_req: IncomingMessage, res: ServerResponse, c: { jobs: JobService }, [id]: string[]) => sendJobProduct(res, c.jobs, id),
  },
]
