import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { canPickScene } from '../../store/scene-choice'
import { useApi, useApp, useStoreApi, useT } from '../store-context'

/**
 * The scene variations of the last new scene, under the canvas: the one the ad is over is marked;
 * picking another (click, or arrow keys then Enter once the strip has focus) redoes only the text
 * and composition over it. The buttons share one tab stop, so the strip is one stop in the page.
 */
export function SceneStrip() {
  const t = useT()
  const store = useStoreApi()
  const scenes = useApp((s) => s.scenes)
  const enabled = useApp(canPickScene)
  const [focused, setFocused] = useState(0)
  const buttons = useRef<(HTMLButtonElement | null)[]>([])

  const current = scenes ? Math.max(0, scenes.samples.findIndex((x) => x.index === scenes.current)) : 0
  useEffect(() => setFocused(current), [scenes?.jobId, current])
  if (!scenes) return null

  const move = (e: KeyboardEvent) => {
    const last = scenes.samples.length - 1
    const to = { ArrowLeft: focused - 1, ArrowUp: focused - 1, ArrowRight: focused + 1, ArrowDown: focused + 1, Home: 0, End: last }[e.key]
    if (to === undefined) return
    e.preventDefault()
    const next = Math.min(last, Math.max(0, to))
    setFocused(next)
    buttons.current[next]?.focus()
  }

  return (
    <div className="scene-strip" data-testid="scene-strip">
      <div className="scene-strip-head">
        <strong>{t('scenes.title')}</strong>
        <span className="muted small">{t('scenes.hint')}</span>
      </div>
      <div className="scene-strip-items" role="radiogroup" aria-label={t('scenes.title')}>
        {scenes.samples.map((x, i) => {
          const on = x.index === scenes.current
          const label = t('scenes.item', { n: x.index, seed: x.seed })
          return (
            <button
              key={x.index}
              ref={(el) => {
                buttons.current[i] = el
              }}
              role="radio"
              aria-checked={on}
              aria-label={on ? `${label} · ${t('scenes.current')}` : label}
              title={label}
              tabIndex={i === focused ? 0 : -1}
              className={`scene-thumb ${on ? 'on' : ''}`}
              // aria-disabled, not disabled: focus stays in the strip while a run is in progress.
              aria-disabled={!enabled}
              data-testid={`scene-${x.index}`}
              onFocus={() => setFocused(i)}
              onKeyDown={move}
              onClick={() => enabled && void store.getState().pickScene(x.index)}
            >
              <SampleThumb jobId={scenes.jobId} index={x.index} />
              <span className="scene-label">{x.index}</span>
            </button>
          )
        })}
      </div>
    </div>
  )
}

/** One variation through the client (app-media:// in Electron, an authorised object URL in a browser). */
function SampleThumb({ jobId, index }: { jobId: string; index: number }) {
  const api = useApi()
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    setUrl(null)
    void api.sampleUrl(jobId, index).then((r) => live && r.ok && setUrl(r.value))
    return () => {
      live = false
    }
  }, [api, jobId, index])
  return url ? <img src={url} alt="" draggable={false} /> : <div className="img-placeholder" />
}
