/**
 * Prompt → UNet conditioning. SD 1.x/2.x: the text encoder's last_hidden_state [1,77,D].
 * SDXL: concat(te1 hidden_states.(penultimate), te2 hidden_states.(penultimate)) on the last axis
 * → [1,77,2048], pooled = te2 text_embeds. As in diffusers, an ABSENT negative prompt (null) becomes
 * zeros when the folder says so (force_zeros_for_empty_prompt); an empty string is encoded like
 * any other prompt. Each encoder is opened, run and given back before the next (VRAM).
 */
import { EngineError } from '../../errors'
import type { ModelSessions } from '../../ml/session-pool'
import { buildFeeds, readFloats } from '../../ml/tensor-feeds'
import { loadClipTokenizer } from '../tokenizer/load-tokenizer'
import type { DiffusionFolder } from './model-folder'

export interface Conditioning {
  /** [1,77,D] */
  embeds: Float32Array
  dim: number
  /** SDXL pooled text embeddings [1,P]. */
  pooled: Float32Array | null
}

export interface PromptPair {
  cond: Conditioning
  /** null without classifier-free guidance. */
  uncond: Conditioning | null
}

interface EncoderOutput {
  hidden: Float32Array
  dim: number
  pooled: Float32Array | null
}

async function runEncoder(
  sessions: ModelSessions,
  model: string,
  ids: Int32Array[],
  pick: 'last' | 'penultimate',
  wantPooled: boolean,
): Promise<EncoderOutput[]> {
  return sessions.use(model, async ({ session }) => {
    const names = session.outputNames
    let hiddenName = 'last_hidden_state'
    if (pick === 'penultimate') {
      const indices = names.map((n) => /^hidden_states\.(\d+)$/.exec(n)?.[1]).filter((v): v is string => v !== undefined).map(Number)
      if (indices.length < 2) throw new EngineError('model_unavailable', `${model}: an SDXL text encoder must output hidden_states.N (it has ${names.join(', ')})`)
      hiddenName = `hidden_states.${Math.max(...indices) - 1}`
    } else if (!names.includes(hiddenName)) hiddenName = names[0]
    const pooledName = names.includes('text_embeds') ? 'text_embeds' : 'pooler_output'
    if (wantPooled && !names.includes(pooledName)) throw new EngineError('model_unavailable', `${model}: no text_embeds output for SDXL pooled conditioning`)
    const out: EncoderOutput[] = []
    // One prompt per run: some exports fix the batch at 1.
    for (const row of ids) {
      const feeds = buildFeeds(session, { input_ids: { data: row, dims: [1, row.length] } })
      const res = await session.run(feeds, wantPooled ? [hiddenName, pooledName] : [hiddenName])
      const h = res[hiddenName]
      out.push({ hidden: readFloats(h).slice(), dim: Number(h.dims[h.dims.length - 1]), pooled: wantPooled ? readFloats(res[pooledName]).slice() : null })
    }
    return out
  })
}

/** Encodes the prompt (and the negative one when `guidance` is on); `negative` null: none given. */
export async function encodePrompts(folder: DiffusionFolder, sessions: ModelSessions, prompt: string, negative: string | null, guidance: boolean): Promise<PromptPair> {
  const texts = guidance ? [prompt, negative ?? ''] : [prompt]
  if (folder.family === 'sd') {
    const tok = await loadClipTokenizer(folder.textEncoders[0].tokenizerDir)
    const [c, u] = await runEncoder(sessions, folder.textEncoders[0].model, texts.map((t) => tok.encodePadded(t)), 'last', false)
    const asCond = (e: EncoderOutput): Conditioning => ({ embeds: e.hidden, dim: e.dim, pooled: null })
    return { cond: asCond(c), uncond: u ? asCond(u) : null }
  }
  const [p1, p2] = folder.textEncoders
  const tok1 = await loadClipTokenizer(p1.tokenizerDir)
  // tokenizer_2 pads with "!" (id 0); a folder without tokenizer_2 reuses tokenizer/ with that padding.
  const tok2 = p2.tokenizerDir === p1.tokenizerDir ? await withBangPadding(p1.tokenizerDir) : await loadClipTokenizer(p2.tokenizerDir)
  const e1 = await runEncoder(sessions, p1.model, texts.map((t) => tok1.encodePadded(t)), 'penultimate', false)
  const e2 = await runEncoder(sessions, p2.model, texts.map((t) => tok2.encodePadded(t)), 'penultimate', true)
  const join = (i: number): Conditioning => {
    const a = e1[i]
    const b = e2[i]
    const dim = a.dim + b.dim
    const embeds = new Float32Array(77 * dim)
    for (let r = 0; r < 77; r++) {
      embeds.set(a.hidden.subarray(r * a.dim, (r + 1) * a.dim), r * dim)
      embeds.set(b.hidden.subarray(r * b.dim, (r + 1) * b.dim), r * dim + a.dim)
    }
    return { embeds, dim, pooled: b.pooled }
  }
  const cond = join(0)
  let uncond = guidance ? join(1) : null
  // diffusers: zero_out_negative_prompt = negative_prompt is None and force_zeros_for_empty_prompt.
  if (uncond && folder.zerosForEmptyNegative && negative === null)
    uncond = { embeds: new Float32Array(cond.embeds.length), dim: cond.dim, pooled: new Float32Array(cond.pooled?.length ?? 0) }
  return { cond, uncond }
}

async function withBangPadding(dir: string) {
  const t = await loadClipTokenizer(dir)
  const padded = (text: string) => {
    const out = t.encodePadded(text)
    const n = t.encode(text).length
    out.fill(0, n)
    return out
  }
  return { encodePadded: padded }
}
