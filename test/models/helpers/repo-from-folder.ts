import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FakeRepo } from './fake-hub'

/** A fake repository holding a folder's files; .onnx files (and big ones) are served as LFS. */
export async function repoFromFolder(dir: string, commit = 'c0ffee'.padEnd(40, '0')): Promise<FakeRepo> {
  const files = new Map<string, Buffer>()
  const lfs = new Set<string>()
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue
    const full = join(e.parentPath, e.name)
    const path = full.slice(dir.length + 1)
    const b = await readFile(full)
    files.set(path, b)
    if (path.endsWith('.onnx') || b.length > 10_000) lfs.add(path)
  }
  return { commit, files, lfs }
}
