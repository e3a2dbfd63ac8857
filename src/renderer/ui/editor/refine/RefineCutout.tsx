import { useEffect, useRef, useState } from 'react'
import { refineText, type RefineKey } from '../../../i18n/refine-strings'
import type { RefineTarget } from '../../../store/refine-slice'
import { useApi, useApp, useStoreApi, useT } from '../../store-context'
import { RefineController } from './refine-controller'
import { decodeMask, encodeMask, loadPhoto } from './refine-pixels'
import { RefineStage } from './RefineStage'
import { RefineToolbar } from './RefineToolbar'
import './refine.css'

/** Refine cutout: a full-window dialog over the editor (or the batch list) while a cutout is open. */
export function RefineCutout() {
  const target = useApp((s) => s.refine)
  return target ? <RefineDialog key={`${target.jobId}:${target.photoUrl}`} target={target} /> : null
}

type Load = { state: 'loading' } | { state: 'failed'; detail: string } | { state: 'ready'; ctl: RefineController }

function RefineDialog({ target }: { target: RefineTarget }) {
  const api = useApi()
  const store = useStoreApi()
  const lang = useT().lang
  const t = (key: RefineKey, vars?: Record<string, string | number>) => refineText(lang, key, vars)
  const [load, setLoad] = useState<Load>({ state: 'loading' })
  const [applying, setApplying] = useState(false)
  const [panKey, setPanKey] = useState(false)
  const [, setTick] = useState(0)
  const box = useRef<HTMLDivElement>(null)
  const stageBox = useRef<HTMLDivElement>(null)

  useEffect(() => {
    let live = true
    void (async () => {
      try {
        const png = await api.imageBytes(target.jobId, 'product_mask')
        if (!png.ok) throw new Error(png.message)
        const [photo, mask] = await Promise.all([loadPhoto(target.photoUrl), decodeMask(png.value)])
        if (photo.width !== mask.width || photo.height !== mask.height) throw new Error(`the cutout is ${mask.width}x${mask.height}, the photo ${photo.width}x${photo.height}: not this photo's cutout`)
        if (live) setLoad({ state: 'ready', ctl: new RefineController(photo, mask) })
      } catch (e) {
        if (live) setLoad({ state: 'failed', detail: (e as Error).message })
      }
    })()
    return () => {
      live = false
    }
  }, [api, target])

  const ctl = load.state === 'ready' ? load.ctl : null
  // Controls follow tool, view and history changes; the pixels of a stroke in progress are the stage's alone.
  useEffect(() => (ctl ? ctl.subscribe((d) => typeof d === 'string' && setTick((n) => n + 1)) : undefined), [ctl])
  useEffect(() => box.current?.focus(), [ctl])
  // Focus goes back where it was (the button that opened the dialog) when the dialog closes.
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null
    return () => opener?.focus()
  }, [])

  const leave = () => store.getState().closeRefine()
  const apply = async () => {
    if (!ctl || applying) return
    // Nothing changed: nothing to re-run.
    if (!ctl.edited) return leave()
    setApplying(true)
    const png = await encodeMask(ctl.mask)
    await store.getState().applyRefine(png)
  }

  // Keys work wherever focus is inside the dialog; sliders keep their own arrow keys.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === ' ' && !(e.target instanceof HTMLButtonElement || e.target instanceof HTMLInputElement)) {
        e.preventDefault()
        setPanKey(e.type === 'keydown')
        return
      }
      if (e.type !== 'keydown') return
      if (!ctl) return e.key === 'Escape' ? leave() : undefined
      // Enter on a focused button presses that button, not Apply.
      if (e.key === 'Enter' && e.target instanceof HTMLButtonElement) return
      const out = ctl.key({ key: e.key, ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey })
      if (!out) return
      e.preventDefault()
      if (out === 'leave') leave()
      else if (out === 'apply') void apply()
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('keyup', onKey)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('keyup', onKey)
    }
  })

  const stageSize = (): [number, number] => [stageBox.current?.clientWidth ?? 800, stageBox.current?.clientHeight ?? 600]

  return (
    <div className="refine-backdrop">
      <div className="refine" role="dialog" aria-modal="true" aria-label={t('title')} data-testid="refine" tabIndex={-1} ref={box}>
        <div className="refine-head">
          <h2>{t('title')}</h2>
          <span className="muted small">{t('keys')}</span>
        </div>
        {ctl && <RefineToolbar ctl={ctl} t={t} stageSize={stageSize} />}
        <div className="refine-body" ref={stageBox}>
          {load.state === 'loading' && <div className="stage-empty">{t('loading')}</div>}
          {load.state === 'failed' && (
            <div className="stage-empty" role="alert" data-testid="refine-error">
              {t('loadFailed')}: {load.detail}
            </div>
          )}
          {ctl && <RefineStage ctl={ctl} label={t('stage')} panKey={panKey} />}
        </div>
        <div className="refine-foot">
          <button onClick={() => ctl?.undo()} disabled={!ctl?.canUndo} data-testid="refine-undo" title="Ctrl+Z">{t('undo')}</button>
          <button onClick={() => ctl?.redo()} disabled={!ctl?.canRedo} data-testid="refine-redo" title="Ctrl+Shift+Z">{t('redo')}</button>
          <span className="refine-gap" />
          <button onClick={leave} data-testid="refine-cancel" title="Esc">{t('cancel')}</button>
          <button className="primary" onClick={() => void apply()} disabled={!ctl || applying} data-testid="refine-apply" title="Enter">
            {applying ? t('applying') : t('apply')}
          </button>
        </div>
      </div>
    </div>
  )
}
