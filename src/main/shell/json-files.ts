import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { DEFAULT_SETTINGS, type AppSettings, type StateKey } from '../../shared/api-client'
import { settingsPatchSchema } from '../../shared/ipc-channels'
import { writeFileAtomic } from '../engine/storage/atomic-write'

/**
 * The shell's own small files in the user-data folder: settings.json (validated on read: a damaged
 * or hand-edited field falls back to its default, the others stay) and the renderer's saved states
 * (state-batch.json, state-editor.json), written atomically and capped in size.
 */
const settingsFileSchema = settingsPatchSchema.extend({ lastExportFolder: z.string().max(4096).nullable().optional() })
export type StoredSettings = AppSettings & { lastExportFolder: string | null }

export class ShellFiles {
  private settings: StoredSettings = { ...DEFAULT_SETTINGS, lastExportFolder: null }

  constructor(private readonly dir: string) {}

  async load(): Promise<StoredSettings> {
    try {
      const raw = JSON.parse(await readFile(join(this.dir, 'settings.json'), 'utf8')) as unknown
      this.settings = { ...this.settings, ...validFields(raw) }
    } catch {
      // first start, or unreadable: defaults
    }
    return this.settings
  }

  get(): StoredSettings {
    return this.settings
  }

  async update(patch: Partial<StoredSettings>): Promise<StoredSettings> {
    this.settings = { ...this.settings, ...patch }
    await writeFileAtomic(join(this.dir, 'settings.json'), `${JSON.stringify(this.settings, null, 2)}\n`)
    return this.settings
  }

  async loadState(key: StateKey): Promise<unknown> {
    try {
      return JSON.parse(await readFile(join(this.dir, `state-${key}.json`), 'utf8')) as unknown
    } catch {
      return null
    }
  }

  /** Refuses states over 2 MB: they hold lists and settings, never images. */
  async saveState(key: StateKey, value: unknown): Promise<boolean> {
    const text = JSON.stringify(value ?? null)
    if (text.length > 2_000_000) return false
    await writeFileAtomic(join(this.dir, `state-${key}.json`), text)
    return true
  }
}

/**
 * The fields of a settings file that pass their own rule. Field by field, so an older file (without
 * a newer field such as modelsEndpoint), a newer one (with fields this version does not know) or one
 * bad hand edit keeps every other setting instead of resetting them all.
 */
function validFields(raw: unknown): Partial<StoredSettings> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {}
  const kept: Record<string, unknown> = {}
  for (const [key, rule] of Object.entries(settingsFileSchema.shape)) {
    if (!Object.hasOwn(raw, key)) continue
    const r = rule.safeParse((raw as Record<string, unknown>)[key])
    if (r.success && r.data !== undefined) kept[key] = r.data
  }
  return kept as Partial<StoredSettings>
}

/** The settings the renderer sees (the remembered export folder is the shell's business). */
export function publicSettings(s: StoredSettings): AppSettings {
  const { lastExportFolder: _l, ...rest } = s
  return rest
}
