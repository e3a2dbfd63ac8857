import { describe, expect, it } from 'vitest'
import { toSaved } from '../../src/renderer/store/batch-persist'
import { DEFAULT_BATCH_SETTINGS, type BatchItem } from '../../src/renderer/store/batch-slice'
import { createFakeApi, fakeImages, storeWithFake, until } from './fake-api'
import { createAppStore } from '../../src/renderer/store/create-store'

const file = (name: string) => ({ name, ref: { kind: 'path' as const, path: `/photos/${name}` }, thumbUrl: null })

/** Finishes every job the batch starts: completed, except those whose product path matches `bad`. */
function autoFinish(fake: ReturnType<typeof createFakeApi>, bad: RegExp = /$^/) {
  const seen = new Set<string>()
  const timer = setInterval(() => {
    for (const j of fake.jobs.values()) {
      if (seen.has(j.id) || j.status !== 'running') continue
      seen.add(j.id)
      const path = j.req.product?.kind === 'path' ? j.req.product.path : ''
      if (bad.test(path)) fake.finish(j.id, { status: 'failed', error: 'product_image: could not be decoded', error_code: 'invalid_image' })
      else fake.finish(j.id, { status: 'completed', images: ['step1', 'step2', 'final'] })
    }
  }, 5)
  return () => clearInterval(timer)
}

describe('batch actions', () => {
  it('runs every item in order with {name} filled in; a bad file fails alone; outputs follow the pattern', async () => {
    const t = await storeWithFake()
    const stop = autoFinish(t.fake, /broken/)
    t.s().addBatchFiles([file('hot-sauce.png'), file('broken.png'), file('chili_oil.png')])
    t.s().setBatchSettings({ text: '{name} 특가', pattern: '{n}_{name}_{w}x{h}', format: 'jpeg', quality: 80, width: 512, height: 512, folder: '/out' })
    await t.s().startBatch()
    stop()
    expect(t.s().batchItems.map((i) => `${i.name}:${i.status}`)).toEqual(['hot-sauce.png:done', 'broken.png:failed', 'chili_oil.png:done'])
    expect(t.s().batchItems[1].error?.code).toBe('invalid_image')
    expect([...t.fake.jobs.values()].map((j) => j.req.params.text_content)).toEqual(['hot sauce 특가', 'broken 특가', 'chili oil 특가'])
    expect(t.fake.saved.map((s) => `${s.folder}/${s.files[0].name}`)).toEqual(['/out/1_hot-sauce_512x512.jpg', '/out/3_chili_oil_512x512.jpg'])
    expect(fakeImages.conversions.slice(-2)).toEqual(['jpeg@512x512q80', 'jpeg@512x512q80'])
    expect(t.s().batchRun).toBe('idle')
  })

  it('pause lets the running item finish and starts no other; resume goes on', async () => {
    const t = await storeWithFake()
    t.s().addBatchFiles([file('a.png'), file('b.png')])
    const started = t.s().startBatch()
    await until(() => t.fake.jobs.size === 1)
    t.s().pauseBatch()
    t.fake.finish(t.fake.last().id, { status: 'completed', images: ['final'] })
    await started
    expect(t.s().batchRun).toBe('paused')
    expect(t.s().batchItems.map((i) => i.status)).toEqual(['done', 'pending'])
    const stop = autoFinish(t.fake)
    await t.s().resumeBatch()
    stop()
    expect(t.s().batchItems.map((i) => i.status)).toEqual(['done', 'done'])
  })

  it('cancel stops the running job and cancels what was waiting', async () => {
    const t = await storeWithFake()
    t.s().addBatchFiles([file('a.png'), file('b.png'), file('c.png')])
    void t.s().startBatch()
    await until(() => t.fake.jobs.size === 1 && t.s().batchItems[0].jobId !== null)
    await t.s().cancelBatch()
    expect(t.fake.calls.some((c) => c.fn === 'stop')).toBe(true)
    expect(t.s().batchItems.map((i) => i.status)).toEqual(['canceled', 'canceled', 'canceled'])
    expect(t.s().batchRun).toBe('idle')
    expect(t.fake.jobs.size).toBe(1)
  })

  it('survives a restart: resumes at the next unfinished item, dropping what cannot be kept', async () => {
    const fake = createFakeApi()
    const items: BatchItem[] = [
      { id: '1', name: 'a.png', ref: { kind: 'path', path: '/p/a.png' }, thumbUrl: 'blob:x', status: 'done', jobId: 'j1', progress: 100, error: null, outputs: ['/out/a.jpg'] },
      { id: '2', name: 'b.png', ref: { kind: 'path', path: '/p/b.png' }, thumbUrl: null, status: 'running', jobId: 'j2', progress: 40, error: null, outputs: [] },
      { id: '3', name: 'pasted.png', ref: { kind: 'bytes', bytes: new Uint8Array(9), name: 'pasted.png' }, thumbUrl: null, status: 'pending', jobId: null, progress: 0, error: null, outputs: [] },
    ]
    fake.state.set('batch', JSON.parse(JSON.stringify(toSaved(items, { ...DEFAULT_BATCH_SETTINGS, folder: '/out' }, true))))
    const stop = autoFinish(fake)
    const handle = createAppStore({ api: fake.api, images: fakeImages, now: () => 0, random: () => 0.25, pollMs: 20 })
    await handle.connect()
    const s = () => handle.store.getState()
    await until(() => s().batchRun === 'idle' && s().batchItems.length === 3 && s().batchItems[1].status === 'done')
    stop()
    expect([...fake.jobs.values()].map((j) => j.req.product)).toEqual([{ kind: 'path', path: '/p/b.png' }])
    expect(s().batchItems.map((i) => i.status)).toEqual(['done', 'done', 'failed'])
    expect(s().batchItems[2].error?.code).toBe('file_missing')
    expect(s().batchSettings.folder).toBe('/out')
    handle.dispose()
  })
})
