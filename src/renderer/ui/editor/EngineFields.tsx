import { useId } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { ModelOffer } from '../../../shared/models-contract'
import { BUILTIN_CUTOUTS, BUILTIN_ENGINE, MAX_SAMPLES, readyModelsOf, type EngineChoice, type EngineField } from '../../store/engine-choice'
import { LicenseLine } from '../models/LicenseLine'
import { useApp, useStoreApi, useT } from '../store-context'
import '../models/models.css'

type Choice = EngineChoice & { samples?: number }

/** An installed model as an option: its name, and "non-commercial" right there in the list. */
function ModelOptions({ models }: { models: ModelOffer[] }) {
  const t = useT()
  return (
    <>
      {models.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name}
          {m.license && !m.license.commercial ? ` · ${t('engines.nc')}` : ''}
        </option>
      ))}
    </>
  )
}

/** A chosen id that is not offered (models not listed yet): kept visible rather than silently shown as another option. */
const unlisted = (value: string, builtins: readonly string[], models: ModelOffer[]) => (!builtins.includes(value) && !models.some((m) => m.id === value) ? <option value={value}>{value}</option> : null)

/**
 * Which engine makes each step: the built-in ones, or a model installed on the Models screen (only
 * ready ones are offered). The chosen model's licence is shown under its select.
 */
export function EngineFields({ value, onChange, testId = 'engine' }: { value: Choice; onChange: (patch: Partial<EngineChoice & { samples: number }>) => void; testId?: string }) {
  const t = useT()
  const store = useStoreApi()
  const id = useId()
  const diffusion = useApp(useShallow((s) => readyModelsOf(s.modelOffers, 'diffusion')))
  const controlnet = useApp(useShallow((s) => readyModelsOf(s.modelOffers, 'controlnet')))
  const segmentation = useApp(useShallow((s) => readyModelsOf(s.modelOffers, 'segmentation')))
  const all = [...diffusion, ...controlnet, ...segmentation]
  const chosen = (field: EngineField) => all.find((m) => m.id === value[field]) ?? null
  const licenseOf = (field: EngineField) => {
    const m = chosen(field)
    return m ? <LicenseLine license={m.license} testId={`${testId}-${field}-license`} /> : null
  }

  return (
    <div className="engine-fields">
      <label className="field-label" htmlFor={`${id}-bg`}>
        {t('engines.bg')}
      </label>
      <select id={`${id}-bg`} value={value.bgEngine} onChange={(e) => onChange({ bgEngine: e.target.value })} data-testid={`${testId}-bg`}>
        <option value={BUILTIN_ENGINE}>{t('engines.bg.builtin')}</option>
        <ModelOptions models={diffusion} />
        {unlisted(value.bgEngine, [BUILTIN_ENGINE], diffusion)}
      </select>
      {licenseOf('bgEngine')}

      {value.samples !== undefined && (
        <>
          <label className="field-label" htmlFor={`${id}-samples`}>
            {t('engines.samples')}
          </label>
          <select
            id={`${id}-samples`}
            value={value.bgEngine === BUILTIN_ENGINE ? 1 : value.samples}
            disabled={value.bgEngine === BUILTIN_ENGINE}
            onChange={(e) => onChange({ samples: Number(e.target.value) })}
            data-testid={`${testId}-samples`}
          >
            {Array.from({ length: MAX_SAMPLES }, (_, i) => (
              <option key={i + 1} value={i + 1}>
                {i + 1}
              </option>
            ))}
          </select>
          {value.bgEngine === BUILTIN_ENGINE && <div className="muted small">{t('engines.samples.hint')}</div>}
        </>
      )}

      <label className="field-label" htmlFor={`${id}-text`}>
        {t('engines.text')}
      </label>
      <select id={`${id}-text`} value={value.textEngine} onChange={(e) => onChange({ textEngine: e.target.value })} data-testid={`${testId}-text`}>
        <option value={BUILTIN_ENGINE}>{t('engines.text.builtin')}</option>
        <ModelOptions models={controlnet} />
        {unlisted(value.textEngine, [BUILTIN_ENGINE], controlnet)}
      </select>
      {licenseOf('textEngine')}

      <label className="field-label" htmlFor={`${id}-cutout`}>
        {t('engines.cutout')}
      </label>
      <select id={`${id}-cutout`} value={value.segmentationModel} onChange={(e) => onChange({ segmentationModel: e.target.value })} data-testid={`${testId}-cutout`}>
        {BUILTIN_CUTOUTS.map((c) => (
          <option key={c} value={c}>
            {t.dyn(`engines.cutout.${c}`, 'engines.cutout')}
          </option>
        ))}
        <ModelOptions models={segmentation} />
        {unlisted(value.segmentationModel, BUILTIN_CUTOUTS, segmentation)}
      </select>
      {licenseOf('segmentationModel')}

      {(diffusion.length === 0 || controlnet.length === 0 || segmentation.length === 0) && (
        <button className="link" onClick={() => store.getState().setScreen('models')} data-testid={`${testId}-get-models`}>
          {t('engines.getModels')}
        </button>
      )}
    </div>
  )
}

/** Says which chosen models are gone and that the built-in engines stand in for them. */
export function EngineNotice() {
  const t = useT()
  const store = useStoreApi()
  const dropped = useApp((s) => s.engineNotice)
  if (!dropped.length) return null
  return (
    <div className="notice engine-notice" role="status" data-testid="engine-notice">
      <span>{dropped.map((d) => t('engines.removed', { id: d.id })).join(' ')}</span>
      <button className="link" onClick={() => store.getState().dismissEngineNotice()} aria-label={t('error.dismiss')}>
        ×
      </button>
    </div>
  )
}
