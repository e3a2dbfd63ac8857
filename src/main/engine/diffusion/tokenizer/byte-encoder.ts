/**
 * GPT-2/CLIP byte-to-unicode table: every byte maps to a printable character so BPE can work on
 * strings. Printable Latin-1 bytes map to themselves, the rest to U+0100 onwards, in byte order.
 */
function buildByteTable(): string[] {
  const keep = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff)
  const table: string[] = new Array(256)
  let extra = 0
  for (let b = 0; b < 256; b++) table[b] = String.fromCharCode(keep(b) ? b : 256 + extra++)
  return table
}

export const BYTE_TO_CHAR: readonly string[] = buildByteTable()

/**
 * The 256 byte characters in CLIP's vocabulary order: the printable ones first (in byte order),
 * then the remapped ones, as openai/CLIP's bytes_to_unicode().values() lists them.
 */
export function byteCharsInVocabOrder(): string[] {
  const printable: string[] = []
  const rest: string[] = []
  for (let b = 0; b < 256; b++) (BYTE_TO_CHAR[b].charCodeAt(0) === b ? printable : rest).push(BYTE_TO_CHAR[b])
  return [...printable, ...rest]
}

const utf8 = new TextEncoder()

/** A pre-token as BPE symbols: its UTF-8 bytes, each mapped through the byte table. */
export function toByteChars(token: string): string {
  let s = ''
  for (const b of utf8.encode(token)) s += BYTE_TO_CHAR[b]
  return s
}
