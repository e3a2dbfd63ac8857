import { useSampleRequest, type ClientResult, type JobParams } from '../../shared/api-client'
import type { CAMERA_VIEWS, CompositionMode, TextPosition } from '../../shared/generate-request'
import type { JobEvent } from '../../shared/job-events'
import type { JobImageName, JobStatus } from '../../shared/job-status'
import type { GenerateResponse } from '../../shared/api-responses'
import { requestBoxes } from './canvas-slice'
import { BUILTIN_ENGINE, DEFAULT_CUTOUT, samplesFor } from './engine-choice'
import { formFromParams, keptAfter, sceneFromFor } from './editor-logic'
import { composePlan, textPlan } from './rerun-plan'
import { sceneChoiceOf, sceneRunParams, type SceneChoice, settlePick } from './scene-choice'
import type { StoreSlice } from './store-shape'
import { newSeed, uiError, type CanvasTab, type ProductInput, type RunKind, type Screen, type UiError } from './types'

/** Camera view of the product photo (request `view`). */
export type CameraView = (typeof CAMERA_VIEWS)[number]

export interface EditorForm {
  bgPrompt: string
  text: string
  fontName: string | null
  textStyle: string
  compositionMode: CompositionMode
  textPosition: TextPosition
  /** Camera view of the product photo (request `view`): auto detects a flat lay. */
  view: CameraView
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
  /** The user chose an ad without a product photo (a scene and text only); otherwise step 1 needs a photo. */
  backgroundOnly: boolean
}

