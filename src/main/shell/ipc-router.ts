import type { IpcMainInvokeEvent, WebContents } from 'electron'
import type { ClientFailure } from '../../shared/api-client'
import { IPC_CHANNELS, type IpcChannel, type IpcHandlers } from '../../shared/ipc-channels'
import { validate } from '../../shared/validate'

/** What a handler knows about its caller: the window's contents, for dialogs and drags. */
export interface HandlerContext {
  sender: WebContents
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
}

/**
 * Registers one handler per channel of the map. Every call is checked before the handler runs: the
 * sender must be the app's own top frame (not an iframe, not a page navigated elsewhere), and the
 * payload must pass the channel's schema. Whatever happens, the renderer gets a Result: a thrown
 * error would reach it as a bare string and lose its code.
 */
export function registerIpcHandlers(
  ipc: IpcMainLike,
  handlers: IpcHandlers<HandlerContext>,
  isTrustedFrame: (event: IpcMainInvokeEvent) => boolean,
  log: (message: string) => void,
): () => void {
  const channels = Object.keys(IPC_CHANNELS) as IpcChannel[]
  for (const channel of channels) {
    ipc.handle(channel, async (event, payload) => {
      if (!isTrustedFrame(event)) {
        log(`ipc ${channel}: refused a call from an untrusted frame (${event.senderFrame?.url ?? 'unknown'})`)
        return failure('invalid_request', 'refused: the call did not come from the app window')
      }
      const parsed = validate(IPC_CHANNELS[channel].request, payload)
      if (!parsed.ok) return parsed
      try {
        const handler = handlers[channel] as (req: unknown, ctx: HandlerContext) => Promise<unknown>
        return await handler(parsed.value, { sender: event.sender })
      } catch (e) {
        log(`ipc ${channel} failed: ${(e as Error).stack ?? e}`)
        return failure('internal', `internal error: ${(e as Error).message}`)
      }
    })
  }
  return () => channels.forEach((c) => ipc.removeHandler(c))
}

const failure = (code: ClientFailure['code'], message: string): ClientFailure => ({ ok: false, code, message })

/** The sender check: the main frame of one of our windows, showing our own page. */
export function trustedFrameCheck(isOurContents: (wc: WebContents) => boolean, isAppUrl: (url: string) => boolean) {
  return (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame
    if (!frame || !isOurContents(event.sender)) return false
    if (frame !== event.sender.mainFrame) return false
    return isAppUrl(frame.url)
  }
}
