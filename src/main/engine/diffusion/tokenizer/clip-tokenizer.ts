/**
 * CLIP's BPE tokenizer (openai/CLIP simple_tokenizer, as HF CLIPTokenizer runs it): clean and
 * lower-case, split with CLIP's pattern, byte-map, apply merges by rank, BOS + ids (at most 75) +
 * EOS, then pad to 77. The pad id is the folder's: SD 1.x and SDXL `tokenizer` pad with
 * <|endoftext|> (49407), SD 2.x / SD-Turbo and SDXL `tokenizer_2` with "!" (0).
 */
import { byteCharsInVocabOrder, toByteChars } from './byte-encoder'

export const BOS_TOKEN = '<|startoftext|>'
export const EOS_TOKEN = '<|endoftext|>'

const PATTERN = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/giu

export interface ClipTokenizerOptions {
  /** Total sequence length including BOS and EOS (77 for every SD text encoder). */
  maxLength?: number
  /** Token used for padding; its id is looked up in the vocabulary. */
  padToken?: string
}

export class ClipTokenizer {
  readonly maxLength: number
  readonly bosId: number
  readonly eosId: number
  readonly padId: number
  private readonly ranks: Map<string, number>
  private readonly cache = new Map<string, string[]>()

  constructor(
    private readonly vocab: ReadonlyMap<string, number>,
    merges: readonly string[],
    opts: ClipTokenizerOptions = {},
  ) {
    this.maxLength = opts.maxLength ?? 77
    this.ranks = new Map(merges.map((m, i) => [m, i]))
    this.bosId = this.idOf(BOS_TOKEN)
    this.eosId = this.idOf(EOS_TOKEN)
    this.padId = this.idOf(opts.padToken ?? EOS_TOKEN)
    for (const special of [BOS_TOKEN, EOS_TOKEN]) this.cache.set(special, [special])
  }

  /**
   * A vocabulary built the way openai/CLIP builds it from the merge list alone: bytes, bytes with
   * `</w>`, one token per merge, then the two specials (49,408 entries for the real list).
   */
  static fromMerges(merges: readonly string[], opts: ClipTokenizerOptions = {}): ClipTokenizer {
    const bytes = byteCharsInVocabOrder()
    const tokens = [...bytes, ...bytes.map((b) => `${b}</w>`), ...merges.map((m) => m.replace(' ', '')), BOS_TOKEN, EOS_TOKEN]
    return new ClipTokenizer(new Map(tokens.map((t, i) => [t, i])), merges, opts)
  }

  private idOf(token: string): number {
    const id = this.vocab.get(token)
    if (id === undefined) throw new Error(`tokenizer vocabulary has no ${JSON.stringify(token)}`)
    return id
  }

  /** BOS + token ids + EOS, truncated to maxLength, unpadded. */
  encode(text: string): number[] {
    const ids: number[] = []
    for (const match of cleanText(text).matchAll(PATTERN)) {
      for (const piece of this.bpe(match[0])) ids.push(this.vocab.get(piece) ?? this.eosId)
    }
    return [this.bosId, ...ids.slice(0, this.maxLength - 2), this.eosId]
  }

  /** encode() padded to maxLength with the folder's pad id. */
  encodePadded(text: string): Int32Array {
    const out = new Int32Array(this.maxLength).fill(this.padId)
    out.set(this.encode(text))
    return out
  }

  private bpe(token: string): string[] {
    const cached = this.cache.get(token)
    if (cached) return cached
    const chars = Array.from(toByteChars(token))
    let word = chars.map((c, i) => (i === chars.length - 1 ? `${c}</w>` : c))
    while (word.length > 1) {
      // The adjacent pair with the lowest merge rank is merged everywhere it occurs, then repeat.
      let best = -1
      let bestRank = Infinity
      for (let i = 0; i < word.length - 1; i++) {
        const r = this.ranks.get(`${word[i]} ${word[i + 1]}`)
        if (r !== undefined && r < bestRank) {
          bestRank = r
          best = i
        }
      }
      if (best < 0) break
      const first = word[best]
      const second = word[best + 1]
      const merged: string[] = []
      for (let i = 0; i < word.length; i++) {
        if (i < word.length - 1 && word[i] === first && word[i + 1] === second) {
          merged.push(first + second)
          i++
        } else merged.push(word[i])
      }
      word = merged
    }
    if (this.cache.size < 10_000) this.cache.set(token, word)
    return word
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

function unescapeHtml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all
    }
    return ENTITIES[body.toLowerCase()] ?? all
  })
}

/** CLIP's basic_clean + whitespace_clean + lower(); NFC stands in for ftfy's normalisation. */
export function cleanText(text: string): string {
  return unescapeHtml(unescapeHtml(text.normalize('NFC'))).replace(/\s+/g, ' ').trim().toLowerCase()
}
