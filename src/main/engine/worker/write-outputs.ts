import { join } from 'node:path'
import { sampleFileName, type JobImageName } from '../../../shared/job-status'
import { encodeMaskPng, encodePng } from '../image/encode'
import type { Mask, RgbaImage } from '../image/raster'
import type { JobRecord } from '../pipeline/run-job'
import { writeFileAtomic } from '../storage/atomic-write'
import { IMAGE_FILES } from './job-files'

export interface StepImages {
  step1?: RgbaImage
  mask?: Mask
  step2?: RgbaImage
  final?: RgbaImage
  /** Scene variations in seed order; the first is step1 itself. */
  samples?: { seed: number; image: RgbaImage }[]
  /** The empty scene before the product was placed and the product's cutout: re-placing the product starts from them. */
  scene?: RgbaImage
  cutout?: RgbaImage
}

export interface WrittenSample {
  index: number
  seed: number
  file: string
}

export interface WriterEvents {
  image: (image: JobImageName, path: string) => void
  sample: (sample: WrittenSample, path: string) => void
}

/**
 * Writes a job's images into its folder, each once and atomically (temp file + rename) so the server
 * never serves half a PNG, reporting each as soon as it is on disk. Images can be handed over as
 * each step finishes (a stopped job keeps what it had, and step 1 shows while step 2 runs) and again
 * at the end; what was already written is skipped. The scene and the final ad are opaque; the text
 * layer keeps its transparency (step-3 re-runs need it); the mask is 8-bit grey. Scene variations
 * are written as step1_sample_<n>.png, n from 1; sample 1 is step1's own encoding, so the two files
 * are byte-identical and a re-run from either gives the same ad.
 */
export class JobImageWriter {
  private readonly started = new Map<string, Promise<void>>()
  private readonly opaque = new WeakMap<RgbaImage, Promise<Uint8Array>>()
  readonly written: JobImageName[] = []
  readonly samples: WrittenSample[] = []

  constructor(
    private readonly dir: string,
    private readonly on: WriterEvents,
  ) {}

  /** Starts writing the images not written yet; `settle()` waits for them. */
  add(images: StepImages): void {
    this.image('step1', images.step1 && (() => this.encodeOpaque(images.step1!)))
    this.image('mask', images.mask && (() => encodeMaskPng(images.mask!)))
    this.image('step2', images.step2 && (() => encodePng(images.step2!)))
    this.image('final', images.final && (() => encodePng(images.final!, { opaque: true })))
    // Kept beside the step images, not served as one: moving the product re-runs placement over them.
    if (images.scene) this.put('scene.png', () => this.encodeOpaque(images.scene!), () => undefined)
    if (images.cutout) this.put('cutout.png', () => encodePng(images.cutout!), () => undefined)
    for (const [i, s] of (images.samples ?? []).entries()) {
      const sample: WrittenSample = { index: i + 1, seed: s.seed, file: sampleFileName(i + 1) }
      this.put(sample.file, () => this.encodeOpaque(s.image), (path) => {
        this.samples.push(sample)
        this.samples.sort((a, b) => a.index - b.index)
        this.on.sample(sample, path)
      })
    }
  }

  /** Waits for every write started; rejects if one failed. */
  async settle(): Promise<JobImageName[]> {
    await Promise.all(this.started.values())
    return this.written
  }

  private image(name: JobImageName, encode: (() => Promise<Uint8Array>) | undefined): void {
    if (!encode) return
    this.put(IMAGE_FILES[name], encode, (path) => {
      this.written.push(name)
      this.on.image(name, path)
    })
  }

  private put(file: string, encode: () => Promise<Uint8Array>, done: (path: string) => void): void {
    if (this.started.has(file)) return
    const path = join(this.dir, file)
    const p = (async () => {
      await writeFileAtomic(path, await encode())
      done(path)
    })()
    p.catch(() => undefined) // reported by settle()
    this.started.set(file, p)
  }

  /** One encoding per scene: step1 and sample 1 are the same pixels, encoded once. */
  private encodeOpaque(image: RgbaImage): Promise<Uint8Array> {
    let p = this.opaque.get(image)
    if (!p) {
      p = encodePng(image, { opaque: true })
      this.opaque.set(image, p)
    }
    return p
  }
}

/**
 * job.json: parameters with the seed actually used, timings, engines, placement (run-job.ts), and
 * the scene variations with the seed of each.
 */
export function writeJobRecord(dir: string, record: JobRecord, samples: readonly WrittenSample[] = []): Promise<void> {
  const body = samples.length ? { ...record, samples } : record
  return writeFileAtomic(join(dir, 'job.json'), `${JSON.stringify(body, null, 2)}\n`)
}
