import type { IpcHandlers } from '../../shared/ipc-channels'
import type { ModelService } from '../engine/models/model-service'
import type { HandlerContext } from './ipc-router'

type ModelChannel = 'models:list' | 'models:pull' | 'models:cancel' | 'models:remove' | 'models:import' | 'models:verify'

/**
 * The model manager's IPC channels: the same ModelService calls the HTTP API makes, so the app and
 * scripts on the local API see one catalogue and one set of downloads. Payloads were checked by the
 * router against the channel schemas; the service checks the rest (paths, ids on disk).
 */
export function createModelHandlers(models: ModelService): Pick<IpcHandlers<HandlerContext>, ModelChannel> {
  return {
    'models:list': () => models.list(),
    'models:pull': ({ id }) => models.pull(id),
    'models:cancel': ({ id }) => models.cancel(id),
    'models:remove': ({ id }) => models.remove(id),
    'models:import': (req) => models.import(req),
    'models:verify': ({ id }) => models.verify(id),
  }
}
