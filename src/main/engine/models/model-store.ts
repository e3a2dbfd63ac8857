/**
 * Installed models: one folder per id under the models dir, with adstudio-model.json saying what it
 * is. Downloads keep their files in that folder; imports keep only the manifest there and point at
 * the user's own folder (never copied, never deleted by `remove`).
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readdir, readFile, rm, rmdir, stat } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { z } from 'zod'
import { EngineError } from '../errors'
import { writeFileAtomic } from '../storage/atomic-write'
import { MODEL_KINDS } from './catalog'
import { validateModelPath, type ValidationReport } from './validate-model'

export const MANIFEST = 'adstudio-model.json'

const manifestSchema = z.object({
  id: z.string(),
  kind: z.enum(MODEL_KINDS),
  family: z.enum(['sd', 'sdxl']).nullable().optional(),
  source: z.enum(['download', 'import']),
  /** The model folder (downloads: the id folder; imports: the user's folder or file). */
  path: z.string(),
  /** Single-graph models: the .onnx to load, relative to `path` (null: `path` is the file or a diffusion folder). */
  main: z.string().nullable().optional(),
  repo: z.string().optional(),
  revision: z.string().optional(),
  commit: z.string().nullable().optional(),
  license: z.object({ id: z.string(), name: z.string(), commercial: z.boolean(), url: z.string() }).optional(),
  files: z.array(z.object({ path: z.string(), size: z.number(), sha256: z.string().nullable().optional(), mtimeMs: z.number().optional() })),
  installed_at: z.string(),
})
export type ModelManifest = z.infer<typeof manifestSchema>

export async function readManifest(modelsDir: string, id: string): Promise<ModelManifest | null> {
  let text: string
  try {
    text = await readFile(join(modelsDir, id, MANIFEST), 'utf8')
  } catch {
    return null
  }
  let json: unknown = null
  try {
    json = JSON.parse(text)
  } catch {
    // falls through to the damaged-manifest error
  }
  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success) throw new EngineError('model_unavailable', `${join(modelsDir, id, MANIFEST)} is damaged: remove and pull/import the model again`)
  return parsed.data
}

export async function writeManifest(modelsDir: string, m: ModelManifest): Promise<void> {
  await writeFileAtomic(join(modelsDir, m.id, MANIFEST), `${JSON.stringify(m, null, 2)}\n`)
}

export interface InstalledModel {
  id: string
  status: 'ready' | 'incomplete' | 'missing'
  manifest: ModelManifest | null
  /** Bytes of unfinished downloads (.part files) for incomplete ones. */
  partialBytes: number
}

async function partBytes(dir: string): Promise<number> {
  let n = 0
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (e.isFile() && e.name.endsWith('.part')) n += (await stat(join(e.parentPath, e.name)).catch(() => null))?.size ?? 0
  }
  return n
}

export async function listInstalled(modelsDir: string): Promise<InstalledModel[]> {
  const out: InstalledModel[] = []
  for (const e of await readdir(modelsDir, { withFileTypes: true }).catch(() => [])) {
    if (!e.isDirectory()) continue
    const manifest = await readManifest(modelsDir, e.name).catch(() => null)
    if (!manifest) {
      out.push({ id: e.name, status: 'incomplete', manifest: null, partialBytes: await partBytes(join(modelsDir, e.name)) })
      continue
    }
    const present = await stat(manifest.path).then(() => true, () => false)
    out.push({ id: e.name, status: present ? 'ready' : 'missing', manifest, partialBytes: 0 })
  }
  return out.sort((a, b) => a.id.localeCompare(b.id))
}

/** The path an engine loads: a diffusion folder, or the .onnx of a single-graph model. */
export async function resolveInstalledModel(modelsDir: string, id: string): Promise<{ path: string; manifest: ModelManifest }> {
  const m = await readManifest(modelsDir, id)
  if (!m) throw new EngineError('model_not_installed', `model "${id}" is not installed: run \`adstudio models pull ${id}\` or \`adstudio models import <folder> --id ${id}\``)
  const path = m.main ? join(m.path, m.main) : m.path
  if (!(await stat(path).then(() => true, () => false))) throw new EngineError('model_unavailable', `model "${id}": ${path} is gone (moved or deleted); import it again`)
  return { path, manifest: m }
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256')
  for await (const c of createReadStream(path)) h.update(c as Buffer)
  return h.digest('hex')
}

