import { useId, useState, type ReactNode } from 'react'
import { COMPOSITION_MODE_OPTIONS, promptHasWord, SCENE_CHIPS, STYLE_PRESETS, TEXT_POSITION_OPTIONS, toggleSceneWord } from '../../lib/presets'
import { CAMERA_VIEWS } from '../../../shared/generate-request'
import { BUILTIN_ENGINE, DEFAULT_CUTOUT } from '../../store/engine-choice'
import { newSeed } from '../../store/types'
import { RadioGroup } from '../common/RadioGroup'
import { useApp, useStoreApi, useT } from '../store-context'
import { EngineFields, EngineNotice } from './EngineFields'
import { FontPicker } from './FontPicker'
import { SizeFields } from './SizeFields'

/** Scene words as toggle chips under a prompt (shared with the batch screen). */
export function SceneChips({ prompt, onChange }: { prompt: string; onChange: (p: string) => void }) {
  const t = useT()
  return (
    <div className="chips" role="group" aria-label={t('bg.chips')}>
      {SCENE_CHIPS.map((c) => {
        const word = c.word[t.lang]
        const on = promptHasWord(prompt, c.word.ko) || promptHasWord(prompt, c.word.en)
        return (
          <button key={c.id} type="button" className={`chip ${on ? 'on' : ''}`} aria-pressed={on} data-testid={`chip-${c.id}`} onClick={() => onChange(toggleSceneWord(prompt, on ? (promptHasWord(prompt, c.word.ko) ? c.word.ko : c.word.en) : word))}>
            {c[t.lang]}
          </button>
        )
      })}
    </div>
  )
}

const STYLE_IDS = STYLE_PRESETS.map((p) => p.id)