export interface EditorActions {
  setScreen(s: Screen): void
  setForm(patch: Partial<EditorForm>): void
  setProduct(p: ProductInput | null): void
  setBackgroundOnly(on: boolean): void
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

const TAB_RANK: Record<CanvasTab, number> = { step1: 1, step2: 2, final: 3 }

export const DEFAULT_FORM: EditorForm = {
  bgPrompt: '',
  text: '',
  fontName: null,
  textStyle: 'gold',
  compositionMode: 'overlay',
  textPosition: 'auto',
  view: 'auto',
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
  backgroundOnly: false,
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
    view: f.view,
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
  /** How the canvas tab follows the running job (see onEditorJobEvent and finish). */
  const tabs = { userPicked: false, runRank: 0 }

  /** Submits a job for the editor and follows it to the end. */
  const start = async (kind: RunKind, submit: () => Promise<ClientResult<GenerateResponse>>): Promise<void> => {
    if (get().run || get().submitting) return
    Object.assign(tabs, { userPicked: false, runRank: 0 })
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
    // The furthest image the run made is shown, unless the user picked a tab while it ran (that one stays).
    const current = get().tab
    const furthest: CanvasTab = kept.final === jobId ? 'final' : kept.step2 === jobId ? 'step2' : kept.step1 === jobId ? 'step1' : current
    const tab: CanvasTab = tabs.userPicked && kept[current] ? current : furthest
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
  /** Every step from a new scene: needs a product photo unless the user chose a background-only ad. */
  const runAll = async (kind: 'generate' | 'background', freshSeed: boolean): Promise<void> => {
    const product = get().product?.ref ?? null
    if (!product && !get().backgroundOnly) return set({ editorError: { code: 'needs_photo', detail: 'product_image: add a product photo, or choose a background-only ad' } })
    await start(kind, () => deps.api.generate({ params: { ...formParams(seedForRun(freshSeed)), start_step: 1, stop_step: 3 }, product, productMask: get().product?.mask ?? null }))
  }

  const seedForRun = (fresh: boolean): number => {
    const seed = fresh || get().form.seed === null ? newSeed(deps.random) : get().form.seed!
    set((s) => ({ form: { ...s.form, seed } }))
    return seed
  }

  return {
    ...editorInitialState,
    setScreen: (screen) => set({ screen }),
    setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
    // A new photo makes the old error about the last one (or the last run) moot.
    setProduct: (product) => set((s) => ({ product, productError: null, editorError: s.run ? s.editorError : null, backgroundOnly: product ? false : s.backgroundOnly })),
    setBackgroundOnly: (backgroundOnly) => set((s) => ({ backgroundOnly, editorError: s.editorError?.code === 'needs_photo' ? null : s.editorError })),
    setProductError: (productError) => set({ productError }),
    setTab: (tab) => {
      if (get().run || get().submitting) tabs.userPicked = true
      set({ tab })
    },
    setCompare: (compare) => set({ compare }),
    dismissEditorError: () => set({ editorError: null, editorNotice: null }),

    generate: () => runAll('generate', false),

    newBackground: () => runAll('background', true),

    regenerateText: async () => {
      const step1 = get().kept.step1
      if (!step1) return set({ editorError: { code: 'needs_step1', detail: 'no step-1 image is kept yet' } })
      // A new size needs a new scene: the button says so, and runs every step with the same seed.
      if (textPlan(get()).kind === 'generate') return runAll('generate', false)
      // The engine needs words to draw from step 2 on: say so here rather than as "a setting is not valid".
      if (!get().form.text.trim()) return set({ editorError: { code: 'needs_text_rerun', detail: 'text_content: is required when start_step is 2' } })
      await start('text', () => deps.api.regenerateText(formParams(seedForRun(false)), step1))
    },

    recompose: async () => {
      const { step1, step2 } = get().kept
      if (!step1 || !step2) return set({ editorError: { code: 'needs_step2', detail: 'no step-1 and step-2 images are kept yet' } })
      const plan = composePlan(get())
      if (plan.kind === 'generate') return runAll('generate', false)
      // New words cannot come from the old text layer: the text step runs again (the label says so).
      if (plan.kind === 'text' && !get().form.text.trim()) return set({ editorError: { code: 'needs_text_rerun', detail: 'text_content: is required when start_step is 2' } })
      if (plan.kind === 'text') return start('text', () => deps.api.regenerateText(formParams(seedForRun(false)), step1))
      await start('compose', () => deps.api.recomposite(formParams(seedForRun(false)), step1, step2))
    },

    placeProduct: async () => {
      // After a reopen or a reload the photo may only be in the folder of the job that made step 1.
      const step1 = get().kept.step1
      const product = get().product?.ref ?? (step1 ? ({ kind: 'job', jobId: step1, image: 'product' } as const) : null)
      if (!product) return set({ editorError: { code: 'needs_product', detail: 'product_image: the product photo is needed to place it again' } })
      // Placed over the scene on screen as it is (scene_from: only placement and composition run); where
      // that job keeps none, the same seed and prompt make the same scene again.
      const params: JobParams = { ...formParams(seedForRun(false)), start_step: 1, stop_step: 3 }
      const sceneFrom = sceneFromFor(step1, step1 ? get().jobs[step1]?.params : null, get().form)
      // The copy on screen still says what the form says: its text layer is kept too (no text run).
      const step2 = get().kept.step2
      const keepText = sceneFrom && step2 && composePlan(get()).kind === 'compose' && get().form.text.trim() ? ({ kind: 'job', jobId: step2, image: 'step2' } as const) : null
      const submit = (p: JobParams, text: typeof keepText = null) => deps.api.generate({ params: p, product, productMask: get().product?.mask ?? null, step2: text })
      await start('place', async () => {
        if (!sceneFrom) return submit(params)
        const r = await submit({ ...params, scene_from: sceneFrom, samples: 1 }, keepText)
        return !r.ok && /^(scene_from|step2_image):/.test(r.message) ? submit(params) : r
      })
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
      // The photo the job keeps (re-runs keep the one they were made from); none: a background-only ad.
      const product: ProductInput | null = st.inputs?.product ? { name: 'product', ref: { kind: 'job', jobId, image: 'product' }, previewUrl: null } : null
      set((s) => ({
        screen: 'editor',
        form: formFromParams(s.form, st.parameters),
        kept: keptAfter({ step1: null, step2: null, final: null }, 'generate', jobId, images),
        product,
        // Only a scene made without a photo is background-only; a re-run that kept none (older engines) asks for one.
        backgroundOnly: product === null && Number(st.parameters.start_step ?? 1) === 1 && st.status === 'completed',
        productError: null,
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
      if (e.type === 'job.image' && e.image !== 'mask' && e.image !== 'product_mask') {
        // Show each image as soon as it exists; finish() settles the kept set from the final status.
        // Images are written in parallel: the tab only moves forward (step1 → step2 → final), never
        // back because a re-run's copy of step 1 arrived last, and never away from a tab the user picked.
        const rank = TAB_RANK[e.image as CanvasTab]
        const follow = !tabs.userPicked && rank >= tabs.runRank
        if (follow) tabs.runRank = rank
        set((s) => ({ kept: keptAfter(s.kept, run.kind, run.jobId, [e.image]), tab: follow ? (e.image as CanvasTab) : s.tab }))
      }
    },
  }
}
