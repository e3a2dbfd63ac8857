import { describe, expectTypeOf, it } from 'vitest'
import type { createIpcHandlers } from '../../src/main/shell/ipc-handlers'
import type { HandlerContext } from '../../src/main/shell/ipc-router'
import type { bridge } from '../../src/preload/index'
import type { IpcAnswer, IpcChannel, IpcHandlers, IpcRequest, PreloadApi, PreloadInvokeApi } from '../../src/shared/ipc-channels'
import type { PRELOAD_FUNCTIONS } from '../../src/shared/ipc-functions'
import type { GenerateResponse } from '../../src/shared/api-responses'
import type { ModelEvent, ModelImportRequest, ModelsResponse } from '../../src/shared/models-contract'

/**
 * The IPC map's completeness, proven by the compiler (as Comfy-Org/desktop's ipcChannels.test-d.ts):
 * a channel without a handler, without a preload function, or with a mistyped one fails to compile.
 */
type Fn = typeof PRELOAD_FUNCTIONS
type BridgedChannel = Fn[keyof Fn]
type Handlers = ReturnType<typeof createIpcHandlers>

describe('IPC channel map', () => {
  it('every channel has a preload function, and every preload function names a channel', () => {
    expectTypeOf<Exclude<IpcChannel, BridgedChannel>>().toBeNever()
    expectTypeOf<Exclude<BridgedChannel, IpcChannel>>().toBeNever()
  })

  it('every channel has exactly one handler in main, typed by the map', () => {
    expectTypeOf<keyof Handlers>().toEqualTypeOf<IpcChannel>()
    expectTypeOf<Handlers>().toEqualTypeOf<IpcHandlers<HandlerContext>>()
  })

  it('the preload exposes exactly the domain functions plus events and drag-in paths', () => {
    expectTypeOf<typeof bridge>().toEqualTypeOf<PreloadApi>()
    expectTypeOf<keyof PreloadInvokeApi>().toEqualTypeOf<keyof Fn>()
    expectTypeOf<Exclude<keyof PreloadApi, keyof Fn>>().toEqualTypeOf<'onJobEvent' | 'onEngineStatus' | 'onModelEvent' | 'pathForFile' | 'platform'>()
  })

  it('requests and answers follow the schemas', () => {
    expectTypeOf<IpcRequest<'job:stop'>>().toEqualTypeOf<{ jobId: string }>()
    expectTypeOf<IpcAnswer<'job:generate'>>().toEqualTypeOf<GenerateResponse>()
    expectTypeOf<PreloadApi['listJobs']>().parameters.toEqualTypeOf<[]>()
    expectTypeOf<PreloadApi['stop']>().parameter(0).toEqualTypeOf<{ jobId: string }>()
    expectTypeOf<IpcRequest<'models:pull'>>().toEqualTypeOf<{ id: string }>()
    expectTypeOf<IpcRequest<'models:import'>>().toEqualTypeOf<ModelImportRequest>()
    expectTypeOf<IpcAnswer<'models:list'>>().toEqualTypeOf<ModelsResponse>()
    expectTypeOf<PreloadApi['listModels']>().parameters.toEqualTypeOf<[]>()
    expectTypeOf<Parameters<PreloadApi['onModelEvent']>[0]>().parameter(0).toEqualTypeOf<ModelEvent>()
  })
})
