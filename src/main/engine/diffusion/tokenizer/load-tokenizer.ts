import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EngineError } from '../../errors'
import { ClipTokenizer } from './clip-tokenizer'

/**
 * A tokenizer from a model folder's tokenizer/ (or tokenizer_2/): vocab.json + merges.txt, and
 * the pad token and max length from tokenizer_config.json / special_tokens_map.json.
 */
export async function loadClipTokenizer(dir: string): Promise<ClipTokenizer> {
  const vocabJson = await readJson(join(dir, 'vocab.json'), true)
  if (!vocabJson || typeof vocabJson !== 'object') throw new EngineError('model_unavailable', `${join(dir, 'vocab.json')}: not a token → id map`)
  const vocab = new Map<string, number>()
  for (const [token, id] of Object.entries(vocabJson as Record<string, unknown>)) if (typeof id === 'number') vocab.set(token, id)
  let mergesText: string
  try {
    mergesText = await readFile(join(dir, 'merges.txt'), 'utf8')
  } catch {
    throw new EngineError('model_unavailable', `${join(dir, 'merges.txt')}: missing`)
  }
  // The first line is a "#version: 0.2" header in HF folders; blank lines carry no merge.
  const merges = mergesText.split(/\r?\n/).filter((l, i) => l.trim() !== '' && !(i === 0 && l.startsWith('#')))
  const config = ((await readJson(join(dir, 'tokenizer_config.json'), false)) ?? {}) as Record<string, unknown>
  const special = ((await readJson(join(dir, 'special_tokens_map.json'), false)) ?? {}) as Record<string, unknown>
  const padToken = tokenText(config.pad_token) ?? tokenText(special.pad_token) ?? '<|endoftext|>'
  const maxLength = typeof config.model_max_length === 'number' && config.model_max_length <= 1024 ? config.model_max_length : 77
  try {
    return new ClipTokenizer(vocab, merges, { padToken, maxLength })
  } catch (e) {
    throw new EngineError('model_unavailable', `${dir}: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/** A special token is written either as a string or as {"content": "..."}. */
function tokenText(v: unknown): string | undefined {
  if (typeof v === 'string') return v
  if (v && typeof v === 'object' && typeof (v as { content?: unknown }).content === 'string') return (v as { content: string }).content
  return undefined
}

async function readJson(path: string, required: boolean): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    if (required) throw new EngineError('model_unavailable', `${path}: missing`)
    return null
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new EngineError('model_unavailable', `${path}: not valid JSON`)
  }
}
