import { describe, expect, it } from 'vitest'
import { labelComponents, type BinaryMask } from '../../../src/main/engine/steps/segment/connected-components'
import { rng } from './synthetic'

function parse(rows: string[]): BinaryMask {
  const width = rows[0].length
  const data = new Uint8Array(width * rows.length)
  rows.forEach((r, y) => [...r].forEach((c, x) => (data[y * width + x] = c === '#' ? 1 : 0)))
  return { width, height: rows.length, data }
}

/** Reference: breadth-first flood fill with an explicit queue. */
function floodCount(m: BinaryMask, value: 0 | 1, connectivity: 4 | 8): { count: number; labels: Int32Array } {
  const { width: w, height: h, data } = m
  const labels = new Int32Array(w * h)
  const queue = new Int32Array(w * h)
  const dirs = connectivity === 4 ? [[1, 0], [-1, 0], [0, 1], [0, -1]] : [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]]
  let count = 0
  for (let i = 0; i < w * h; i++) {
    if (labels[i] || (data[i] !== 0 ? 1 : 0) !== value) continue
    count++
    let head = 0
    let tail = 0
    queue[tail++] = i
    labels[i] = count
    while (head < tail) {
      const p = queue[head++]
      const x = p % w
      const y = (p - x) / w
      for (const [dx, dy] of dirs) {
        const nx = x + dx
        const ny = y + dy
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue
        const q = ny * w + nx
        if (labels[q] || (data[q] !== 0 ? 1 : 0) !== value) continue
        labels[q] = count
        queue[tail++] = q
      }
    }
  }
  return { count, labels }
}

describe('labelComponents', () => {
  const pattern = parse([
    '##....#.',
    '##...#..', // the two pixels at (6,0) and (5,1) touch only diagonally
    '....#...',
    '........',
    '#.#.....',
    '.#...###',
    '#.#..#.#',
    '.....###',
  ])

  it('joins diagonal neighbours under 8-connectivity', () => {
    const cc = labelComponents(pattern, { connectivity: 8 })
    // square, diagonal stroke, X shape, ring
    expect(cc.count).toBe(4)
    expect(Array.from(cc.areas.subarray(1))).toEqual([4, 3, 5, 8])
    expect(Array.from(cc.touchesBorder.subarray(1))).toEqual([1, 1, 1, 1])
    // labels follow raster order of each component's first pixel
    expect(cc.labels[0]).toBe(1)
    expect(cc.labels[6]).toBe(2)
    expect(cc.labels[4 * 8]).toBe(3)
  })

  it('keeps diagonal neighbours apart under 4-connectivity', () => {
    const cc = labelComponents(pattern, { connectivity: 4 })
    // square, three stroke pixels, five X pixels, ring
    expect(cc.count).toBe(1 + 3 + 5 + 1)
  })

  it('labels the background, finding an enclosed hole', () => {
    const cc = labelComponents(pattern, { connectivity: 4, value: 0 })
    const hole = cc.labels[6 * 8 + 6]
    expect(cc.areas[hole]).toBe(1)
    expect(cc.touchesBorder[hole]).toBe(0)
    expect(cc.labels[0]).toBe(0) // foreground pixels are unlabelled
  })

  it('agrees with a flood-fill reference on random masks', () => {
    const rand = rng(42)
    for (const density of [0.3, 0.5, 0.6]) {
      const w = 53
      const h = 41
      const data = new Uint8Array(w * h)
      for (let i = 0; i < data.length; i++) data[i] = rand() < density ? 1 : 0
      const m = { width: w, height: h, data }
      for (const [value, conn] of [[1, 8], [1, 4], [0, 4], [0, 8]] as const) {
        const ref = floodCount(m, value, conn)
        const cc = labelComponents(m, { connectivity: conn, value })
        expect(cc.count).toBe(ref.count)
        // same partition: the flood fill numbers components in raster order too
        expect(Array.from(cc.labels)).toEqual(Array.from(ref.labels))
      }
    }
  })

  it('handles an empty and a full image', () => {
    const empty = { width: 7, height: 5, data: new Uint8Array(35) }
    expect(labelComponents(empty).count).toBe(0)
    const full = { width: 7, height: 5, data: new Uint8Array(35).fill(1) }
    const cc = labelComponents(full)
    expect(cc.count).toBe(1)
    expect(cc.areas[1]).toBe(35)
  })

  it('labels a 1200x1200 checkerboard without recursion limits', () => {
    const w = 1200
    const data = new Uint8Array(w * w)
    for (let y = 0; y < w; y++) for (let x = 0; x < w; x++) data[y * w + x] = (x + y) & 1
    expect(labelComponents({ width: w, height: w, data }, { connectivity: 4 }).count).toBe((w * w) / 2)
    expect(labelComponents({ width: w, height: w, data }, { connectivity: 8 }).count).toBe(1)
  })
})