export function StyleSwatches({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const t = useT()
  return (
    <RadioGroup
      className="swatches"
      label={t('style.title')}
      options={STYLE_IDS}
      value={value}
      onChange={onChange}
      optionProps={(id, on) => ({ className: `swatch ${on ? 'on' : ''}`, 'data-testid': `style-${id}` })}
      renderOption={(id) => {
        const p = STYLE_PRESETS.find((x) => x.id === id)!
        return (
          <>
            <span className="swatch-color" style={{ background: p.swatch }} aria-hidden="true" />
            <span className="swatch-label">{p[t.lang]}</span>
          </>
        )
      }}
    />
  )
}

export function Segmented<T extends string>({ options, value, label, groupLabel, onChange, testId }: { options: readonly T[]; value: T; label: (o: T) => string; groupLabel: string; onChange: (o: T) => void; testId: string }) {
  return (
    <RadioGroup
      className="segmented"
      label={groupLabel}
      options={options}
      value={value}
      onChange={onChange}
      testId={testId}
      optionProps={(_o, on) => ({ className: on ? 'on' : '' })}
      renderOption={(o) => label(o)}
    />
  )
}

/** A panel section whose heading is the label of its one field. */
function FieldSection({ title, htmlFor, id, children }: { title: string; htmlFor?: string; id?: string; children: ReactNode }) {
  return (
    <section className="panel-section">
      <h2 id={id}>{htmlFor ? <label htmlFor={htmlFor}>{title}</label> : title}</h2>
      {children}
    </section>
  )
}

/**
 * The editor's inputs, in the order a seller works: what the ad says, the scene, how the letters look,
 * the size; engines, variations and the seed are folded away under "Advanced".
 */
export function EditorForm() {
  const t = useT()
  const store = useStoreApi()
  const form = useApp((s) => s.form)
  const set = store.getState().setForm
  const id = useId()
  const generative = form.bgEngine !== BUILTIN_ENGINE || form.textEngine !== BUILTIN_ENGINE || form.segmentationModel !== DEFAULT_CUTOUT
  // Open from the start when a model is chosen, so a choice that changes the result is never out of sight.
  const [advanced, setAdvanced] = useState(generative)
  const folded = [
    generative ? t('advanced.models') : null,
    form.view !== 'auto' ? t('advanced.view', { view: t(`view.${form.view}`) }) : null,
    form.seed !== null ? t('advanced.seed', { seed: form.seed }) : null,
  ]
    .filter(Boolean)
    .join(' · ')

  return (
    <>
      <FieldSection title={t('text.title')} htmlFor={`${id}-text`}>
        <textarea id={`${id}-text`} rows={2} value={form.text} placeholder={t('text.placeholder')} data-testid="ad-text" onChange={(e) => set({ text: e.target.value })} />
      </FieldSection>
      <FieldSection title={t('bg.title')} htmlFor={`${id}-bg`}>
        <textarea id={`${id}-bg`} rows={2} value={form.bgPrompt} placeholder={t('bg.placeholder')} data-testid="bg-prompt" onChange={(e) => set({ bgPrompt: e.target.value })} />
        <SceneChips prompt={form.bgPrompt} onChange={(bgPrompt) => set({ bgPrompt })} />
      </FieldSection>
      <FieldSection title={t('font.title')} id={`${id}-font`}>
        <FontPicker value={form.fontName} labelId={`${id}-font`} onChange={(fontName) => set({ fontName })} />
      </FieldSection>
      <FieldSection title={t('style.title')}>
        <StyleSwatches value={form.textStyle} onChange={(textStyle) => set({ textStyle })} />
      </FieldSection>
      <FieldSection title={t('compose.title')}>
        <Segmented testId="composition-mode" groupLabel={t('compose.mode')} options={COMPOSITION_MODE_OPTIONS} value={form.compositionMode} label={(o) => t(`compose.mode.${o}`)} onChange={(compositionMode) => set({ compositionMode })} />
        <Segmented testId="text-position" groupLabel={t('compose.position')} options={TEXT_POSITION_OPTIONS} value={form.textPosition} label={(o) => t(`compose.pos.${o}`)} onChange={(textPosition) => set({ textPosition })} />
      </FieldSection>
      <FieldSection title={t('size.title')} htmlFor={`${id}-size`}>
        <SizeFields id={`${id}-size`} width={form.width} height={form.height} onChange={(width, height) => set({ width, height })} testId="size" />
      </FieldSection>
      {/* Outside the fold: a model that went away must be seen, folded or not. */}
      <EngineNotice />
      <details className="advanced" open={advanced} onToggle={(e) => setAdvanced(e.currentTarget.open)} data-testid="advanced">
        <summary>
          <span className="advanced-title">{t('advanced.title')}</span>
          {!advanced && folded && <span className="advanced-summary">{folded}</span>}
        </summary>
        <section className="panel-section" data-testid="engines">
          <h2>{t('engines.title')}</h2>
          <EngineFields value={form} onChange={set} />
        </section>
        <FieldSection title={t('view.title')}>
          <Segmented testId="camera-view" groupLabel={t('view.title')} options={CAMERA_VIEWS} value={form.view} label={(o) => t(`view.${o}`)} onChange={(view) => set({ view })} />
          <div className="muted small">{t('view.hint')}</div>
        </FieldSection>
        <FieldSection title={t('seed.title')} htmlFor={`${id}-seed`}>
          <div className="row">
            <input
              id={`${id}-seed`}
              className="seed-input"
              type="number"
              min={0}
              inputMode="numeric"
              value={form.seed ?? ''}
              placeholder={t('seed.random')}
              aria-describedby={`${id}-seed-hint`}
              data-testid="seed"
              onChange={(e) => set({ seed: e.target.value === '' ? null : Math.max(0, Math.floor(Number(e.target.value))) })}
            />
            <button type="button" onClick={() => set({ seed: newSeed(Math.random) })} data-testid="seed-random">
              {t('seed.new')}
            </button>
          </div>
          <div id={`${id}-seed-hint`} className="muted small">
            {t('seed.hint')}
          </div>
        </FieldSection>
      </details>
    </>
  )
}
