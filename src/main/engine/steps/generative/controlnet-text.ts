/**
 * Step 2 with a ControlNet: the vector text's canny edges guide a styled render of the same
 * letters; the render is cut out (segmentation), its alpha is confined to the vector letters, and
 * the result is checked against the vector mask. If too little of the letters survived (or the
 * render spilled), the vector layer is returned unchanged: the copy must always be the right text.
 */
import { generateImages, type DiffusionProgress } from '../../diffusion/pipeline/generate'
import type { DiffusionFolder } from '../../diffusion/pipeline/model-folder'
import type { SchedulerKind } from '../../diffusion/schedulers/scheduler-config'
import { alphaOf, createMask, createRgba, type Mask, type RgbaImage } from '../../image/raster'
import type { ModelSessions } from '../../ml/session-pool'
import { cannyEdges } from '../text/canny'
import { alphaBox, cropRgba, dilateMask, resizeMask, resizeRgba, workingSize } from './raster-ops'

export interface Segmenter {
  segment(photo: RgbaImage): Promise<Mask>
}

export interface ControlNetTextInput {
  model: string | DiffusionFolder
  /** The ControlNet .onnx (else the folder's own controlnet/). */
  controlnet?: string
  sessions: ModelSessions
  /** The built-in vector text layer (transparent, canvas size): shapes and placement come from it. */
  vectorLayer: RgbaImage
  stylePrompt: string
  negativePrompt?: string | null
  steps: number
  guidance: number
  /** Sampler instead of the base folder's scheduler class; absent: the folder's. */
  scheduler?: SchedulerKind
  seed: number
  conditioningScale?: number
  /** Cuts the styled letters out of their render (BiRefNet / ISNet); without one, the vector mask alone. */
  segmenter?: Segmenter
  /** Share of the vector letters the styled cutout must cover (default 0.85). */
  minCoverage?: number
  /** Cut-out area outside the (slightly grown) letters, as a share of the letters (default 0.25). */
  maxSpill?: number
  workingSide?: number
  signal?: AbortSignal
  onProgress?: (p: DiffusionProgress) => void
}

export interface ControlNetTextOutput {
  /** Same shape as the built-in step 2: the layer and its canny edges. */
  layer: RgbaImage
  edges: Uint8Array
  engine: 'controlnet' | 'vector-fallback'
  coverage: number
  spill: number
  reason: string | null
}

/** Coverage of the vector letters by the cutout, and the cutout's spill beyond them. */
export function coverageCheck(vector: Mask, cut: Mask, grownVector: Mask): { coverage: number; spill: number } {
  let letters = 0
  let covered = 0
  let spill = 0
  for (let i = 0; i < vector.data.length; i++) {
    const v = vector.data[i] >= 0.5
    const c = cut.data[i] >= 0.5
    if (v) letters++
    if (v && c) covered++
    if (c && grownVector.data[i] < 0.5) spill++
  }
  return { coverage: letters ? covered / letters : 0, spill: letters ? spill / letters : 1 }
}

export async function renderControlNetText(input: ControlNetTextInput): Promise<ControlNetTextOutput> {
  const vector = input.vectorLayer
  const fallback = (reason: string, coverage = 0, spill = 0): ControlNetTextOutput => ({ layer: vector, edges: cannyEdges(vector), engine: 'vector-fallback', coverage, spill, reason })
  const pad = Math.round(Math.max(vector.width, vector.height) * 0.02) + 4
  const box = alphaBox(vector, pad)
  if (!box) return fallback('the text layer is empty')
  // Work on the text's own box so the letters fill the model's frame.
  const crop = cropRgba(vector, box)
  const work = workingSize(box[2], box[3], input.workingSide ?? 512)
  const cropSmall = await resizeRgba(crop, work.width, work.height)
  const edges = cannyEdges(cropSmall)
  const prompt = `${input.stylePrompt.trim() || 'gold metallic'} 3D lettering, bold letters, studio lighting, plain flat background`
  const negative = ['blurry, distorted letters, extra letters, background clutter', input.negativePrompt].filter(Boolean).join(', ')
  const render = await generateImages(
    {
      model: input.model,
      prompt,
      negativePrompt: negative,
      width: work.width,
      height: work.height,
      steps: input.steps,
      guidance: input.guidance,
      scheduler: input.scheduler,
      seeds: [input.seed],
      control: { image: edges, scale: input.conditioningScale ?? 1, model: input.controlnet },
      signal: input.signal,
      onProgress: input.onProgress,
    },
    input.sessions,
  )
  const styled = render.images[0]
  const vectorMask = alphaOf(cropSmall)
  const grown = dilateMask(vectorMask, Math.max(2, Math.round(work.width / 128)))
  const cut = input.segmenter ? resizeMask(await input.segmenter.segment(styled), work.width, work.height) : vectorMask
  const { coverage, spill } = coverageCheck(vectorMask, cut, grown)
  const minCoverage = input.minCoverage ?? 0.85
  const maxSpill = input.maxSpill ?? 0.25
  if (coverage < minCoverage) return fallback(`the styled letters cover ${(coverage * 100).toFixed(0)}% of the text (need ${(minCoverage * 100).toFixed(0)}%): kept the vector text`, coverage, spill)
  if (spill > maxSpill) return fallback(`the styled render spills ${(spill * 100).toFixed(0)}% beyond the letters (max ${(maxSpill * 100).toFixed(0)}%): kept the vector text`, coverage, spill)

  // Alpha: the cutout, never outside the grown vector letters, so no extra strokes can appear.
  const alpha = createMask(work.width, work.height)
  for (let i = 0; i < alpha.data.length; i++) alpha.data[i] = Math.min(cut.data[i], grown.data[i])
  const styledCrop = await resizeRgba(styled, box[2], box[3])
  const alphaCrop = resizeMask(alpha, box[2], box[3])
  const layer = createRgba(vector.width, vector.height)
  for (let y = 0; y < box[3]; y++)
    for (let x = 0; x < box[2]; x++) {
      const s = (y * box[2] + x) * 4
      const d = ((box[1] + y) * vector.width + box[0] + x) * 4
      layer.data[d] = styledCrop.data[s]
      layer.data[d + 1] = styledCrop.data[s + 1]
      layer.data[d + 2] = styledCrop.data[s + 2]
      layer.data[d + 3] = Math.round(Math.min(1, Math.max(0, alphaCrop.data[y * box[2] + x])) * 255)
    }
  return { layer, edges: cannyEdges(layer), engine: 'controlnet', coverage, spill, reason: null }
}
