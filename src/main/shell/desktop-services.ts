import { BrowserWindow, clipboard, ClipboardItem, dialog, nativeImage, shell } from 'electron'
import { mkdir } from 'node:fs/promises'
import type { ClientResult } from '../../shared/api-client'
import { dragIcon } from './drag-icon'
import type { HandlerContext } from './ipc-router'

/** The native pieces the IPC handlers use: dialogs, clipboard, drag-out. */

const owner = (ctx: HandlerContext) => BrowserWindow.fromWebContents(ctx.sender) ?? undefined

export async function saveDialog(ctx: HandlerContext, defaultPath: string): Promise<string | null> {
  const win = owner(ctx)
  const opts: Electron.SaveDialogOptions = {
    defaultPath,
    filters: [
      { name: 'Images', extensions: ['png', 'jpg', 'jpeg', 'webp'] },
      { name: 'All files', extensions: ['*'] },
    ],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  }
  const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts)
  return r.canceled || !r.filePath ? null : r.filePath
}

export async function pickFolder(ctx: HandlerContext, startIn: string | null): Promise<string | null> {
  const win = owner(ctx)
  const opts: Electron.OpenDialogOptions = { defaultPath: startIn ?? undefined, properties: ['openDirectory', 'createDirectory'] }
  const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts)
  return r.canceled ? null : (r.filePaths[0] ?? null)
}

/** Opens a folder in the file manager, creating it first (a fresh fonts folder is empty, not missing). */
export async function openFolder(dir: string): Promise<ClientResult<null>> {
  try {
    await mkdir(dir, { recursive: true })
  } catch (e) {
    return { ok: false, code: 'internal', message: `could not create ${dir}: ${(e as Error).message}` }
  }
  // openPath answers an error message, empty when the folder was opened.
  const error = await shell.openPath(dir)
  return error ? { ok: false, code: 'internal', message: `could not open ${dir}: ${error}` } : { ok: true, value: null }
}

/** Electron 45's clipboard takes W3C ClipboardItems; the PNG is checked to be a picture first. */
export async function writeClipboardPng(png: Uint8Array): Promise<boolean> {
  if (nativeImage.createFromBuffer(Buffer.from(png.buffer, png.byteOffset, png.byteLength)).isEmpty()) return false
  await clipboard.write([new ClipboardItem({ 'image/png': new Blob([Buffer.from(png)], { type: 'image/png' }) })])
  return true
}

/**
 * Drags the file itself out of the window (into a chat, a mail, a folder). Electron ignores a drag
 * with an empty icon without a word, so false (reported to the page) when no icon could be made.
 */
export async function startDrag(ctx: HandlerContext, file: string): Promise<boolean> {
  const icon = await dragIcon(file)
  if (icon.isEmpty()) return false
  ctx.sender.startDrag({ file, icon })
  return true
}
