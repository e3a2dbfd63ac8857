import { AxeBuilder } from '@axe-core/playwright'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobStatus } from '../../src/shared/job-status'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { type AppPage, hasChromium, launchBrowser, openAdvanced, openApp, settledStatus, shot } from './helpers/browser'
import { E2E_TOKEN, startEngine, type EngineServer } from './helpers/engine-server'

/** The page's DOM, as far as the functions run inside the page use it (this file compiles without the DOM lib). */
interface El {
  getAttribute(name: string): string | null
  getBoundingClientRect(): { top: number; bottom: number; left: number; right: number }
  getClientRects(): { length: number }
  dataset: Record<string, string | undefined>
  textContent: string | null
  tabIndex: number
  scrollWidth: number
  clientWidth: number
}
declare const document: { activeElement: El | null; documentElement: El; querySelector(s: string): El | null; querySelectorAll(s: string): El[]; getElementById(id: string): El | null }
declare const window: { innerHeight: number }

/** The focused element: its test id, role and the option its listbox points at. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement
    const active = el?.getAttribute('aria-activedescendant')
    const option = active ? document.getElementById(active) : null
    return { testId: el?.getAttribute('data-testid') ?? null, role: el?.getAttribute('role') ?? null, checked: el?.getAttribute('aria-checked') ?? null, option: option ? (option.dataset.font ?? 'default') : null, optionLabel: option?.getAttribute('data-label') ?? option?.textContent ?? null }
  })

/** Presses Tab until `done` holds for the focused element (keyboard only: no clicks), at most `max` times. */
async function tabUntil(page: Page, done: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (done(await focused(page))) return
  }
  throw new Error(`not reached in ${max} Tab presses; focus is on ${JSON.stringify(await focused(page))}`)
}

interface Finding {
  id: string
  impact: string | null | undefined
  nodes: number
  targets: string
}

/** axe-core over the whole page (WCAG 2.1 A and AA, plus best practices); every finding logged, serious and critical returned. */
async function axe(page: Page, screen: string): Promise<Finding[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
  const all: Finding[] = r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ') }))
  console.log(`axe ${screen}: ${r.passes.length} rules pass, ${all.length} violated${all.length ? `: ${all.map((f) => `${f.id} (${f.impact}, ${f.nodes})`).join(', ')}` : ''}`)
  return all.filter((f) => f.impact === 'serious' || f.impact === 'critical')
}

const visibleH1s = (page: Page) => page.$$eval('h1', (hs) => (hs as unknown as El[]).filter((h) => h.getClientRects().length > 0).map((h) => h.textContent))

