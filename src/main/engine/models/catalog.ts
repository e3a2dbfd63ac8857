/**
 * The model catalogue (models/catalog.json): recommended models with repository, revision, file
 * patterns, sizes, licence (commercial or not), purpose and VRAM need. Parsed strictly so a broken
 * entry fails at load, not halfway through a download.
 */
import { z } from 'zod'
import catalogJson from '../../../../models/catalog.json' with { type: 'json' }
import { SCHEDULER_KINDS } from '../diffusion/schedulers/scheduler-config'
import { EngineError } from '../errors'

export const MODEL_KINDS = ['diffusion', 'controlnet', 'segmentation'] as const
export type ModelKind = (typeof MODEL_KINDS)[number]

const fileSchema = z.object({
  path: z.string().min(1),
  approx_bytes: z.number().int().nonnegative().optional(),
  size: z.number().int().nonnegative().optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
})

export const catalogEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/),
  name: z.string(),
  kind: z.enum(MODEL_KINDS),
  family: z.enum(['sd', 'sdxl']).optional(),
  purpose: z.string(),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  revision: z.string().min(1),
  include: z.array(z.string().min(1)).min(1),
  files: z.array(fileSchema).optional(),
  approx_bytes: z.number().int().positive(),
  vram_gb: z.number().positive(),
  precision: z.string(),
  providers: z.array(z.enum(['cuda', 'dml', 'coreml', 'cpu'])),
  defaults: z
    .object({
      steps: z.int().positive(),
      guidance: z.number().min(0),
      width: z.int(),
      height: z.int(),
      /** Sampler run instead of the folder's own scheduler class (same noise schedule); applied by GenerativeEngines. */
      scheduler: z.enum(SCHEDULER_KINDS).optional(),
    })
    .optional(),
  requires: z.array(z.string()).optional(),
  license: z.object({ id: z.string(), name: z.string(), commercial: z.boolean(), url: z.string() }),
  verified: z.string(),
  notes: z.string().optional(),
  gated: z.boolean().optional(),
})

export const catalogSchema = z.object({ version: z.literal(1), note: z.string().optional(), models: z.array(catalogEntrySchema) })

export type CatalogEntry = z.infer<typeof catalogEntrySchema>
export type Catalog = z.infer<typeof catalogSchema>

export function parseCatalog(json: unknown): Catalog {
  const r = catalogSchema.safeParse(json)
  if (!r.success) throw new EngineError('internal', `models/catalog.json: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const ids = new Set<string>()
  for (const m of r.data.models) {
    if (ids.has(m.id)) throw new EngineError('internal', `models/catalog.json: duplicate id ${m.id}`)
    ids.add(m.id)
  }
  return r.data
}

/** The catalogue shipped with the app (bundled: no file lookup at run time). */
export function builtinCatalog(): Catalog {
  return parseCatalog(catalogJson)
}

export function findEntry(catalog: Catalog, id: string): CatalogEntry {
  const e = catalog.models.find((m) => m.id === id)
  if (!e) throw new EngineError('not_found', `no model "${id}" in the catalogue (known: ${catalog.models.map((m) => m.id).join(', ')})`, 'model')
  return e
}

/** One line on the licence a user must see before using results. */
export function licenseLine(e: CatalogEntry): string {
  return `${e.license.name}${e.license.commercial ? '' : ' - NON-COMMERCIAL use only'}`
}
