import { describe, expect, it } from 'vitest'
import { diffBox, maskBox } from '../../src/renderer/store/box-measure'
import { moveBox, nudgeBox, requestBox, resizeBox, snapMove, snapResize, snapTargets, type FracBox } from '../../src/renderer/store/canvas-geometry'
import { gestureEnd, gestureMove, type Gesture } from '../../src/renderer/store/canvas-gesture'

const sq = { width: 1080, height: 1080 }
const story = { width: 1080, height: 1920 }
const close = (a: readonly number[], b: readonly number[], d = 1e-9) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i], -Math.log10(d) - 1))

describe('move, nudge and resize maths (fractions of the canvas)', () => {
  it('moves a box and keeps it inside the canvas', () => {
    close(moveBox([0.1, 0.2, 0.3, 0.2], 0.25, -0.1), [0.35, 0.1, 0.3, 0.2])
    close(moveBox([0.1, 0.2, 0.3, 0.2], 0.9, -0.5), [0.7, 0, 0.3, 0.2])
  })

  it('nudges by 1 canvas pixel, 10 with Shift, whatever the canvas size', () => {
    close(nudgeBox([0.5, 0.5, 0.1, 0.1], 'ArrowRight', false, sq), [0.5 + 1 / 1080, 0.5, 0.1, 0.1])
    close(nudgeBox([0.5, 0.5, 0.1, 0.1], 'ArrowUp', true, story), [0.5, 0.5 - 10 / 1920, 0.1, 0.1])
    close(nudgeBox([0, 0, 0.1, 0.1], 'ArrowLeft', true, sq), [0, 0, 0.1, 0.1])
  })

  it('resizes a free box (the text) by one edge or a corner, the opposite side fixed', () => {
    close(resizeBox([0.2, 0.2, 0.4, 0.2], 'e', 0.1, 0.3, false), [0.2, 0.2, 0.5, 0.2])
    close(resizeBox([0.2, 0.2, 0.4, 0.2], 'nw', -0.1, 0.05, false), [0.1, 0.25, 0.5, 0.15])
    // Never thinner than MIN_SIDE (3%), never past the canvas.
    close(resizeBox([0.2, 0.2, 0.4, 0.2], 'w', 0.9, 0, false), [0.57, 0.2, 0.03, 0.2])
    close(resizeBox([0.2, 0.2, 0.4, 0.2], 's', 0, 2, false), [0.2, 0.2, 0.4, 0.8])
  })

  it('resizes the product with its aspect kept, its bottom (the floor line) fixed, inside the canvas', () => {
    const b: FracBox = [0.3, 0.3, 0.4, 0.2]
    const r = resizeBox(b, 'se', 0.2, 0.01, true) // x grew 50%, y 5%: the larger change wins; it grows upwards
    close(r, [0.3, 0.2, 0.6, 0.3])
    expect(r[2] / r[3]).toBeCloseTo(2, 9)
    const big = resizeBox(b, 'nw', -5, -5, true) // as far as the canvas allows: anchored at (0.7, 0.5)
    close(big, [0, 0.15, 0.7, 0.35])
    const small = resizeBox(b, 'ne', -5, 5, true)
    expect(small[3]).toBeCloseTo(0.03, 9)
    expect(small[1] + small[3]).toBeCloseTo(0.5, 9) // still standing on the same line
    expect(small[2] / small[3]).toBeCloseTo(2, 9)
  })

  it('rounds a box for the request and keeps it inside [0, 1]', () => {
    expect(requestBox([0.123456, 0.5, 0.9, 0.49999])).toEqual([0.1, 0.5, 0.9, 0.5])
    expect(requestBox([0.33333, 0.1, 0.2, 0.2])).toEqual([0.3333, 0.1, 0.2, 0.2])
  })
})

