import { readFile } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorResponseSchema } from '../../../shared/api-responses'
import { sniffImage } from '../../../shared/image-sniff'
import type { JobService } from '../jobs/job-service'
import { keptProduct } from '../jobs/kept-product'
import { JOB_ID_PATTERN } from '../jobs/stored-job'
import { sendError, sendNotFound } from './http-util'

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
 * sending it back).
 */
export function jobInputRoutes(jobs: JobService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>()
    app.get('/jobs/:job_id/inputs/product', {
      schema: {
        summary: 'The product photo a job keeps, as it was sent',
        tags: ['jobs'],
        params: z.object({ job_id: z.string().describe('the job id (a UUID)') }),
        response: { 200: z.any().describe('the photo in its own format'), 404: errorResponseSchema },
      },
      handler: async (req, reply) => {
        const id = req.params.job_id
        if (!JOB_ID_PATTERN.test(id) || !jobs.get(id)) return sendNotFound(reply)
        const kept = await keptProduct(jobs, id)
        const bytes = kept && (await readFile(kept.path).catch(() => null))
        if (!bytes) return sendError(reply, 404, 'not_found', 'This job keeps no product photo (it was made without one, or the file is gone)')
        const format = sniffImage(bytes.subarray(0, 1 << 16))?.format
        return void reply.type((format && TYPES[format]) || 'application/octet-stream').send(bytes)
      },
    })
  }
}
