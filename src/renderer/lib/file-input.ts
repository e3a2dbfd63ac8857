import type { ApiClient, ImageRef } from '../../shared/api-client'
import { blobBytes } from '../api/bytes'

/**
 * Files the user gives (drop, picker, paste) → image references. In Electron a file is referenced by
 * its path (main reads it; webUtils.getPathForFile in the preload); in a browser by its bytes.
 */
const IMAGE_NAME = /\.(png|jpe?g|webp|avif|tiff?|gif)$/i

export const looksLikeImage = (f: File) => f.type.startsWith('image/') || IMAGE_NAME.test(f.name)

export async function refForFile(api: ApiClient, file: File): Promise<ImageRef> {
  const path = api.pathForFile(file)
  if (path) return { kind: 'path', path }
  return { kind: 'bytes', bytes: await blobBytes(file), name: file.name || 'pasted.png' }
}

/** Every file of a drop, folders walked (webkitGetAsEntry works in Chromium and so in Electron). */
export async function filesFromDrop(dt: DataTransfer): Promise<File[]> {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e)
  if (entries.length === 0) return [...dt.files]
  const out: File[] = []
  const walk = async (e: FileSystemEntry): Promise<void> => {
    if (e.isFile) out.push(await new Promise<File>((res, rej) => (e as FileSystemFileEntry).file(res, rej)))
    else if (e.isDirectory) {
      const reader = (e as FileSystemDirectoryEntry).createReader()
      // readEntries answers in pages: read until it returns none.
      for (;;) {
        const page = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej))
        if (page.length === 0) break
        for (const child of page) await walk(child)
      }
    }
  }
  for (const e of entries) await walk(e)
  return out.sort((a, b) => a.name.localeCompare(b.name))
}
