import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import sharp from 'sharp'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobStatus } from '../../src/shared/job-status'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { type AppPage, hasChromium, openAdvanced, openApp, settledStatus, shot, SHOTS_DIR } from './helpers/browser'
import { E2E_TOKEN, startEngine, type EngineServer } from './helpers/engine-server'

/**
 * The final tab as a canvas (issue 11), in Chromium against a real `adstudio serve`: real mouse
 * drags, the real engine's re-runs, and the results measured in the images themselves.
 */
// The page's side of page.evaluate, typed as little as it is used (this project's Node config has no DOM lib).
interface El {
  getAttribute(n: string): string | null
  style: { left: string; top: string }
  complete?: boolean
  dispatchEvent(e: unknown): boolean
}
declare const document: { querySelector(s: string): El | null; querySelectorAll(s: string): El[] }
declare const window: { addEventListener(type: string, f: () => void, capture?: boolean): void }
declare function requestAnimationFrame(f: () => void): number
declare const PointerEvent: new (type: string, init: Record<string, unknown>) => unknown

const SIZE = 480
type Box = [number, number, number, number]

interface Raw {
  width: number
  height: number
  data: Buffer
}
const raw = async (png: Buffer): Promise<Raw> => {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, data }
}

/** Bounding box (px) of the pixels that differ by more than `t` (sum of RGB) between two images. */
function diffBoxPx(a: Raw, b: Raw, t = 24, skip?: (x: number, y: number) => boolean): { box: Box | null; count: number } {
  let [x0, y0, x1, y1, n] = [a.width, a.height, -1, -1, 0]
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      if (skip?.(x, y)) continue
      const i = (y * a.width + x) * 3
      if (Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]) <= t) continue
      n++
      x0 = Math.min(x0, x)
      y0 = Math.min(y0, y)
      x1 = Math.max(x1, x)
      y1 = Math.max(y1, y)
    }
  return { box: n ? [x0, y0, x1 - x0 + 1, y1 - y0 + 1] : null, count: n }
}

const boxAttr = async (page: Page, layer: string): Promise<Box> =>
  (await page.getAttribute(`[data-testid="layer-${layer}"]`, 'data-box'))!.split(',').map(Number) as Box

/** No run in progress: the canvas takes edits again. */
const idle = (page: Page) => page.waitForSelector('[data-testid="edit-canvas"]:not(.busy)')

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]

