import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { hasChromium, launchBrowser, openApp, shot, type AppPage } from './helpers/browser'
import { startEngine, type EngineServer } from './helpers/engine-server'

describe.skipIf(!hasChromium)('batch of three files, one of them bad', () => {
  let engine: EngineServer
  let browser: Browser
  let app: AppPage

  beforeAll(async () => {
    engine = await startEngine()
    browser = await launchBrowser()
    app = await openApp(browser, engine.url)
  })

  afterAll(async () => {
    await browser?.close()
    await engine?.stop()
  })

  it('reports the bad file and finishes the others, named by the pattern', async () => {
    const { page, downloads } = app
    const folder = await mkdtemp(join(tmpdir(), 'adstudio-batch-'))
    await page.click('[data-testid="nav-batch"]')
    const a = await drawProductPhoto({ width: 240, height: 320, transparent: true })
    const b = await drawProductPhoto({ width: 320, height: 240, transparent: true })
    await page.setInputFiles('[data-testid="batch-input"]', [
      { name: 'hot-sauce.png', mimeType: 'image/png', buffer: a.png },
      { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('this is not a picture at all') },
      { name: 'chili_oil.png', mimeType: 'image/png', buffer: b.png },
    ])
    await expect.poll(async () => (await page.$$('[data-testid="batch-item"]')).length).toBe(3)
    await page.fill('[data-testid="batch-text"]', '{name} 특가')
    await page.selectOption('[data-testid="batch-size-preset"]', 'custom')
    await page.fill('[data-testid="batch-size-width"]', '320')
    await page.fill('[data-testid="batch-size-height"]', '320')
    await page.fill('[data-testid="batch-pattern"]', '{n}_{name}_{w}x{h}')
    await page.selectOption('[data-testid="batch-format"]', 'jpeg')
    await shot(page, '13-batch-ready')
    await page.click('[data-testid="batch-start"]')
    await page.waitForSelector('[data-testid="batch-start"]', { timeout: 90_000 }) // back to idle
    await shot(page, '14-batch-done')

    const statuses = await page.$$eval('[data-testid="batch-item"]', (els) => els.map((e) => `${e.getAttribute('data-name')}:${e.getAttribute('data-status')}`))
    expect(statuses).toEqual(['hot-sauce.png:done', 'broken.png:failed', 'chili_oil.png:done'])
    expect(await page.getAttribute('[data-name="broken.png"] [data-testid="batch-item-error"]', 'data-code')).toBe('invalid_image')
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(2)
    const names = downloads.map((d) => d.suggestedFilename()).sort()
    expect(names).toEqual(['1_hot-sauce_320x320.jpg', '3_chili_oil_320x320.jpg'])
    for (const d of downloads) {
      await d.saveAs(join(folder, d.suggestedFilename()))
      const meta = await sharp(join(folder, d.suggestedFilename())).metadata()
      expect(`${meta.format} ${meta.width}x${meta.height}`).toBe('jpeg 320x320')
    }
    // The text used {name}: the job of the first item says so.
    await page.click('[data-testid="nav-history"]')
    await page.waitForSelector('[data-testid="history-card"] img')
    expect(await page.textContent('[data-testid="history"]')).toContain('hot sauce 특가')
    await page.click('[data-testid="nav-batch"]')
    await page.click('[data-name="broken.png"] [data-testid="batch-item-error"] button')
    await shot(page, '15-batch-error-detail')
  })
})
