import type { KeyboardEvent, PointerEvent as ReactPointerEvent } from 'react'
import { ALL_HANDLES, CORNER_HANDLES, type FracBox, type Handle } from '../../../store/canvas-geometry'
import type { Layer } from '../../../store/canvas-gesture'
import { useT } from '../../store-context'

/**
 * One selectable layer's box on the canvas: a focusable button (click selects, keys act on it), its
 * outline always visible while selected (no hover-only controls) and its resize handles: corners
 * for the product (aspect kept), corners and sides for the copy (it re-fits its box).
 */
export function LayerBox(props: {
  layer: Layer
  box: FracBox
  selected: boolean
  disabled: boolean
  onPress(e: ReactPointerEvent, layer: Layer, handle?: Handle): void
  onEditCopy(): void
  /** Tab reaches each layer; focusing one selects it, so the keys act on it. */
  onFocus(): void
  onKey(e: KeyboardEvent<HTMLElement>): void
}) {
  const t = useT()
  const { layer, box, selected } = props
  const name = t(layer === 'product' ? 'canvas.edit.product' : 'canvas.edit.text')
  const handles = layer === 'product' ? CORNER_HANDLES : ALL_HANDLES
  return (
    <div
      className={`layer-box ${layer} ${selected ? 'selected' : ''}`}
      style={{ left: `${box[0] * 100}%`, top: `${box[1] * 100}%`, width: `${box[2] * 100}%`, height: `${box[3] * 100}%` }}
      data-testid={`layer-${layer}`}
      data-box={box.map((v) => v.toFixed(4)).join(',')}
      role="button"
      tabIndex={0}
      onFocus={props.onFocus}
      onKeyDown={props.onKey}
      aria-label={name}
      aria-pressed={selected}
      aria-describedby="edit-canvas-hint"
      aria-disabled={props.disabled}
      onPointerDown={(e) => props.onPress(e, layer)}
      onDoubleClick={() => layer === 'text' && props.onEditCopy()}
    >
      {/* Above the box, or under it when the box touches the top of the canvas (the stage clips). */}
      {selected && <span className={`layer-name ${box[1] < 0.07 ? 'below' : ''}`}>{name}</span>}
      {selected &&
        !props.disabled &&
        handles.map((h) => (
          <span
            key={h}
            className={`handle ${h}`}
            data-testid={`handle-${layer}-${h}`}
            aria-label={t('canvas.edit.handle', { h })}
            onPointerDown={(e) => {
              e.stopPropagation()
              props.onPress(e, layer, h)
            }}
          />
        ))}
    </div>
  )
}
