/**
 * Where a product touches the floor. The single lowest pixel of a matte is often haze (a soft edge,
 * a shadow remnant at alpha 0.1) or one stray spike; standing that on the floor line leaves the real
 * product hovering. Instead, per column, the lowest SOLID pixel is found; the contact points are the
 * columns whose solid bottom lies within a thin band of the lowest one (legs, wheels, a flat base),
 * and the contact line is where those columns end.
 */
import type { Mask } from '../../image/raster'

/** Alpha from which a pixel is the product's body, not its feathered edge or haze. */
export const SOLID_ALPHA = 0.5
/** Columns whose solid bottom is this close to the lowest one (share of the product height, at least 2 px) touch the floor. */
export const CONTACT_BAND_SHARE = 0.02
/** A run of touching columns narrower than this share of the product's width (and 2 px) is a stray spike, not a foot. */
export const MIN_FOOT_SHARE = 0.004
/** Solid share of the photo's bottom row (of the product's width) from which the photo cut the product. */
export const CUT_SHARE = 0.25

export interface ContactPoints {
  /**
   * y (px from the top of the alpha) just below the solid bottom of the contact columns: where the
   * floor must be. Equals `height` for an alpha whose solid part reaches its last row.
   */
  contactY: number
  /** Runs of touching columns [x0, x1) (the feet), left to right. */
  feet: [number, number][]
  /** Number of touching columns. */
  columns: number
}

/** Lowest solid row + 1 per column (0: no solid pixel in that column). */
export function solidBottoms(alpha: ArrayLike<number>, width: number, height: number, scale = 1): Int32Array {
  const out = new Int32Array(width)
  const solid = SOLID_ALPHA * scale
  for (let x = 0; x < width; x++) {
    for (let y = height - 1; y >= 0; y--) {
      if (alpha[y * width + x] >= solid) {
        out[x] = y + 1
        break
      }
    }
  }
  return out
}

/**
 * Contact points of an alpha plane (`scale`: the value of full opacity, 1 for a Mask, 255 for RGBA
 * alpha read into a plane). Returns null when nothing is solid.
 */
export function findContactPoints(alpha: ArrayLike<number>, width: number, height: number, scale = 1): ContactPoints | null {
  const bottoms = solidBottoms(alpha, width, height, scale)
  let top = height
  let lowest = 0
  for (let x = 0; x < width; x++) {
    if (bottoms[x] > lowest) lowest = bottoms[x]
  }
  if (lowest === 0) return null
  // The product's solid height, for the band: the first solid row from the top.
  outer: for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (alpha[y * width + x] >= SOLID_ALPHA * scale) {
        top = y
        break outer
      }
    }
  }
  const band = Math.max(2, Math.round(CONTACT_BAND_SHARE * (lowest - top)))
  const minFoot = Math.max(2, Math.round(MIN_FOOT_SHARE * width))
  // Feet against the current floor guess; a spike thinner than a foot is dropped and the guess
  // rises to the next lowest bottom, so one stray strand cannot hold the product up.
  const sorted = Array.from(new Set(bottoms)).filter((b) => b > 0).sort((a, b) => b - a)
  for (const floor of sorted) {
    const feet: [number, number][] = []
    let start = -1
    let columns = 0
    for (let x = 0; x <= width; x++) {
      const touching = x < width && bottoms[x] > 0 && bottoms[x] >= floor - band && bottoms[x] <= floor
      if (touching && start < 0) start = x
      if (!touching && start >= 0) {
        if (x - start >= minFoot) {
          feet.push([start, x])
          columns += x - start
        }
        start = -1
      }
    }
    if (feet.length > 0) {
      let contactY = 0
      for (const [a, b] of feet) for (let x = a; x < b; x++) contactY = Math.max(contactY, bottoms[x])
      return { contactY, feet, columns }
    }
  }
  // Only spikes: the lowest solid pixel is all there is.
  return { contactY: lowest, feet: [], columns: 0 }
}

/** Contact points of an RGBA image's alpha channel. */
export function contactPointsOfRgba(img: { width: number; height: number; data: Uint8ClampedArray }): ContactPoints | null {
  const plane = new Uint8Array(img.width * img.height)
  for (let i = 0; i < plane.length; i++) plane[i] = img.data[i * 4 + 3]
  return findContactPoints(plane, img.width, img.height, 255)
}

/**
 * Whether the photo cut the product at its bottom edge (a cup cropped by the frame): the matte is
 * solid along a good part of the photo's last row under the product.
 */
export function cutByFrame(matte: Mask, box: [number, number, number, number]): boolean {
  const [bx, by, bw, bh] = box
  if (by + bh < matte.height) return false
  const row = (matte.height - 1) * matte.width
  let solid = 0
  for (let x = bx; x < bx + bw; x++) if (matte.data[row + x] >= SOLID_ALPHA) solid++
  return solid >= CUT_SHARE * bw
}
