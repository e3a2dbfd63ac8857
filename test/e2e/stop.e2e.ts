import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HealthResponse, JobsListResponse } from '../../src/shared/api-responses'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { hasChromium, launchBrowser, openApp, shot, type AppPage } from './helpers/browser'
import { E2E_TOKEN, startEngine, type EngineServer } from './helpers/engine-server'

declare const document: { querySelector(selector: string): { textContent: string | null } | null }

/** A slow engine (every sub-step takes 1.5 s), so a running job can be watched and stopped. */
describe.skipIf(!hasChromium)('stopping a job from the editor', () => {
  let engine: EngineServer
  let browser: Browser
  let app: AppPage

  beforeAll(async () => {
    engine = await startEngine({ ADSTUDIO_WORKER_SUBSTEP_DELAY_MS: '1500' })
    browser = await launchBrowser()
    app = await openApp(browser, engine.url)
  })

  afterAll(async () => {
    await browser?.close()
    await engine?.stop()
  })

  it('shows progress with the sub-step and a counting-down ETA, then stops', async () => {
    const { page } = app
    const { png } = await drawProductPhoto({ width: 300, height: 400, transparent: true })
    await page.setInputFiles('[data-testid="product-input"]', { name: 'bottle.png', mimeType: 'image/png', buffer: png })
    await page.fill('[data-testid="ad-text"]', '멈춰 보기')
    await page.selectOption('[data-testid="size-preset"]', 'custom')
    await page.fill('[data-testid="size-width"]', '320')
    await page.fill('[data-testid="size-height"]', '320')
    await page.click('[data-testid="generate"]')
    // Wait for a real progress report: the label names the step and the time left.
    await page.waitForFunction(() => /·.*·/.test(document.querySelector('[data-testid="run-progress"]')?.textContent ?? ''), undefined, { timeout: 30_000 })
    const label = (await page.textContent('[data-testid="run-progress"]'))!
    expect(label).toMatch(/배경과 상품|광고 글자|합성/)
    expect(label).toMatch(/남음/)
    await shot(page, '11-editor-progress')
    await page.click('[data-testid="stop"]')
    await page.waitForSelector('[data-testid="editor-notice"][data-code="stopped"]', { timeout: 30_000 })
    await shot(page, '12-editor-stopped')
    const jobs = (await (await fetch(`${engine.url}/jobs`, { headers: { Authorization: `Bearer ${E2E_TOKEN}` } })).json()) as JobsListResponse
    expect(jobs.jobs.map((j) => j.status)).toEqual(['stopped'])
    expect(await page.isEnabled('[data-testid="generate"]')).toBe(true)
    expect(app.errors).toEqual([])
  })

  it('an engine crash mid-job is shown in plain words, the engine comes back, the next ad works', async () => {
    const { page } = app
    const auth = { headers: { Authorization: `Bearer ${E2E_TOKEN}` } }
    await page.fill('[data-testid="ad-text"]', '다시 시작')
    await page.click('[data-testid="generate"]')
    await page.waitForFunction(() => /·.*·/.test(document.querySelector('[data-testid="run-progress"]')?.textContent ?? ''), undefined, { timeout: 30_000 })
    const health = (await (await fetch(`${engine.url}/health`, auth)).json()) as HealthResponse
    const pid = health.workers.find((w) => w.job_id !== null)!.pid!
    process.kill(pid, 'SIGKILL')
    await page.waitForSelector('[data-testid="editor-error"][data-code="worker_crashed"]', { timeout: 30_000 })
    await page.click('[data-testid="editor-error"] button')
    await shot(page, '16-editor-engine-crashed')
    await page.waitForSelector('[data-testid="engine-status"][data-state="ready"]', { timeout: 30_000 })
    await page.click('[data-testid="engine-status"]')
    await page.waitForFunction(() => /다시 시작한 횟수: 1/.test(document.querySelector('[data-testid="engine-detail"]')?.textContent ?? ''), undefined, { timeout: 10_000 })
    await shot(page, '17-engine-detail')
    await page.click('[data-testid="engine-status"]')
    await page.click('[data-testid="generate"]')
    await page.waitForSelector('[data-testid="canvas-final"]', { timeout: 60_000 })
    expect(await page.$('[data-testid="editor-error"]')).toBeNull()
  })
})
