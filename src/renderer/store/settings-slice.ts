import { DEFAULT_SETTINGS, type AppInfo, type AppSettings, type EngineStatus, type Language } from '../../shared/api-client'
import type { FontsResponse, HealthResponse } from '../../shared/api-responses'
import { hubEndpointError } from '../../shared/hub-endpoint'
import type { StoreSlice } from './store-shape'
import { uiError, type UiError } from './types'

export interface FontEntry {
  name: string
  family: string
  /** What the picker shows: the file's own name (families have several weights, e.g. Pretendard-Bold). */
  label: string
  hangul: boolean
}

export interface SettingsState {
  settings: AppSettings
  info: AppInfo | null
  engine: EngineStatus | null
  health: HealthResponse | null
  fonts: FontEntry[]
  fontsError: UiError | null
  settingsError: UiError | null
  /** The system's language, used while settings.language is null (Korean on a Korean system). */
  systemLocale: string
}

export interface SettingsActions {
  loadSettings(): Promise<void>
  /** false when refused (the reason is in settingsError). */
  updateSettings(patch: Partial<AppSettings>): Promise<boolean>
  /**
   * Saves where models are downloaded from, as typed (trimmed; empty means the default). Checked here
   * with main's own rule first, so a typo is named at once without a round trip. false when refused.
   */
  saveModelsEndpoint(text: string): Promise<boolean>
  /** Back to the default: HF_ENDPOINT where the app was started with it, else https://huggingface.co. */
  resetModelsEndpoint(): Promise<boolean>
  loadFonts(): Promise<void>
  refreshHealth(): Promise<void>
  setEngineStatus(s: EngineStatus): void
  setSystemLocale(locale: string): void
}

export const settingsInitialState: SettingsState = {
  settings: DEFAULT_SETTINGS,
  info: null,
  engine: null,
  health: null,
  fonts: [],
  fontsError: null,
  settingsError: null,
  systemLocale: 'en',
}

/** The UI language: the chosen one, else Korean on a Korean system, else English. */
export const languageOf = (s: Pick<SettingsState, 'settings' | 'systemLocale'>): Language =>
  s.settings.language ?? (s.systemLocale.toLowerCase().startsWith('ko') ? 'ko' : 'en')

export function fontEntries(r: FontsResponse): FontEntry[] {
  return r.fonts.map((name, i) => {
    const d = r.details[i] ?? {}
    const label = (name.split('/').pop() ?? name).replace(/\.[a-z0-9]+$/i, '')
    const family = typeof d.family === 'string' ? d.family : label
    return { name, family, label, hangul: d.hangul === true }
  })
}

export const createSettingsSlice: StoreSlice<SettingsState & SettingsActions> = (set, get, deps) => ({
  ...settingsInitialState,

  async loadSettings() {
    const [s, info] = await Promise.all([deps.api.getSettings(), deps.api.appInfo()])
    set({
      settings: s.ok ? s.value : get().settings,
      info: info.ok ? info.value : get().info,
      settingsError: !s.ok ? uiError(s) : !info.ok ? uiError(info) : null,
    })
  },

  async updateSettings(patch) {
    const before = get().settings
    set({ settings: { ...before, ...patch } }) // shown at once; rolled back if refused
    const r = await deps.api.setSettings(patch)
    set(r.ok ? { settings: r.value, settingsError: null } : { settings: before, settingsError: uiError(r) })
    if (r.ok && patch.localApi) void get().loadSettings()
    // The Models screen shows the endpoint in use: ask main again rather than guess the default.
    if (r.ok && patch.modelsEndpoint !== undefined) void get().loadModels()
    return r.ok
  },

  async saveModelsEndpoint(text) {
    const value = text.trim()
    if (!value) return get().resetModelsEndpoint()
    const bad = hubEndpointError(value)
    if (bad) {
      set({ settingsError: uiError({ code: 'invalid_request', message: bad }) })
      return false
    }
    return get().updateSettings({ modelsEndpoint: value })
  },

  resetModelsEndpoint: () => get().updateSettings({ modelsEndpoint: null }),

  async loadFonts() {
    const r = await deps.api.listFonts()
    if (!r.ok) return set({ fontsError: uiError(r) })
    set({ fonts: fontEntries(r.value), fontsError: null })
  },

  async refreshHealth() {
    const r = await deps.api.health()
    if (r.ok) set({ health: r.value })
  },

  setEngineStatus: (engine) => set({ engine }),
  setSystemLocale: (systemLocale) => set({ systemLocale }),
})
