import { useSampleRequest, type ClientResult, type JobParams } from '../../shared/api-client'
import type { CompositionMode, TextPosition } from '../../shared/generate-request'
import type { JobEvent } from '../../shared/job-events'
import type { JobImageName, JobStatus } from '../../shared/job-status'
import type { GenerateResponse } from '../../shared/api-responses'
import { requestBoxes } from './canvas-slice'
import { BUILTIN_ENGINE, DEFAULT_CUTOUT, samplesFor } from './engine-choice'
import { formFromParams, keptAfter } from './editor-logic'
import { sceneChoiceOf, sceneRunParams, type SceneChoice, settlePick } from './scene-choice'
import type { StoreSlice } from './store-shape'
import { newSeed, uiError, type CanvasTab, type ProductInput, type RunKind, type Screen, type UiError } from './types'

export interface EditorForm {
  bgPrompt: string
  text: string
  fontName: string | null
  textStyle: string
  compositionMode: CompositionMode
  textPosition: TextPosition
  width: number
  height: number
  /** null: a new one is drawn at the next Generate (and then shown here). */
  seed: number | null
  /** 'builtin' (procedural studio) or a ready diffusion model's id. */
  bgEngine: string
  /** Scene variations (1-8); only sent with a diffusion engine. */
  samples: number
  /** 'builtin' (vector 3D letters) or a ready ControlNet model's id. */
  textEngine: string
  /** isnet-medium / isnet-small, or a ready segmentation model's id. */
  segmentationModel: string
}

/** The jobs whose images the canvas shows and the re-run buttons reuse. */
export interface KeptResults {
  step1: string | null
  step2: string | null
  final: string | null
}

export interface EditorState {
  screen: Screen
  form: EditorForm
  product: ProductInput | null
  kept: KeptResults
  run: { jobId: string; kind: RunKind } | null
  submitting: boolean
  tab: CanvasTab
  compare: boolean
  editorError: UiError | null
  productError: UiError | null
  /** A non-error outcome worth saying (stopped, steps not available in this build). */
  editorNotice: { code: string; detail: string } | null
  /** The scene variations of the last new scene, when it made more than one. */
  scenes: SceneChoice | null
}

export interface EditorActions {
  setScreen(s: Screen): void
  setForm(patch: Partial<EditorForm>): void
  setProduct(p: ProductInput | null): void
  setProductError(e: UiError | null): void
  setTab(t: CanvasTab): void
  setCompare(on: boolean): void
  dismissEditorError(): void
  generate(): Promise<void>
  newBackground(): Promise<void>
  regenerateText(): Promise<void>
  recompose(): Promise<void>
  stopRun(): Promise<void>
  reopen(jobId: string): Promise<void>
  /** Redoes the ad (text + composition, the form's settings) over scene variation `index`. */
  pickScene(index: number): Promise<void>
  /** The product moved or resized on the canvas: placement and everything after it, same seed and scene. */
  placeProduct(): Promise<void>
  onEditorJobEvent(e: JobEvent): void
}

export const DEFAULT_FORM: EditorForm = {
  bgPrompt: '',
  text: '',
  fontName: null,
  textStyle: 'gold',
  compositionMode: 'overlay',
  textPosition: 'auto',
  width: 1080,
  height: 1080,
  seed: null,
  bgEngine: BUILTIN_ENGINE,
  samples: 1,
  textEngine: BUILTIN_ENGINE,
  segmentationModel: DEFAULT_CUTOUT,
}

export const editorInitialState: EditorState = {
  screen: 'editor',
  form: DEFAULT_FORM,
  product: null,
  kept: { step1: null, step2: null, final: null },
  run: null,
  submitting: false,
  tab: 'final',
  compare: false,
  editorError: null,
  productError: null,
  editorNotice: null,
  scenes: null,
}

