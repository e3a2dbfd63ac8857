import { describe, expect, it } from 'vitest'
import { applyStroke, type MaskBuf, type PhotoBuf } from '../../src/renderer/lib/mask-brush'
import { renderDoc } from '../../src/renderer/lib/mask-history'
import { diffBox } from '../../src/renderer/ui/editor/refine/mask-patches'
import { paintView, TINT } from '../../src/renderer/lib/refine-view'
import { RefineController } from '../../src/renderer/ui/editor/refine/refine-controller'

/** 100×80 grey photo; the mask keeps a 60×40 product block at (20, 20). */
function setup() {
  const photo: PhotoBuf = { width: 100, height: 80, data: new Uint8Array(100 * 80 * 4).fill(128) }
  const base: MaskBuf = { width: 100, height: 80, data: new Uint8Array(100 * 80) }
  for (let y = 20; y < 60; y++) for (let x = 20; x < 80; x++) base.data[y * 100 + x] = 255
  const c = new RefineController(photo, base)
  c.viewport = { zoom: 2, x: 10, y: 10 } // stage = photo × 2 + 10
  c.setTools({ size: 10, hardness: 1 })
  return { c, base }
}
const at = (m: MaskBuf, x: number, y: number) => m.data[y * m.width + x]
const key = (k: string, ctrl = false, shift = false) => ({ key: k, ctrl, shift })

describe('refine cutout: gestures as states', () => {
  it('a drag is one erase stroke in photo pixels and one undo step', () => {
    const { c, base } = setup()
    c.pointerDown({ x: 10 + 2 * 30, y: 10 + 2 * 40, button: 0 })
    expect(c.state).toBe('painting')
    c.pointerMove({ x: 10 + 2 * 70, y: 10 + 2 * 40, button: 0 })
    c.pointerUp()
    expect(c.state).toBe('idle')
    for (let x = 30; x <= 70; x++) expect(at(c.mask, x, 40)).toBe(0)
    expect(at(c.mask, 50, 25)).toBe(255)
    expect(c.doc.edits).toHaveLength(1)
    c.key(key('z', true))
    expect(Array.from(c.mask.data)).toEqual(Array.from(base.data))
    c.key(key('Z', true, true))
    expect(at(c.mask, 50, 40)).toBe(0)
  })

  it('every move recomputes from the stroke start: moving back over the path leaves the same mask', () => {
    const { c } = setup()
    c.setTools({ hardness: 0, size: 16 })
    c.pointerDown({ x: 70, y: 90, button: 0 })
    c.pointerMove({ x: 130, y: 90, button: 0 })
    const once = Array.from(c.mask.data)
    c.pointerMove({ x: 70, y: 90, button: 0 })
    expect(Array.from(c.mask.data)).toEqual(once)
  })

  it('Esc during a stroke rolls back to the mark; Esc when idle asks to leave; Enter asks to apply', () => {
    const { c, base } = setup()
    c.pointerDown({ x: 70, y: 90, button: 0 })
    c.pointerMove({ x: 130, y: 90, button: 0 })
    expect(c.key(key('Escape'))).toBe('handled')
    expect(Array.from(c.mask.data)).toEqual(Array.from(base.data))
    expect(c.doc.edits).toHaveLength(0)
    expect(c.key(key('Escape'))).toBe('leave')
    expect(c.key(key('Enter'))).toBe('apply')
  })

  it('[ and ] change the brush size, X swaps restore and erase', () => {
    const { c } = setup()
    c.key(key(']'))
    expect(c.tools.size).toBe(13)
    c.key(key('['))
    c.key(key('['))
    expect(c.tools.size).toBe(8)
    for (let i = 0; i < 40; i++) c.key(key('['))
    expect(c.tools.size).toBe(1)
    expect(c.tools.mode).toBe('erase')
    c.key(key('x'))
    expect(c.tools.mode).toBe('restore')
  })

  it('space-drag pans without painting; zoom keeps the point under the cursor', () => {
    const { c } = setup()
    c.pointerDown({ x: 50, y: 50, button: 0, pan: true })
    c.pointerMove({ x: 80, y: 40, button: 0 })
    c.pointerUp()
    expect(c.viewport).toEqual({ zoom: 2, x: 40, y: 0 })
    expect(c.doc.edits).toHaveLength(0)
    const before = c.toPhoto(120, 60)
    c.zoomAt(120, 60, 2)
    expect(c.viewport.zoom).toBe(4)
    expect(c.toPhoto(120, 60)).toEqual(before)
  })

  it('a part pick removes a stray blob in one click and one undo step', () => {
    const { c } = setup()
    for (let y = 2; y < 8; y++) for (let x = 2; x < 8; x++) c.mask.data[y * 100 + x] = 255
    c.doc = { ...c.doc, base: { ...c.mask, data: new Uint8Array(c.mask.data) } }
    c.setTools({ tool: 'part', mode: 'erase' })
    c.pointerDown({ x: 10 + 2 * 4, y: 10 + 2 * 4, button: 0 })
    expect(at(c.mask, 4, 4)).toBe(0)
    expect(at(c.mask, 50, 40)).toBe(255)
    expect(c.doc.edits).toHaveLength(1)
  })
})

