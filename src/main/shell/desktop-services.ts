import { BrowserWindow, clipboard, ClipboardItem, dialog, nativeImage } from 'electron'
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

/** Electron 45's clipboard takes W3C ClipboardItems; the PNG is checked to be a picture first. */
export async function writeClipboardPng(png: Uint8Array): Promise<boolean> {
  if (nativeImage.createFromBuffer(Buffer.from(png.buffer, png.byteOffset, png.byteLength)).isEmpty()) return false
  await clipboard.write([new ClipboardItem({ 'image/png': new Blob([Buffer.from(png)], { type: 'image/png' }) })])
  return true
}

/** Drags the file itself out of the window (into a chat, a mail, a folder), with its own thumbnail as the icon. */
export function startDrag(ctx: HandlerContext, file: string): void {
  const icon = nativeImage.createFromPath(file)
  ctx.sender.startDrag({ file, icon: icon.isEmpty() ? nativeImage.createEmpty() : icon.resize({ width: 96 }) })
}