/** The request fields the form stands for (the step range is set by each button). */
export function paramsFromForm(f: EditorForm, seed: number): JobParams {
  return {
    bg_prompt: f.bgPrompt.trim() || undefined,
    text_content: f.text.trim() ? f.text : null,
    font_name: f.fontName,
    text_style: f.textStyle || null,
    composition_mode: f.compositionMode,
    text_position: f.textPosition,
    width: f.width,
    height: f.height,
    seed,
    bg_engine: f.bgEngine,
    samples: samplesFor(f.bgEngine, f.samples),
    text_engine: f.textEngine,
    segmentation_model: f.segmentationModel,
  }
}

export const createEditorSlice: StoreSlice<EditorState & EditorActions> = (set, get, deps) => {
  /** Submits a job for the editor and follows it to the end. */
  const start = async (kind: RunKind, submit: () => Promise<ClientResult<GenerateResponse>>): Promise<void> => {
    if (get().run || get().submitting) return
    set({ submitting: true, editorError: null, editorNotice: null })
    const r = await submit()
    if (!r.ok) return set({ submitting: false, editorError: uiError(r) })
    const jobId = r.value.job_id
    set((s) => ({
      submitting: false,
      run: { jobId, kind },
      // A new scene replaces everything; text and composition re-runs keep what they reuse on screen.
      kept: kind === 'generate' || kind === 'background' ? { step1: null, step2: null, final: null } : s.kept,
      scenes: kind === 'generate' || kind === 'background' ? null : s.scenes,
    }))
    finish(jobId, await deps.waiter.wait(jobId))
  }

  const finish = (jobId: string, st: JobStatus | null): void => {
    const run = get().run
    if (!run || run.jobId !== jobId) return
    if (!st) return set({ run: null, editorError: { code: 'not_found', detail: `job ${jobId} is gone` } })
    const images = Object.entries(st.images).filter(([, url]) => url).map(([n]) => n as JobImageName)
    const kept = keptAfter(get().kept, run.kind, jobId, images)
    const tab: CanvasTab = kept.final === jobId ? 'final' : kept.step2 === jobId ? 'step2' : kept.step1 === jobId ? 'step1' : get().tab
    const failed = st.status === 'failed'
    const notice =
      st.status === 'stopped' ? { code: 'stopped', detail: st.message } : st.status === 'completed' && !images.includes('final') ? { code: 'stopped_early', detail: st.message } : null
    const newScene = run.kind === 'generate' || run.kind === 'background'
    const scenes = newScene ? sceneChoiceOf(jobId, st.samples) : settlePick(get().scenes, st.status === 'completed' && images.includes('final'))
    set({ run: null, kept, tab, scenes, editorError: failed ? { code: st.error_code ?? 'job_failed', detail: st.error ?? st.message } : null, editorNotice: notice })
    void get().loadJob(jobId)
  }

  /** The form's request fields plus the canvas's manual positions (canvas-slice.ts). */
  const formParams = (seed: number): JobParams => ({ ...paramsFromForm(get().form, seed), ...requestBoxes(get()) })

  const seedForRun = (fresh: boolean): number => {
    const seed = fresh || get().form.seed === null ? newSeed(deps.random) : get().form.seed!
    set((s) => ({ form: { ...s.form, seed } }))
    return seed
  }

  return {
    ...editorInitialState,
    setScreen: (screen) => set({ screen }),
    setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
    setProduct: (product) => set({ product, productError: null }),
    setProductError: (productError) => set({ productError }),
    setTab: (tab) => set({ tab }),
    setCompare: (compare) => set({ compare }),
    dismissEditorError: () => set({ editorError: null, editorNotice: null }),

    generate: () =>
      start('generate', () => {
        const params = { ...formParams(seedForRun(false)), start_step: 1, stop_step: 3 }
        return deps.api.generate({ params, product: get().product?.ref ?? null })
      }),

    newBackground: () =>
      start('background', () => {
        const params = { ...formParams(seedForRun(true)), start_step: 1, stop_step: 3 }
        return deps.api.generate({ params, product: get().product?.ref ?? null })
      }),

    regenerateText: async () => {
      const step1 = get().kept.step1
      if (!step1) return set({ editorError: { code: 'needs_step1', detail: 'no step-1 image is kept yet' } })
      await start('text', () => deps.api.regenerateText(formParams(seedForRun(false)), step1))
    },

    recompose: async () => {
      const { step1, step2 } = get().kept
      if (!step1 || !step2) return set({ editorError: { code: 'needs_step2', detail: 'no step-1 and step-2 images are kept yet' } })
      await start('compose', () => deps.api.recomposite(formParams(seedForRun(false)), step1, step2))
    },

    placeProduct: async () => {
      // After a reopen or a reload the photo may only be in the folder of the job that made step 1.
      const step1 = get().kept.step1
      const product = get().product?.ref ?? (step1 ? ({ kind: 'job', jobId: step1, image: 'product' } as const) : null)
      if (!product) return set({ editorError: { code: 'needs_product', detail: 'product_image: the product photo is needed to place it again' } })
      // The same seed and prompt make the same scene; only the placement (product_box) differs.
      await start('place', () => deps.api.generate({ params: { ...formParams(seedForRun(false)), start_step: 1, stop_step: 3 }, product }))
    },

    stopRun: async () => {
      const run = get().run
      if (!run) return
      const r = await deps.api.stop(run.jobId)
      if (!r.ok) set({ editorError: uiError(r) })
    },

    reopen: async (jobId) => {
      const st = await get().loadJob(jobId)
      if (!st) return set({ editorError: { code: 'not_found', detail: `job ${jobId} could not be read` }, screen: 'editor' })
      const images = Object.entries(st.images).filter(([, url]) => url).map(([n]) => n as JobImageName)
      const startStep = Number(st.parameters.start_step ?? 1)
      set((s) => ({
        screen: 'editor',
        form: formFromParams(s.form, st.parameters),
        kept: keptAfter({ step1: null, step2: null, final: null }, 'generate', jobId, images),
        // The photo this job was made from stays in its folder; re-runs of step 1 can reuse it.
        product: startStep === 1 ? { name: 'product', ref: { kind: 'job', jobId, image: 'product' }, previewUrl: null } : s.product,
        tab: images.includes('final') ? 'final' : images.includes('step2') ? 'step2' : 'step1',
        scenes: sceneChoiceOf(jobId, st.samples),
        editorError: null,
        editorNotice: null,
      }))
      // The job may have used a model that has been removed since.
      get().checkEngines()
    },

    pickScene: async (index) => {
      const scenes = get().scenes
      if (!scenes?.samples.some((x) => x.index === index)) return set({ editorError: { code: 'not_found', detail: `sample-${index} is not one of the scenes on show` } })
      // Starting at step 2 needs letters to draw: the engine would refuse the job without them.
      if (!get().form.text.trim()) return set({ editorError: { code: 'needs_text', detail: 'text_content: is required to redo the ad over another scene' } })
      await start('scene', async () => {
        const r = await deps.api.generate(useSampleRequest(sceneRunParams(formParams(seedForRun(false))), scenes.jobId, index))
        if (r.ok) set((s) => ({ scenes: s.scenes && { ...s.scenes, pending: index } }))
        return r
      })
    },

    onEditorJobEvent: (e) => {
      const run = get().run
      if (!run || e.job_id !== run.jobId) return
      // The strip shows up as soon as the variations exist; picking waits for the job to end.
      if (e.type === 'job.samples' && (run.kind === 'generate' || run.kind === 'background')) return set({ scenes: sceneChoiceOf(e.job_id, e.samples) })
      if (e.type === 'job.image' && e.image !== 'mask') {
        // Show each image as soon as it exists; finish() settles the kept set from the final status.
        set((s) => ({ kept: keptAfter(s.kept, run.kind, run.jobId, [e.image]), tab: e.image as CanvasTab }))
      }
    },
  }
}
