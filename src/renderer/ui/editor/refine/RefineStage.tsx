import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { paintView } from '../../../lib/refine-view'
import type { RefineController } from './refine-controller'

/**
 * Two layers, as in excalidraw (EDITOR-ANCHORS §5): the view canvas at the photo's size, repainted
 * only where the mask changed, and the brush cursor, moved on every pointer frame. Zoom and pan are
 * a CSS transform of the canvas; DOM pointer events become the controller's plain calls.
 */
export function RefineStage({ ctl, label, panKey }: { ctl: RefineController; label: string; panKey: boolean }) {
  const stage = useRef<HTMLDivElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const frame = useRef<ImageData | null>(null)
  const [, setTick] = useState(0)

  useLayoutEffect(() => {
    const c = canvas.current!
    const g = c.getContext('2d')!
    frame.current = g.createImageData(ctl.photo.width, ctl.photo.height)
    const paint = (box?: [number, number, number, number]) => {
      const img = frame.current!
      paintView(img.data, ctl.photo, ctl.mask, ctl.doc.base, ctl.view, box, ctl.split)
      if (box) g.putImageData(img, 0, 0, box[0], box[1], box[2], box[3])
      else g.putImageData(img, 0, 0)
    }
    paint()
    // Fit once the stage has a size (at mount it may still be laid out at 0×0).
    const el = stage.current!
    let fitted = false
    const sized = new ResizeObserver(() => {
      if (fitted || !el.clientWidth || !el.clientHeight) return
      fitted = true
      ctl.fit(el.clientWidth, el.clientHeight)
    })
    sized.observe(el)
    const off = ctl.subscribe((d) => {
      if (d === 'all') paint()
      else if (d !== 'ui') paint(d)
      setTick((n) => n + 1)
    })
    return () => {
      sized.disconnect()
      off()
    }
  }, [ctl])

  // The wheel zooms about the cursor; a passive React listener could not stop the page scrolling.
  useEffect(() => {
    const el = stage.current!
    const onWheel = (e: WheelEvent) => {
      e.preventDefault()
      const r = el.getBoundingClientRect()
      ctl.zoomAt(e.clientX - r.left, e.clientY - r.top, Math.exp(-e.deltaY * 0.0015))
    }
    el.addEventListener('wheel', onWheel, { passive: false })
    return () => el.removeEventListener('wheel', onWheel)
  }, [ctl])

  const at = (e: React.PointerEvent) => {
    const r = stage.current!.getBoundingClientRect()
    return { x: e.clientX - r.left, y: e.clientY - r.top, button: e.button, pan: panKey }
  }
  const v = ctl.viewport
  const r = (ctl.tools.size / 2) * v.zoom
  const showBrush = ctl.hover && ctl.tools.tool === 'brush' && !panKey
  const cursor = panKey || ctl.state === 'panning' ? 'grab' : ctl.tools.tool === 'brush' ? 'none' : 'crosshair'

  return (
    <div
      ref={stage}
      className="refine-stage"
      data-testid="refine-stage"
      role="application"
      tabIndex={-1}
      aria-label={label}
      style={{ cursor }}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId)
        // Keys (Enter, Ctrl+Z) go to the picture being painted, not to the last button pressed.
        e.currentTarget.focus()
        ctl.pointerDown(at(e))
      }}
      onPointerMove={(e) => ctl.pointerMove(at(e))}
      onPointerUp={() => ctl.pointerUp()}
      onPointerCancel={() => ctl.cancel()}
      onPointerLeave={() => ctl.pointerLeave()}
      onContextMenu={(e) => e.preventDefault()}
    >
      <canvas
        ref={canvas}
        width={ctl.photo.width}
        height={ctl.photo.height}
        className={ctl.view === 'tint' ? 'refine-canvas' : 'refine-canvas checker'}
        data-testid="refine-canvas"
        style={{ transform: `translate(${v.x}px, ${v.y}px) scale(${v.zoom})`, imageRendering: v.zoom >= 2 ? 'pixelated' : 'auto' }}
      />
      {ctl.view === 'compare' && <div className="refine-split" style={{ left: v.x + ctl.split * v.zoom }} aria-hidden="true" />}
      {showBrush && (
        <div
          className={`refine-brush ${ctl.tools.mode}`}
          aria-hidden="true"
          style={{ left: v.x + ctl.hover![0] * v.zoom - r, top: v.y + ctl.hover![1] * v.zoom - r, width: 2 * r, height: 2 * r }}
        />
      )}
    </div>
  )
}
