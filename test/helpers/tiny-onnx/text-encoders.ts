import { GraphBuilder, type DType } from './graph-builder'
import { pseudoRandom } from './weights'

export interface TextEncoderSpec {
  /** Embedding width: 768 (SD 1.x, SDXL te1), 1024 (SD 2.x), 1280 (SDXL te2). */
  dim: number
  idsType?: 'int64' | 'int32'
  /** SDXL: also output hidden_states.0..N-1 (13 for te1, 33 for te2). */
  hiddenStates?: number
  /** SDXL te2: `text_embeds` [B, n] instead of pooler_output. */
  textEmbeds?: number
  outType?: DType
  seed?: number
}

/**
 * Text encoder stand-in: ids (mod a small table) → Gather → last_hidden_state [B,77,D]; pooled =
 * mean over tokens. Different prompts give different embeddings, as they must for CFG tests.
 */
export function buildTextEncoder(spec: TextEncoderSpec): Uint8Array {
  const g = new GraphBuilder('text_encoder')
  const V = 97
  const D = spec.dim
  const ids = g.input('input_ids', spec.idsType ?? 'int64', ['batch', 77])
  const ids64 = g.op('Cast', [ids], { to: { i: 7 } })
  const idx = g.op('Mod', [ids64, g.init([], [V], 'int64')])
  const table = g.init([V, D], pseudoRandom(V * D, spec.seed ?? 7, 1))
  const last = g.op('Gather', [table, idx], { axis: { i: 0 } })
  const outType = spec.outType ?? 'float32'
  const cast = (v: string) => (outType === 'float16' ? g.op('Cast', [v], { to: { i: 10 } }) : v)
  g.op('Identity', [cast(last)], {}, 'last_hidden_state')
  g.output('last_hidden_state', outType, ['batch', 77, D])
  const pooled = g.op('ReduceMean', [last], { axes: { ints: [1] }, keepdims: { i: 0 } })
  if (spec.textEmbeds) {
    const proj = g.init([D, spec.textEmbeds], pseudoRandom(D * spec.textEmbeds, 11, 0.05))
    g.op('Identity', [cast(g.op('MatMul', [pooled, proj]))], {}, 'text_embeds')
    g.output('text_embeds', outType, ['batch', spec.textEmbeds])
  } else {
    g.op('Identity', [cast(pooled)], {}, 'pooler_output')
    g.output('pooler_output', outType, ['batch', D])
  }
  for (let k = 0; k < (spec.hiddenStates ?? 0); k++) {
    g.op('Identity', [cast(g.op('Mul', [last, g.scalar(1 + k / 16)]))], {}, `hidden_states.${k}`)
    g.output(`hidden_states.${k}`, outType, ['batch', 77, D])
  }
  return g.toModel()
}
