import { randomBytes } from 'node:crypto'
import { AxeBuilder } from '@axe-core/playwright'
import sharp from 'sharp'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobStatus } from '../../src/shared/job-status'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { type AppPage, hasChromium, launchBrowser, openAdvanced, openApp, settledStatus, shot, waitForNewJobImage } from './helpers/browser'
import { E2E_TOKEN, startEngine, type EngineServer } from './helpers/engine-server'

const W = 300
const H = 400
/** The stroke: across the bottle's label at y = 240, brush 50 px (hardness 80%: full strength within 20 px). */
const STROKE_Y = 240
const ERASED = { x0: 70, x1: 230, y0: 224, y1: 256 }
/** Rows further than this from the stroke are not touched by it. */
const UNTOUCHED = 30

interface Grey {
  w: number
  h: number
  data: Buffer
}
const grey = async (png: Buffer): Promise<Grey> => {
  const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true })
  return { w: info.width, h: info.height, data }
}
const at = (g: Grey, x: number, y: number) => g.data[y * g.w + x]
/** The box of the pixels at 128 or more. */
function bbox(g: Grey) {
  let x0 = g.w, y0 = g.h, x1 = -1, y1 = -1
  for (let y = 0; y < g.h; y++)
    for (let x = 0; x < g.w; x++)
      if (at(g, x, y) >= 128) {
        x0 = Math.min(x0, x)
        x1 = Math.max(x1, x)
        y0 = Math.min(y0, y)
        y1 = Math.max(y1, y)
      }
  return { x0, y0, x1, y1 }
}
const productPixels = (g: Grey) => g.data.reduce((n, v) => n + (v >= 128 ? 1 : 0), 0)

/** Photo pixels → page pixels through the refine canvas's on-screen box (zoom and pan included). */
async function photoToPage(page: Page, x: number, y: number): Promise<[number, number]> {
  const r = (await (await page.$('[data-testid="refine-canvas"]'))!.boundingBox())!
  return [r.x + (x * r.width) / W, r.y + (y * r.height) / H]
}

/** The photo is fitted to the stage: as tall as 95% of it (a portrait photo in a landscape stage). */
async function fitted(page: Page) {
  await expect
    .poll(async () => {
      const c = (await (await page.$('[data-testid="refine-canvas"]'))!.boundingBox())!
      const s = (await (await page.$('[data-testid="refine-stage"]'))!.boundingBox())!
      return Math.abs(c.height - s.height * 0.95) < 2 && Math.abs(c.x + c.width / 2 - (s.x + s.width / 2)) < 2
    })
    .toBe(true)
}

/**
 * A plain photo for the batch test: a red 80×100 product on a grey backdrop with a little noise
 * (bytes no earlier run has seen, so the shared mask cache has nothing for them).
 */
async function trayPhoto(): Promise<Buffer> {
  const w = 240
  const h = 320
  const noise = randomBytes(w * h)
  const px = Buffer.alloc(w * h * 3)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const g = 150 + (noise[y * w + x] & 3)
      px.set(x >= 80 && x < 160 && y >= 110 && y < 210 ? [200, 30, 40] : [g, g, g], (y * w + x) * 3)
    }
  return sharp(px, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer()
}

/** The mask a bad segmentation would give it: the whole photo but a 40×40 hole (runs off every side). */
async function backdropMask(): Promise<Buffer> {
  const px = Buffer.alloc(240 * 320, 255)
  for (let y = 20; y < 60; y++) px.fill(0, y * 240 + 20, y * 240 + 60)
  return sharp(px, { raw: { width: 240, height: 320, channels: 1 } }).png().toBuffer()
}

async function drag(page: Page, from: [number, number], to: [number, number]) {
  const a = await photoToPage(page, ...from)
  const b = await photoToPage(page, ...to)
  await page.mouse.move(...a)
  await page.mouse.down()
  await page.mouse.move(...b, { steps: 12 })
  await page.mouse.up()
}

