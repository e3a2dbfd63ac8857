import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importModel } from '../../src/main/engine/models/model-store'
import type { JobsListResponse } from '../../src/shared/api-responses'
import type { JobStatus } from '../../src/shared/job-status'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { type AppPage, hasChromium, launchBrowser, openAdvanced, openApp, settledStatus, shot, waitForNewJobImage } from './helpers/browser'
import { E2E_TOKEN, startEngine, type EngineServer } from './helpers/engine-server'

/** The page's document, as far as the functions run inside the page use it (this file compiles without the DOM lib). */
declare const document: {
  activeElement: { getAttribute(name: string): string | null } | null
  querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null; complete?: boolean; naturalWidth?: number }>
}

const STRIP = '[data-testid="scene-strip"]'
const THUMBS = `${STRIP} [role="radio"]`

/** Decoded RGBA pixels of a PNG, so the comparison ignores encoder differences. */
const pixels = async (png: Buffer) => sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true })

/** Each thumbnail's test id and aria-checked, in strip order. */
const thumbs = (page: Page) => page.$$eval(THUMBS, (bs) => bs.map((b) => `${b.getAttribute('data-testid')}:${b.getAttribute('aria-checked')}`))

/** The strip can be picked from again (the run it started is over) and `index` is the variation marked current. */
async function waitForCurrent(page: Page, index: number): Promise<void> {
  await page.waitForSelector(`${STRIP} [data-testid="scene-${index}"][aria-checked="true"][aria-disabled="false"]`, { timeout: 90_000 })
}

/** Every thumbnail in the strip has its image loaded. */
async function waitForThumbnails(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    ([sel, count]) => {
      const imgs = document.querySelectorAll(sel as string)
      if (imgs.length !== count) return false
      for (let i = 0; i < imgs.length; i++) if (!imgs[i].complete || !imgs[i].naturalWidth) return false
      return true
    },
    [`${THUMBS} img`, n],
    { timeout: 30_000 },
  )
}

/**
 * The editor's scene-variations strip in Chromium against `adstudio serve` with a tiny stand-in
 * diffusion model installed: three variations from one Generate, the first marked current; picking
 * another (by click, then by keyboard) redoes the ad over exactly that variation's pixels.
 */