describe.skipIf(!hasChromium)('the canvas in Chromium against adstudio serve', () => {
  let engine: EngineServer
  let browser: Browser
  let app: AppPage
  const api = async (path: string) => fetch(engine.url + path, { headers: { Authorization: `Bearer ${E2E_TOKEN}` } })
  const status = (id: string) => settledStatus(async () => (await (await api(`/status/${id}?images=false`)).json()) as JobStatus)
  const image = async (id: string, name: string) => Buffer.from(await (await api(`/jobs/${id}/images/${name}.png`)).arrayBuffer())
  const releaseTimes: number[] = []
  let first = ''
  let moved = ''
  let movedText: Box = [0, 0, 0, 0]

  /** The stage's rectangle on screen, to turn canvas fractions into mouse positions. */
  const stage = async (page: Page) => (await page.locator('[data-testid="edit-canvas"]').boundingBox())!
  const at = (r: { x: number; y: number; width: number; height: number }, fx: number, fy: number) => [r.x + fx * r.width, r.y + fy * r.height] as const

  /** Waits for the final on screen to be another job's, and returns it with the ms since `t0` (page clock). */
  async function nextFinal(page: Page, previous: string, timed = true): Promise<string> {
    const h = await page.waitForFunction((prev) => {
      const img = document.querySelector('[data-testid="canvas-final"]')
      const job = img?.getAttribute('data-job')
      return job && job !== prev && img!.complete ? { job, at: performance.now() } : null
    }, previous, { timeout: 30_000, polling: 'raf' })
    const v = (await h.jsonValue()) as { job: string; at: number }
    if (timed) releaseTimes.push(v.at - (await page.evaluate(() => (window as unknown as { releasedAt: number }).releasedAt)))
    return v.job
  }

  beforeAll(async () => {
    engine = await startEngine()
    browser = await launchBrowserOnce()
    app = await openApp(browser, engine.url, 'en-US')
    const { page } = app
    // The time of each pointer release, on the page's clock.
    const mark = () => window.addEventListener('pointerup', () => ((window as unknown as { releasedAt: number }).releasedAt = performance.now()), true)
    await page.addInitScript(mark) // after reloads too
    await page.evaluate(mark)
  })

  afterAll(async () => {
    await browser?.close()
    await engine?.stop()
    if (releaseTimes.length) console.log(`pointer release → new image on screen: median ${median(releaseTimes).toFixed(0)} ms over ${releaseTimes.length} (${releaseTimes.map((v) => v.toFixed(0)).join(', ')})`)
  })

  it('makes an ad and shows its product and copy as boxes on the final tab', async () => {
    const { page } = app
    const { png } = await drawProductPhoto({ width: 300, height: 400, transparent: true })
    await page.setInputFiles('[data-testid="product-input"]', { name: 'sauce.png', mimeType: 'image/png', buffer: png })
    await page.waitForSelector('[data-testid="product-preview"]')
    await page.click('[data-testid="chip-marble"]')
    await page.fill('[data-testid="ad-text"]', 'NEW SAUCE 50%')
    await page.selectOption('[data-testid="size-preset"]', 'custom')
    await page.fill('[data-testid="size-width"]', String(SIZE))
    await page.fill('[data-testid="size-height"]', String(SIZE))
    await openAdvanced(page)
    await page.fill('[data-testid="seed"]', '1234')
    await page.click('[data-testid="generate"]')
    await page.waitForSelector('[data-testid="layer-text"]', { timeout: 90_000 })
    await page.waitForSelector('[data-testid="layer-product"]')
    first = (await page.getAttribute('[data-testid="canvas-final"]', 'data-job'))!
    // The copy box on screen is where the copy is in the image: final vs step 1.
    const text = await boxAttr(page, 'text')
    const d = diffBoxPx(await raw(await image(first, 'step1')), await raw(await image(first, 'final'))).box!
    expect(Math.abs(text[0] * SIZE - d[0])).toBeLessThanOrEqual(1)
    expect(Math.abs(text[1] * SIZE - d[1])).toBeLessThanOrEqual(1)
    await page.click('[data-testid="layer-text"]')
    await shot(page, 'canvas-01-text-selected')
    // The canvas with a layer selected (handles, toolbar, size strip): no serious or critical axe findings.
    const axe = await new AxeBuilder({ page }).include('.center-panel').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)
    console.log(`axe canvas: ${axe.passes.length} rules pass, ${axe.violations.length} violated ${axe.violations.map((v) => `${v.id} (${v.impact})`).join(', ')}`)
    expect(bad).toEqual([])
  })

  it('drags the copy: a preview follows at frame rate, the final has the copy there, step 1 untouched', async () => {
    const { page } = app
    await idle(page)
    const step1Before = await image(first, 'step1')
    const text = await boxAttr(page, 'text')
    const r = await stage(page)
    const [sx, sy] = at(r, text[0] + text[2] / 2, text[1] + text[3] / 2)
    // Down by 45% of the canvas, Alt held so it lands exactly where it is dropped (no snapping).
    const dy = 0.45
    await page.keyboard.down('Alt')
    await page.mouse.move(sx, sy)
    await page.mouse.down()
    await page.mouse.move(sx, sy + 10, { steps: 2 })
    // Frame rate of the preview: one pointer move per animation frame, dispatched in the page for
    // 1.5 s (what a fast mouse sends), counting the frames whose preview moved.
    const frames = await page.evaluate(
      ({ sx, sy, span }) =>
        new Promise<{ frames: number; moved: number; sec: number }>((done) => {
          const root = document.querySelector('[data-testid="edit-canvas"]')!
          const t0 = performance.now()
          let [frames, moved, last] = [0, 0, '']
          const tick = () => {
            const el = document.querySelector('[data-testid="drag-preview"]')
            const pos = el ? `${el.style.left},${el.style.top}` : ''
            if (pos && pos !== last) moved++
            last = pos
            frames++
            const t = (performance.now() - t0) / 1500
            if (t >= 1) return done({ frames, moved, sec: (performance.now() - t0) / 1000 })
            const y = sy + 10 + span * (0.5 - 0.5 * Math.cos(Math.PI * t))
            root.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: sx, clientY: y, altKey: true, pointerId: 1, isPrimary: true }))
            requestAnimationFrame(tick)
          }
          requestAnimationFrame(tick)
        }),
      { sx, sy, span: dy * r.height - 10 },
    )
    console.log(`drag preview: ${frames.moved} of ${frames.frames} animation frames drew a new preview position in ${frames.sec.toFixed(2)} s = ${(frames.moved / frames.sec).toFixed(1)} previews/s (display ${(frames.frames / frames.sec).toFixed(1)} frames/s)`)
    expect(frames.moved).toBeGreaterThan(frames.frames * 0.8)
    await page.mouse.move(sx, sy + dy * r.height, { steps: 2 })
    expect(await page.isVisible('[data-testid="drag-preview"]')).toBe(true)
    await shot(page, 'canvas-02-dragging-text')
    await page.mouse.up()
    await page.keyboard.up('Alt')
    moved = await nextFinal(page, first)
    await shot(page, 'canvas-03-text-moved')

    const st = await status(moved)
    expect(st.parameters).toMatchObject({ start_step: 3, stop_step: 3 })
    movedText = st.parameters.text_box as Box
    expect(movedText[1]).toBeCloseTo(text[1] + dy, 2)
    // The copy in the new final, measured against the unchanged step 1, sits inside the box it was dropped in.
    const s1 = await raw(step1Before)
    const ink = diffBoxPx(s1, await raw(await image(moved, 'final'))).box!
    console.log(`copy dropped at y=${(movedText[1] * SIZE).toFixed(0)} px (box ${movedText.map((v) => (v * SIZE).toFixed(0)).join(',')}), measured in the final at ${ink.join(',')}`)
    expect(ink[1]).toBeGreaterThanOrEqual(movedText[1] * SIZE - 2)
    expect(ink[1] + ink[3]).toBeLessThanOrEqual((movedText[1] + movedText[3]) * SIZE + 2)
    expect(Math.abs(ink[1] - (text[1] + dy) * SIZE)).toBeLessThanOrEqual(3)
    // Step 1 is the first job's, byte for byte.
    expect((await image(first, 'step1')).equals(step1Before)).toBe(true)
  })

  it('resizes the product: the background is unchanged outside the old and new product areas', async () => {
    const { page } = app
    const before = await raw(await image(moved, 'step1'))
    const old = await boxAttr(page, 'product')
    await idle(page)
    const r = await stage(page)
    // The copy now overlaps the product: press the product where the copy is not (its lower part).
    await page.mouse.click(...at(r, old[0] + old[2] / 2, old[1] + old[3] * 0.95))
    expect(await page.getAttribute('[data-testid="layer-product"]', 'aria-pressed')).toBe('true')
    const [hx, hy] = at(r, old[0] + old[2], old[1] + old[3])
    await page.keyboard.down('Alt')
    await page.mouse.move(hx, hy)
    await page.mouse.down()
    for (let i = 1; i <= 20; i++) await page.mouse.move(hx - (0.12 * r.width * i) / 20, hy, { steps: 1 })
    await shot(page, 'canvas-04-resizing-product')
    await page.mouse.up()
    await page.keyboard.up('Alt')
    const placed = await nextFinal(page, moved)
    await shot(page, 'canvas-05-product-resized')
    const st = await status(placed)
    const pb = st.parameters.product_box as Box
    // Placed over the kept scene of the job whose step 1 is on screen (the text move kept the first's).
    expect(st.parameters).toMatchObject({ start_step: 1, seed: 1234, scene_from: first })
    // The copy on screen went along as its text layer: placement and composition only.
    expect(st.ran_steps).toEqual([1, 3])
    expect(pb[2] / pb[3]).toBeCloseTo(old[2] / old[3], 1)
    expect(pb[2]).toBeLessThan(old[2] - 0.05)
    const after = await raw(await image(placed, 'step1'))
    const now = await boxAttr(page, 'product')
    // Old and new product areas, each with what the product casts on the floor: its shadow along the
    // light (up to 40% of its height to either side) and its reflection under it (30% of its height).
    const inArea = (b: Box) => (x: number, y: number) => {
      const [bx, by, bw, bh] = b.map((v) => v * SIZE)
      return y >= by - 2 && y <= by + bh * 1.3 && x >= bx - (y > by + bh * 0.6 ? 0.4 * bh : 2) && x <= bx + bw + (y > by + bh * 0.6 ? 0.4 * bh : 2)
    }
    const inOld = inArea(old)
    const inNew = inArea(now)
    await sharp(await image(placed, 'step1')).toFile(join(SHOTS_DIR, 'canvas-05b-step1-after-resize.png'))
    const outside = diffBoxPx(before, after, 6, (x, y) => inOld(x, y) || inNew(x, y))
    const all = diffBoxPx(before, after, 6)
    console.log(`product resize: ${all.count} px changed in step 1, ${outside.count} of them outside the old and new product areas`)
    expect(all.count).toBeGreaterThan(100)
    expect(outside.count).toBe(0)
    // The empty scene kept with each job (scene.png) is the same scene, byte for byte: placement ran over it again.
    const scene = (id: string) => readFile(join(engine.dataDir, 'jobs', id, 'scene.png'))
    expect((await scene(placed)).equals(await scene(first))).toBe(true)
    const record = JSON.parse(await readFile(join(engine.dataDir, 'jobs', placed, 'job.json'), 'utf8'))
    expect(record.scene.kept_from).toBe(first)
    expect(record.timings_ms.background).toBeUndefined()
    expect(record.notes.text_kept).toBe(true)
  })

  it('undo twice brings the first result back without a run; redo returns; History reopens the positions', async () => {
    const { page } = app
    const jobsBefore = ((await (await api('/jobs')).json()) as { jobs: unknown[] }).jobs.length
    await page.click('[data-testid="undo"]')
    await page.click('[data-testid="undo"]')
    await page.waitForFunction((id) => document.querySelector('[data-testid="canvas-final"]')?.getAttribute('data-job') === id, first)
    await shot(page, 'canvas-06-undone-twice')
    await page.keyboard.press('Control+Shift+Z')
    await page.waitForFunction((id) => document.querySelector('[data-testid="canvas-final"]')?.getAttribute('data-job') === id, moved)
    expect(((await (await api('/jobs')).json()) as { jobs: unknown[] }).jobs.length).toBe(jobsBefore)

    await page.reload()
    await page.waitForSelector('[data-testid="engine-status"][data-state="ready"]')
    await page.click('[data-testid="nav-history"]')
    // History groups a product's runs in one card: reopen the text move's run by its job id.
    await page.waitForSelector(`[data-testid="history-version"][data-job="${moved}"]`)
    await page.locator(`[data-testid="history-version"][data-job="${moved}"] [data-testid="reopen"]`).click()
    await page.waitForSelector('[data-testid="layer-text"]')
    await page.waitForFunction((id) => document.querySelector('[data-testid="canvas-final"]')?.getAttribute('data-job') === id, moved)
    const text = await boxAttr(page, 'text')
    expect(text[1]).toBeGreaterThanOrEqual(movedText[1] - 0.005)
    expect(text[1] + text[3]).toBeLessThanOrEqual(movedText[1] + movedText[3] + 0.005)
    await shot(page, 'canvas-07-reopened')
    // The next run keeps the manual position.
    await page.click('[data-testid="recompose"]')
    const again = await nextFinal(page, moved, false)
    expect((await status(again)).parameters.text_box).toEqual(movedText)
    expect(app.errors).toEqual([])
  })

  it('keyboard: arrows nudge the selected copy (one run per burst), Delete removes nothing', async () => {
    const { page } = app
    await idle(page)
    const before = await page.getAttribute('[data-testid="canvas-final"]', 'data-job')
    const text = await boxAttr(page, 'text')
    await page.focus('[data-testid="layer-text"]')
    await page.keyboard.press('Delete')
    expect(await page.isVisible('[data-testid="layer-text"]')).toBe(true)
    await page.keyboard.press('Shift+ArrowUp')
    await page.keyboard.press('Shift+ArrowUp')
    await page.keyboard.press('ArrowLeft')
    const next = await nextFinal(page, before!, false)
    const tb = (await status(next)).parameters.text_box as Box
    expect(tb[1] * SIZE).toBeCloseTo(text[1] * SIZE - 20, 0)
    expect(tb[0] * SIZE).toBeCloseTo(text[0] * SIZE - 1, 0)
    await shot(page, 'canvas-08-nudged')
  })

  it('double-click edits the copy in place: text + composition re-run, step 1 kept', async () => {
    const { page } = app
    await idle(page)
    const before = (await page.getAttribute('[data-testid="canvas-final"]', 'data-job'))!
    const text = await boxAttr(page, 'text')
    const r = await stage(page)
    await page.mouse.dblclick(...at(r, text[0] + text[2] * 0.1, text[1] + text[3] / 2))
    await page.waitForSelector('[data-testid="copy-editor"]')
    expect(await page.inputValue('[data-testid="copy-editor"]')).toBe('NEW SAUCE 50%')
    await page.fill('[data-testid="copy-editor"]', 'ONLY TODAY')
    await shot(page, 'canvas-08b-copy-in-place')
    await page.keyboard.press('Enter')
    const job = await nextFinal(page, before, false)
    const st = await status(job)
    expect(st.parameters).toMatchObject({ start_step: 2, text_content: 'ONLY TODAY' })
    expect(await page.inputValue('[data-testid="ad-text"]')).toBe('ONLY TODAY')
    await shot(page, 'canvas-08c-copy-edited')
  })

  it('times pointer release → new image over several drags of the copy', async () => {
    const { page } = app
    for (let k = 0; k < 4; k++) {
      // The new render can be on screen a moment before its job has ended (edits wait for the end),
      // and the preview goes once it is measured: read the box after both.
      await idle(page)
      await page.waitForSelector('[data-testid="drag-preview"]', { state: 'detached' })
      const before = (await page.getAttribute('[data-testid="canvas-final"]', 'data-job'))!
      const text = await boxAttr(page, 'text')
      const r = await stage(page)
      // Pressed near the copy's left end, away from the product in the middle.
      const [sx, sy] = at(r, text[0] + text[2] * 0.1, text[1] + text[3] / 2)
      const frac = text[1] > 0.3 ? -0.12 : 0.12
      const dy = frac * r.height
      await page.mouse.move(sx, sy)
      await page.mouse.down()
      await page.mouse.move(sx, sy + dy, { steps: 8 })
      await page.mouse.up()
      const job = await nextFinal(page, before).catch(async (e) => {
        await shot(page, `canvas-DEBUG-drag-${k}`)
        console.log(`drag ${k} failed: read ${text.join(',')} press ${sx - r.x},${sy - r.y} in ${r.width}x${r.height}`)
        throw e
      })
      const tb = (await status(job)).parameters.text_box as Box
      if (process.env.CANVAS_DEBUG) console.log(`drag ${k}: before ${before} read ${text.join(',')} → job ${job} start ${(await status(job)).parameters.start_step} text_box ${tb.join(',')}`)
      // Where it was dropped (snapping may pull it onto a guide line within 6 screen px).
      expect(Math.abs(tb[1] - (text[1] + frac))).toBeLessThan(0.03)
    }
    expect(releaseTimes.length).toBeGreaterThanOrEqual(6)
  })

  it('makes the ad at every size at once, each laid out for its ratio, and exports them together', async () => {
    const { page } = app
    // After the reload a browser has no product photo (the HTTP engine keeps none for re-use): add it again, as the editor asks.
    const { png } = await drawProductPhoto({ width: 300, height: 400, transparent: true })
    await page.setInputFiles('[data-testid="product-input"]', { name: 'sauce.png', mimeType: 'image/png', buffer: png })
    await page.waitForSelector('[data-testid="product-preview"]')
    const t0 = Date.now()
    await page.click('[data-testid="make-sizes"]')
    await page.waitForFunction(() => document.querySelectorAll('.size-item').length >= 4 && !Array.from(document.querySelectorAll('.size-item')).some((e) => ['running', 'idle'].includes(e.getAttribute('data-status')!)), null, { timeout: 200_000 })
    const states = await page.$$eval('.size-item', (els) => els.map((e) => `${e.getAttribute('data-testid')}=${e.getAttribute('data-status')} ${e.textContent}`))
    console.log(states.join(' | '))
    for (const id of ['square', 'portrait', 'story', 'banner']) expect(await page.getAttribute(`[data-testid="size-${id}"]`, 'data-status')).toBe('done')
    console.log(`four sizes made in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    await page.locator('[data-testid="size-strip"]').scrollIntoViewIfNeeded()
    await shot(page, 'canvas-09-size-strip')
    const sizes: Record<string, [number, number]> = { square: [1080, 1080], portrait: [1080, 1350], story: [1080, 1920], banner: [1200, 628] }
    for (const [id, [w, h]] of Object.entries(sizes)) {
      const job = (await page.getAttribute(`[data-testid="size-${id}"]`, 'data-job'))!
      const meta = await sharp(await image(job, 'final')).metadata()
      expect([meta.width, meta.height]).toEqual([w, h])
      const st = await status(job)
      expect(st.parameters).toMatchObject({ seed: 1234, text_content: 'ONLY TODAY' })
    }
    // The banner follows the banner layout: the product on the right half.
    const banner = (await page.getAttribute('[data-testid="size-banner"]', 'data-job'))!
    const mask = await sharp(await image(banner, 'mask')).removeAlpha().raw().toBuffer({ resolveWithObject: true })
    let [sum, n] = [0, 0]
    for (let y = 0; y < mask.info.height; y++)
      for (let x = 0; x < mask.info.width; x++)
        if (mask.data[(y * mask.info.width + x) * mask.info.channels] > 128) {
          sum += x
          n++
        }
    console.log(`banner: product centre at x = ${(sum / n / mask.info.width).toFixed(2)} of the width`)
    expect(sum / n / mask.info.width).toBeGreaterThan(0.5)
    const before = app.downloads.length
    await page.click('[data-testid="export-sizes"]')
    await expect.poll(() => app.downloads.length - before, { timeout: 10_000 }).toBe(5)
    expect(app.downloads.slice(before).map((d) => d.suggestedFilename()).sort()).toEqual(['ad_1080x1080.png', 'ad_1080x1350.png', 'ad_1080x1920.png', 'ad_1200x628.png', 'ad_480x480.png'])
    // One size adjusted on its own: opened in the editor at its size.
    const story = (await page.getAttribute('[data-testid="size-story"]', 'data-job'))!
    await page.click('[data-testid="open-size-story"]')
    await page.waitForFunction((id) => document.querySelector('[data-testid="canvas-final"]')?.getAttribute('data-job') === id, story)
    await page.waitForSelector('[data-testid="layer-text"]')
    const r = await stage(page)
    expect(r.height / r.width).toBeCloseTo(1920 / 1080, 1)
    await shot(page, 'canvas-10-story-opened')
  }, 300_000)
})

async function launchBrowserOnce() {
  const { launchBrowser } = await import('./helpers/browser')
  return launchBrowser()
}
