import { readFile } from 'node:fs/promises'
import { JOB_IMAGES, sampleIndexOf, type JobImageName } from '../../../shared/job-status'
import type { JobService } from '../jobs/job-service'
import { JOB_ID_PATTERN } from '../jobs/stored-job'
import { ApiError } from './http-util'
import { decodeImageField, type ImageInput } from './image-input'

const OWN_PATH = /^\/jobs\/([^/]+)\/(images|samples)\/([^/]+)\.png$/

/**
 * An image given by URL: a `data:` URL, or a URL of this server's own job images (absolute with
 * this server's host, or a path). Nothing is fetched: any other host is refused, naming the rule.
 */
export async function imageFromUrl(field: string, url: string, jobs: JobService, ownHosts: readonly string[]): Promise<ImageInput> {
  if (/^data:/i.test(url)) {
    if (!/^data:[a-z0-9.+/-]*(;[a-z0-9=.+-]+)*;base64,/i.test(url)) throw refuse(field, 'a data: URL must be base64 (data:image/png;base64,...)')
    return checked(decodeImageField(field, url))
  }
  let u: URL
  try {
    u = new URL(url, 'http://own.invalid')
  } catch {
    throw refuse(field, 'must be a data: URL or a URL of this server’s images')
  }
  const own = u.host === 'own.invalid' || ((u.protocol === 'http:' || u.protocol === 'https:') && ownHosts.includes(u.host.toLowerCase()))
  if (!own)
    throw refuse(field, `host ${u.host.slice(0, 100) || u.protocol} is not this server: only data: URLs and this server’s own image URLs are accepted (the server never fetches other hosts)`)
  const m = OWN_PATH.exec(u.pathname)
  if (!m) throw refuse(field, 'must name one of this server’s images: /jobs/{id}/images/{name}.png or /jobs/{id}/samples/{n}.png')
  const [, id, kind, name] = m
  const j = JOB_ID_PATTERN.test(id) ? jobs.get(id) : undefined
  let path: string | null = null
  if (j && kind === 'images' && JOB_IMAGES.includes(name as JobImageName) && j.stored.images.includes(name as JobImageName)) path = jobs.store.imagePath(id, name as JobImageName)
  const index = kind === 'samples' ? sampleIndexOf(`sample-${name}`) : null
  if (j && index !== null && j.stored.samples.some((s) => s.index === index)) path = jobs.store.samplePath(id, index)
  const bytes = path && (await readFile(path).catch(() => null))
  if (!bytes) throw refuse(field, `no such image on this server (${u.pathname.slice(0, 200)})`)
  return checked(decodeImageField(field, bytes.toString('base64')))
}

function refuse(field: string, rule: string): ApiError {
  return new ApiError(400, 'invalid_image', `${field}: ${rule}`, [{ field, rule }])
}

function checked(r: ReturnType<typeof decodeImageField>): ImageInput {
  if (!r.ok) throw ApiError.from(r)
  return r.value
}
