/**
 * Feeds built from a session's own inputMetadata, so one pipeline serves every export: ids as int32
 * or int64, a timestep as rank-0 or [B], float32 or float16 tensors. Values are given as plain
 * float (or integer) arrays with dims; this module converts type and rank and checks static dims.
 * Floats become integers by truncation, as numpy's astype(int64) does in the diffusers ORT pipelines.
 */
import { EngineError } from '../errors'
import { float16ToFloat32, float32ToFloat16 } from './fp16'
import { ort } from './ort-session'

export interface HostTensor {
  data: Float32Array | Int32Array
  dims: readonly number[]
}

type Session = Pick<ort.InferenceSession, 'inputMetadata'>

export interface InputSpec {
  name: string
  type: string
  shape: readonly (number | string)[]
}

/** The session's tensor inputs as plain specs (non-tensor inputs do not occur in these models). */
export function inputSpecs(session: Session): InputSpec[] {
  return session.inputMetadata.map((m) => ('type' in m ? { name: m.name, type: m.type, shape: m.shape } : { name: m.name, type: 'unknown', shape: [] }))
}

const numel = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1)

/** Reconciles a value's rank with the declared one (timestep [B] vs rank-0, scale [1] vs rank-0). */
export function fitDims(value: HostTensor, spec: InputSpec): HostTensor {
  const want = spec.shape
  let { data, dims } = value
  if (want.length === 0 && dims.length !== 0) {
    // A per-batch scalar (all entries equal) given to a rank-0 input: keep one.
    if (!data.every((v) => v === data[0])) throw mismatch(spec, dims)
    data = data.slice(0, 1) as typeof data
    dims = []
  } else if (want.length === 1 && dims.length === 0) {
    const n = typeof want[0] === 'number' ? want[0] : 1
    const rep = data instanceof Float32Array ? new Float32Array(n) : new Int32Array(n)
    rep.fill(data[0])
    data = rep
    dims = [n]
  } else if (want.length === 1 && dims.length === 1 && typeof want[0] === 'number' && want[0] !== dims[0] && data.every((v) => v === data[0])) {
    // A static [1] timestep fed per batch entry (or the reverse): same value, declared length.
    const rep = data instanceof Float32Array ? new Float32Array(want[0]) : new Int32Array(want[0])
    rep.fill(data[0])
    data = rep
    dims = [want[0]]
  }
  if (want.length && dims.length !== want.length) throw mismatch(spec, dims)
  want.forEach((d, i) => {
    if (typeof d === 'number' && d > 0 && d !== dims[i]) throw mismatch(spec, dims)
  })
  return { data, dims }
}

function mismatch(spec: InputSpec, dims: readonly number[]): EngineError {
  return new EngineError('model_unavailable', `model input "${spec.name}" expects shape [${spec.shape.join(', ')}], the pipeline has [${dims.join(', ')}]`)
}

/** One value as a tensor of the declared element type. */
export function toTensor(value: HostTensor, spec: InputSpec): ort.Tensor {
  const { data, dims } = fitDims(value, spec)
  if (numel(dims) !== data.length) throw new EngineError('internal', `${spec.name}: ${data.length} values for dims [${dims.join(', ')}]`)
  const shape = [...dims]
  switch (spec.type) {
    case 'float32':
      return new ort.Tensor('float32', data instanceof Float32Array ? data : Float32Array.from(data), shape)
    case 'float16':
      return float16Tensor(float32ToFloat16(data), shape)
    case 'float64':
      return new ort.Tensor('float64', Float64Array.from(data), shape)
    case 'int64':
      return new ort.Tensor('int64', BigInt64Array.from(Array.from(data, (v) => BigInt(Math.trunc(v)))), shape)
    case 'int32':
      return new ort.Tensor('int32', data instanceof Int32Array ? data : Int32Array.from(data, (v) => Math.trunc(v)), shape)
    default:
      throw new EngineError('model_unavailable', `model input "${spec.name}" has type ${spec.type}, which this pipeline cannot feed`)
  }
}

/**
 * A float16 tensor whose data the native binding reads as raw bits. Where the runtime has
 * Float16Array (Node 24, and so Electron 45), onnxruntime-common wraps Uint16Array data in a
 * Float16Array view, which onnxruntime-node 1.30's binding sizes as 0 bytes ("not enough space:
 * expected N, got 0"; microsoft/onnxruntime PR 32323, open). Handing it back the Uint16Array view of
 * the same bytes keeps fp16 models running on every Node.
 */
export function float16Tensor(bits: Uint16Array, shape: number[]): ort.Tensor {
  const t = new ort.Tensor('float16', bits, shape)
  ;(t as unknown as { cpuData: Uint16Array }).cpuData = bits
  return t
}

/**
 * Feeds for every declared input, taken from `values` by name; `aliases` maps an input name to the
 * value name it stands for. An input the pipeline cannot provide is a clear model error.
 */
export function buildFeeds(session: Session, values: Record<string, HostTensor | undefined>, aliases: Record<string, string> = {}): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {}
  for (const spec of inputSpecs(session)) {
    const v = values[spec.name] ?? values[aliases[spec.name] ?? '']
    if (!v)
      throw new EngineError('model_unavailable', `model input "${spec.name}" (${spec.type} [${spec.shape.join(', ')}]) is not one this pipeline provides: is this the right kind of model?`)
    feeds[spec.name] = toTensor(v, spec)
  }
  return feeds
}

/** An output tensor as float32 values, whatever its element type. */
export function readFloats(t: ort.Tensor): Float32Array {
  const d = t.data
  if (t.type === 'float16' && ArrayBuffer.isView(d)) {
    // Raw half bits, whether the binding returns them as Uint16Array or common wraps them as Float16Array.
    const v = d as unknown as Uint16Array
    return float16ToFloat32(new Uint16Array(v.buffer, v.byteOffset, v.length))
  }
  if (d instanceof Float32Array) return d
  if (d instanceof BigInt64Array) return Float32Array.from(d, Number)
  if (ArrayBuffer.isView(d)) return Float32Array.from(d as unknown as ArrayLike<number>)
  throw new EngineError('internal', `cannot read a ${t.type} output as numbers`)
}
