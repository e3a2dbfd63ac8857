import { mkdir, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join } from 'node:path'
import type { ClientResult, SavedFiles, SaveFilesRequest } from '../../shared/api-client'

/**
 * Writes exported ads. With no folder given, the native Save dialog asks (starting in the folder
 * used last time); the first file's name may be changed there and the others follow it into the
 * same folder. Names are bare file names (checked by the IPC schema); existing files are not
 * overwritten silently: a number is added.
 */
export interface ExportDeps {
  showSaveDialog: (defaultPath: string) => Promise<string | null>
  lastFolder: () => string | null
  rememberFolder: (folder: string) => Promise<void>
  fallbackFolder: () => string
}

export async function saveExportFiles(deps: ExportDeps, req: SaveFilesRequest): Promise<ClientResult<SavedFiles | null>> {
  let folder = req.folder
  const names = req.files.map((f) => f.name)
  if (folder === null) {
    const start = join(deps.lastFolder() ?? deps.fallbackFolder(), names[0])
    const chosen = await deps.showSaveDialog(start)
    if (!chosen) return { ok: true, value: null }
    folder = dirname(chosen)
    names[0] = basename(chosen)
  }
  if (!isAbsolute(folder)) return { ok: false, code: 'invalid_request', message: `folder must be an absolute path: ${folder}` }
  try {
    await mkdir(folder, { recursive: true })
    const paths: string[] = []
    for (let i = 0; i < req.files.length; i++) {
      const path = await freeName(folder, names[i])
      await writeFile(path, req.files[i].bytes, { flag: 'wx' })
      paths.push(path)
    }
    await deps.rememberFolder(folder)
    return { ok: true, value: { folder, paths } }
  } catch (e) {
    return { ok: false, code: 'io_error', message: `could not write into ${folder}: ${(e as Error).message}` }
  }
}

/** `name`, or `name (2)`, `name (3)`… whichever does not exist yet. */
async function freeName(folder: string, name: string): Promise<string> {
  const dot = name.lastIndexOf('.')
  const stem = dot > 0 ? name.slice(0, dot) : name
  const ext = dot > 0 ? name.slice(dot) : ''
  for (let n = 1; n < 10_000; n++) {
    const p = join(folder, n === 1 ? name : `${stem} (${n})${ext}`)
    if (!(await stat(p).catch(() => null))) return p
  }
  throw new Error('no free file name')
}
