import { useEffect, useId, useRef, useState, type RefObject } from 'react'
import type { Screen } from '../store/types'
import { useApp, useStoreApi, useT } from './store-context'

const SCREENS: Screen[] = ['editor', 'history', 'batch', 'models', 'settings']

/**
 * The engine's state in detail, opened from the pill: a non-modal popover that Escape, a click
 * outside it or its close button dismisses (focus goes back to the pill when it was inside).
 */
function EngineDetail({ onClose, pill }: { onClose: () => void; pill: RefObject<HTMLButtonElement | null> }) {
  const t = useT()
  const engine = useApp((s) => s.engine)
  const box = useRef<HTMLDivElement>(null)
  const titleId = useId()
  const state = engine?.state ?? 'starting'

  useEffect(() => {
    box.current?.focus()
    const key = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      const inside = box.current?.contains(document.activeElement)
      onClose()
      if (inside) pill.current?.focus()
    }
    const outside = (e: MouseEvent) => {
      const target = e.target as Node
      if (!box.current?.contains(target) && !pill.current?.contains(target)) onClose()
    }
    window.addEventListener('keydown', key)
    window.addEventListener('mousedown', outside)
    return () => {
      window.removeEventListener('keydown', key)
      window.removeEventListener('mousedown', outside)
    }
  }, [onClose, pill])

  return (
    <div className="engine-detail" role="dialog" aria-labelledby={titleId} tabIndex={-1} ref={box} data-testid="engine-detail">
      <div className="engine-detail-head">
        <h2 id={titleId}>{t(`engine.${state}`)}</h2>
        <button
          type="button"
          className="link"
          onClick={() => {
            onClose()
            pill.current?.focus()
          }}
          aria-label={t('engine.close')}
          data-testid="engine-detail-close"
        >
          ×
        </button>
      </div>
      <div>{t(`engine.detail.${state}`)}</div>
      {(engine?.message || engine?.lastExit) && <pre className="error-detail">{[engine.message, engine.lastExit].filter(Boolean).join('\n')}</pre>}
      <div className="muted small">{t('engine.restarts', { n: engine?.restarts ?? 0 })}</div>
    </div>
  )
}

/** Navigation and the engine's state (what happened when it restarts, detail one click away). */
export function TopBar() {
  const t = useT()
  const store = useStoreApi()
  const screen = useApp((s) => s.screen)
  const engine = useApp((s) => s.engine)
  const [open, setOpen] = useState(false)
  const pill = useRef<HTMLButtonElement>(null)
  const state = engine?.state ?? 'starting'
  const close = useRef(() => setOpen(false)).current
  return (
    <header className="topbar">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          ◆
        </span>{' '}
        {t('app.title')}
      </div>
      <nav aria-label={t('nav.label')}>
        {SCREENS.map((k) => (
          <button
            key={k}
            type="button"
            className={screen === k ? 'on' : ''}
            aria-current={screen === k ? 'page' : undefined}
            onClick={() => store.getState().setScreen(k)}
            data-testid={`nav-${k}`}
          >
            {t(`nav.${k}`)}
          </button>
        ))}
      </nav>
      <button
        ref={pill}
        type="button"
        className={`engine-pill engine-${state}`}
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        aria-haspopup="dialog"
        data-testid="engine-status"
        data-state={state}
        title={engine?.message}
      >
        <span className="engine-dot" aria-hidden="true" />
        {t(`engine.${state}`)}
        {state === 'restarting' && engine?.retryInMs ? ` · ${t('engine.retryIn', { s: Math.ceil(engine.retryInMs / 1000) })}` : ''}
      </button>
      {/* The state is announced when it changes (not the retry countdown, which ticks every second). */}
      <span className="sr-only" role="status" data-testid="engine-announcer">
        {t(`engine.${state}`)}
      </span>
      {open && engine && <EngineDetail onClose={close} pill={pill} />}
    </header>
  )
}
