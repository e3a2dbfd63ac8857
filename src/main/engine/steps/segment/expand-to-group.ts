/**
 * Grows a salient-object mask to the whole product group: "several objects on a tray are ONE
 * product". ISNet picks the most salient thing (the fish); an ad wants the fish, the tray it lies
 * on and the peanuts and sauce bowl on that tray — never the carpet, table or wall behind.
 *
 * On a grid of at most 512 cells a side (group-grid.ts: Lab + grain per cell), with a k-means
 * model of a band along the image border (border-model.ts):
 *   1. A cell is "other" when it is like no backdrop cluster. "Other" cells, voted free of speckle,
 *      form pieces; pieces that come within reach of the object, have some body (a solid core)
 *      and some size are candidates.
 *   2. Pass 1 takes as backdrop only the materials (families of similar clusters) that hold a
 *      real share of the border and are not far more common around the object than along the
 *      border: that enrichment is the surface it lies on, cut by the frame. This needs one
 *      material to hold most of the border; a busy scene gets every cluster as backdrop.
 *   3. Where pass-1 pieces reach the border the frame cuts through the group, so the border model
 *      is refitted without those samples (a cluster mixing tray and smooth carpet specks falls
 *      apart) and pass 2 repeats the search against the backdrop alone.
 *   4. Kept pieces, the gap between them and the object, thin rims and enclosed holes make the
 *      group. It is refused when most "other" cells lie elsewhere (the backdrop model is poor),
 *      when the added part runs along too much of the image border (it is backdrop), or when it
 *      grows the mask beyond a sane factor; then the raw mask comes back untouched.
 *   5. The added part is upsampled with a soft edge and unioned with the raw mask, so the
 *      network's fine edges survive wherever it was already right.
 */
import type { Mask, RgbaImage } from '../../image/raster'
import { backdropAfterRefit, backdropDistance, clusterFamilies, fitBorderModel, ringShare, type BorderModel } from './border-model'
import { buildPhotoGrid, buildWorkGrid, TEXTURE_RADIUS, type PhotoGrid, type WorkGrid } from './group-grid'
import { atLeast, claimedShare, findPieces, joinPieces, setMinus, type PieceContext } from './group-pieces'
import { borderContact, chessboardDistance, dilate, erode, fillHoles, unionUpsampled, within } from './group-regions'

export interface ExpandResult {
  mask: Mask
  /** True when the mask was grown. */
  expanded: boolean
  /** Share of the image that became foreground (the mask crossed 0.5) through the expansion. */
  addedShare: number
}

export interface ExpandOptions {
  /** Long side of the analysis grid in cells. */
  maxSide: number
  /** Border band width as a share of the grid's short side. */
  bandShare: number
  /** Most border clusters. */
  maxClusters: number
  /** Pass 1: a material with at least this share of the border band is backdrop… */
  minBackdropShare: number
  /** …unless its share of the ring around the object is at least minRingShare and
   * ringEnrichment times its border share. */
  minRingShare: number
  ringEnrichment: number
  /** Pass 1 looks for a support cut by the frame only when one material holds this much of the
   * border band. */
  minDominantShare: number
  /** Clusters closer than familyLink "other" thresholds are one material. */
  familyLink: number
  /** A cell is "other" when farther than max(floor, factor × radius) from every backdrop cluster. */
  novelFloor: number
  novelSpreadFactor: number
  /** Pass 2 drops a refitted cluster that the left-out group samples match this many times more
   * often than the samples it was fitted on. */
  groupLikeRatio: number
  /** How close (share of the grid's long side, beyond the halo) a piece must come to the object. */
  reachShare: number
  /** Half-size of the solid block a piece must contain, as a share of the grid's long side. */
  coreShare: number
  /** Smallest piece, as a share of the grid and as a share of the object. */
  minPieceShare: number
  minPieceOfObject: number
  /** Least share of all "other" cells (beyond the object's halo) that the group must take in. */
  minClaimed: number
  /** Largest share of the image border the added part may touch. */
  maxBorderContact: number
  /** Largest added area as a multiple of the raw object's area. */
  maxGrowth: number
  /** Largest share of the image the final group may cover. */
  maxCover: number
  /** Below this added share of the grid the raw mask is returned untouched. */
  minAddedShare: number
}

