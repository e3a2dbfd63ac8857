import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { Mask, RgbaImage } from '../../../src/main/engine/image/raster'
import { cropForSecondPass, cropImage, mergeCropPass } from '../../../src/main/engine/steps/segment/crop-pass'
import { productMatte } from '../../../src/main/engine/steps/segment/product-matte'
import { emptyMask, iou, paintRect, photoFromMask } from './synthetic'

/**
 * A stand-in for a network with a fixed input size: it sees the photo squeezed to `side`², so
 * whatever is thinner than a pixel there is lost, exactly the limit the crop pass works around.
 * Bright is product.
 */
function lowResModel(side: number, calls: { n: number }) {
  return async (photo: RgbaImage): Promise<Mask> => {
    calls.n++
    const raw = { raw: { width: photo.width, height: photo.height, channels: 4 as const } }
    // Two pipelines: sharp applies only the last resize of one.
    const down = await sharp(Buffer.from(photo.data.buffer, photo.data.byteOffset, photo.data.byteLength), raw)
      .extractChannel(0)
      .resize(side, side, { fit: 'fill', kernel: 'cubic' })
      .raw()
      .toBuffer()
    const small = await sharp(down, { raw: { width: side, height: side, channels: 1 } })
      .resize(photo.width, photo.height, { fit: 'fill', kernel: 'linear' })
      .extractChannel(0)
      .raw()
      .toBuffer()
    const data = new Float32Array(photo.width * photo.height)
    for (let i = 0; i < data.length; i++) data[i] = Math.min(1, Math.max(0, (small[i] - 40) / 160))
    return { width: photo.width, height: photo.height, data }
  }
}

describe('second pass on a small product’s crop', () => {
  it('asks for a crop only when the product spans few network pixels', () => {
    const small = paintRect(emptyMask(2000, 1500), 900, 700, 100, 200)
    const box = cropForSecondPass(small)
    // 200 px of 2000 × 1024 ≈ 137 network px < 400: crop with 30% of 200 px margin.
    expect(box).toEqual([840, 640, 220, 320])
    const large = paintRect(emptyMask(2000, 1500), 400, 300, 1000, 900)
    expect(cropForSecondPass(large)).toBeNull()
    expect(cropForSecondPass(emptyMask(500, 500))).toBeNull()
  })

  it('pastes the crop’s answer inside the crop and blends it in at the crop’s border', () => {
    const first = emptyMask(100, 100)
    const crop = { width: 40, height: 40, data: new Float32Array(1600).fill(1) }
    const merged = mergeCropPass(first, crop, [30, 30, 40, 40])
    expect(merged.data[50 * 100 + 50]).toBe(1)
    expect(merged.data[10 * 100 + 10]).toBe(0)
    expect(merged.data[30 * 100 + 50]).toBe(0) // the crop's own border row keeps the first pass
    expect(merged.data[31 * 100 + 50]).toBeCloseTo(0.5, 5)
    expect(cropImage(photoFromMask(first), [30, 30, 40, 40]).data.length).toBe(40 * 40 * 4)
  })

  it('keeps a thin part that the whole-photo pass loses (IoU +0.01)', async () => {
    // A 2000² photo, a 120×240 product with a 5 px antenna 90 px long.
    const truth = emptyMask(2000, 2000)
    paintRect(truth, 940, 1000, 120, 240)
    paintRect(truth, 998, 910, 5, 90)
    const photo = photoFromMask(truth, 230, 20)
    const one = { n: 0 }
    const withoutCrop = await productMatte(photo, lowResModel(128, one), { cropPass: false })
    const two = { n: 0 }
    const withCrop = await productMatte(photo, lowResModel(128, two), {})
    expect(one.n).toBe(1)
    expect(two.n).toBe(2)
    expect(withCrop.stats.cropPass).toBe(true)
    const antenna = (m: Mask) => {
      let s = 0
      for (let y = 915; y < 995; y++) s += m.data[y * 2000 + 1000] >= 0.5 ? 1 : 0
      return s
    }
    expect(antenna(withoutCrop.mask)).toBeLessThan(10) // measured 2 of 80
    expect(antenna(withCrop.mask)).toBeGreaterThanOrEqual(60) // measured 67 of 80
    expect(iou(withCrop.mask, truth)).toBeGreaterThan(iou(withoutCrop.mask, truth) + 0.008) // 0.986 → 0.997
    expect(iou(withCrop.mask, truth)).toBeGreaterThanOrEqual(0.99)
  })
})
