import type { ApiClient, ImageRef } from '../../shared/api-client'
import type { ExportFormat } from '../lib/file-names'

/**
 * Shared types of the store's slices. Nothing here touches the DOM: actions are tested directly in
 * Node with a fake ApiClient and fake ImageTools (test/renderer/), the way lobe-chat tests its slices.
 */

/** An error kept where it happened: `code` picks the plain-words sentence, `detail` is the raw message. */
export interface UiError {
  code: string
  detail: string
  /** Values the plain sentence names (sizes, limits, a file name). */
  vars?: Record<string, string | number>
}

export const uiError = (f: { code: string; message: string }): UiError => ({ code: f.code, detail: f.message })

/** What the browser does for the store: image re-encoding and reading files (DOM APIs, faked in tests). */
export interface ImageTools {
  /** Re-encodes a PNG as `format`, resized to width×height (same aspect: never cropped). */
  convert(png: Uint8Array, opts: { format: ExportFormat; quality: number; width: number; height: number }): Promise<Uint8Array>
  /** A PNG's pixels (the canvas measures where the product and the copy are); absent: boxes come from job parameters. */
  decode?(png: Uint8Array): Promise<{ width: number; height: number; data: Uint8ClampedArray }>
}

export interface Deps {
  api: ApiClient
  images: ImageTools
  now: () => number
  /** For seeds: uniform in [0, 1). */
  random: () => number
  /** How often a job that sent no event is re-read (ms); events are the normal path. */
  pollMs?: number
}

/** A product photo the user gave: where it comes from and a URL to preview it. */
export interface ProductInput {
  name: string
  ref: ImageRef
  previewUrl: string | null
  /** The product's own mask (Refine cutout's correction): sent as product_mask with every step-1 run. */
  mask?: ImageRef | null
}

export type Screen = 'editor' | 'history' | 'batch' | 'models' | 'settings'
export type CanvasTab = 'step1' | 'step2' | 'final'
/** What the running editor job was started for: decides which kept results it replaces. */
export type RunKind = 'generate' | 'background' | 'text' | 'compose' | 'scene' | 'place'

export const newSeed = (random: () => number) => Math.floor(random() * 2 ** 31)