describe('snapping to centre lines, thirds and the safe margins', () => {
  const t = { x: 6 / 540, y: 6 / 540 }

  it('has the engine safe-area margins: 5%, or 250/1920 top and bottom on stories', () => {
    expect(snapTargets(sq).filter((g) => g.kind === 'margin').map((g) => g.at)).toEqual([0.05, 0.95, 0.05, 0.95])
    const y = snapTargets(story).filter((g) => g.kind === 'margin' && g.axis === 'y').map((g) => g.at * 1920)
    expect(y[0]).toBeCloseTo(250, 9)
    expect(y[1]).toBeCloseTo(1670, 9)
  })

  it('snaps the nearest edge or centre within the threshold and says which guide', () => {
    // Centre at x = 0.505 → 0.5 (centre line); top at 0.335 → 1/3.
    const s = snapMove([0.405, 0.335, 0.2, 0.1], sq, t)
    close(s.box, [0.4, 1 / 3, 0.2, 0.1])
    expect(s.guides).toEqual([
      { axis: 'x', at: 0.5, kind: 'centre' },
      { axis: 'y', at: 1 / 3, kind: 'third' },
    ])
    // Right edge 0.948 → the 95% margin.
    expect(snapMove([0.748, 0.6, 0.2, 0.1], sq, t).guides).toEqual([{ axis: 'x', at: 0.95, kind: 'margin' }])
  })

  it('leaves a box alone when nothing is within the threshold', () => {
    const s = snapMove([0.42, 0.15, 0.2, 0.1], sq, t)
    expect(s.guides).toEqual([])
    close(s.box, [0.42, 0.15, 0.2, 0.1])
  })

  it('snaps the moving edge of a resize; the product keeps its aspect while snapping', () => {
    const free = snapResize([0.1, 0.1, 0.3955, 0.2], 'e', false, sq, t)
    close(free.box, [0.1, 0.1, 0.4, 0.2])
    expect(free.guides).toEqual([{ axis: 'x', at: 0.5, kind: 'centre' }])
    const locked = snapResize([0.1, 0.1, 0.5605, 0.2777], 'se', true, sq, t) // right edge 0.6605 → 2/3
    expect(locked.box[0] + locked.box[2]).toBeCloseTo(2 / 3, 9)
    expect(locked.box[2] / locked.box[3]).toBeCloseTo(0.5605 / 0.2777, 9)
    expect(locked.box[1] + locked.box[3]).toBeCloseTo(0.3777, 9)
  })
})

describe('gestures as states', () => {
  const view = { screenWidth: 540, screenHeight: 540 }
  const start = { x: 0.5, y: 0.5 }
  const pointing: Gesture = { kind: 'pointing', layer: 'text', start, startBox: [0.42, 0.42, 0.1, 0.05] }

  it('a press that moves less than the drag threshold stays a click (nothing moves)', () => {
    const f = gestureMove(pointing, { x: 0.5 + 2 / 540, y: 0.5 }, sq, view, false)
    expect(f.gesture.kind).toBe('pointing')
    expect(f.preview).toBeNull()
    expect(gestureEnd(f.gesture, f.preview)).toBeNull()
  })

  it('past the threshold it translates from the start box, every move from the start (no drift)', () => {
    let f = gestureMove(pointing, { x: 0.6, y: 0.6 }, sq, view, true)
    expect(f.gesture.kind).toBe('translating')
    for (let i = 0; i < 50; i++) f = gestureMove(f.gesture, { x: 0.6 + (i % 7) * 0.001, y: 0.6 }, sq, view, true)
    f = gestureMove(f.gesture, { x: 0.6, y: 0.6 }, sq, view, true)
    close(f.preview!, [0.52, 0.52, 0.1, 0.05])
    expect(gestureEnd(f.gesture, f.preview)).toEqual({ layer: 'text', box: f.preview, edit: 'move' })
  })

  it('a resize of the product keeps its aspect; of the text it does not', () => {
    const g: Gesture = { kind: 'resizing', layer: 'product', handle: 'se', start, startBox: [0.2, 0.2, 0.3, 0.6] }
    const f = gestureMove(g, { x: 0.6, y: 0.55 }, sq, view, true)
    expect(f.preview![2] / f.preview![3]).toBeCloseTo(0.5, 9)
    expect(f.preview![1] + f.preview![3]).toBeCloseTo(0.8, 9)
    expect(gestureEnd(f.gesture, f.preview)?.edit).toBe('resize')
    const t = gestureMove({ ...g, layer: 'text' }, { x: 0.6, y: 0.55 }, sq, view, true)
    close(t.preview!, [0.2, 0.2, 0.4, 0.65])
  })
})

describe('measuring the boxes on a finished ad', () => {
  const img = (w: number, h: number, fill: (x: number, y: number) => [number, number, number, number]) => {
    const data = new Uint8ClampedArray(w * h * 4)
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(fill(x, y), (y * w + x) * 4)
    return { width: w, height: h, data }
  }

  it('reads the product box from a grey mask and the copy box from the final vs step 1', () => {
    const mask = img(100, 50, (x, y) => (x >= 20 && x < 60 && y >= 10 && y < 40 ? [255, 255, 255, 255] : [0, 0, 0, 255]))
    close(maskBox(mask)!, [0.2, 0.2, 0.4, 0.6])
    const s1 = img(100, 50, (x) => [x, 100, 50, 255])
    const fin = img(100, 50, (x, y) => (x >= 70 && x < 90 && y >= 5 && y < 15 && (x + y) % 2 === 0 ? [250, 10, 10, 255] : [x, 100, 50, 255]))
    close(diffBox(s1, fin)!, [0.7, 0.1, 0.2, 0.2])
    // Encoder-sized noise is not copy.
    expect(diffBox(s1, img(100, 50, (x) => [x + 3, 103, 47, 255]))).toBeNull()
  })
})
