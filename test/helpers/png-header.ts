import { deflateSync } from 'node:zlib'
import { pngChunk as chunk, pngSignature } from '../../src/main/engine/image/png-chunks'

/**
 * A syntactically valid PNG that claims `width` x `height` greyscale pixels but carries only a few
 * rows of data: a decompression-bomb stand-in that costs nothing to build.
 */
export function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 0 // greyscale
  const rows = deflateSync(Buffer.alloc((width + 1) * 4))
  return Buffer.concat([
    pngSignature(),
    chunk('IHDR', ihdr),
    chunk('IDAT', rows),
    chunk('IEND', new Uint8Array(0)),
  ])
}
