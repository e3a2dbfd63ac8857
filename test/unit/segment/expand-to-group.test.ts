import { describe, expect, it } from 'vitest'
import { createMask, type Mask } from '../../../src/main/engine/image/raster'
import { expandToGroup, expandToGroupWithAnalysis } from '../../../src/main/engine/steps/segment/expand-to-group'
import { boxCount, chessboardDistance, dilate, erode, fillHoles } from '../../../src/main/engine/steps/segment/group-regions'
import { busyBackgroundScene, pairOnWhiteScene, rng, trayCutByFrameScene, trayScene, whiteBackgroundScene } from './group-scenes'

function iou(a: Mask, b: Mask): number {
  let inter = 0
  let union = 0
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i] >= 0.5
    const y = b.data[i] >= 0.5
    if (x && y) inter++
    if (x || y) union++
  }
  return union ? inter / union : 1
}

describe('expandToGroup', () => {
  it('takes in the tray and everything on it when the raw mask holds one item', () => {
    const s = trayScene()
    expect(iou(s.raw, s.truth)).toBeLessThan(0.4) // the raw mask alone is far from the group
    const r = expandToGroup(s.raw, s.photo)
    expect(r.expanded).toBe(true)
    expect(r.addedShare).toBeGreaterThan(0.2)
    expect(iou(r.mask, s.truth)).toBeGreaterThanOrEqual(0.9)
  })

  it('leaves out the carpet and the tray’s cast shadow', () => {
    const s = trayScene()
    const r = expandToGroup(s.raw, s.photo)
    // Outside the tray (grown by 3 px for the soft edge) nothing may have become foreground.
    const near = dilate(Uint8Array.from(s.truth.data, (v) => (v >= 0.5 ? 1 : 0)), s.photo.width, s.photo.height, 3)
    let leaked = 0
    for (let i = 0; i < near.length; i++) if (!near[i] && r.mask.data[i] >= 0.5) leaked++
    expect(leaked / near.length).toBeLessThan(0.002)
  })

  it('takes in a tray that runs out of the frame', () => {
    const s = trayCutByFrameScene()
    const r = expandToGroup(s.raw, s.photo)
    expect(r.expanded).toBe(true)
    expect(iou(r.mask, s.truth)).toBeGreaterThanOrEqual(0.9)
  })

  it('adds a second product standing next to the first on a studio sweep', () => {
    const s = pairOnWhiteScene()
    const r = expandToGroup(s.raw, s.photo)
    expect(r.expanded).toBe(true)
    expect(iou(r.mask, s.truth)).toBeGreaterThanOrEqual(0.9)
  })

  it('changes nothing on a plain white background, soft shadow included', () => {
    const s = whiteBackgroundScene()
    const r = expandToGroup(s.raw, s.photo)
    expect(r.expanded).toBe(false)
    expect(r.addedShare).toBe(0)
    expect(iou(r.mask, s.raw)).toBeGreaterThanOrEqual(0.99)
  })

  it('does not spread into a busy backdrop that fills the frame', () => {
    for (const seed of [3, 21, 28]) {
      const s = busyBackgroundScene(seed)
      const r = expandToGroup(s.raw, s.photo)
      expect(iou(r.mask, s.raw), `seed ${seed}`).toBeGreaterThanOrEqual(0.98)
    }
  })

  it('is deterministic and leaves its inputs alone', () => {
    const s = trayCutByFrameScene()
    const photoCopy = s.photo.data.slice()
    const rawCopy = s.raw.data.slice()
    const a = expandToGroup(s.raw, s.photo)
    const b = expandToGroup(s.raw, s.photo)
    const same = (x: ArrayBufferView, y: ArrayBufferView) =>
      Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength))
    expect(same(a.mask.data, b.mask.data)).toBe(true)
    expect(a.addedShare).toBe(b.addedShare)
    expect(same(s.photo.data, photoCopy)).toBe(true)
    expect(same(s.raw.data, rawCopy)).toBe(true)
    // Never lowers the raw mask anywhere.
    for (let i = 0; i < rawCopy.length; i++) if (a.mask.data[i] < rawCopy[i]) throw new Error(`lowered at ${i}`)
  })

  it('returns the raw mask when there is no salient object', () => {
    const s = trayScene()
    const empty = createMask(s.photo.width, s.photo.height)
    const { result, analysis } = expandToGroupWithAnalysis(empty, s.photo)
    expect(result.mask).toBe(empty)
    expect(result.expanded).toBe(false)
    expect(analysis.reason).toMatch(/no salient object/)
  })

  it('rejects a mask of another size', () => {
    const s = trayScene()
    expect(() => expandToGroup(createMask(10, 10), s.photo)).toThrow(/does not match/)
  })
})

describe('group-regions helpers', () => {
  const w = 37
  const h = 23
  const rand = rng(5)
  const src = Uint8Array.from({ length: w * h }, () => (rand() < 0.08 ? 1 : 0))

  it('dilate, erode, boxCount and the chessboard distance agree with brute force', () => {
    const dist = chessboardDistance(src, w, h)
    for (const r of [0, 1, 2, 5, 40]) {
      const d = dilate(src, w, h, r)
      const e = erode(src, w, h, r)
      const c = boxCount(src, w, h, r)
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          let count = 0
          let all = true
          for (let yy = y - r; yy <= y + r; yy++) {
            for (let xx = x - r; xx <= x + r; xx++) {
              const inside = yy >= 0 && yy < h && xx >= 0 && xx < w
              if (inside && src[yy * w + xx]) count++
              if (inside && !src[yy * w + xx]) all = false // outside the image counts as set
            }
          }
          const i = y * w + x
          expect(c[i]).toBe(count)
          expect(d[i]).toBe(count > 0 ? 1 : 0)
          expect(e[i]).toBe(all ? 1 : 0)
          expect(dist[i] <= r ? 1 : 0).toBe(d[i])
        }
      }
    }
  })

  it('fillHoles fills what cannot reach the border and nothing else', () => {
    const ring = new Uint8Array(9 * 9)
    for (let y = 2; y <= 6; y++) for (let x = 2; x <= 6; x++) ring[y * 9 + x] = x === 2 || x === 6 || y === 2 || y === 6 ? 1 : 0
    const filled = fillHoles(ring, 9, 9)
    expect(filled[4 * 9 + 4]).toBe(1)
    expect(filled[0]).toBe(0)
    expect(filled.reduce((a, v) => a + v, 0)).toBe(25)
  })
})
