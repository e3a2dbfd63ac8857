import { useId } from 'react'
import type { RefineKey } from '../../../i18n/refine-strings'
import type { RefineView } from '../../../lib/refine-view'
import { RadioGroup } from '../../common/RadioGroup'
import type { PickTool, RefineController } from './refine-controller'

type T = (key: RefineKey, vars?: Record<string, string | number>) => string

const VIEWS: readonly RefineView[] = ['tint', 'cutout', 'compare']
const VIEW_KEY: Record<RefineView, RefineKey> = { tint: 'viewTint', cutout: 'viewCutout', compare: 'viewCompare' }
const TOOLS: readonly PickTool[] = ['brush', 'part', 'colour']
const TOOL_KEY: Record<PickTool, RefineKey> = { brush: 'toolBrush', part: 'toolPart', colour: 'toolColour' }

/** Brush mode, tool, size, hardness, snapping, tolerance and the view; every control a labelled field. */
export function RefineToolbar({ ctl, t, stageSize }: { ctl: RefineController; t: T; stageSize: () => [number, number] }) {
  const id = useId()
  const tl = ctl.tools
  return (
    <div className="refine-tools">
      <RadioGroup
        options={['restore', 'erase'] as const}
        value={tl.mode}
        onChange={(mode) => ctl.setTools({ mode })}
        label={t('mode')}
        className="segmented"
        testId="refine-mode"
        renderOption={(o) => t(o)}
        optionProps={(o) => ({ 'data-testid': `refine-mode-${o}`, title: `${t(o)} (X)` })}
      />
      <RadioGroup options={TOOLS} value={tl.tool} onChange={(tool) => ctl.setTools({ tool })} label={t('tool')} className="segmented" testId="refine-tool" renderOption={(o) => t(TOOL_KEY[o])} />
      {tl.tool === 'brush' && (
        <>
          <label htmlFor={`${id}-size`} className="refine-field">
            {t('size')} <output data-testid="refine-size">{tl.size}</output>
            <input id={`${id}-size`} type="range" min={1} max={400} value={Math.min(400, tl.size)} onChange={(e) => ctl.setTools({ size: Number(e.target.value) })} title={`${t('size')} ([ ])`} />
          </label>
          <label htmlFor={`${id}-hard`} className="refine-field">
            {t('hardness')} <output>{Math.round(tl.hardness * 100)}%</output>
            <input id={`${id}-hard`} type="range" min={0} max={100} value={Math.round(tl.hardness * 100)} onChange={(e) => ctl.setTools({ hardness: Number(e.target.value) / 100 })} />
          </label>
          <label className="refine-field inline">
            <input type="checkbox" checked={tl.snap} onChange={(e) => ctl.setTools({ snap: e.target.checked })} data-testid="refine-snap" /> {t('snap')}
          </label>
        </>
      )}
      {tl.tool === 'colour' && (
        <label htmlFor={`${id}-tol`} className="refine-field">
          {t('tolerance')} <output>{tl.tolerance}</output>
          <input id={`${id}-tol`} type="range" min={0} max={200} value={tl.tolerance} onChange={(e) => ctl.setTools({ tolerance: Number(e.target.value) })} />
        </label>
      )}
      <span className="refine-gap" />
      <RadioGroup options={VIEWS} value={ctl.view} onChange={(v) => ctl.setView(v)} label={t('views')} className="segmented" testId="refine-view" renderOption={(o) => t(VIEW_KEY[o])} optionProps={(o) => ({ 'data-testid': `refine-view-${o}` })} />
      {ctl.view === 'compare' && (
        <label htmlFor={`${id}-split`} className="refine-field">
          {t('before')} | {t('after')}
          <input id={`${id}-split`} type="range" min={0} max={ctl.photo.width} value={ctl.split} onChange={(e) => ctl.setSplit(Number(e.target.value))} aria-label={t('split')} />
        </label>
      )}
      <div className="refine-zoom" role="group" aria-label={`${t('zoomIn')} / ${t('zoomOut')}`}>
        <button onClick={() => zoomCentre(ctl, stageSize, 1 / 1.5)} aria-label={t('zoomOut')} title={t('zoomOut')}>−</button>
        <output className="muted small" data-testid="refine-zoom">{Math.round(ctl.viewport.zoom * 100)}%</output>
        <button onClick={() => zoomCentre(ctl, stageSize, 1.5)} aria-label={t('zoomIn')} title={t('zoomIn')}>+</button>
        <button onClick={() => ctl.fit(...stageSize())}>{t('fit')}</button>
        <button onClick={() => zoomCentre(ctl, stageSize, 1 / ctl.viewport.zoom)}>{t('actual')}</button>
      </div>
    </div>
  )
}

function zoomCentre(ctl: RefineController, stageSize: () => [number, number], factor: number): void {
  const [w, h] = stageSize()
  ctl.zoomAt(w / 2, h / 2, factor)
}
