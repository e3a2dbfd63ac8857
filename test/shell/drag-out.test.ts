import type { WebContents } from 'electron'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startDrag } from '../../src/main/shell/desktop-services'
import { dragIcon, fallbackDragIcon } from '../../src/main/shell/drag-icon'
import { BrowserWindow, stub, type NativeImage } from '../helpers/electron-stub'

const decodes = () => stub.calls.filter((c) => c[0] === 'nativeImage.createFromPath').map((c) => c[1])

/** Drag-out of a job image with the electron stub's nativeImage (PNG header only) and webContents (issue 16, item 7). */
describe('drag-out icon', () => {
  let dir: string
  let small: string
  let big: string
  let notImage: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drag-out-'))
    small = join(dir, 'small.png')
    big = join(dir, 'big.png')
    notImage = join(dir, 'final.png')
    await sharp({ create: { width: 640, height: 480, channels: 4, background: '#c04040' } }).png().toFile(small)
    await sharp({ create: { width: 2048, height: 1536, channels: 4, background: '#40c040' } }).png().toFile(big)
    await writeFile(notImage, 'not a picture')
  })
  beforeEach(() => stub.reset())

  it('the bundled glyph is a real 64x64 picture', () => {
    const g = fallbackDragIcon() as unknown as NativeImage
    expect(g.isEmpty()).toBe(false)
    expect(g.getSize()).toEqual({ width: 64, height: 64 })
  })

  it('Linux: a small picture is its own icon, 96 px wide; a big one is not decoded on the main thread', async () => {
    const own = (await dragIcon(small, 'linux')) as unknown as NativeImage
    expect(own.source).toBe(small)
    expect(own.getSize()).toEqual({ width: 96, height: 72 })
    const forBig = (await dragIcon(big, 'linux')) as unknown as NativeImage
    expect(forBig.source).toBe('data-url')
    expect(decodes()).toEqual([small])
    expect(((await dragIcon(notImage, 'linux')) as unknown as NativeImage).source).toBe('data-url')
  })

  it("macOS and Windows: the OS thumbnailer makes it, else the glyph", async () => {
    stub.platform = 'darwin'
    const thumb = (await dragIcon(big, 'darwin')) as unknown as NativeImage
    expect(thumb.source).toBe('thumbnail')
    expect(thumb.getSize()).toEqual({ width: 96, height: 96 })
    expect(((await dragIcon(notImage, 'win32')) as unknown as NativeImage).source).toBe('data-url')
  })

  it('starts the drag with a non-empty icon, or says it could not', async () => {
    const win = new BrowserWindow()
    const ctx = { sender: win.webContents as unknown as WebContents }
    expect(await startDrag(ctx, notImage)).toBe(true)
    expect(win.webContents.drags).toHaveLength(1)
    expect(win.webContents.drags[0].file).toBe(notImage)
    expect(win.webContents.drags[0].icon.isEmpty()).toBe(false)
    // Where no image can be made at all, Electron would drop the drag silently: the caller is told instead.
    stub.nativeImageDecodes = false
    expect(await startDrag(ctx, small)).toBe(false)
    expect(win.webContents.drags).toHaveLength(1)
  })
})
