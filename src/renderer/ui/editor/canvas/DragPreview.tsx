import type { CSSProperties } from 'react'
import type { FracBox } from '../../../store/canvas-geometry'
import type { Layer } from '../../../store/canvas-gesture'

const pct = (b: FracBox): CSSProperties => ({ left: `${b[0] * 100}%`, top: `${b[1] * 100}%`, width: `${b[2] * 100}%`, height: `${b[3] * 100}%` })

/**
 * The local preview while a layer is dragged or resized, and until the real render arrives: the
 * layer's part of the current ad (`from`) drawn at the new box (`to`) by CSS alone, so it follows
 * the pointer at frame rate. Where the layer was, the copy is covered by step 1 (the same scene
 * without the copy); the product's old place is veiled, since the scene under it is not on screen.
 */
export function DragPreview({ layer, from, to, finalUrl, step1Url }: { layer: Layer; from: FracBox; to: FracBox; finalUrl: string; step1Url: string | null }) {
  // The image scaled so that `from` fills the element: sizes and offsets relative to the element.
  const sx = 100 / from[2]
  const sy = 100 / from[3]
  const crop = (url: string): CSSProperties => ({
    backgroundImage: `url("${url}")`,
    backgroundSize: `${sx}% ${sy}%`,
    // background-position % maps the image point p onto the element point p: solve for the box's corner.
    backgroundPosition: `${from[2] >= 1 ? 0 : (from[0] / (1 - from[2])) * 100}% ${from[3] >= 1 ? 0 : (from[1] / (1 - from[3])) * 100}%`,
  })
  return (
    <>
      {layer === 'text' && step1Url ? (
        <div className="drag-cover" style={{ ...pct(from), ...crop(step1Url) }} aria-hidden />
      ) : (
        <div className="drag-cover veil" style={pct(from)} aria-hidden />
      )}
      <div className="drag-preview" data-testid="drag-preview" data-layer={layer} style={{ ...pct(to), ...crop(finalUrl) }} aria-hidden />
    </>
  )
}