describe.skipIf(!hasChromium)('keyboard and accessibility in Chromium against adstudio serve', () => {
  let engine: EngineServer
  let browser: Browser
  let app: AppPage
  const status = (id: string) => settledStatus(async () => (await (await fetch(`${engine.url}/status/${id}?images=false`, { headers: { Authorization: `Bearer ${E2E_TOKEN}` } })).json()) as JobStatus)

  beforeAll(async () => {
    engine = await startEngine()
    browser = await launchBrowser()
    app = await openApp(browser, engine.url)
  })

  afterAll(async () => {
    await browser?.close()
    await engine?.stop()
  })

  it('the empty editor: lang, one h1, aria-current, no serious axe findings', async () => {
    const { page } = app
    await page.waitForSelector('[data-testid="font-picker"]')
    expect(await page.getAttribute('html', 'lang')).toBe('ko')
    expect(await visibleH1s(page)).toEqual(['광고 만들기'])
    expect(await page.getAttribute('[data-testid="nav-editor"]', 'aria-current')).toBe('page')
    expect(await page.getAttribute('[data-testid="nav-history"]', 'aria-current')).toBeNull()
    // The seller's order: photo, ad text, scene, then the look; engines and seed folded away.
    const order = await page.$$eval('.form-panel h2', (hs) => (hs as unknown as (El & { closest(s: string): El | null })[]).filter((h) => !h.closest('details:not([open])')).map((h) => h.textContent))
    expect(order).toEqual(['상품 사진', '광고 문구', '배경', '글꼴', '글자 스타일', '합성', '크기'])
    await shot(page, 'a11y-01-editor-empty')
    expect(await axe(page, 'editor (empty)')).toEqual([])
  })

  it('keyboard only: a font from the list and a style from the swatches with arrow keys, then Generate', async () => {
    const { page } = app
    await page.fill('[data-testid="ad-text"]', 'NEW 신상 50% 할인')
    const { png } = await drawProductPhoto({ width: 300, height: 400, transparent: true })
    await page.setInputFiles('[data-testid="product-input"]', { name: 'sauce.png', mimeType: 'image/png', buffer: png })
    await page.waitForSelector('[data-testid="product-preview"]')
    await page.selectOption('[data-testid="size-preset"]', 'custom')
    await page.fill('[data-testid="size-width"]', '320')
    await page.fill('[data-testid="size-height"]', '320')

    // Tab from the ad text to the font button, Enter opens the list on the current font (the default).
    await page.focus('[data-testid="ad-text"]')
    await tabUntil(page, (f) => f.testId === 'font-picker')
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid="font-list"][data-side]')
    expect(await focused(page)).toMatchObject({ role: 'listbox', option: 'default' })
    const list = await page.$eval('[data-testid="font-list"]', (l) => {
      const r = (l as unknown as El).getBoundingClientRect()
      return { top: r.top, bottom: r.bottom, viewport: window.innerHeight }
    })
    // Inside the window, not cut off at the form panel's edge.
    expect(list.top).toBeGreaterThanOrEqual(0)
    expect(list.bottom).toBeLessThanOrEqual(list.viewport)
    const fonts = await page.$$eval('[data-testid="font-option"]', (os) => (os as unknown as El[]).map((o) => ({ font: o.dataset.font!, label: o.dataset.label! })))
    expect(fonts.length).toBeGreaterThan(3)

    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    expect((await focused(page)).option).toBe(fonts[1].font)
    await page.keyboard.press('End')
    expect((await focused(page)).option).toBe(fonts[fonts.length - 1].font)
    await page.keyboard.press('Home')
    expect((await focused(page)).option).toBe('default')
    // Type-ahead: the first letters of a font's name go to it.
    const target = fonts[Math.floor(fonts.length / 2)]
    const prefix = target.label.slice(0, 4)
    await page.keyboard.type(prefix)
    const hit = await focused(page)
    expect(hit.optionLabel?.toLowerCase().startsWith(prefix.toLowerCase())).toBe(true)
    await shot(page, 'a11y-02-font-list-keyboard')
    expect(await axe(page, 'editor (font list open)')).toEqual([])
    // Escape closes without a change; focus is back on the button.
    await page.keyboard.press('Escape')
    expect(await page.$('[data-testid="font-list"]')).toBeNull()
    expect((await focused(page)).testId).toBe('font-picker')
    expect(await page.textContent('[data-testid="font-picker"]')).toContain('기본 글꼴')

    // A short window with the button near its bottom edge: the list opens upwards, whole, inside the window.
    await page.setViewportSize({ width: 1360, height: 600 })
    await page.$eval('[data-testid="font-picker"]', (b) => (b as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'end' }))
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid="font-list"][data-side]')
    const short = await page.$eval('[data-testid="font-list"]', (l) => {
      const r = (l as unknown as El).getBoundingClientRect()
      const b = document.querySelector('[data-testid="font-picker"]')!.getBoundingClientRect()
      return { side: (l as unknown as El).dataset.side, top: r.top, bottom: r.bottom, buttonTop: b.top, viewport: window.innerHeight }
    })
    expect(short.side).toBe('above')
    expect(short.top).toBeGreaterThanOrEqual(0)
    expect(short.bottom).toBeLessThanOrEqual(short.buttonTop)
    await shot(page, 'a11y-02b-font-list-above')
    await page.keyboard.press('Escape')
    await page.setViewportSize({ width: 1360, height: 880 })

    // Down opens it too; Enter picks.
    await page.keyboard.press('ArrowDown')
    await page.waitForSelector('[data-testid="font-list"]')
    await page.keyboard.type(prefix)
    await page.keyboard.press('ArrowDown')
    const first = (await focused(page)).option!
    await page.keyboard.press('Enter')
    expect(await page.$('[data-testid="font-list"]')).toBeNull()
    expect((await focused(page)).testId).toBe('font-picker')
    expect(await page.textContent('[data-testid="font-picker"]')).toContain(fonts.find((f) => f.font === first)!.label)
    // Space opens it on the chosen font and, once no name is being typed, picks the one above.
    await page.keyboard.press(' ')
    await page.waitForSelector('[data-testid="font-list"]')
    expect((await focused(page)).option).toBe(first)
    await page.keyboard.press('ArrowUp')
    const chosen = (await focused(page)).option!
    expect(chosen).not.toBe(first)
    await page.keyboard.press(' ')
    expect(await page.$('[data-testid="font-list"]')).toBeNull()
    expect(await page.textContent('[data-testid="font-picker"]')).toContain(fonts.find((f) => f.font === chosen)!.label)

    // The style swatches are one Tab stop; the arrows move and select.
    await tabUntil(page, (f) => f.role === 'radio')
    expect(await focused(page)).toMatchObject({ testId: 'style-gold', checked: 'true' })
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    const style = (await focused(page)).testId!
    expect(style).toBe('style-rose-gold')
    expect(await page.getAttribute(`[data-testid="${style}"]`, 'aria-checked')).toBe('true')
    expect(await page.$$eval('.swatches [role="radio"]', (rs) => (rs as unknown as El[]).filter((r) => r.tabIndex === 0).length)).toBe(1)
    // Tab leaves the group in one press and lands on the composition group, where arrows work the same.
    await page.keyboard.press('Tab')
    expect(await focused(page)).toMatchObject({ role: 'radio', checked: 'true' })
    await page.keyboard.press('End')
    expect(await page.getAttribute('[data-testid="composition-mode"] [data-value="behind"]', 'aria-checked')).toBe('true')
    await page.keyboard.press('Home')
    await shot(page, 'a11y-03-style-keyboard')

    // A whole ten-digit seed fits its field.
    await openAdvanced(page)
    await page.fill('[data-testid="seed"]', '2147483647')
    const seedBox = await page.$eval('[data-testid="seed"]', (i) => ({ scroll: (i as unknown as El).scrollWidth, client: (i as unknown as El).clientWidth }))
    expect(seedBox.scroll).toBeLessThanOrEqual(seedBox.client)
    await page.$eval('[data-testid="advanced"]', (el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView())
    await shot(page, 'a11y-04-advanced-open')

    // Generate from the keyboard; the job carries the font and the style chosen with the keys.
    await page.focus('[data-testid="generate"]')
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid="canvas-final"]', { timeout: 90_000 })
    expect(await page.$('[data-testid="editor-error"]')).toBeNull()
    await expect.poll(() => page.textContent('[data-testid="run-announcer"]'), { timeout: 5000 }).toBe('광고가 완성되었습니다')
    const job = (await page.getAttribute('[data-testid="canvas-final"]', 'data-job'))!
    const st = await status(job)
    expect(st.status).toBe('completed')
    expect(st.parameters).toMatchObject({ font_name: chosen, text_style: style.replace(/^style-/, ''), seed: 2147483647 })
    await shot(page, 'a11y-05-editor-final')
    expect(await axe(page, 'editor (finished ad)')).toEqual([])
  })

  it('the engine popover closes on Escape and on an outside click, and leaves the canvas tabs in view', async () => {
    const { page } = app
    await page.click('[data-testid="engine-status"]')
    await page.waitForSelector('[data-testid="engine-detail"]')
    const overlap = await page.evaluate(() => {
      const a = document.querySelector('[data-testid="engine-detail"]')!.getBoundingClientRect()
      const b = document.querySelector('.canvas-tabs')!.getBoundingClientRect()
      return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
    })
    expect(overlap).toBe(false)
    await shot(page, 'a11y-06-engine-popover')
    expect(await axe(page, 'editor (engine popover open)')).toEqual([])
    await page.keyboard.press('Escape')
    expect(await page.$('[data-testid="engine-detail"]')).toBeNull()
    expect((await focused(page)).testId).toBe('engine-status')
    await page.click('[data-testid="engine-status"]')
    await page.waitForSelector('[data-testid="engine-detail"]')
    await page.mouse.click(600, 600)
    expect(await page.$('[data-testid="engine-detail"]')).toBeNull()
  })

  it('every other screen: one h1, aria-current, no serious axe findings; plain words on Models; the port in use in Settings', async () => {
    const { page } = app
    const screens = [
      ['history', '[data-testid="history-card"] img', '만든 광고'],
      ['batch', '[data-testid="batch"]', '여러 상품 한 번에'],
      ['models', '[data-testid="models"][data-loaded="true"]', '생성 모델'],
      ['settings', '[data-testid="settings"]', '설정'],
    ] as const
    for (const [screen, ready, title] of screens) {
      await page.click(`[data-testid="nav-${screen}"]`)
      await page.waitForSelector(ready)
      expect(await visibleH1s(page)).toEqual([title])
      expect(await page.getAttribute(`[data-testid="nav-${screen}"]`, 'aria-current')).toBe('page')
      expect(await page.getAttribute('[data-testid="nav-editor"]', 'aria-current')).toBeNull()
      await shot(page, `a11y-07-${screen}`)
      expect(await axe(page, screen)).toEqual([])
      if (screen === 'models') {
        const needs = await page.textContent('[data-testid="model-card"][data-id="sd-turbo"] [data-testid="model-needs"]')
        expect(needs).toBe('메모리 4 GB 이상인 NVIDIA 그래픽카드가 있어야 합니다')
        expect(await page.innerText('[data-testid="models"]')).not.toMatch(/CUDA execution provider|ControlNet residuals/)
      }
    }
    // Settings: the port of the API this page talks to, not the saved default.
    expect(await page.inputValue('[data-testid="api-port"]')).toBe(new URL(engine.url).port)
    await page.selectOption('[data-testid="language"]', 'en')
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    await page.click('[data-testid="nav-models"]')
    await page.waitForSelector('[data-testid="models"][data-loaded="true"]')
    expect(await page.textContent('[data-testid="model-card"][data-id="sd-turbo"] [data-testid="model-needs"]')).toBe('Needs an NVIDIA graphics card with 4 GB')
    await shot(page, 'a11y-08-models-english')
    expect(await axe(page, 'models (English)')).toEqual([])
    await page.click('[data-testid="nav-editor"]')
    expect(await visibleH1s(page)).toEqual(['Make an ad'])
    await shot(page, 'a11y-09-editor-english')
    expect(await axe(page, 'editor (English)')).toEqual([])
    expect(app.errors).toEqual([])
  })
})
