/**
 * Standing the placed product on the floor: its contact points (contact-points.ts), not the box's
 * bottom edge, go on the floor line, so legs, wheels and bases touch it and haze or a stray spike
 * below the product does not hold it up.
 */
import type { Box, RgbaImage } from '../../image/raster'
import { contactPointsOfRgba } from './contact-points'

/** What job.json records about how the product stands (canvas px). */
export interface Grounding {
  /** y of the floor line the product stands on. */
  floor_line: number
  /** y just below the solid bottom of the product's contact points. */
  contact_line: number
  /** floor_line - contact_line: 0 when grounded; the issue allows at most 2 px. */
  gap_px: number
  /** The contact runs (feet) on the canvas, [x0, x1). */
  contacts: [number, number][]
  /** The photo cut the product at its bottom edge: the cut stands on the floor line. */
  cut_by_frame: boolean
}

/**
 * Moves the box vertically so the product's contact line lies on `floorY`. The product may move
 * down by the height of the haze under it (it is not the product) and up by a spike's length.
 * Only where the canvas edge forbids it does a gap stay; it is recorded.
 */
export function groundBox(product: RgbaImage, box: Box, floorY: number, canvasHeight: number, cutByFrame: boolean): { box: Box; grounding: Grounding } {
  const contacts = contactPointsOfRgba(product)
  const contactInBox = contacts ? contacts.contactY : product.height
  // The solid part must stay on the canvas: its bottom no lower than the canvas edge.
  const y = Math.min(Math.round(floorY - contactInBox), canvasHeight - contactInBox)
  const out: Box = [box[0], y, box[2], box[3]]
  const contactLine = y + contactInBox
  return {
    box: out,
    grounding: {
      floor_line: Math.round(floorY),
      contact_line: contactLine,
      gap_px: Math.round(floorY) - contactLine,
      contacts: (contacts?.feet ?? []).map(([a, b]) => [box[0] + a, box[0] + b]),
      cut_by_frame: cutByFrame,
    },
  }
}