export interface VerifyResult {
  id: string
  ok: boolean
  problems: string[]
  checkedFiles: number
}

/** Downloads: every file's size and SHA-256 against the manifest. Imports: sizes, then a fresh validation. */
export async function verifyInstalled(modelsDir: string, id: string, opts: { hash?: boolean } = {}): Promise<VerifyResult> {
  const m = await readManifest(modelsDir, id)
  if (!m) throw new EngineError('not_found', `model "${id}" is not installed`, 'model')
  const problems: string[] = []
  for (const f of m.files) {
    const p = join(m.path, f.path)
    const st = await stat(p).catch(() => null)
    if (!st) problems.push(`${f.path}: missing`)
    else if (st.size !== f.size) problems.push(`${f.path}: ${st.size} bytes, expected ${f.size}`)
    else if ((opts.hash ?? m.source === 'download') && f.sha256 && (await sha256File(p)) !== f.sha256) problems.push(`${f.path}: SHA-256 differs (file damaged)`)
  }
  if (m.source === 'import' && !problems.length) problems.push(...(await validateModelPath(m.path)).problems)
  return { id, ok: problems.length === 0, problems, checkedFiles: m.files.length }
}

/** Downloads are deleted; for imports only the record goes (the user's folder stays). */
export async function removeInstalled(modelsDir: string, id: string): Promise<{ deletedFiles: boolean }> {
  const m = await readManifest(modelsDir, id).catch(() => null)
  const dir = join(modelsDir, id)
  if (!m && !(await stat(dir).then(() => true, () => false))) throw new EngineError('not_found', `model "${id}" is not installed`, 'model')
  if (m?.source === 'import' && resolve(m.path) !== resolve(dir)) {
    await rm(join(dir, MANIFEST), { force: true })
    await rmdir(dir).catch(() => undefined)
    return { deletedFiles: false }
  }
  await rm(dir, { recursive: true, force: true })
  return { deletedFiles: true }
}

export function slugId(name: string): string {
  return basename(name).toLowerCase().replace(/\.onnx$/, '').replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 64) || 'model'
}

/** Registers a folder the user already has, after validating it (nothing is copied). */
export async function importModel(modelsDir: string, path: string, opts: { id?: string } = {}): Promise<{ manifest: ModelManifest; report: ValidationReport }> {
  const abs = resolve(path)
  const report = await validateModelPath(abs)
  if (report.problems.length || !report.kind)
    throw new EngineError('invalid_request', `${abs} cannot be used:\n  - ${report.problems.join('\n  - ')}`, 'path')
  const id = opts.id ?? slugId(abs)
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(id)) throw new EngineError('invalid_request', `--id ${id}: use lower-case letters, digits, '.', '_' or '-'`, 'id')
  if (await readManifest(modelsDir, id)) throw new EngineError('invalid_request', `a model "${id}" is already installed: remove it first or choose --id`, 'id')
  const st = await stat(abs)
  const files = st.isDirectory()
    ? await Promise.all(
        (await readdir(abs, { recursive: true, withFileTypes: true }))
          .filter((e) => e.isFile() && !e.name.startsWith('.'))
          .map(async (e) => {
            const full = join(e.parentPath, e.name)
            const s = await stat(full)
            return { path: full.slice(abs.length + 1), size: s.size, mtimeMs: s.mtimeMs }
          }),
      )
    : [{ path: basename(abs), size: st.size, mtimeMs: st.mtimeMs }]
  const manifest: ModelManifest = {
    id,
    kind: report.kind,
    family: report.family,
    source: 'import',
    path: st.isDirectory() ? abs : join(abs, '..'),
    main: st.isDirectory() ? report.main : basename(abs),
    files,
    installed_at: new Date().toISOString(),
  }
  await writeManifest(modelsDir, manifest)
  return { manifest, report }
}
