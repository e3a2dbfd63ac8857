/** Bounding box of the product in a matte, used to crop the cutout. */
import type { Box, Mask } from '../../image/raster'

/**
 * Tightest [x, y, w, h] enclosing every pixel with value ≥ `threshold`, or null when there is
 * none. 0.5 by default so the faint fringe of a feathered edge does not widen the crop.
 */
export function maskBoundingBox(mask: Mask, threshold = 0.5): Box | null {
  const { width, height, data } = mask
  let minX = width
  let minY = -1
  let maxX = -1
  let maxY = -1
  for (let y = 0; y < height; y++) {
    const row = y * width
    let first = -1
    for (let x = 0; x < width; x++) {
      if (data[row + x] >= threshold) {
        first = x
        break
      }
    }
    if (first < 0) continue
    // Only the row ends can move the box, so scan back from the right instead of the whole row.
    let last = first
    for (let x = width - 1; x > first; x--) {
      if (data[row + x] >= threshold) {
        last = x
        break
      }
    }
    if (minY < 0) minY = y
    maxY = y
    if (first < minX) minX = first
    if (last > maxX) maxX = last
  }
  if (minY < 0) return null
  return [minX, minY, maxX - minX + 1, maxY - minY + 1]
}