describe.skipIf(!hasChromium)('scene variations strip in Chromium against adstudio serve', () => {
  let root: string
  let engine: EngineServer
  let browser: Browser
  let app: AppPage
  let firstJob: string
  const api = async (path: string) => {
    const r = await fetch(engine.url + path, { headers: { Authorization: `Bearer ${E2E_TOKEN}` } })
    expect(r.status, `GET ${path}`).toBe(200)
    return r
  }
  const status = (id: string) => settledStatus(async () => (await (await api(`/status/${id}?images=false`)).json()) as JobStatus)
  const png = async (path: string) => Buffer.from(await (await api(path)).arrayBuffer())
  /** The newest job the server knows (GET /jobs lists them oldest first). */
  const latestJob = async () => ((await (await api('/jobs')).json()) as JobsListResponse).jobs.at(-1)!

  /** The server's latest job is `jobId`, a completed step-2 re-run whose step 1 is variation `index` of the first job, pixel for pixel. */
  async function expectRerunOver(jobId: string, index: number): Promise<void> {
    const latest = await latestJob()
    expect(latest.job_id).toBe(jobId)
    expect(latest.status).toBe('completed')
    const st = await status(jobId)
    expect(st.status, st.message).toBe('completed')
    expect(st.parameters).toMatchObject({ start_step: 2, stop_step: 3, text_content: 'Pick a scene' })
    expect(st.samples).toEqual([])
    const sample = await pixels(await png(`/jobs/${firstJob}/samples/${index}.png`))
    const step1 = await pixels(await png(`/jobs/${jobId}/images/step1.png`))
    expect(step1.info).toEqual(sample.info)
    expect(step1.data.equals(sample.data), `step1 of ${jobId} is not sample ${index} of ${firstJob}`).toBe(true)
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'adstudio-e2e-scenes-'))
    const modelsDir = join(root, 'models')
    await importModel(modelsDir, await writeTinyModelFolder(join(root, 'stand-in'), 'sd-turbo'), { id: 'tiny-turbo' })
    engine = await startEngine({ HF_TOKEN: '', HUGGING_FACE_HUB_TOKEN: '' }, ['--models-dir', modelsDir])
    browser = await launchBrowser()
    app = await openApp(browser, engine.url, 'en-US')
  })

  afterAll(async () => {
    await browser?.close()
    await engine?.stop()
    if (root) await rm(root, { recursive: true, force: true })
  })

  it('Generate with the tiny model and 3 variations: the strip shows 3 thumbnails, the first current', async () => {
    const { page } = app
    expect(await page.$(STRIP)).toBeNull()
    await page.waitForSelector('[data-testid="engine-bg"] option[value="tiny-turbo"]', { state: 'attached' })
    await openAdvanced(page)
    await page.selectOption('[data-testid="engine-bg"]', 'tiny-turbo')
    await page.selectOption('[data-testid="engine-samples"]', '3')
    const { png: photo } = await drawProductPhoto({ width: 300, height: 400, transparent: true })
    await page.setInputFiles('[data-testid="product-input"]', { name: 'jar.png', mimeType: 'image/png', buffer: photo })
    await page.waitForSelector('[data-testid="product-preview"]')
    await page.fill('[data-testid="ad-text"]', 'Pick a scene')
    await page.selectOption('[data-testid="size-preset"]', 'custom')
    await page.fill('[data-testid="size-width"]', '320')
    await page.fill('[data-testid="size-height"]', '320')
    await page.fill('[data-testid="seed"]', '1234')
    await page.click('[data-testid="generate"]')

    await waitForCurrent(page, 1)
    await page.waitForSelector('[data-testid="canvas-final"]')
    expect(await page.$('[data-testid="editor-error"]')).toBeNull()
    firstJob = (await page.getAttribute('[data-testid="canvas-final"]', 'data-job'))!
    const st = await status(firstJob)
    expect(st.status, st.message).toBe('completed')
    expect(st.parameters).toMatchObject({ start_step: 1, bg_engine: 'tiny-turbo', samples: 3, seed: 1234 })
    expect(st.samples.map((s) => s.index)).toEqual([1, 2, 3])

    expect(await thumbs(page)).toEqual(['scene-1:true', 'scene-2:false', 'scene-3:false'])
    expect(await page.getAttribute(`${STRIP} [data-testid="scene-1"]`, 'class')).toMatch(/\bon\b/)
    expect(await page.getAttribute(`${STRIP} [data-testid="scene-1"]`, 'aria-label')).toBe('Scene 1 · seed 1234 · The ad is over this scene')
    expect(await page.getAttribute(`${STRIP} [data-testid="scene-2"]`, 'aria-label')).toBe(`Scene 2 · seed ${st.samples[1].seed}`)
    // One tab stop for the whole strip: the current variation's button.
    expect(await page.$$eval(THUMBS, (bs) => bs.map((b) => b.getAttribute('tabindex')))).toEqual(['0', '-1', '-1'])
    await waitForThumbnails(page, 3)
    await page.$eval(STRIP, (el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView())
    await shot(page, 'scenes-01-strip')
  })

  it('clicking the second variation redoes the ad over it and marks it current', async () => {
    const { page } = app
    const finalBefore = await page.getAttribute('[data-testid="canvas-final"]', 'data-job')
    await page.click(`${STRIP} [data-testid="scene-2"]`)
    const rerun = await waitForNewJobImage(page, '[data-testid="canvas-final"]', finalBefore)
    await waitForCurrent(page, 2)
    expect(await page.$('[data-testid="editor-error"]')).toBeNull()
    // The strip still shows the first job's variations, now with the second marked.
    expect(await thumbs(page)).toEqual(['scene-1:false', 'scene-2:true', 'scene-3:false'])
    expect(await page.getAttribute(`${STRIP} [data-testid="scene-2"]`, 'class')).toMatch(/\bon\b/)
    await expectRerunOver(rerun, 2)
    // The canvas's step-1 tab shows the re-run's copy of that scene.
    await page.click('[data-testid="tab-step1"]')
    expect(await page.getAttribute('[data-testid="canvas-step1"]', 'data-job')).toBe(rerun)
    await page.click('[data-testid="tab-final"]')
    await page.$eval(STRIP, (el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView())
    await shot(page, 'scenes-02-picked-second')
  })

  it('keyboard: focus the strip, ArrowRight, Enter picks the third variation', async () => {
    const { page } = app
    const finalBefore = await page.getAttribute('[data-testid="canvas-final"]', 'data-job')
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)
    // The strip's one tab stop is the current variation.
    await page.focus(`${THUMBS}[tabindex="0"]`)
    expect(await focused()).toBe('scene-2')
    await page.keyboard.press('ArrowRight')
    expect(await focused()).toBe('scene-3')
    await page.keyboard.press('ArrowRight') // the end of the strip: stays on the last
    expect(await focused()).toBe('scene-3')
    await page.keyboard.press('Enter')
    const rerun = await waitForNewJobImage(page, '[data-testid="canvas-final"]', finalBefore)
    await waitForCurrent(page, 3)
    expect(await page.$('[data-testid="editor-error"]')).toBeNull()
    expect(await thumbs(page)).toEqual(['scene-1:false', 'scene-2:false', 'scene-3:true'])
    await expectRerunOver(rerun, 3)
    await page.$eval(STRIP, (el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView())
    await shot(page, 'scenes-03-picked-third-by-keyboard')

    expect(app.errors).toEqual([])
    expect(app.httpErrors.filter((e) => !e.startsWith('404 /fonts/files/'))).toEqual([])
    // Two picks made exactly two more jobs.
    expect(((await (await api('/jobs')).json()) as JobsListResponse).jobs.map((j) => j.status)).toEqual(['completed', 'completed', 'completed'])
  })
})
