import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { regenerateTextRequest, type JobParams } from '../../src/shared/api-client'
import { JobService } from '../../src/main/engine/jobs/job-service'
import { saveExportFiles } from '../../src/main/shell/export-files'
import { submitJob } from '../../src/main/shell/job-submit'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { fakeWorkerFactory } from './fake-worker'

/** IPC submission: the HTTP route's rules, with images by path or by kept job result. */
describe('submitting jobs over IPC', () => {
  let jobs: JobService
  let dir: string
  let photo: string
  const deps = () => ({ jobs, checkFont: async (name: string) => (name === 'Missing/Font.ttf' ? { ok: false as const, code: 'invalid_font' as const, message: 'font_name: no such font' } : null) })

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'submit-'))
    // The fake engine finishes every job at once without images (this suite is about inputs).
    jobs = await JobService.open({ dataDir: join(dir, 'data'), workerFactory: fakeWorkerFactory({ onRun: (w, m) => w.done(m.job_id) }) })
    photo = join(dir, 'sauce.png')
    await writeFile(photo, (await drawProductPhoto({ width: 64, height: 96, transparent: true })).png)
  })
  afterAll(() => jobs.close())

  it('reads a dropped file by path and keeps it with the job', async () => {
    const r = await submitJob(deps(), { params: { text_content: '할인', width: 256, height: 256 }, product: { kind: 'path', path: photo } })
    if (!r.ok) throw new Error(r.message)
    const j = jobs.get(r.value.job_id)!
    expect(j.params).toMatchObject({ start_step: 1, text_content: '할인', width: 256 })
    expect(j.params).not.toHaveProperty('product_image')
    expect(await readFile(jobs.store.inputPath(r.value.job_id, j.stored.inputs.product!))).toEqual(await readFile(photo))
  })

  it('re-runs reuse a kept job image (its input when it has no result of that name)', async () => {
    const first = await submitJob(deps(), { params: { width: 256, height: 256 }, product: { kind: 'path', path: photo } })
    if (!first.ok) throw new Error(first.message)
    const again = await submitJob(deps(), { params: { start_step: 1, width: 256, height: 256 }, product: { kind: 'job', jobId: first.value.job_id, image: 'product' } })
    if (!again.ok) throw new Error(again.message)
    // The kept photo is named (product_from), linked into the new job, never re-read into a request.
    const a = jobs.get(again.value.job_id)!.stored
    expect(a.product_from).toBe(first.value.job_id)
    expect(a.product_sha256).toBe(jobs.get(first.value.job_id)!.stored.product_sha256)
    expect(await readFile(jobs.store.inputPath(a.job_id, a.inputs.product!))).toEqual(await readFile(photo))
    const missing = await submitJob(deps(), { params: { start_step: 2, text_content: 'x' }, step1: { kind: 'job', jobId: first.value.job_id, image: 'step1' } })
    expect(missing).toMatchObject({ ok: false, code: 'not_found' })

    // Once the job has its step-1 image and mask, "regenerate text only" sends both along.
    const id = first.value.job_id
    const square = (await drawProductPhoto({ width: 256, height: 256, transparent: true })).png
    await writeFile(jobs.store.imagePath(id, 'step1'), square)
    await writeFile(jobs.store.imagePath(id, 'mask'), square)
    jobs.get(id)!.stored.images.push('step1', 'mask')
    const rerun = await submitJob(deps(), regenerateTextRequest({ text_content: '다시' }, id))
    if (!rerun.ok) throw new Error(rerun.message)
    const k = jobs.get(rerun.value.job_id)!
    expect(k.params).toMatchObject({ start_step: 2, text_content: '다시' })
    expect(k.stored.inputs.step1).toMatch(/^step1\./)
    expect(k.stored.inputs.mask).toMatch(/^mask\./)
    expect(await readFile(jobs.store.inputPath(k.stored.job_id, k.stored.inputs.step1!))).toEqual(square)
    // ... and keeps the product photo of the job it builds on, so it can be reopened and re-run whole.
    expect(k.stored.product_from).toBe(id)
    expect(await readFile(jobs.store.inputPath(k.stored.job_id, k.stored.inputs.product!))).toEqual(await readFile(photo))
  })

  it('refuses what the API refuses, naming the field', async () => {
    const bad = join(dir, 'notes.png')
    await writeFile(bad, 'not a picture')
    expect(await submitJob(deps(), { params: {}, product: { kind: 'path', path: bad } })).toMatchObject({ ok: false, code: 'invalid_image' })
    expect(await submitJob(deps(), { params: {}, product: { kind: 'path', path: 'relative/a.png' } })).toMatchObject({ ok: false, code: 'invalid_request' })
    expect(await submitJob(deps(), { params: {}, product: { kind: 'path', path: join(dir, 'nope.png') } })).toMatchObject({ ok: false, code: 'io_error' })
    expect(await submitJob(deps(), { params: { guidance_scale: 99 } })).toMatchObject({ ok: false, code: 'invalid_request', issues: [{ field: 'guidance_scale' }] })
    expect(await submitJob(deps(), { params: { colour: 'red' } as unknown as JobParams })).toMatchObject({ ok: false, code: 'unknown_fields' })
    expect(await submitJob(deps(), { params: { font_name: 'Missing/Font.ttf' } })).toMatchObject({ ok: false, code: 'invalid_font' })
    expect(await submitJob(deps(), { params: { start_step: 2, text_content: 'x' } })).toMatchObject({ ok: false, issues: [{ field: 'step1_image' }] })
  })
})

describe('writing exports', () => {
  it('asks with the Save dialog from the last folder, never overwrites, and remembers the folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'export-'))
    await writeFile(join(folder, 'ad_320x320.png'), 'older export')
    let remembered: string | null = null
    let asked = ''
    const deps = {
      showSaveDialog: async (p: string) => ((asked = p), join(folder, 'ad_320x320.png')),
      lastFolder: () => '/last/used',
      rememberFolder: async (f: string) => void (remembered = f),
      fallbackFolder: () => '/pictures',
    }
    const files = [
      { name: 'ad_320x320.png', bytes: new Uint8Array([1]) },
      { name: 'ad_320x320.jpg', bytes: new Uint8Array([2]) },
    ]
    const r = await saveExportFiles(deps, { files, folder: null })
    expect(asked).toBe('/last/used/ad_320x320.png')
    expect(r).toMatchObject({ ok: true, value: { folder, paths: [join(folder, 'ad_320x320 (2).png'), join(folder, 'ad_320x320.jpg')] } })
    expect(remembered).toBe(folder)
    expect((await readdir(folder)).sort()).toEqual(['ad_320x320 (2).png', 'ad_320x320.jpg', 'ad_320x320.png'])
    expect(await readFile(join(folder, 'ad_320x320.png'), 'utf8')).toBe('older export')
    expect(await saveExportFiles({ ...deps, showSaveDialog: async () => null }, { files, folder: null })).toEqual({ ok: true, value: null })
    expect(await saveExportFiles(deps, { files, folder: 'relative' })).toMatchObject({ ok: false, code: 'invalid_request' })
  })
})
