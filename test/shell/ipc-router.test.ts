import type { IpcMainInvokeEvent, WebContents } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { registerIpcHandlers, trustedFrameCheck, type HandlerContext, type IpcMainLike } from '../../src/main/shell/ipc-router'
import { IPC_CHANNELS, type IpcHandlers } from '../../src/shared/ipc-channels'

/** A stand-in ipcMain that records handlers so the test can invoke them like the renderer would. */
function fakeIpc() {
  const handlers = new Map<string, (e: IpcMainInvokeEvent, ...args: unknown[]) => unknown>()
  const ipc: IpcMainLike = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) }
  return { ipc, handlers, invoke: (channel: string, payload: unknown, event: Partial<IpcMainInvokeEvent> = {}) => handlers.get(channel)!(event as IpcMainInvokeEvent, payload) }
}

/** Every handler answers ok with what it received, except the ones a test replaces. */
function echoHandlers(over: Partial<IpcHandlers<HandlerContext>> = {}): IpcHandlers<HandlerContext> {
  const all = Object.fromEntries(Object.keys(IPC_CHANNELS).map((c) => [c, vi.fn(async (req: unknown) => ({ ok: true, value: req }))]))
  return { ...all, ...over } as unknown as IpcHandlers<HandlerContext>
}

describe('IPC handlers: sender check, validation, results', () => {
  it('registers every channel of the map, and unregisters them', () => {
    const f = fakeIpc()
    const off = registerIpcHandlers(f.ipc, echoHandlers(), () => true, () => undefined)
    expect([...f.handlers.keys()].sort()).toEqual(Object.keys(IPC_CHANNELS).sort())
    off()
    expect(f.handlers.size).toBe(0)
  })

  it('refuses calls from frames that are not the app window, without running the handler', async () => {
    const f = fakeIpc()
    const handlers = echoHandlers()
    const logs: string[] = []
    registerIpcHandlers(f.ipc, handlers, () => false, (m) => logs.push(m))
    const r = await f.invoke('job:list', undefined, { senderFrame: { url: 'https://evil.example/' } as IpcMainInvokeEvent['senderFrame'] })
    expect(r).toMatchObject({ ok: false, code: 'invalid_request' })
    expect(handlers['job:list']).not.toHaveBeenCalled()
    expect(logs[0]).toMatch(/untrusted frame.*evil\.example/)
  })

  it('checks every payload against the channel schema and names the field and rule', async () => {
    const f = fakeIpc()
    const handlers = echoHandlers()
    registerIpcHandlers(f.ipc, handlers, () => true, () => undefined)
    expect(await f.invoke('job:stop', { jobId: '../../etc' })).toMatchObject({ ok: false, code: 'invalid_request', issues: [{ field: 'jobId', rule: 'must be a job id' }] })
    expect(await f.invoke('job:stop', { jobId: '0b8f2a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', extra: 1 })).toMatchObject({ ok: false, code: 'unknown_fields' })
    expect(await f.invoke('export:save', { files: [{ name: '../evil.png', bytes: new Uint8Array([1]) }], folder: null })).toMatchObject({ ok: false, code: 'invalid_request' })
    expect(await f.invoke('export:save', { files: [{ name: 'ad.png', bytes: 'not bytes' }], folder: null })).toMatchObject({ ok: false, code: 'invalid_request' })
    expect(await f.invoke('job:generate', { params: { product_image: 'AAAA' } })).toMatchObject({ ok: false, code: 'invalid_request' })
    expect(await f.invoke('job:generate', { params: {}, product: { kind: 'path', path: '/p/a.png', sneaky: true } })).toMatchObject({ ok: false })
    expect(await f.invoke('settings:set', { localApi: { enabled: true, port: 80, token: null } })).toMatchObject({ ok: false, code: 'invalid_request' })
    expect(await f.invoke('job:list', { unexpected: true })).toMatchObject({ ok: false })
    for (const c of ['job:stop', 'export:save', 'job:generate', 'settings:set', 'job:list'] as const) expect(handlers[c]).not.toHaveBeenCalled()
    expect(await f.invoke('job:stop', { jobId: '0b8f2a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' })).toEqual({ ok: true, value: { jobId: '0b8f2a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' } })
  })

  it('turns a thrown error into an internal failure result (never a bare string)', async () => {
    const f = fakeIpc()
    registerIpcHandlers(f.ipc, echoHandlers({ 'job:list': async () => Promise.reject(new Error('disk on fire')) }), () => true, () => undefined)
    expect(await f.invoke('job:list', undefined)).toEqual({ ok: false, code: 'internal', message: 'internal error: disk on fire' })
  })

  it('trusts only the main frame of our own window showing our own page', () => {
    const ours = { id: 1 } as WebContents
    const mainFrame = { url: 'file:///app/out/renderer/index.html' }
    Object.assign(ours, { mainFrame })
    const check = trustedFrameCheck((wc) => wc === ours, (url) => url.startsWith('file:'))
    const ev = (sender: WebContents, frame: unknown) => ({ sender, senderFrame: frame }) as unknown as IpcMainInvokeEvent
    expect(check(ev(ours, mainFrame))).toBe(true)
    expect(check(ev(ours, { url: 'file:///app/out/renderer/index.html' }))).toBe(false) // a subframe
    expect(check(ev({ id: 2, mainFrame } as unknown as WebContents, mainFrame))).toBe(false)
    const navigated = { url: 'https://example.com/' }
    Object.assign(ours, { mainFrame: navigated })
    expect(check(ev(ours, navigated))).toBe(false)
    expect(check(ev(ours, null))).toBe(false)
  })
})