describe('refine cutout: speed without drift', () => {
  /** 160×120 photo with colour stripes every 7 px and a product block: snapping has edges to follow. */
  function striped() {
    const photo: PhotoBuf = { width: 160, height: 120, data: new Uint8Array(160 * 120 * 4) }
    for (let i = 0; i < 160 * 120; i++) photo.data.set([(i % 160) % 14 < 7 ? 200 : 40, 90, ((i / 160) | 0) % 10 < 5 ? 180 : 60, 255], i * 4)
    const base: MaskBuf = { width: 160, height: 120, data: new Uint8Array(160 * 120) }
    for (let y = 20; y < 100; y++) for (let x = 30; x < 130; x++) base.data[y * 160 + x] = 255
    const c = new RefineController(photo, base)
    c.viewport = { zoom: 1, x: 0, y: 0 }
    return { c, photo, base }
  }

  it('a stroke painted move by move (clipped repaints) equals the whole stroke applied at once, byte for byte', () => {
    const { c, photo, base } = striped()
    c.setTools({ size: 24, hardness: 0.3, snap: true })
    const path: [number, number][] = [[20, 30], [60, 35], [100, 70], [70, 90], [40, 60], [90, 40], [140, 100]]
    c.pointerDown({ x: path[0][0], y: path[0][1], button: 0 })
    for (const [x, y] of path.slice(1)) c.pointerMove({ x, y, button: 0 })
    c.pointerUp()
    const whole = { ...base, data: new Uint8Array(base.data) }
    applyStroke(whole, c.doc.edits[0] as never, photo)
    expect(Buffer.from(c.mask.data).equals(Buffer.from(whole.data))).toBe(true)
    expect(c.mask.data.some((v, i) => v !== base.data[i])).toBe(true)
  })

  it('undo and redo by patches give the same bytes as a replay from the engine mask, through strokes and a region pick', () => {
    const { c } = striped()
    const stroke = (pts: [number, number][]) => {
      c.pointerDown({ x: pts[0][0], y: pts[0][1], button: 0 })
      for (const [x, y] of pts.slice(1)) c.pointerMove({ x, y, button: 0 })
      c.pointerUp()
    }
    c.setTools({ size: 16, hardness: 0.5 })
    stroke([[40, 50], [120, 50]])
    c.setTools({ mode: 'restore', size: 30 })
    stroke([[10, 10], [150, 110]])
    c.setTools({ tool: 'part', mode: 'erase' })
    c.pointerDown({ x: 35, y: 25, button: 0 })
    const same = () => expect(Buffer.from(c.mask.data).equals(Buffer.from(renderDoc(c.doc, c.photo).data))).toBe(true)
    same()
    for (const k of ['z', 'z', 'Z', 'z', 'z', 'z', 'Z', 'Z', 'Z']) {
      c.key({ key: k, ctrl: true, shift: k === 'Z' })
      same()
    }
    expect(c.doc.cursor).toBe(3)
  })

  it('diffBox is the tight box around the changed pixels', () => {
    const m: MaskBuf = { width: 10, height: 8, data: new Uint8Array(80) }
    const before = new Uint8Array(80)
    expect(diffBox(m, before)).toBeNull()
    m.data[2 * 10 + 3] = 1
    m.data[5 * 10 + 7] = 9
    expect(diffBox(m, before)).toEqual([3, 2, 5, 4])
  })
})

describe('refine views', () => {
  it('tint washes removed pixels 55% towards red and leaves kept ones; cutout puts the mask in alpha; compare splits', () => {
    const { c, base } = setup()
    c.mask.data[0] = 0
    c.mask.data[21 * 100 + 21] = 0 // an edit inside the product
    const out = new Uint8ClampedArray(100 * 80 * 4)
    paintView(out, c.photo, c.mask, base, 'tint')
    expect(Array.from(out.slice(0, 4))).toEqual([Math.round(128 + (TINT.r - 128) * 0.55), Math.round(128 + (TINT.g - 128) * 0.55), Math.round(128 + (TINT.b - 128) * 0.55), 255])
    const kept = (40 * 100 + 50) * 4
    expect(Array.from(out.slice(kept, kept + 4))).toEqual([128, 128, 128, 255])
    paintView(out, c.photo, c.mask, base, 'cutout')
    expect(out[kept + 3]).toBe(255)
    expect(out[3]).toBe(0)
    const edited = (21 * 100 + 21) * 4
    paintView(out, c.photo, c.mask, base, 'compare', undefined, 50)
    expect(out[edited + 3]).toBe(255) // left of the split: before
    paintView(out, c.photo, c.mask, base, 'compare', undefined, 10)
    expect(out[edited + 3]).toBe(0) // right of the split: after
  })
})
