import { COMPOSITION_MODE_OPTIONS, promptHasWord, SCENE_CHIPS, STYLE_PRESETS, TEXT_POSITION_OPTIONS, toggleSceneWord } from '../../lib/presets'
import { newSeed } from '../../store/types'
import { useApp, useStoreApi, useT } from '../store-context'
import { EngineFields, EngineNotice } from './EngineFields'
import { FontPicker } from './FontPicker'
import { SizeFields } from './SizeFields'

/** Scene words as toggle chips under a prompt (shared with the batch screen). */
export function SceneChips({ prompt, onChange }: { prompt: string; onChange: (p: string) => void }) {
  const t = useT()
  return (
    <div className="chips">
      {SCENE_CHIPS.map((c) => {
        const word = c.word[t.lang]
        const on = promptHasWord(prompt, c.word.ko) || promptHasWord(prompt, c.word.en)
        return (
          <button key={c.id} className={`chip ${on ? 'on' : ''}`} aria-pressed={on} data-testid={`chip-${c.id}`} onClick={() => onChange(toggleSceneWord(prompt, on ? (promptHasWord(prompt, c.word.ko) ? c.word.ko : c.word.en) : word))}>
            {c[t.lang]}
          </button>
        )
      })}
    </div>
  )
}

export function StyleSwatches({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const t = useT()
  return (
    <div className="swatches" role="radiogroup">
      {STYLE_PRESETS.map((p) => (
        <button key={p.id} role="radio" aria-checked={value === p.id} className={`swatch ${value === p.id ? 'on' : ''}`} title={p[t.lang]} data-testid={`style-${p.id}`} onClick={() => onChange(p.id)}>
          <span className="swatch-color" style={{ background: p.swatch }} />
          <span className="swatch-label">{p[t.lang]}</span>
        </button>
      ))}
    </div>
  )
}

export function Segmented<T extends string>({ options, value, label, onChange, testId }: { options: readonly T[]; value: T; label: (o: T) => string; onChange: (o: T) => void; testId: string }) {
  return (
    <div className="segmented" role="radiogroup" data-testid={testId}>
      {options.map((o) => (
        <button key={o} role="radio" aria-checked={value === o} className={value === o ? 'on' : ''} data-value={o} onClick={() => onChange(o)}>
          {label(o)}
        </button>
      ))}
    </div>
  )
}

/** The editor's inputs: everything a job is made from except the product photo. */
export function EditorForm() {
  const t = useT()
  const store = useStoreApi()
  const form = useApp((s) => s.form)
  const set = store.getState().setForm

  return (
    <>
      <section className="panel-section">
        <h3>{t('bg.title')}</h3>
        <textarea rows={2} value={form.bgPrompt} placeholder={t('bg.placeholder')} data-testid="bg-prompt" onChange={(e) => set({ bgPrompt: e.target.value })} />
        <SceneChips prompt={form.bgPrompt} onChange={(bgPrompt) => set({ bgPrompt })} />
      </section>
      <section className="panel-section" data-testid="engines">
        <h3>{t('engines.title')}</h3>
        <EngineNotice />
        <EngineFields value={form} onChange={set} />
      </section>
      <section className="panel-section">
        <h3>{t('text.title')}</h3>
        <textarea rows={2} value={form.text} placeholder={t('text.placeholder')} data-testid="ad-text" onChange={(e) => set({ text: e.target.value })} />
      </section>
      <section className="panel-section">
        <h3>{t('font.title')}</h3>
        <FontPicker value={form.fontName} onChange={(fontName) => set({ fontName })} />
      </section>
      <section className="panel-section">
        <h3>{t('style.title')}</h3>
        <StyleSwatches value={form.textStyle} onChange={(textStyle) => set({ textStyle })} />
      </section>
      <section className="panel-section">
        <h3>{t('compose.title')}</h3>
        <Segmented testId="composition-mode" options={COMPOSITION_MODE_OPTIONS} value={form.compositionMode} label={(o) => t(`compose.mode.${o}`)} onChange={(compositionMode) => set({ compositionMode })} />
        <Segmented testId="text-position" options={TEXT_POSITION_OPTIONS} value={form.textPosition} label={(o) => t(`compose.pos.${o}`)} onChange={(textPosition) => set({ textPosition })} />
      </section>
      <section className="panel-section">
        <h3>{t('size.title')}</h3>
        <SizeFields width={form.width} height={form.height} onChange={(width, height) => set({ width, height })} testId="size" />
      </section>
      <section className="panel-section">
        <h3>{t('seed.title')}</h3>
        <div className="row">
          <input
            type="number"
            min={0}
            value={form.seed ?? ''}
            placeholder={t('seed.random')}
            data-testid="seed"
            onChange={(e) => set({ seed: e.target.value === '' ? null : Math.max(0, Math.floor(Number(e.target.value))) })}
          />
          <button onClick={() => set({ seed: newSeed(Math.random) })} data-testid="seed-random">
            {t('seed.random')}
          </button>
        </div>
        <div className="muted small">{t('seed.hint')}</div>
      </section>
    </>
  )
}
