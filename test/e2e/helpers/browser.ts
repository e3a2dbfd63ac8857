import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser, type Download, type Page } from 'playwright-core'
import { E2E_TOKEN } from './engine-server'

/** The page's document, as far as the functions run inside the page use it (this file compiles without the DOM lib). */
declare const document: { querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null }

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)
export const SHOTS_DIR = '/tmp/adstudio-shots'

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

export interface AppPage {
  page: Page
  /** Milliseconds from navigation start to the editor being usable (fonts, jobs, settings loaded). */
  interactiveMs: number
  downloads: Download[]
  /** Uncaught page errors and console errors (resource failures are in httpErrors, with their URL). */
  errors: string[]
  httpErrors: string[]
}

/** Opens the renderer against the engine with the token in the URL, in Korean unless told otherwise. */
export async function openApp(browser: Browser, uiUrl: string, locale = 'ko-KR'): Promise<AppPage> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1360, height: 880 }, locale })
  const page = await context.newPage()
  const downloads: Download[] = []
  const errors: string[] = []
  const httpErrors: string[] = []
  page.on('download', (d) => downloads.push(d))
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()))
  page.on('response', (r) => r.status() >= 400 && httpErrors.push(`${r.status()} ${new URL(r.url()).pathname}`))
  await page.goto(`${uiUrl}/index.html?token=${E2E_TOKEN}`)
  await page.waitForSelector('[data-testid="engine-status"][data-state="ready"]', { timeout: 30_000 })
  await page.waitForFunction(() => performance.getEntriesByName('adstudio-interactive').length > 0)
  const interactiveMs = await page.evaluate(() => performance.getEntriesByName('adstudio-interactive')[0].startTime)
  return { page, interactiveMs, downloads, errors, httpErrors }
}

/** Opens the editor's "Advanced" fold (engines, variations, seed) unless it is open already. */
export async function openAdvanced(page: Page): Promise<void> {
  if (!(await page.$('[data-testid="advanced"][open]'))) await page.click('[data-testid="advanced"] > summary')
}

export async function shot(page: Page, name: string): Promise<string> {
  await mkdir(SHOTS_DIR, { recursive: true })
  const path = join(SHOTS_DIR, `${name}.png`)
  await page.screenshot({ path, fullPage: false })
  return path
}

/** The bytes behind an <img> on the page (object URLs included), as a hex digest of its pixels' file. */
export async function imageDigest(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, async (img) => {
    const buf = await (await fetch((img as unknown as { src: string }).src)).arrayBuffer()
    const d = await crypto.subtle.digest('SHA-256', buf)
    return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('')
  })
}

/** Waits until `selector`'s data-job attribute is set and differs from `previous`. */
export async function waitForNewJobImage(page: Page, selector: string, previous: string | null, timeout = 90_000): Promise<string> {
  await page.waitForFunction(
    ([sel, prev]) => {
      const el = document.querySelector(sel as string)
      const job = el?.getAttribute('data-job')
      return !!job && job !== prev
    },
    [selector, previous],
    { timeout },
  )
  return (await page.getAttribute(selector, 'data-job'))!
}

/**
 * A job's status once it has ended. The page shows a job's last image when its job.image event
 * arrives, a moment before job.finished: a status read right then can still say "running".
 */
export async function settledStatus<T extends { status: string }>(read: () => Promise<T>, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const st = await read()
    if ((st.status !== 'queued' && st.status !== 'running') || Date.now() > end) return st
    await new Promise((r) => setTimeout(r, 50))
  }
}