describe.skipIf(!hasChromium)('Refine cutout in Chromium against adstudio serve', () => {
  let engine: EngineServer
  let browser: Browser
  let app: AppPage
  let photo: Buffer
  let firstJob: string
  let fixedJob: string
  const api = async (path: string) => fetch(engine.url + path, { headers: { Authorization: `Bearer ${E2E_TOKEN}` } })
  const status = (id: string) => settledStatus(async () => (await (await api(`/status/${id}?images=false`)).json()) as JobStatus)
  const image = async (id: string, name: string) => Buffer.from(await (await api(`/jobs/${id}/images/${name}.png`)).arrayBuffer())

  beforeAll(async () => {
    // An opaque photo (the model cuts it out) with a random first row: bytes the shared mask cache has never seen.
    const { data, info } = await sharp((await drawProductPhoto({ width: W, height: H, backdrop: 'plain' })).png).raw().toBuffer({ resolveWithObject: true })
    randomBytes(info.width * info.channels).copy(data, 0)
    photo = await sharp(data, { raw: { width: W, height: H, channels: info.channels } }).png().toBuffer()
    engine = await startEngine()
    browser = await launchBrowser()
    app = await openApp(browser, engine.url)
  })

  afterAll(async () => {
    await browser?.close()
    await engine?.stop()
  })

  const addPhotoAndGenerate = async (previous: string | null) => {
    const { page } = app
    await page.setInputFiles('[data-testid="product-input"]', { name: 'sauce.png', mimeType: 'image/png', buffer: photo })
    await page.waitForSelector('[data-testid="product-preview"]')
    await page.click('[data-testid="generate"]')
    return waitForNewJobImage(page, '[data-testid="canvas-final"]', previous)
  }

  it('erases a band across the product with the pointer and keys, applies, and only the cutout changes', async () => {
    const { page } = app
    await page.fill('[data-testid="ad-text"]', '신상품')
    await page.selectOption('[data-testid="size-preset"]', 'custom')
    await page.fill('[data-testid="size-width"]', '320')
    await page.fill('[data-testid="size-height"]', '320')
    await openAdvanced(page)
    await page.fill('[data-testid="seed"]', '4321')
    firstJob = await addPhotoAndGenerate(null)
    const before = await grey(await image(firstJob, 'product_mask'))
    expect([before.w, before.h]).toEqual([W, H])
    expect(at(before, 150, STROKE_Y)).toBe(255) // the label is product before the fix

    await page.click('[data-testid="refine-open"]')
    await page.waitForSelector('[data-testid="refine-canvas"]')
    await fitted(page)
    await shot(page, 'refine-01-open-tint')
    // The dialog as axe sees it (WCAG 2.1 A/AA and best practices): nothing serious or critical.
    const axe = await new AxeBuilder({ page }).include('[data-testid="refine"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
    console.log(`axe refine dialog: ${axe.passes.length} rules pass; violations: ${axe.violations.map((v) => `${v.id} (${v.impact}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')})`).join(', ') || 'none'}`)
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])
    // Keys: ] grows the brush 40 → 50; X swaps to Restore and back to Erase.
    await page.keyboard.press(']')
    expect(await page.textContent('[data-testid="refine-size"]')).toBe('50')
    await page.keyboard.press('x')
    expect(await page.getAttribute('[data-testid="refine-mode-restore"]', 'aria-checked')).toBe('true')
    await page.keyboard.press('x')
    expect(await page.getAttribute('[data-testid="refine-mode-erase"]', 'aria-checked')).toBe('true')

    // A stroke near the top, taken back with Ctrl+Z; then the real one across the label.
    await drag(page, [60, 120], [240, 120])
    await page.keyboard.press('Control+z')
    await drag(page, [40, STROKE_Y], [260, STROKE_Y])
    await shot(page, 'refine-02-erased-tint')
    await page.click('[data-testid="refine-view-cutout"]')
    await shot(page, 'refine-03-cutout-view')
    await page.click('[data-testid="refine-view-compare"]')
    await shot(page, 'refine-04-compare-view')
    await page.focus('[data-testid="refine-stage"]')
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid="refine"]', { state: 'detached' })
    fixedJob = await waitForNewJobImage(page, '[data-testid="canvas-final"]', firstJob)
    await shot(page, 'refine-05-applied-final')
    expect(app.errors).toEqual([])

    const st = await status(fixedJob)
    expect(st.status).toBe('completed')
    expect(st.parameters).toMatchObject({ start_step: 1, seed: 4321, width: 320, height: 320 })
    const after = await grey(await image(fixedJob, 'product_mask'))
    for (let y = ERASED.y0; y <= ERASED.y1; y++) for (let x = ERASED.x0; x <= ERASED.x1; x++) expect(at(after, x, y), `(${x}, ${y})`).toBe(0)
    // Untouched rows are the model's mask exactly (the undone stroke at y = 120 left nothing).
    let changedOutside = 0
    for (let y = 0; y < H; y++) {
      if (Math.abs(y - STROKE_Y) <= UNTOUCHED) continue
      for (let x = 0; x < W; x++) if (at(after, x, y) !== at(before, x, y)) changedOutside++
    }
    expect(changedOutside).toBe(0)
    // In the scene, the product lost the band's pixels.
    const sceneBefore = productPixels(await grey(await image(firstJob, 'mask')))
    const sceneAfter = productPixels(await grey(await image(fixedJob, 'mask')))
    expect(sceneAfter).toBeLessThan(sceneBefore * 0.97)
    // The scene: same seed, so step1.png differs only around the erased band (mapped into the scene
    // through the product's box: the band does not change the cutout's extent) and in the cast
    // shadow on the floor below the product, which is the silhouette's and now has the gap too.
    const s1 = await sharp(await image(firstJob, 'step1')).raw().toBuffer({ resolveWithObject: true })
    const s2 = await sharp(await image(fixedJob, 'step1')).raw().toBuffer({ resolveWithObject: true })
    const box = bbox(await grey(await image(firstJob, 'mask')))
    const src = bbox(before)
    const bandY = box.y0 + ((STROKE_Y - src.y0) * (box.y1 - box.y0)) / (src.y1 - src.y0)
    const margin = ((UNTOUCHED + 10) * (box.y1 - box.y0)) / (src.y1 - src.y0)
    let outside = 0
    let inside = 0
    let shadow = 0
    for (let y = 0; y < s1.info.height; y++)
      for (let x = 0; x < s1.info.width; x++) {
        const o = (y * s1.info.width + x) * s1.info.channels
        const diff = Math.max(Math.abs(s1.data[o] - s2.data[o]), Math.abs(s1.data[o + 1] - s2.data[o + 1]), Math.abs(s1.data[o + 2] - s2.data[o + 2]))
        if (diff <= 2) continue
        if (Math.abs(y - bandY) <= margin) inside++
        else if (y > box.y1 - 4) shadow++
        else outside++
      }
    console.log(`step1.png after the fix: ${inside} pixels changed within ±${margin.toFixed(0)} rows of the band, ${shadow} in the floor shadow, ${outside} elsewhere`)
    expect(inside).toBeGreaterThan(100)
    expect(outside).toBe(0)
  })

  it('New background keeps the correction, with a new seed', async () => {
    const { page } = app
    await page.click('[data-testid="new-background"]')
    const job = await waitForNewJobImage(page, '[data-testid="canvas-final"]', fixedJob)
    const st = await status(job)
    expect(st.parameters.seed).not.toBe(4321)
    const m = await grey(await image(job, 'product_mask'))
    expect(at(m, 150, STROKE_Y)).toBe(0)
  })

  it('after a reload the same photo comes back with its corrected cutout', async () => {
    const { page } = app
    await page.reload()
    await page.waitForSelector('[data-testid="engine-status"][data-state="ready"]', { timeout: 30_000 })
    const job = await addPhotoAndGenerate(null)
    const m = await grey(await image(job, 'product_mask'))
    expect(at(m, 150, STROKE_Y)).toBe(0)
    expect(at(m, 150, 330)).toBe(255)
    await page.click('[data-testid="refine-open"]')
    await page.waitForSelector('[data-testid="refine-canvas"]')
    await fitted(page)
    await shot(page, 'refine-06-after-reload')
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-testid="refine"]', { state: 'detached' })
  })

  it('batch: the doubtful photo is flagged "check cutout"; fixing it in Refine re-runs the item and the flag goes', async () => {
    const { page } = app
    // The doubtful cutout, made deterministic: the photo's kept mask (the engine's per-photo cache) is
    // the backdrop-swallowing one, so the batch run reads it back as a model's answer and judges it.
    const tray = await trayPhoto()
    const seed = await fetch(`${engine.url}/generate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${E2E_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ start_step: 1, stop_step: 1, width: 256, height: 256, product_image: tray.toString('base64'), product_mask: (await backdropMask()).toString('base64') }),
    })
    expect(seed.status).toBe(200)
    const seeded = ((await seed.json()) as { job_id: string }).job_id
    await expect.poll(async () => (await status(seeded)).status, { timeout: 60_000 }).toBe('completed')

    await page.click('[data-testid="nav-batch"]')
    const good = await drawProductPhoto({ width: 240, height: 320, transparent: true })
    await page.setInputFiles('[data-testid="batch-input"]', [
      { name: 'good.png', mimeType: 'image/png', buffer: good.png },
      { name: 'doubtful.png', mimeType: 'image/png', buffer: tray },
    ])
    await page.selectOption('[data-testid="batch-size-preset"]', 'custom')
    await page.fill('[data-testid="batch-size-width"]', '256')
    await page.fill('[data-testid="batch-size-height"]', '256')
    await page.click('[data-testid="batch-start"]')
    await page.waitForSelector('[data-testid="batch-start"]', { timeout: 90_000 })
    await page.waitForSelector('[data-name="doubtful.png"][data-status="done"] [data-testid="check-cutout"]')
    await shot(page, 'refine-07-batch-flag')
    expect(await page.$('[data-name="good.png"] [data-testid="check-cutout"]')).toBeNull()
    expect(await page.getAttribute('[data-name="doubtful.png"] [data-testid="check-cutout"]', 'data-reasons')).toBe('borders area')

    await page.click('[data-name="doubtful.png"] [data-testid="check-cutout"]')
    await page.waitForSelector('[data-testid="refine-canvas"]')
    // Similar colour, erase, a click on the grey backdrop: only the red product stays.
    await page.click('[data-testid="refine-tool"] button:nth-child(3)')
    const r = (await (await page.$('[data-testid="refine-canvas"]'))!.boundingBox())!
    await page.mouse.click(r.x + (r.width * 200) / 240, r.y + (r.height * 280) / 320)
    await shot(page, 'refine-08-batch-fixed-tint')
    await page.click('[data-testid="refine-apply"]')
    await page.waitForSelector('[data-testid="refine"]', { state: 'detached' })
    await page.waitForSelector('[data-name="doubtful.png"][data-status="done"]', { timeout: 90_000 })
    await page.waitForSelector('[data-testid="batch-start"]')
    expect(await page.$('[data-name="doubtful.png"] [data-testid="check-cutout"]')).toBeNull()
    await shot(page, 'refine-09-batch-rerun')
  })
})
