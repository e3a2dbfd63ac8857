import type { CSSProperties } from 'react'
import type { FracBox } from '../../../store/canvas-geometry'
import type { Layer } from '../../../store/canvas-gesture'

const pct = (b: FracBox): CSSProperties => ({ left: `${b[0] * 100}%`, top: `${b[1] * 100}%`, width: `${b[2] * 100}%`, height: `${b[3] * 100}%` })

/** The copy's faint shadow reaches a little past its measured box: the cover reaches 1% further. */
const pad = (b: FracBox): FracBox => {
  const x = Math.max(0, b[0] - 0.01)
  const y = Math.max(0, b[1] - 0.01)
  return [x, y, Math.min(1, b[0] + b[2] + 0.01) - x, Math.min(1, b[1] + b[3] + 0.01) - y]
}

/**
 * The local preview while a layer is dragged or resized, and until the real render arrives: the
 * layer's part of the current ad (`from`) drawn at the new box (`to`) by CSS alone, so it follows
 * the pointer at frame rate (the product is taken from step 1, which has no copy over it). Where the layer was, the copy is covered by step 1 (the same scene
 * without the copy); the product's old place is veiled, since the scene under it is not on screen.
 */
export function DragPreview({ layer, from, to, finalUrl, step1Url }: { layer: Layer; from: FracBox; to: FracBox; finalUrl: string; step1Url: string | null }) {
  // The image scaled so that `from` fills the element: sizes and offsets relative to the element.
  const crop = (url: string, from: FracBox): CSSProperties => ({
    backgroundImage: `url("${url}")`,
    backgroundSize: `${100 / from[2]}% ${100 / from[3]}%`,
    // background-position % maps the image point p onto the element point p: solve for the box's corner.
    backgroundPosition: `${from[2] >= 1 ? 0 : (from[0] / (1 - from[2])) * 100}% ${from[3] >= 1 ? 0 : (from[1] / (1 - from[3])) * 100}%`,
  })
  return (
    <>
      {layer === 'text' && step1Url ? (
        <div className="drag-cover" style={{ ...pct(pad(from)), ...crop(step1Url, pad(from)) }} aria-hidden />
      ) : (
        <div className="drag-cover veil" style={pct(from)} aria-hidden />
      )}
      <div className="drag-preview" data-testid="drag-preview" data-layer={layer} style={{ ...pct(to), ...crop(layer === 'product' && step1Url ? step1Url : finalUrl, from) }} aria-hidden />
    </>
  )
}
