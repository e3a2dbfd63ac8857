import { inflateSync } from 'node:zlib'

/**
 * Minimal PNG chunk handling: enough to embed the job's parameters in an exported ad (iTXt, UTF-8,
 * so Korean copy survives) and read them back when the ad is reopened for editing.
 */
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

export function crc32(buf: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

export function pngChunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

export function pngSignature(): Buffer {
  return Buffer.from(SIGNATURE)
}

/** Inserts an uncompressed iTXt chunk right after IHDR. */
export function insertPngText(png: Buffer, key: string, text: string): Buffer {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG')
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8)
  // keyword\0 compression-flag(0) method(0) language\0 translated-keyword\0 text
  const data = Buffer.concat([Buffer.from(key, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')])
  return Buffer.concat([png.subarray(0, ihdrEnd), pngChunk('iTXt', data), png.subarray(ihdrEnd)])
}

/** All tEXt/iTXt entries of a PNG, keyword → text. */
export function readPngText(png: Uint8Array): Record<string, string> {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength)
  const out: Record<string, string> = {}
  if (!buf.subarray(0, 8).equals(SIGNATURE)) return out
  let at = 8
  while (at + 12 <= buf.length) {
    const len = buf.readUInt32BE(at)
    const type = buf.toString('latin1', at + 4, at + 8)
    const data = buf.subarray(at + 8, at + 8 + len)
    if (type === 'tEXt') {
      const z = data.indexOf(0)
      if (z > 0) out[data.toString('latin1', 0, z)] = data.toString('latin1', z + 1)
    } else if (type === 'iTXt') {
      const z = data.indexOf(0)
      if (z > 0) {
        const compressed = data[z + 1] === 1
        const langEnd = data.indexOf(0, z + 3)
        const transEnd = data.indexOf(0, langEnd + 1)
        const body = data.subarray(transEnd + 1)
        out[data.toString('latin1', 0, z)] = (compressed ? inflateSync(body) : body).toString('utf8')
      }
    } else if (type === 'IEND') break
    at += 12 + len
  }
  return out
}
