import type { ImageRef } from '../../shared/api-client'
import type { StoreSlice } from './store-shape'
import type { UiError } from './types'

/**
 * Refine cutout, as far as the store is concerned: which product's cutout is open (the editor's
 * product, or a batch item flagged "check cutout"), and what Apply does with the corrected mask.
 * The painting itself lives in the Refine screen's controller (ui/editor/refine): pixels do not
 * belong in the store.
 */
export interface RefineTarget {
  /** The job whose product_mask.png is the starting mask. */
  jobId: string
  /** The product photo (object URL of the file given this session). */
  photoUrl: string
  origin: { kind: 'editor' } | { kind: 'batch'; itemId: string }
}

export interface RefineState {
  refine: RefineTarget | null
  refineError: UiError | null
}

export interface RefineActions {
  /** Opens the editor's product; refineError says why when it cannot. */
  openRefine(): void
  openBatchRefine(itemId: string): void
  closeRefine(): void
  /**
   * The corrected mask (8-bit PNG at the photo's size) becomes the product's own: it is sent as
   * product_mask with this product from now on, and step 1 is re-run at once with the same seed
   * (steps 2-3 too when the form has text, as Generate does).
   */
  applyRefine(maskPng: Uint8Array): Promise<void>
}

export const refineInitialState: RefineState = { refine: null, refineError: null }

export const maskRef = (bytes: Uint8Array): ImageRef => ({ kind: 'bytes', bytes, name: 'product-mask.png' })

export const createRefineSlice: StoreSlice<RefineState & RefineActions> = (set, get) => ({
  ...refineInitialState,

  openRefine() {
    const { product, kept, jobs } = get()
    const jobId = kept.step1
    if (!jobId || !jobs[jobId]?.images?.product_mask) return set({ refineError: { code: 'needs_step1', detail: 'no cutout is kept yet: generate once first' } })
    if (!product?.previewUrl) return set({ refineError: { code: 'file_missing', detail: 'the product photo is not at hand: add it again' } })
    set({ refine: { jobId, photoUrl: product.previewUrl, origin: { kind: 'editor' } }, refineError: null })
  },

  openBatchRefine(itemId) {
    const item = get().batchItems.find((i) => i.id === itemId)
    if (!item?.jobId || !item.thumbUrl) return set({ refineError: { code: 'file_missing', detail: `${item?.name ?? itemId}: the photo or its job is gone` } })
    set({ refine: { jobId: item.jobId, photoUrl: item.thumbUrl, origin: { kind: 'batch', itemId } }, refineError: null })
  },

  closeRefine: () => set({ refine: null }),

  async applyRefine(maskPng) {
    const target = get().refine
    if (!target) return
    set({ refine: null, refineError: null })
    if (target.origin.kind === 'batch') {
      const itemId = target.origin.itemId
      set((s) => ({ batchItems: s.batchItems.map((i) => (i.id === itemId ? { ...i, productMask: maskRef(maskPng), check: null } : i)) }))
      // The fixed item runs again (same seed: only its cutout changed).
      return get().retryBatchItem(itemId)
    }
    const product = get().product
    if (!product) return
    get().setProduct({ ...product, mask: maskRef(maskPng) })
    await get().generate()
  },
})
