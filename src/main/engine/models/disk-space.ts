import { mkdir, statfs } from 'node:fs/promises'
import { EngineError } from '../errors'

export type FreeSpaceProbe = (dir: string) => Promise<number>

/** Free bytes available to this user on the volume holding `dir` (created if missing). */
export const freeBytes: FreeSpaceProbe = async (dir) => {
  await mkdir(dir, { recursive: true })
  const s = await statfs(dir)
  return Number(s.bavail) * Number(s.bsize)
}

const gb = (n: number) => `${(n / 1e9).toFixed(2)} GB`

/** Refuses to start a download that cannot finish: needed bytes plus a margin for the system. */
export async function ensureDiskSpace(dir: string, needBytes: number, probe: FreeSpaceProbe = freeBytes): Promise<void> {
  const margin = Math.max(256 * 2 ** 20, needBytes * 0.02)
  const free = await probe(dir)
  if (free < needBytes + margin)
    throw new EngineError('model_unavailable', `not enough disk space in ${dir}: the download needs ${gb(needBytes)} (plus ${gb(margin)} to spare), ${gb(free)} is free`)
}
