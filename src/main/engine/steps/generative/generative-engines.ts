/**
 * The generative engines as one object a host (EngineContext) can own for the life of the engine
 * process: the GPU probe's provider plan (once), one session pool under a VRAM keep-budget,
 * installed models resolved by id, BiRefNet segmenters kept loaded, and the step 1 / step 2
 * functions with each model's catalogue defaults filled in.
 */
import { chooseControlBase } from '../../diffusion/pipeline/control-pairing'
import { readDiffusionFolder } from '../../diffusion/pipeline/model-folder'
import { EngineError } from '../../errors'
import type { DevicePreference, ProviderPlan } from '../../ml/execution-providers'
import { probeGpu, type GpuProbeResult } from '../../ml/gpu-probe'
import { loadSession } from '../../ml/ort-session'
import { ModelSessions } from '../../ml/session-pool'
import { builtinCatalog, type Catalog, type CatalogEntry } from '../../models/catalog'
import { listInstalled, resolveInstalledModel } from '../../models/model-store'
import { BiRefNetSegmenter } from './birefnet-segmenter'
import { renderControlNetText, type ControlNetTextInput, type ControlNetTextOutput } from './controlnet-text'
import { generateSceneBackground, type SceneBackgroundInput, type SceneBackgroundOutput } from './scene-background'

export interface GenerativeEnginesOptions {
  modelsDir: string
  device: DevicePreference
  /** Bytes of model files that may stay loaded between jobs (0: load and release every time). */
  keepBytes?: number
  catalog?: Catalog
  probe?: () => Promise<GpuProbeResult>
}

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>

export class GenerativeEngines {
  private planP: Promise<{ plan: ProviderPlan; probe: GpuProbeResult }> | null = null
  private pool: ModelSessions | null = null
  private readonly segmenters = new Map<string, Promise<BiRefNetSegmenter>>()
  private readonly catalog: Catalog

  constructor(private readonly opts: GenerativeEnginesOptions) {
    this.catalog = opts.catalog ?? builtinCatalog()
  }

  /** The provider plan (CUDA only when the probe found it usable) and the probe's plain-words report. */
  plan(): Promise<{ plan: ProviderPlan; probe: GpuProbeResult }> {
    this.planP ??= (this.opts.probe ?? (() => probeGpu({ device: this.opts.device })))().then((probe) => ({ plan: probe.plan, probe }))
    return this.planP
  }

  async sessions(): Promise<ModelSessions> {
    this.pool ??= new ModelSessions((await this.plan()).plan, { keepBytes: this.opts.keepBytes ?? 0 })
    return this.pool
  }

  private entry(id: string): CatalogEntry | undefined {
    return this.catalog.models.find((m) => m.id === id)
  }

  /** The catalogue's recommended steps/guidance/size for a model id (Turbo models: guidance 0). */
  defaults(id: string): CatalogEntry['defaults'] | null {
    return this.entry(id)?.defaults ?? null
  }

  /** A segmentation engine by installed model id (kept loaded: it runs on every cutout). */
  segmenter(id: string): Promise<BiRefNetSegmenter> {
    let s = this.segmenters.get(id)
    if (!s) {
      s = (async () => {
        const { path, manifest } = await resolveInstalledModel(this.opts.modelsDir, id)
        if (manifest.kind !== 'segmentation') throw new EngineError('invalid_request', `model "${id}" is a ${manifest.kind} model, not a segmentation model`, 'segmentation_model')
        return BiRefNetSegmenter.fromSession(await loadSession(path, (await this.plan()).plan), id)
      })()
      s.catch(() => this.segmenters.delete(id))
      this.segmenters.set(id, s)
    }
    return s
  }

  /** Step 1 with diffusion model `id`; steps/guidance/scheduler default to the catalogue's values for it. */
  async sceneBackground(id: string, input: Optional<Omit<SceneBackgroundInput, 'model' | 'sessions'>, 'steps' | 'guidance'>): Promise<SceneBackgroundOutput & { model: string }> {
    const { path, manifest } = await resolveInstalledModel(this.opts.modelsDir, id)
    if (manifest.kind !== 'diffusion') throw new EngineError('invalid_request', `model "${id}" is a ${manifest.kind} model: step 1 needs a diffusion model`, 'bg_engine')
    const d = this.entry(id)?.defaults
    const out = await generateSceneBackground({
      ...input,
      model: path,
      sessions: await this.sessions(),
      steps: input.steps ?? d?.steps ?? 4,
      guidance: input.guidance ?? d?.guidance ?? 0,
      scheduler: input.scheduler ?? d?.scheduler,
      workingSide: input.workingSide ?? d?.width ?? 512,
    })
    return { ...out, model: id }
  }

  /**
   * Step 2 with engine `id`: a ControlNet (its base: the catalogue's `requires`, else an installed
   * diffusion folder whose UNet takes residuals) or a diffusion folder that ships its own ControlNet
   * (in controlnet/, or fused into its UNet).
   */
  async controlNetText(id: string, input: Optional<Omit<ControlNetTextInput, 'model' | 'controlnet' | 'sessions'>, 'steps' | 'guidance'>): Promise<ControlNetTextOutput & { model: string; base: string }> {
    const { path, manifest } = await resolveInstalledModel(this.opts.modelsDir, id)
    let base: { id: string; path: string }
    let controlnet: string | undefined
    if (manifest.kind === 'controlnet') {
      controlnet = path
      base = await this.controlBase(id, path, this.entry(id)?.requires ?? [])
    } else if (manifest.kind === 'diffusion' && (await readDiffusionFolder(path).then((f) => Boolean(f.controlnet) || f.unetFusedControl))) base = { id, path }
    else throw new EngineError('invalid_request', `model "${id}" is not a ControlNet (nor a folder with one)`, 'text_engine')
    const d = this.entry(base.id)?.defaults
    const out = await renderControlNetText({
      ...input,
      model: base.path,
      controlnet,
      sessions: await this.sessions(),
      steps: input.steps ?? d?.steps ?? 4,
      guidance: input.guidance ?? d?.guidance ?? 0,
      scheduler: input.scheduler ?? d?.scheduler,
      workingSide: input.workingSide ?? d?.width ?? 512,
    })
    return { ...out, model: id, base: base.id }
  }

  /** An installed base that takes this ControlNet's residuals at its text width (control-pairing.ts). */
  private async controlBase(id: string, controlnet: string, preferred: string[]): Promise<{ id: string; path: string }> {
    const installed = (await listInstalled(this.opts.modelsDir)).filter((m) => m.status === 'ready' && m.manifest?.kind === 'diffusion')
    const choice = await chooseControlBase(controlnet, id, installed.map((m) => ({ id: m.id, path: m.manifest!.path })), preferred)
    if (!choice.ok) throw new EngineError('model_unavailable', choice.message, 'text_engine')
    return { id: choice.id, path: choice.path }
  }

  async dispose(): Promise<void> {
    for (const s of this.segmenters.values()) await (await s.catch(() => null))?.release()
    this.segmenters.clear()
    await this.pool?.dispose()
  }
}
