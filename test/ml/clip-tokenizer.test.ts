import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { byteCharsInVocabOrder } from '../../src/main/engine/diffusion/tokenizer/byte-encoder'
import { ClipTokenizer, cleanText } from '../../src/main/engine/diffusion/tokenizer/clip-tokenizer'
import { loadClipTokenizer } from '../../src/main/engine/diffusion/tokenizer/load-tokenizer'
import { REPO_ROOT } from '../helpers/fixtures'

const BPE_GZ = join(REPO_ROOT, '..', 'shared', 'reference', 'clip', 'bpe_simple_vocab_16e6.txt.gz')
const TINY_MERGES = ['c a', 'ca t</w>', 'o f</w>', 'p h', 'o t', 'ph ot', 'phot o</w>']

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adstudio-tok-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Writes a model folder's tokenizer/ the way HF does: vocab.json, merges.txt with its header. */
async function writeTokenizerFolder(name: string, merges: string[], config: object, specialMap?: object): Promise<string> {
  const t = ClipTokenizer.fromMerges(merges)
  const bytes = byteCharsInVocabOrder()
  const tokens = [...bytes, ...bytes.map((b) => `${b}</w>`), ...merges.map((m) => m.replace(' ', '')), '<|startoftext|>', '<|endoftext|>']
  const folder = join(dir, name)
  await mkdir(folder, { recursive: true })
  await writeFile(join(folder, 'vocab.json'), JSON.stringify(Object.fromEntries(tokens.map((tok, i) => [tok, i]))))
  await writeFile(join(folder, 'merges.txt'), `#version: 0.2\n${merges.join('\n')}\n`)
  await writeFile(join(folder, 'tokenizer_config.json'), JSON.stringify(config))
  if (specialMap) await writeFile(join(folder, 'special_tokens_map.json'), JSON.stringify(specialMap))
  expect(t.eosId).toBe(tokens.length - 1)
  return folder
}

describe('CLIP tokenizer, hand-made vocabulary', () => {
  const t = ClipTokenizer.fromMerges(TINY_MERGES)
  const BOS = 512 + TINY_MERGES.length
  const EOS = BOS + 1

  it('applies merges by rank and maps bytes as CLIP does', () => {
    // "a</w>" is 320 in the real vocabulary too: the byte order is CLIP's.
    expect(t.encode('a photo of a cat')).toEqual([BOS, 320, 512 + 6, 512 + 2, 320, 512 + 1, EOS])
    expect(t.encode('')).toEqual([BOS, EOS])
  })

  it('cleans text: html entities, whitespace, case', () => {
    expect(cleanText('  A&amp;B\n\t Cat&#33; ')).toBe('a&b cat!')
    expect(t.encode('CAT')).toEqual(t.encode('  cat '))
  })

  it('pads with the folder pad token and truncates to 75 tokens', () => {
    const padded = t.encodePadded('cat')
    expect(padded.length).toBe(77)
    expect(Array.from(padded.slice(0, 4))).toEqual([BOS, 512 + 1, EOS, EOS])
    const bang = ClipTokenizer.fromMerges(TINY_MERGES, { padToken: '!' }).encodePadded('cat')
    expect(Array.from(bang.slice(2, 5))).toEqual([EOS, 0, 0])
    const long = t.encodePadded(Array(100).fill('cat').join(' '))
    expect(long[0]).toBe(BOS)
    expect(long[76]).toBe(EOS)
    expect(long[75]).toBe(512 + 1)
  })

  it('loads a folder with either padding convention', async () => {
    const sd1 = await loadClipTokenizer(await writeTokenizerFolder('sd1', TINY_MERGES, { model_max_length: 77 }, { pad_token: { content: '<|endoftext|>' } }))
    const sd2 = await loadClipTokenizer(await writeTokenizerFolder('sd2', TINY_MERGES, { pad_token: '!', model_max_length: 77 }))
    expect(sd1.padId).toBe(EOS)
    expect(sd2.padId).toBe(0)
    expect(sd1.encode('a photo of a cat')).toEqual(t.encode('a photo of a cat'))
    await expect(loadClipTokenizer(join(dir, 'missing'))).rejects.toThrow(/vocab.json: missing/)
  })
})

describe.skipIf(!existsSync(BPE_GZ))('CLIP tokenizer, real merge list (shared/reference/clip)', () => {
  const lines = existsSync(BPE_GZ) ? gunzipSync(readFileSync(BPE_GZ)).toString('utf8').split('\n') : []
  // Lines 2..48895 are the merges (49152 - 256 - 2 of them); line 1 is a header.
  const merges = lines.slice(1, 49152 - 256 - 2 + 1)
  const t = ClipTokenizer.fromMerges(merges)

  it('has 49,408 tokens with the specials at 49406/49407', () => {
    expect(merges.length).toBe(48894)
    expect([t.bosId, t.eosId]).toEqual([49406, 49407])
  })

  it('gives the expected ids (ENGINE-REFERENCE §7)', () => {
    expect(t.encode('a photo of a cat')).toEqual([49406, 320, 1125, 539, 320, 2368, 49407])
    expect(t.encode('A photo of an astronaut riding a horse on mars')).toEqual([49406, 320, 1125, 539, 550, 18376, 6765, 320, 4558, 525, 7496, 49407])
    expect(t.encode('hello world!')).toEqual([49406, 3306, 1002, 256, 49407])
    expect(t.encode('')).toEqual([49406, 49407])
  })

  it('reads the same ids from a vocab.json + merges.txt folder, both paddings', async () => {
    const sd1 = await loadClipTokenizer(await writeTokenizerFolder('real-sd1', merges, { pad_token: '<|endoftext|>' }))
    const sd2 = await loadClipTokenizer(await writeTokenizerFolder('real-sd2', merges, { pad_token: '!' }))
    const ids = Array.from(sd1.encodePadded('hello world!'))
    expect(ids.slice(0, 6)).toEqual([49406, 3306, 1002, 256, 49407, 49407])
    expect(Array.from(sd2.encodePadded('hello world!').slice(0, 6))).toEqual([49406, 3306, 1002, 256, 49407, 0])
    // Korean text goes through the byte fallback and still ends with EOS.
    const ko = sd1.encode('맛있는 사과')
    expect(ko.at(-1)).toBe(49407)
    expect(ko.length).toBeGreaterThan(3)
  })
})
