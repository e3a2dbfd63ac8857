import { useState } from 'react'
import type { Screen } from '../store/types'
import { useApp, useStoreApi, useT } from './store-context'

const SCREENS: Screen[] = ['editor', 'history', 'batch', 'models', 'settings']

/** Navigation and the engine's state (what happened when it restarts, detail one click away). */
export function TopBar() {
  const t = useT()
  const store = useStoreApi()
  const screen = useApp((s) => s.screen)
  const engine = useApp((s) => s.engine)
  const [open, setOpen] = useState(false)
  const state = engine?.state ?? 'starting'
  return (
    <header className="topbar">
      <div className="brand">
        <span className="logo">◆</span> {t('app.title')}
      </div>
      <nav>
        {SCREENS.map((k) => (
          <button key={k} className={screen === k ? 'on' : ''} onClick={() => store.getState().setScreen(k)} data-testid={`nav-${k}`}>
            {t(`nav.${k}`)}
          </button>
        ))}
      </nav>
      <button className={`engine-pill engine-${state}`} onClick={() => setOpen(!open)} data-testid="engine-status" data-state={state} title={engine?.message}>
        <span className="engine-dot" />
        {t(`engine.${state}`)}
        {state === 'restarting' && engine?.retryInMs ? ` · ${t('engine.retryIn', { s: Math.ceil(engine.retryInMs / 1000) })}` : ''}
      </button>
      {open && engine && (
        <div className="engine-detail" role="dialog" data-testid="engine-detail">
          <div>{t(`engine.detail.${state}`)}</div>
          <pre className="error-detail">{[engine.message, engine.lastExit].filter(Boolean).join('\n')}</pre>
          <div className="muted small">{t('engine.restarts', { n: engine.restarts })}</div>
        </div>
      )}
    </header>
  )
}
