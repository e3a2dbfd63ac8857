import { describe, expect, it } from 'vitest'
import type { MaskBuf, PhotoBuf } from '../../src/renderer/lib/mask-brush'
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
