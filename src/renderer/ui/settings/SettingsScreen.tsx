import { useEffect, useId, useState } from 'react'
import type { AppFolder, DevicePreference, Language } from '../../../shared/api-client'
import { portInUse } from '../../lib/api-port'
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
  const id = useId()
  // The port shown is the one in use when the API runs (a browser page talks through it); the saved one otherwise.
  const inUse = portInUse(info?.apiUrl)
  const shownPort = String(inUse ?? settings.localApi.port)
  const [port, setPort] = useState(shownPort)
  useEffect(() => setPort(shownPort), [shownPort])
  const s = store.getState()
  const engineEditable = info?.canConfigureEngine ?? false
  // Only the desktop app can show a folder of this computer in the file manager.
  const canOpen = api.kind === 'electron'
  const gpus = health?.system_metrics.gpu_info ?? []

  return (
    <div className="settings" data-testid="settings">
      <h1>{t('nav.settings')}</h1>
      <ErrorNote error={error} />
      {!engineEditable && <div className="notice">{t('settings.browserNote')}</div>}

      <section className="settings-group">
        <h2 id={`${id}-device`}>{t('settings.device')}</h2>
        <div role="radiogroup" aria-labelledby={`${id}-device`}>
          {DEVICES.map((d) => (
            <div key={d} className="radio-row">
              <input
                id={`${id}-device-${d}`}
                type="radio"
                name="device"
                checked={settings.device === d}
                disabled={!engineEditable}
                aria-describedby={`${id}-device-${d}-why`}
                onChange={() => void s.updateSettings({ device: d })}
              />
              <span>
                <label htmlFor={`${id}-device-${d}`}>
                  <b>{t(`settings.device.${d}`)}</b>
                </label>
                <span id={`${id}-device-${d}-why`} className="muted small block">
                  {info?.device ? info.device[d] : t('settings.device.byServer')}
                </span>
              </span>
            </div>
          ))}
        </div>
        <div className="muted small">
          {t('settings.device.detected')}: {gpus.length ? gpus.map((g) => `${g.name}${g.vram_total_gb ? ` (${g.vram_total_gb} GB)` : ''}`).join(', ') : t('settings.device.none')}
        </div>
      </section>

      <section className="settings-group">
        <h2>{t('settings.folders')}</h2>
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
        <h2>
          <label htmlFor={`${id}-language`}>{t('settings.language')}</label>
        </h2>
        <select id={`${id}-language`} value={settings.language ?? 'auto'} data-testid="language" onChange={(e) => void s.updateSettings({ language: e.target.value === 'auto' ? null : (e.target.value as Language) })}>
          <option value="auto">{t('settings.language.auto')}</option>
          <option value="ko">한국어</option>
          <option value="en">English</option>
        </select>
      </section>

      <section className="settings-group">
        <h2>{t('settings.api')}</h2>
        <label className="check">
          <input
            type="checkbox"
            checked={engineEditable ? settings.localApi.enabled : inUse !== null}
            disabled={!engineEditable}
            onChange={(e) => void s.updateSettings({ localApi: { ...settings.localApi, enabled: e.target.checked } })}
          />
          {t('settings.api.enabled')}
        </label>
        <div className="kv">
          <label htmlFor={`${id}-port`}>{t('settings.api.port')}</label>
          <input
            id={`${id}-port`}
            type="number"
            min={1024}
            max={65535}
            value={port}
            data-testid="api-port"
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
