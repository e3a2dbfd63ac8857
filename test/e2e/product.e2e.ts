import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobStatus } from '../../src/shared/job-status'
import { LIMITS } from '../../src/shared/limits'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { type AppPage, hasChromium, launchBrowser, openAdvanced, openApp, settledStatus, shot, waitForNewJobImage } from './helpers/browser'
import { E2E_TOKEN, startEngine, type EngineServer } from './helpers/engine-server'

/** What the functions run inside the page use of the DOM (this file compiles without the DOM lib). */
declare const document: { querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null }
declare class DataTransfer {
  items: { add(file: File): void }
}

/**
 * The product photo in the editor (issue 15): needed before Generate, checked when it arrives, kept
 * with the job so a job reopened from History can make a new scene, new text and another size;
 * re-runs that cannot apply a change run the step that does, and History groups runs by product.
 */
describe.skipIf(!hasChromium)('product photo, re-runs and History in Chromium against adstudio serve', () => {
  let engine: EngineServer
  let browser: Browser
  let app: AppPage
  const api = async (path: string) => fetch(engine.url + path, { headers: { Authorization: `Bearer ${E2E_TOKEN}` } })
  const status = (id: string) => settledStatus(async () => (await (await api(`/status/${id}?images=false`)).json()) as JobStatus)
  const text = async (sel: string) => ((await app.page.textContent(sel)) ?? '').trim()

  beforeAll(async () => {
    engine = await startEngine()
    browser = await launchBrowser()
    app = await openApp(browser, engine.url, 'en-GB')
  })

  afterAll(async () => {
    await browser?.close()
    await engine?.stop()
  })

  it('Generate and New background are disabled without a photo, and say why', async () => {
    const { page } = app
    expect(await page.isDisabled('[data-testid="generate"]')).toBe(true)
    expect(await page.isDisabled('[data-testid="new-background"]')).toBe(true)
    expect(await text('[data-testid="needs-photo"]')).toBe('Generate and New background need a product photo: add one, or choose "Background only, no product".')
    expect(await page.getAttribute('[data-testid="generate"]', 'aria-describedby')).toBe('run-needs-photo')
    await shot(page, 'p01-generate-needs-photo')
    // The explicit choice makes a background-only ad possible.
    await page.check('[data-testid="background-only"]')
    expect(await page.isDisabled('[data-testid="generate"]')).toBe(false)
    await page.uncheck('[data-testid="background-only"]')
    expect(await page.isDisabled('[data-testid="generate"]')).toBe(true)
  })

  it('refuses a text file named .png and an oversized photo at pick, in plain words; a good photo clears it', async () => {
    const { page } = app
    await page.setInputFiles('[data-testid="product-input"]', { name: 'sauce.png', mimeType: 'image/png', buffer: Buffer.from('this is a text file, not a picture\n') })
    await page.waitForSelector('[data-testid="product-error"]')
    expect(await text('[data-testid="product-error"] .error-text')).toBe('sauce.png is not a picture: its contents are not PNG, JPEG, WebP, AVIF, TIFF or GIF.')
    expect(await page.$('[data-testid="product-preview"]')).toBeNull()
    await shot(page, 'p02-fake-png-refused')

    const { png } = await drawProductPhoto({ width: 300, height: 400, transparent: true })
    const oversized = Buffer.concat([png, Buffer.alloc(LIMITS.maxInputBytes + 1_000_000 - png.length)])
    // Playwright hands over buffers up to 50 MB only: a file on disk, as a user would pick it.
    const hugeFile = join(await mkdtemp(join(tmpdir(), 'adstudio-e2e-huge-')), 'huge.png')
    await writeFile(hugeFile, oversized)
    await page.setInputFiles('[data-testid="product-input"]', hugeFile)
    await page.waitForFunction(() => document.querySelector('[data-testid="product-error"]')?.textContent?.includes('limit is 64 MB'))
    expect(await text('[data-testid="product-error"] .error-text')).toBe('This photo is 65 MB; the limit is 64 MB.')
    await shot(page, 'p03-oversized-refused')

    // 49 MP is within the limit: checked from its header and decoded by the browser, accepted.
    const camera = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: { r: 200, g: 190, b: 180 } } }).jpeg().toBuffer()
    await page.setInputFiles('[data-testid="product-input"]', { name: 'camera.jpg', mimeType: 'image/jpeg', buffer: camera })
    await page.waitForSelector('[data-testid="product-preview"][alt="camera.jpg"]')
    expect(await page.$('[data-testid="product-error"]')).toBeNull()

    await page.setInputFiles('[data-testid="product-input"]', { name: 'sauce.png', mimeType: 'image/png', buffer: png })
    await page.waitForSelector('[data-testid="product-preview"][alt="sauce.png"]')
    expect(await page.$('[data-testid="product-error"]')).toBeNull()
    expect(await page.isDisabled('[data-testid="generate"]')).toBe(false)
    expect(await page.$('[data-testid="needs-photo"]')).toBeNull()
  })

  it('recompose after a size change makes the ad again at that size, and its label says so', async () => {
    const { page } = app
    await page.fill('[data-testid="ad-text"]', 'NEW 신상 SALE')
    await page.selectOption('[data-testid="size-preset"]', 'custom')
    await page.fill('[data-testid="size-width"]', '320')
    await page.fill('[data-testid="size-height"]', '320')
    await openAdvanced(page)
    await page.fill('[data-testid="seed"]', '77')
    await page.click('[data-testid="generate"]')
    await page.waitForSelector('[data-testid="canvas-final"]', { timeout: 90_000 })
    const first = (await page.getAttribute('[data-testid="canvas-final"]', 'data-job'))!
    expect(await text('[data-testid="recompose"]')).toBe('Recompose only')

    await page.fill('[data-testid="size-height"]', '480')
    await page.waitForFunction(() => document.querySelector('[data-testid="recompose"]')?.getAttribute('data-plan') === 'size')
    expect(await text('[data-testid="recompose"]')).toBe('Make again at 320×480 (all steps)')
    expect(await text('[data-testid="regenerate-text"]')).toBe('Make again at 320×480 (all steps)')
    expect(await text('[data-testid="rerun-why"]')).toBe('The size changed, so the scene is made again (same seed).')
    await shot(page, 'p04-recompose-new-size-label')
    await page.click('[data-testid="recompose"]')
    const resized = await waitForNewJobImage(page, '[data-testid="canvas-final"]', first)
    const st = await status(resized)
    expect(st).toMatchObject({ status: 'completed', ran_steps: [1, 2, 3] })
    expect(st.parameters).toMatchObject({ start_step: 1, width: 320, height: 480, seed: 77, text_content: 'NEW 신상 SALE' })
    const final = await (await api(`/jobs/${resized}/images/final.png`)).arrayBuffer()
    expect(Buffer.from(final).readUInt32BE(16)).toBe(320)
    expect(Buffer.from(final).readUInt32BE(20)).toBe(480)
    expect(await text('[data-testid="recompose"]')).toBe('Recompose only')
    await shot(page, 'p05-recomposed-at-new-size')

    // New words cannot come from the old text layer: the button says the text step runs again.
    await page.fill('[data-testid="ad-text"]', '오늘만 특가')
    await page.waitForFunction(() => document.querySelector('[data-testid="recompose"]')?.getAttribute('data-plan') === 'text')
    expect(await text('[data-testid="recompose"]')).toBe('Redo text and composition (text changed)')
    await page.click('[data-testid="recompose"]')
    const retexted = await waitForNewJobImage(page, '[data-testid="canvas-final"]', resized)
    expect((await status(retexted)).parameters).toMatchObject({ start_step: 2, text_content: '오늘만 특가' })
  })

  it('a job reopened from History (in a fresh page) can make a new scene, new text and another size', async () => {
    await app.page.context().close()
    app = await openApp(browser, engine.url, 'en-GB')
    const { page, downloads } = app
    await page.click('[data-testid="nav-history"]')
    await page.waitForSelector('[data-testid="history-card"] img')
    // One product photo: one card, its three runs inside, newest first.
    const cards = await page.$$('[data-testid="history-card"]')
    expect(cards.length).toBe(1)
    expect(await cards[0].getAttribute('data-count')).toBe('3')
    await page.waitForSelector('[data-testid="history-product"]')
    const captions = await page.$$eval('[data-testid="history-version"]', (els) => els.map((e) => e.getAttribute('data-caption')))
    expect(captions).toEqual(['text', 'scene', 'scene'])
    await shot(page, 'p06-history-grouped')

    await page.click('[data-testid="history-version"]:nth-child(2) [data-testid="reopen"]')
    await page.waitForSelector('[data-testid="product-kept-preview"]')
    expect(await page.isDisabled('[data-testid="new-background"]')).toBe(false)
    await shot(page, 'p07-reopened-with-product')
    const reopened = (await page.getAttribute('[data-testid="canvas-final"]', 'data-job'))!

    await page.click('[data-testid="new-background"]')
    const scene = await waitForNewJobImage(page, '[data-testid="canvas-final"]', reopened)
    const sceneStatus = await status(scene)
    expect(sceneStatus).toMatchObject({ status: 'completed', ran_steps: [1, 2, 3], inputs: { product: `/jobs/${scene}/inputs/product` } })
    expect(await page.$('[data-testid="editor-error"]')).toBeNull()

    await page.fill('[data-testid="ad-text"]', 'banana 특가 세일')
    await page.click('[data-testid="regenerate-text"]')
    const textJob = await waitForNewJobImage(page, '[data-testid="canvas-final"]', scene)
    expect(await status(textJob)).toMatchObject({ status: 'completed', ran_steps: [2, 3], parameters: { start_step: 2, text_content: 'banana 특가 세일' } })

    downloads.length = 0
    await page.check('[data-testid="size-banner"]')
    await page.click('[data-testid="export"]')
    await page.waitForSelector('[data-testid="export-saved"]', { timeout: 90_000 })
    expect(await page.$('[data-testid="export-error"]')).toBeNull()
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(2)
    expect(downloads.map((d) => d.suggestedFilename()).sort()).toEqual(['ad_1200x628.png', 'ad_320x480.png'])
    await shot(page, 'p08-reopened-rerun-exported')

    await page.click('[data-testid="nav-history"]')
    await page.waitForFunction(() => document.querySelector('[data-testid="history-card"]')?.getAttribute('data-count') === '6')
    expect((await page.$$('[data-testid="history-card"]')).length).toBe(1)
    await shot(page, 'p09-history-after-reruns')
    expect(app.errors).toEqual([])
  })

  it('a photo dropped on the canvas becomes the product photo', async () => {
    const { page } = app
    await page.click('[data-testid="nav-editor"]')
    const { png } = await drawProductPhoto({ width: 200, height: 260, transparent: true })
    const dt = await page.evaluateHandle((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
      const d = new DataTransfer()
      d.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }))
      return d
    }, png.toString('base64'))
    await page.dispatchEvent('[data-testid="canvas"]', 'dragover', { dataTransfer: dt })
    await page.waitForSelector('[data-testid="canvas-drop-hint"]')
    await shot(page, 'p10-canvas-drop-hint')
    await page.dispatchEvent('[data-testid="canvas"]', 'drop', { dataTransfer: dt })
    await page.waitForSelector('[data-testid="product-preview"][alt="dropped.png"]')
    expect(await page.$('[data-testid="canvas-drop-hint"]')).toBeNull()
  })

  it('a job folder damaged while the engine was off is listed as damaged in History, with its images', async () => {
    const jobs = (await (await api('/jobs')).json()) as { jobs: { job_id: string; created_at: number }[] }
    const oldest = [...jobs.jobs].sort((a, b) => a.created_at - b.created_at)[0].job_id
    await engine.stop()
    await writeFile(join(engine.dataDir, 'jobs', oldest, 'status.json'), '{"version": 1, "job_id": "trunc')
    engine = await startEngine({}, ['--data', engine.dataDir])
    expect(engine.output()).toMatch(new RegExp(`job folder ${oldest} is damaged`))
    await app.page.context().close()
    app = await openApp(browser, engine.url, 'en-GB')
    const { page } = app
    await page.click('[data-testid="nav-history"]')
    const row = `[data-testid="history-version"][data-job="${oldest}"]`
    await page.waitForSelector(`${row}[data-damaged="true"]`)
    expect(await text(`${row} .badge`)).toBe('Damaged job folder')
    expect(await text(`${row} .muted.small:not(.version-line *)`)).toBe('Showing the images that survive: status.json is not valid JSON (damaged)')
    await page.$eval(row, (el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView())
    await shot(page, 'p11-history-damaged-folder')
    // It reopens with the images that survive.
    await page.click(`${row} [data-testid="reopen"]`)
    await page.waitForSelector(`[data-testid="canvas-final"][data-job="${oldest}"]`)
  })
})
