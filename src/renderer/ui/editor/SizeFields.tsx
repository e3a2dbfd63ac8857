import { useState } from 'react'
import { LIMITS } from '../../../shared/limits'
import { SIZE_PRESETS, sizePresetOf } from '../../lib/presets'
import { useT } from '../store-context'

const clampSide = (n: number) => Math.min(LIMITS.maxOutputSide, Math.max(LIMITS.minOutputSide, Math.round(n) || LIMITS.minOutputSide))

/** Output size: the common ad formats, or custom sides within the engine's limits. */
export function SizeFields({ id, width, height, onChange, testId }: { id: string; width: number; height: number; onChange: (w: number, h: number) => void; testId: string }) {
  const t = useT()
  const preset = sizePresetOf(width, height)
  const [custom, setCustom] = useState(preset === 'custom')
  const shown = custom ? 'custom' : preset
  return (
    <div className="size-fields">
      <select
        id={id}
        value={shown}
        data-testid={`${testId}-preset`}
        onChange={(e) => {
          const p = SIZE_PRESETS.find((x) => x.id === e.target.value)
          setCustom(!p)
          if (p) onChange(p.width, p.height)
        }}
      >
        {SIZE_PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p[t.lang]}
          </option>
        ))}
        <option value="custom">{t('size.custom')}</option>
      </select>
      {shown === 'custom' && (
        <div className="row">
          <input type="number" aria-label={t('size.width')} data-testid={`${testId}-width`} min={LIMITS.minOutputSide} max={LIMITS.maxOutputSide} value={width} onChange={(e) => onChange(Number(e.target.value), height)} onBlur={() => onChange(clampSide(width), clampSide(height))} />
          <span aria-hidden="true">×</span>
          <input type="number" aria-label={t('size.height')} data-testid={`${testId}-height`} min={LIMITS.minOutputSide} max={LIMITS.maxOutputSide} value={height} onChange={(e) => onChange(width, Number(e.target.value))} onBlur={() => onChange(clampSide(width), clampSide(height))} />
        </div>
      )}
    </div>
  )
}
