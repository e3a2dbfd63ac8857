import { useState } from 'react'
import type { AppFolder, DevicePreference, Language } from '../../../shared/api-client'
import { ErrorNote } from '../common/ErrorNote'
import { useApi, useApp, useStoreApi, useT } from '../store-context'
import { ModelsEndpointField } from './ModelsEndpointField'

const DEVICES: DevicePreference[] = ['auto', 'gpu', 'cpu']

/** Device (with what was detected and why), folders, where models come from, language, the local API. */
export function SettingsScreen() {
  const t = useT()
  const api = useApi()
  const store = useStoreApi()
  const settings = useApp((s) => s.settings)
  const info = useApp((s) => s.info)
  const health = useApp((s) => s.health)
  const error = useApp((s) => s.settingsError)
  const [showToken, setShowToken] = useState(false)
  const [port, setPort] = useState(String(settings.localApi.port))
  const s = store.getState()
  const engineEditable = info?.canConfigureEngine ?? false
  // Only the desktop app can show a folder of this computer in the file manager.
  const canOpen = api.kind === 'electron'
  const gpus = health?.system_metrics.gpu_info ?? []

  return (
    <div className="settings" data-testid="settings">
      <h2>{t('nav.settings')}</h2>
      <ErrorNote error={error} />
      {!engineEditable && <div className="notice">{t('settings.browserNote')}</div>}

      <section className="settings-group">
        <h3>{t('settings.device')}</h3>
        {DEVICES.map((d) => (
          <label key={d} className="radio-row">
            <input type="radio" name="device" checked={settings.device === d} disabled={!engineEditable} onChange={() => void s.updateSettings({ device: d })} />
            <span>
              <b>{t(`settings.device.${d}`)}</b>
              <span className="muted small block">{info?.device ? info.device[d] : t('settings.device.byServer')}</span>
            </span>
          </label>
        ))}
        <div className="muted small">
          {t('settings.device.detected')}: {gpus.length ? gpus.map((g) => `${g.name}${g.vram_total_gb ? ` (${g.vram_total_gb} GB)` : ''}`).join(', ') : t('settings.device.none')}
        </div>
      </section>

      <section className="settings-group">
        <h3>{t('settings.folders')}</h3>
        <div className="kv">
          <span>{t('settings.dataDir')}</span>
          <span className="row">
            <span className="path">{info?.dataDir ?? '—'}</span>
            {canOpen && info?.dataDir && <OpenFolder folder="data" />}
          </span>
          <span>{t('settings.fontsDir')}</span>
          <span className="row">
            <span className="path">{info?.fontsDir ?? '—'}</span>
            {canOpen && info?.fontsDir && <OpenFolder folder="fonts" />}
          </span>
          <span>{t('settings.exportFolder')}</span>
          <span className="row">
            {settings.exportFolder ? <span className="path">{settings.exportFolder}</span> : <span>{t('settings.askEachTime')}</span>}
            {engineEditable && (
              <button onClick={() => void api.pickFolder().then((r) => (r.ok && r.value ? s.updateSettings({ exportFolder: r.value }) : undefined))}>{t('settings.change')}</button>
            )}
            {engineEditable && settings.exportFolder && (
              <button className="link" onClick={() => void s.updateSettings({ exportFolder: null })}>
                {t('settings.askEachTime')}
              </button>
            )}
          </span>
        </div>
      </section>

      <ModelsEndpointField />

      <section className="settings-group">
        <h3>{t('settings.language')}</h3>
        <select value={settings.language ?? 'auto'} data-testid="language" onChange={(e) => void s.updateSettings({ language: e.target.value === 'auto' ? null : (e.target.value as Language) })}>
          <option value="auto">{t('settings.language.auto')}</option>
          <option value="ko">한국어</option>
          <option value="en">English</option>
        </select>
      </section>

      <section className="settings-group">
        <h3>{t('settings.api')}</h3>
        <label className="check">
          <input
            type="checkbox"
            checked={settings.localApi.enabled}
            disabled={!engineEditable}
            onChange={(e) => void s.updateSettings({ localApi: { ...settings.localApi, enabled: e.target.checked } })}
          />
          {t('settings.api.enabled')}
        </label>
        <div className="kv">
          <span>{t('settings.api.port')}</span>
          <input
            type="number"
            min={1024}
            max={65535}
            value={port}
            disabled={!engineEditable}
            onChange={(e) => setPort(e.target.value)}
            // Applied when the field is left: every change restarts the API server.
            onBlur={() => Number(port) !== settings.localApi.port && void s.updateSettings({ localApi: { ...settings.localApi, port: Number(port) } })}
          />
          <span>{t('settings.api.token')}</span>
          <span className="row">
            <code className="token">{settings.localApi.token ? (showToken ? settings.localApi.token : '•'.repeat(16)) : '—'}</code>
            {settings.localApi.token && (
              <button className="link" onClick={() => setShowToken(!showToken)}>
                {t('settings.api.show')}
              </button>
            )}
          </span>
        </div>
        {info?.apiUrl && <div className="muted small">{t('settings.api.listening', { url: info.apiUrl })}</div>}
      </section>
      <div className="muted small">
        {t('settings.version')} {info?.version} · {info?.platform} · {info?.kind}
      </div>
    </div>
  )
}

/** Opens one of the app's folders in the file manager; says why when it cannot. */
function OpenFolder({ folder }: { folder: AppFolder }) {
  const t = useT()
  const api = useApi()
  const [problem, setProblem] = useState<string | null>(null)
  return (
    <>
      <button data-testid={`open-${folder}-folder`} onClick={() => void api.openFolder(folder).then((r) => setProblem(r.ok ? null : r.message))}>
        {t('settings.openFolder')}
      </button>
      {problem && (
        <span className="error small" role="alert">
          {problem}
        </span>
      )}
    </>
  )
}
