import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { FakeHub } from '../models/helpers/fake-hub'
import { repoFromFolder } from '../models/helpers/repo-from-folder'
import { testCatalog } from '../models/helpers/test-catalog'
import { hasChromium, launchBrowser, openAdvanced, openApp, shot, type AppPage } from './helpers/browser'
import { startEngine, type EngineServer } from './helpers/engine-server'

/** The page's document, as far as the functions run inside the page use it (this file compiles without the DOM lib). */
declare const document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null }

/**
 * The Models screen in Chromium against `adstudio serve` whose catalogue points at a local fake Hub
 * holding a tiny stand-in diffusion model: the catalogue with licences, a download watched to ready,
 * and the model then offered as the editor's background engine.
 */
describe.skipIf(!hasChromium)('models screen in Chromium against adstudio serve', () => {
  let root: string
  let hub: FakeHub
  let engine: EngineServer
  let browser: Browser
  let app: AppPage
  let standIn: string
  const card = (id: string) => `[data-testid="model-card"][data-id="${id}"]`

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'adstudio-e2e-models-'))
    hub = await new FakeHub().start()
    standIn = await writeTinyModelFolder(join(root, 'stand-in'), 'sd-turbo')
    hub.repos.set('test/tiny-turbo', await repoFromFolder(standIn))
    hub.repos.set('test/gated', { ...(await repoFromFolder(standIn)), gated: true })
    const catalogFile = join(root, 'catalog.json')
    await writeFile(catalogFile, JSON.stringify(testCatalog()))
    engine = await startEngine({ HF_TOKEN: '', HUGGING_FACE_HUB_TOKEN: '' }, ['--models-dir', join(root, 'models'), '--hf-endpoint', hub.hubUrl, '--catalog', catalogFile])
    browser = await launchBrowser()
    app = await openApp(browser, engine.url, 'en-US')
  })

  afterAll(async () => {
    await browser?.close()
    await engine?.stop()
    await hub?.stop()
    if (root) await rm(root, { recursive: true, force: true })
  })

  it('shows the catalogue by kind with licences, a non-commercial badge and the gated note', async () => {
    const { page } = app
    // Before any model is installed the editor offers the built-in engines and a way to the Models screen.
    expect(await page.$$eval('[data-testid="engine-bg"] option', (os) => os.map((o) => (o as unknown as { value: string }).value))).toEqual(['builtin'])
    expect(await page.$('[data-testid="engine-get-models"]')).not.toBeNull()
    await page.click('[data-testid="nav-models"]')
    await page.waitForSelector('[data-testid="models"][data-loaded="true"]')
    await page.waitForSelector(card('tiny-turbo'))
    await shot(page, 'models-01-catalogue')
    expect(await page.textContent('[data-testid="models-dir"]')).toBe(join(root, 'models'))
    expect(await page.$$eval('[data-testid="models-group-diffusion"] [data-testid="model-card"]', (cs) => cs.map((c) => (c as unknown as { dataset: { id: string } }).dataset.id))).toEqual(['tiny-turbo', 'tiny-free', 'ghost', 'tiny-gated'])
    expect(await page.getAttribute(card('tiny-turbo'), 'data-state')).toBe('available')
    expect(await page.textContent(`${card('tiny-turbo')} [data-testid="model-license"] a`)).toBe('Test Non-Commercial')
    expect(await page.textContent(`${card('tiny-turbo')} [data-testid="noncommercial-badge"]`)).toBe('Non-commercial use only')
    expect(await page.$(`${card('tiny-free')} [data-testid="noncommercial-badge"]`)).toBeNull()
    expect(await page.getAttribute(`${card('tiny-free')} [data-testid="model-license"]`, 'data-commercial')).toBe('true')
    expect(await page.textContent(`${card('tiny-gated')} [data-testid="model-gated"]`)).toMatch(/Hugging Face token/)
  })

  it('downloads the stand-in model: the progress bar moves, then it is ready and verifies', async () => {
    const { page } = app
    // Slow enough to see the bar (about 4 KB every 15 ms), with nothing timed in the assertions.
    hub.faults.slowMs = 15
    await page.click(`${card('tiny-turbo')} [data-testid="model-download"]`)
    await page.waitForSelector(`${card('tiny-turbo')}[data-state="downloading"] [data-testid="model-progress"]`)
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('aria-valuenow') ?? 0) > 0, `${card('tiny-turbo')} [data-testid="model-progress"]`, { timeout: 30_000 })
    await shot(page, 'models-02-downloading')
    expect(await page.textContent(`${card('tiny-turbo')} [data-testid="model-progress"]`)).toMatch(/^\d+% · \S+ \S*B of \S+ \S*B$/)
    expect(await page.$(`${card('tiny-turbo')} [data-testid="model-cancel"]`)).not.toBeNull()
    await page.waitForSelector(`${card('tiny-turbo')}[data-state="ready"]`, { timeout: 60_000 })
    hub.faults.slowMs = 0
    expect(await page.$(`${card('tiny-turbo')} [data-testid="model-progress"]`)).toBeNull()
    await page.click(`${card('tiny-turbo')} [data-testid="model-verify"]`)
    await page.waitForSelector(`${card('tiny-turbo')} [data-testid="model-check"][data-ok="true"]`)
    await shot(page, 'models-03-ready')
  })

  it('a repository the hub does not have: the error in plain words, Download stays to retry', async () => {
    const { page } = app
    await page.click(`${card('ghost')} [data-testid="model-download"]`)
    await page.waitForSelector(`${card('ghost')} [data-testid="model-error"]`, { timeout: 30_000 })
    expect(await page.textContent(`${card('ghost')} [data-testid="model-error"]`)).toMatch(/repository not found/)
    expect(await page.$(`${card('ghost')} [data-testid="model-download"]`)).not.toBeNull()
  })

  it('offers the ready model as the background engine in the editor, with its licence', async () => {
    const { page } = app
    await page.click('[data-testid="nav-editor"]')
    await page.waitForSelector('[data-testid="engine-bg"] option[value="tiny-turbo"]', { state: 'attached' })
    expect(await page.$$eval('[data-testid="engine-bg"] option', (os) => os.map((o) => (o as unknown as { value: string }).value))).toEqual(['builtin', 'tiny-turbo'])
    expect(await page.isDisabled('[data-testid="engine-samples"]')).toBe(true)
    await openAdvanced(page)
    await page.selectOption('[data-testid="engine-bg"]', 'tiny-turbo')
    expect(await page.isDisabled('[data-testid="engine-samples"]')).toBe(false)
    await page.selectOption('[data-testid="engine-samples"]', '3')
    expect(await page.textContent('[data-testid="engine-bgEngine-license"] [data-testid="noncommercial-badge"]')).toBe('Non-commercial use only')
    await page.$eval('[data-testid="engines"]', (el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView())
    await shot(page, 'models-04-editor-engine')
  })

  it('imports a folder the user already has (licence unknown) and offers it too', async () => {
    const { page } = app
    await page.click('[data-testid="nav-models"]')
    expect(await page.$('[data-testid="model-import-browse"]')).toBeNull() // no folder picker in a browser
    await page.fill('[data-testid="model-import-path"]', join(root, 'nowhere'))
    await page.click('[data-testid="model-import"]')
    await page.waitForSelector('[data-testid="model-import-error"]')
    await page.fill('[data-testid="model-import-path"]', standIn)
    await page.fill('[data-testid="model-import-id"]', 'my-turbo')
    await page.click('[data-testid="model-import"]')
    await page.waitForSelector(`${card('my-turbo')}[data-state="ready"]`)
    expect(await page.getAttribute(`${card('my-turbo')} [data-testid="model-license"]`, 'data-commercial')).toBe('unknown')
    expect(await page.textContent('[data-testid="model-import-done"]')).toMatch(/my-turbo/)
    await page.$eval(card('my-turbo'), (el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView())
    await shot(page, 'models-05a-imported')
    await page.click('[data-testid="nav-batch"]')
    await page.waitForSelector('[data-testid="batch-engine-bg"] option[value="my-turbo"]', { state: 'attached' })
    await shot(page, 'models-05b-batch-engines')
  })

  it('removing the chosen model (after a confirm) puts the editor back on built-in with a notice', async () => {
    const { page } = app
    await page.click('[data-testid="nav-models"]')
    await page.click(`${card('tiny-turbo')} [data-testid="model-remove"]`)
    await page.waitForSelector(`${card('tiny-turbo')} [data-testid="model-confirm"]`)
    await shot(page, 'models-05-confirm-remove')
    await page.click(`${card('tiny-turbo')} [data-testid="model-remove-confirm"]`)
    await page.waitForSelector(`${card('tiny-turbo')}[data-state="available"]`)
    await page.click('[data-testid="nav-editor"]')
    await page.waitForSelector('[data-testid="engine-notice"]')
    expect(await page.inputValue('[data-testid="engine-bg"]')).toBe('builtin')
    await shot(page, 'models-06-editor-fallback')
    expect(app.errors).toEqual([])
    // The refused import above is the only request that may fail.
    expect(app.httpErrors.filter((e) => !e.startsWith('404 /fonts/files/'))).toEqual(['400 /models/import'])
  })
})
