import { join } from 'node:path'
import type { JobImageName } from '../../../shared/job-status'
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
}

/**
 * Writes a job's images into its folder, each once and atomically (temp file + rename) so the server
 * never serves half a PNG, reporting each as soon as it is on disk. Images can be handed over as
 * each step finishes (a stopped job keeps what it had, and step 1 shows while step 2 runs) and again
 * at the end; what was already written is skipped. The scene and the final ad are opaque; the text
 * layer keeps its transparency (step-3 re-runs need it); the mask is 8-bit grey.
 */
export class JobImageWriter {
  private readonly started = new Map<JobImageName, Promise<void>>()
  readonly written: JobImageName[] = []

  constructor(
    private readonly dir: string,
    private readonly onWritten: (image: JobImageName, path: string) => void,
  ) {}

  /** Starts writing the images not written yet; `settle()` waits for them. */
  add(images: StepImages): void {
    this.put('step1', images.step1 && (() => encodePng(images.step1!, { opaque: true })))
    this.put('mask', images.mask && (() => encodeMaskPng(images.mask!)))
    this.put('step2', images.step2 && (() => encodePng(images.step2!)))
    this.put('final', images.final && (() => encodePng(images.final!, { opaque: true })))
  }

  /** Waits for every write started; rejects if one failed. */
  async settle(): Promise<JobImageName[]> {
    await Promise.all(this.started.values())
    return this.written
  }

  private put(name: JobImageName, encode: (() => Promise<Uint8Array>) | undefined): void {
    if (!encode || this.started.has(name)) return
    const path = join(this.dir, IMAGE_FILES[name])
    const p = (async () => {
      await writeFileAtomic(path, await encode())
      this.written.push(name)
      this.onWritten(name, path)
    })()
    p.catch(() => undefined) // reported by settle()
    this.started.set(name, p)
  }
}

/** job.json: parameters with the seed actually used, timings, engines, placement (run-job.ts). */
export function writeJobRecord(dir: string, record: JobRecord): Promise<void> {
  return writeFileAtomic(join(dir, 'job.json'), `${JSON.stringify(record, null, 2)}\n`)
}
