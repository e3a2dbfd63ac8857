import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { format, pathToFileURL } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appPageUrl, isAppUrl } from '../../src/main/shell/window'

const CHROMIUM = '/usr/bin/chromium'
/** The page's location, as far as the function run inside the page uses it (this file compiles without the DOM lib). */
declare const location: { href: string }

/**
 * The app page's URL as real Chromium spells it (issue 16, item 10): the page is put in a folder named
 * like an awkward install path, loaded the way the window loads it (pathToFileURL) and the way
 * Electron's loadFile() would (url.format), and location.href must be recognised as the app page.
 */
describe.skipIf(!existsSync(CHROMIUM))('app page URL in Chromium', () => {
  let browser: Browser
  let root: string
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] })
    root = await mkdtemp(join(tmpdir(), 'app-url-'))
  })
  afterAll(async () => {
    await browser?.close()
    await rm(root, { recursive: true, force: true })
  })

  const hrefOf = async (url: string) => {
    const page = await browser.newPage()
    try {
      await page.goto(url)
      return await page.evaluate(() => location.href)
    } finally {
      await page.close()
    }
  }

  it('recognises its page under "[", "]", "~", "%", "^", "|", spaces and Hangul, however it was loaded', async () => {
    for (const folder of ['광고 [Studio] ~v2 100% x^y|z']) {
      const html = join(root, folder, 'resources', 'renderer', 'index.html')
      await mkdir(join(html, '..'), { recursive: true })
      await writeFile(html, '<!doctype html><title>app</title>')
      const page = appPageUrl(null, html)
      const loaded = await hrefOf(pathToFileURL(html).href)
      expect(isAppUrl(loaded, page), `${folder}: ${loaded}`).toBe(true)
      const viaLoadFile = await hrefOf(format({ protocol: 'file', slashes: true, pathname: html }))
      expect(isAppUrl(viaLoadFile, page), `${folder}: ${viaLoadFile}`).toBe(true)
      // A sibling page is not the app.
      await writeFile(join(html, '..', 'other.html'), '<!doctype html><title>other</title>')
      expect(isAppUrl(await hrefOf(pathToFileURL(join(html, '..', 'other.html')).href), page)).toBe(false)
    }
  })
})