export const DEFAULT_EXPAND_OPTIONS: ExpandOptions = {
  maxSide: 512,
  bandShare: 0.03,
  maxClusters: 12,
  minBackdropShare: 0.06,
  minRingShare: 0.05,
  ringEnrichment: 2.5,
  minDominantShare: 0.5,
  familyLink: 1,
  novelFloor: 9,
  novelSpreadFactor: 2.5,
  groupLikeRatio: 2,
  reachShare: 0.025,
  coreShare: 0.006,
  minPieceShare: 0.002,
  minPieceOfObject: 0.015,
  minClaimed: 0.5,
  maxBorderContact: 0.3,
  maxGrowth: 6,
  maxCover: 0.85,
  minAddedShare: 0.003,
}

/** What the analysis saw, for tuning scripts and tests; callers need only `expandToGroup`. */
export interface ExpandAnalysis {
  grid: WorkGrid
  /** The border model pass 2 used (the refitted one when the frame cut through the group). */
  model: BorderModel | null
  /** Pass-2 normalised distance to the backdrop per cell (above 1 = "other"). */
  dist: Float32Array | null
  /** Pass-1 pieces and the grid-resolution group (null when nothing was added). */
  firstPieces: Uint8Array | null
  group: Uint8Array | null
  reason: string
}

/**
 * The photo's half of the analysis grid, which needs no mask: callers may build it while the
 * network runs and hand it to `expandToGroup` (same photo, same options), which otherwise builds it.
 */
export function prepareGroupGrid(photo: RgbaImage, options: Partial<ExpandOptions> = {}): PhotoGrid {
  return buildPhotoGrid(photo, options.maxSide ?? DEFAULT_EXPAND_OPTIONS.maxSide)
}

export function expandToGroup(raw: Mask, photo: RgbaImage, options: Partial<ExpandOptions> = {}, photoGrid?: PhotoGrid): ExpandResult {
  return expandToGroupWithAnalysis(raw, photo, options, photoGrid).result
}

