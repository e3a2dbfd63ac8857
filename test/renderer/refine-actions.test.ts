import { describe, expect, it } from 'vitest'
import { storeWithFake, until } from './fake-api'

const product = { name: 'jar.png', ref: { kind: 'bytes' as const, bytes: new Uint8Array([1, 2, 3]), name: 'jar.png' }, previewUrl: 'blob:jar' }
const corrected = new Uint8Array([9, 9, 9])

async function makeAd(t: Awaited<ReturnType<typeof storeWithFake>>) {
  t.s().setProduct(product)
  t.s().setForm({ text: 'New jar' })
  const run = t.s().generate()
  await until(() => t.s().run !== null)
  const id = t.s().run!.jobId
  t.fake.finish(id, { status: 'completed', images: ['step1', 'mask', 'step2', 'final', 'product_mask'] })
  await run
  await until(() => !!t.s().jobs[id]?.images.product_mask)
  return id
}

describe('refine cutout in the store', () => {
  it('cannot open before a cutout exists, and says why', async () => {
    const t = await storeWithFake()
    t.s().setProduct(product)
    t.s().openRefine()
    expect(t.s().refine).toBeNull()
    expect(t.s().refineError?.code).toBe('needs_step1')
  })

  it('opens on the kept step-1 job; Apply re-runs steps 1-3 with product_mask and the same seed, and later runs keep the mask', async () => {
    const t = await storeWithFake()
    const first = await makeAd(t)
    t.s().openRefine()
    expect(t.s().refine).toEqual({ jobId: first, photoUrl: 'blob:jar', origin: { kind: 'editor' } })
    const applying = t.s().applyRefine(corrected)
    await until(() => t.s().run !== null)
    expect(t.s().refine).toBeNull()
    const second = t.s().run!.jobId
    const req = t.fake.jobs.get(second)!.req
    const firstReq = t.fake.jobs.get(first)!.req
    expect(req.params).toMatchObject({ start_step: 1, stop_step: 3, seed: firstReq.params.seed })
    expect(req.product).toEqual(product.ref)
    expect(req.productMask).toEqual({ kind: 'bytes', bytes: corrected, name: 'product-mask.png' })
    t.fake.finish(second, { status: 'completed', images: ['step1', 'mask', 'step2', 'final', 'product_mask'] })
    await applying
    expect(t.s().kept.final).toBe(second)
    // "New background" (a new seed; the fake's random source is fixed) keeps the corrected cutout.
    const nb = t.s().newBackground()
    await until(() => t.s().run !== null)
    const third = t.fake.jobs.get(t.s().run!.jobId)!.req
    expect(third.productMask).toEqual(req.productMask)
    t.fake.finish(t.s().run!.jobId, { status: 'completed', images: ['step1'] })
    await nb
    // A new photo drops the correction.
    t.s().setProduct({ ...product, name: 'other.png' })
    expect(t.s().product?.mask).toBeUndefined()
  })

  it('batch: a doubtful cutout flags the item; Apply re-runs that item with the mask and its seed', async () => {
    const t = await storeWithFake()
    t.s().addBatchFiles([{ name: 'tray.jpg', ref: { kind: 'bytes', bytes: new Uint8Array([4]), name: 'tray.jpg' }, thumbUrl: 'blob:tray' }])
    const started = t.s().startBatch()
    await until(() => !!t.s().batchItems[0].jobId)
    const job = t.s().batchItems[0].jobId!
    const check = { doubtful: true, reasons: ['borders', 'area'] }
    t.fake.finish(job, { status: 'completed', images: ['step1', 'mask', 'step2', 'final', 'product_mask'], cutout_check: check })
    await started
    const item = t.s().batchItems[0]
    expect(item.status).toBe('done')
    expect(item.check).toEqual(check)
    t.s().openBatchRefine(item.id)
    expect(t.s().refine).toEqual({ jobId: job, photoUrl: 'blob:tray', origin: { kind: 'batch', itemId: item.id } })
    const applying = t.s().applyRefine(corrected)
    await until(() => t.fake.jobs.size === 2)
    const rerun = t.fake.last()
    expect(rerun.req.productMask).toEqual({ kind: 'bytes', bytes: corrected, name: 'product-mask.png' })
    expect(rerun.req.params.seed).toBe(t.fake.jobs.get(job)!.req.params.seed)
    expect(t.s().batchItems[0].check).toBeNull()
    t.fake.finish(rerun.id, { status: 'completed', images: ['step1', 'mask', 'step2', 'final', 'product_mask'] })
    await applying
    await until(() => t.s().batchItems[0].status === 'done')
  })
})

describe('a flagged batch item across a restart', () => {
  it('keeps its check and seed, never the mask bytes', async () => {
    const { toSaved, restoredBatch } = await import('../../src/renderer/store/batch-persist')
    const { DEFAULT_BATCH_SETTINGS } = await import('../../src/renderer/store/batch-slice')
    const item = {
      id: 'b1', name: 'tray.jpg', ref: { kind: 'path' as const, path: '/photos/tray.jpg' }, thumbUrl: 'blob:x', status: 'done' as const, jobId: 'j1', progress: 100, error: null, outputs: [],
      check: { doubtful: true, reasons: ['parts'] }, seed: 77, productMask: { kind: 'bytes' as const, bytes: new Uint8Array(1000), name: 'product-mask.png' },
    }
    const saved = JSON.parse(JSON.stringify(toSaved([item], DEFAULT_BATCH_SETTINGS, false)))
    expect(saved.items[0].productMask).toBeNull()
    const back = restoredBatch(saved)!.items[0]
    expect(back.check).toEqual({ doubtful: true, reasons: ['parts'] })
    expect(back.seed).toBe(77)
    expect(back.thumbUrl).toBeNull()
  })
})
