import { createHash } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobStatus } from '../../src/shared/job-status'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { type AppPage, hasChromium, imageDigest, launchBrowser, openAdvanced, openApp, settledStatus, shot, waitForNewJobImage } from './helpers/browser'
import { E2E_TOKEN, startEngine, type EngineServer } from './helpers/engine-server'

/** Pixels of a PNG (for "did not change" checks that ignore encoder differences). */
async function pixels(png: Buffer): Promise<string> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  return `${info.width}x${info.height}:${Buffer.from(data).toString('base64').length}:${createHash('sha256').update(data).digest('hex')}`
}

describe.skipIf(!hasChromium)('editor in Chromium against adstudio serve', () => {
  let engine: EngineServer
  let browser: Browser
  let app: AppPage
  const api = async (path: string) => fetch(engine.url + path, { headers: { Authorization: `Bearer ${E2E_TOKEN}` } })
  const status = (id: string) => settledStatus(async () => (await (await api(`/status/${id}?images=false`)).json()) as JobStatus)

  beforeAll(async () => {
    engine = await startEngine()
    browser = await launchBrowser()
    app = await openApp(browser, engine.url)
    console.log(`page load → interactive editor: ${app.interactiveMs.toFixed(0)} ms`)
  })

  afterAll(async () => {
    await browser?.close()
    await engine?.stop()
  })

  it('makes an ad from a product photo', async () => {
    const { page } = app
    await shot(page, '01-editor-empty')
    const { png } = await drawProductPhoto({ width: 300, height: 400, transparent: true })
    await page.setInputFiles('[data-testid="product-input"]', { name: 'sauce.png', mimeType: 'image/png', buffer: png })
    await page.waitForSelector('[data-testid="product-preview"]')
    await page.click('[data-testid="chip-marble"]')
    await page.fill('[data-testid="ad-text"]', '신상품 50% 할인')
    await page.click('[data-testid="style-gold"]')
    await page.selectOption('[data-testid="size-preset"]', 'custom')
    await page.fill('[data-testid="size-width"]', '320')
    await page.fill('[data-testid="size-height"]', '320')
    await openAdvanced(page)
    await page.fill('[data-testid="seed"]', '1234')
    await shot(page, '02-editor-filled')
    await page.click('[data-testid="font-picker"]')
    await page.waitForSelector('[data-testid="font-option"]')
    expect((await page.$$('[data-testid="font-option"]')).length).toBeGreaterThan(10)
    await shot(page, '02b-font-picker')
    await page.click('[data-testid="font-picker"]')
    await page.click('[data-testid="generate"]')
    await page.waitForSelector('[data-testid="canvas-final"]', { timeout: 90_000 })
    await shot(page, '03-editor-final')
    expect(await page.$('[data-testid="editor-error"]')).toBeNull()
    const job = (await page.getAttribute('[data-testid="canvas-final"]', 'data-job'))!
    const st = await status(job)
    expect(st.status).toBe('completed')
    expect(st.parameters).toMatchObject({ start_step: 1, text_content: '신상품 50% 할인', width: 320, height: 320, seed: 1234, text_style: 'gold' })
  })

  it('regenerates the text only: the step-1 image does not change', async () => {
    const { page } = app
    const finalBefore = await page.getAttribute('[data-testid="canvas-final"]', 'data-job')
    await page.click('[data-testid="tab-step1"]')
    const step1Job = await page.getAttribute('[data-testid="canvas-step1"]', 'data-job')
    const step1Digest = await imageDigest(page, '[data-testid="canvas-step1"]')
    const step1Pixels = await pixels(Buffer.from(await (await api(`/jobs/${step1Job}/images/step1.png`)).arrayBuffer()))

    await page.fill('[data-testid="ad-text"]', '오늘만 특가')
    await page.click('[data-testid="style-neon"]')
    await page.click('[data-testid="regenerate-text"]')
    const textJob = await waitForNewJobImage(page, '[data-testid="canvas-final"]', finalBefore)
    await shot(page, '04-editor-text-regenerated')

    await page.click('[data-testid="tab-step1"]')
    expect(await page.getAttribute('[data-testid="canvas-step1"]', 'data-job')).toBe(step1Job)
    expect(await imageDigest(page, '[data-testid="canvas-step1"]')).toBe(step1Digest)
    const st = await status(textJob)
    expect(st.parameters).toMatchObject({ start_step: 2, text_content: '오늘만 특가', text_style: 'neon' })
    // Whatever the re-run reports as its step 1 is the kept image, pixel for pixel.
    if (st.images.step1) expect(await pixels(Buffer.from(await (await api(st.images.step1)).arrayBuffer()))).toBe(step1Pixels)
  })

  it('recomposes only, reusing the kept step-1 and step-2 images', async () => {
    const { page } = app
    await page.click('[data-testid="tab-final"]')
    const finalBefore = await page.getAttribute('[data-testid="canvas-final"]', 'data-job')
    await page.click('[data-testid="tab-step2"]')
    const step2Job = await page.getAttribute('[data-testid="canvas-step2"]', 'data-job')
    await page.click('[data-testid="tab-step1"]')
    const step1Job = await page.getAttribute('[data-testid="canvas-step1"]', 'data-job')

    await page.click('[data-testid="text-position"] [data-value="bottom"]')
    await page.click('[data-testid="recompose"]')
    const composeJob = await waitForNewJobImage(page, '[data-testid="canvas-final"]', finalBefore)
    await shot(page, '05-editor-recomposed')
    const st = await status(composeJob)
    expect(st.parameters).toMatchObject({ start_step: 3, text_position: 'bottom' })
    await page.click('[data-testid="tab-step2"]')
    expect(await page.getAttribute('[data-testid="canvas-step2"]', 'data-job')).toBe(step2Job)
    await page.click('[data-testid="tab-step1"]')
    expect(await page.getAttribute('[data-testid="canvas-step1"]', 'data-job')).toBe(step1Job)
    await page.click('[data-testid="compare"]')
    await shot(page, '06-editor-before-after')
    await page.click('[data-testid="tab-final"]')
  })

  it('exports PNG and JPEG in two sizes (another aspect ratio composed again) to a folder', async () => {
    const { page, downloads } = app
    const folder = await mkdtemp(join(tmpdir(), 'adstudio-export-'))
    downloads.length = 0
    await page.check('[data-testid="format-jpeg"]')
    await page.check('[data-testid="size-banner"]')
    await page.click('[data-testid="export"]')
    await page.waitForSelector('[data-testid="export-saved"]', { timeout: 90_000 })
    await shot(page, '07-editor-exported')
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(4)
    const found: string[] = []
    for (const d of downloads) {
      const path = join(folder, d.suggestedFilename())
      await d.saveAs(path)
      const meta = await sharp(path).metadata()
      found.push(`${meta.format} ${meta.width}x${meta.height}`)
    }
    expect(found.sort()).toEqual(['jpeg 1200x628', 'jpeg 320x320', 'png 1200x628', 'png 320x320'])
    expect(await page.$('[data-testid="export-error"]')).toBeNull()
  })

  it('shows history and settings', async () => {
    const { page } = app
    await page.click('[data-testid="nav-history"]')
    await page.waitForSelector('[data-testid="history-card"] img')
    await shot(page, '08-history')
    // One product photo: one card, with the ad, its re-runs and the export at another size inside.
    expect((await page.$$('[data-testid="history-card"]')).length).toBe(1)
    expect((await page.$$('[data-testid="history-version"]')).length).toBeGreaterThanOrEqual(4)
    await page.click('[data-testid="nav-settings"]')
    await page.waitForSelector('[data-testid="settings"]')
    await shot(page, '09-settings')
    await page.selectOption('[data-testid="language"]', 'en')
    await page.click('[data-testid="nav-editor"]')
    await shot(page, '10-editor-english')
    expect(await page.textContent('[data-testid="generate"]')).toBe('Generate')
    expect(app.errors).toEqual([])
    // Font files for previews are optional in a browser: the engine may not serve them (the picker then uses the UI font).
    expect(app.httpErrors.filter((e) => !e.startsWith('404 /fonts/files/'))).toEqual([])
  })
})