export function expandToGroupWithAnalysis(
  raw: Mask,
  photo: RgbaImage,
  options: Partial<ExpandOptions> = {},
  photoGrid?: PhotoGrid,
): { result: ExpandResult; analysis: ExpandAnalysis } {
  if (raw.width !== photo.width || raw.height !== photo.height)
    throw new Error(`expandToGroup: mask ${raw.width}x${raw.height} does not match photo ${photo.width}x${photo.height}`)
  const o = { ...DEFAULT_EXPAND_OPTIONS, ...options }
  const grid = buildWorkGrid(photo, raw, o.maxSide, photoGrid)
  const analysis: ExpandAnalysis = { grid, model: null, dist: null, firstPieces: null, group: null, reason: '' }
  const unchanged = (reason: string) => {
    analysis.reason = reason
    return { result: { mask: raw, expanded: false, addedShare: 0 }, analysis }
  }
  const { w, h } = grid
  const n = w * h
  const long = Math.max(w, h)
  const { mask: fg, count: fgArea } = atLeast(grid.fg, 0.5)
  if (fgArea < n * 0.002) return unchanged('no salient object')
  if (fgArea > n * 0.7) return unchanged('the object fills the frame')
  const band = Math.max(2, Math.round(o.bandShare * Math.min(w, h)))
  const model1 = fitBorderModel(grid, band, o.maxClusters)
  if (!model1) return unchanged('the object covers the border band')

  // The halo: the network's soft edge plus cells whose grain window still sees the object. The
  // object's shadow and dark outline add backdrop-looking cells beyond it, hence the reach.
  const fgDist = chessboardDistance(fg, w, h)
  const haloR = TEXTURE_RADIUS + 1
  const halo = within(fgDist, haloR)
  const reachR = haloR + Math.max(2, Math.round(o.reachShare * long))
  const reach = within(fgDist, reachR)
  // Widest rim, groove or shadow line inside a group that still leaves it one group.
  const gap = Math.max(1, Math.round(0.004 * long))
  const ctx: PieceContext = {
    w,
    h,
    halo,
    reach,
    gap,
    core: Math.max(1, Math.round(o.coreShare * long)),
    minPiece: Math.max(4, o.minPieceShare * n, o.minPieceOfObject * fgArea),
  }

  // Pass 1: backdrop = materials with a real share of the border that are not enriched around
  // the object.
  const novelT = Math.max(o.novelFloor, o.novelSpreadFactor * model1.spread)
  const family = clusterFamilies(model1, novelT * o.familyLink)
  const ring = ringShare(grid, model1, halo, within(fgDist, haloR + Math.max(3, Math.round(0.02 * long))))
  const famShare = new Float64Array(model1.k)
  const famRing = new Float64Array(model1.k)
  for (let j = 0; j < model1.k; j++) {
    famShare[family[j]] += model1.share[j]
    famRing[family[j]] += ring[j]
  }
  const backdrop1 = new Uint8Array(model1.k)
  for (let j = 0; j < model1.k; j++) {
    const s = famShare[family[j]]
    const r = famRing[family[j]]
    const enriched = r >= o.minRingShare && r >= o.ringEnrichment * s && s < 0.3
    backdrop1[j] = s >= o.minBackdropShare && !enriched ? 1 : 0
  }
  // Telling a support cut by the frame from the backdrop needs a backdrop to tell it from: one
  // material holding most of the border. A busy scene has none, and its small colour families
  // are no evidence of a tray: there every cluster is backdrop and only novel things can join.
  let dominant = 0
  for (let j = 0; j < model1.k; j++) dominant = Math.max(dominant, famShare[j])
  if (dominant < o.minDominantShare || !backdrop1.includes(1)) backdrop1.fill(1)
  const first = findPieces(backdropDistance(grid, model1, backdrop1, o.novelFloor, o.novelSpreadFactor), ctx)
  analysis.firstPieces = first
  // Pass 2 only ever finds less (its backdrop is a superset), so no piece now means none at all.
  if (!first.includes(1)) return unchanged('nothing unlike the backdrop next to the object')

  // Pass 2: refit without the border samples in or beside pass-1 pieces. When those run along
  // much of the border they are not a tray cut by the frame but backdrop that pass 1 mistook (a
  // busy scene): then the full model stays, every cluster backdrop.
  const exclude = dilate(first, w, h, gap + 1)
  let excluded = 0
  for (const c of model1.samples) excluded += exclude[c]
  const refit = excluded > 0 && excluded <= o.maxBorderContact * model1.samples.length ? fitBorderModel(grid, band, o.maxClusters, exclude) : null
  const model = refit ?? model1
  analysis.model = model
  // A refitted cluster that the left-out samples match far more often than its own samples is
  // group material that also lies by itself at the border (a stray peanut on the carpet); as
  // backdrop it would turn the peanuts on the tray into backdrop too.
  const backdrop = refit
    ? backdropAfterRefit(grid, refit, model1.samples, exclude, o.novelFloor, o.novelSpreadFactor, o.groupLikeRatio)
    : new Uint8Array(model.k).fill(1)
  const dist = backdropDistance(grid, model, backdrop, o.novelFloor, o.novelSpreadFactor)
  analysis.dist = dist
  const pieces = findPieces(dist, ctx)

  // Bridge the gap between the object and its pieces, close thin rims, fill enclosed holes.
  const near = dilate(pieces, w, h, reachR)
  const joined = joinPieces(fg, pieces, reach, near)
  const group = fillHoles(erode(dilate(joined, w, h, gap), w, h, gap), w, h)
  const { mask: added, count: addedCount } = setMinus(group, fg)
  // How much of everything unlike the backdrop ended up in the group. A tray and what lies on it
  // are most of it; in a busy scene the same colours recur all over the frame, far from the object.
  const claimed = claimedShare(group, fg, halo, dist)
  const contact = borderContact(added, w, h)
  const reason = `added ${(addedCount / n).toFixed(3)} of the image, border contact ${contact.toFixed(3)}, growth ${(addedCount / fgArea).toFixed(2)}x, claimed ${claimed.toFixed(2)}`
  if (addedCount < o.minAddedShare * n) return unchanged(`${reason}: nothing to add`)
  if (claimed < o.minClaimed) return unchanged(`${reason}: most things unlike the backdrop lie elsewhere, so the backdrop model is not to be trusted`)
  if (contact > o.maxBorderContact) return unchanged(`${reason}: runs along the border, so it is backdrop`)
  if (addedCount > o.maxGrowth * fgArea || (addedCount + fgArea) / n > o.maxCover) return unchanged(`${reason}: grows too much`)
  analysis.group = group
  analysis.reason = reason
  const { mask, gained } = unionUpsampled(raw, added, w, h)
  const addedShare = gained / (raw.width * raw.height)
  return { result: { mask, expanded: addedShare > 0, addedShare }, analysis }
}
