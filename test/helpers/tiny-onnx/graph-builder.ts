import { ProtoWriter } from './proto-writer'

/**
 * Builds small ONNX graphs (opset 15) in memory: named inputs/outputs with static or symbolic dims,
 * initializers as raw_data, nodes with attributes. Enough to make stand-ins for the real exports.
 */
export type DType = 'float32' | 'float16' | 'int64' | 'int32'
export type Dim = number | string

const ELEM_TYPE: Record<DType, number> = { float32: 1, int32: 6, int64: 7, float16: 10 }

export type Attr =
  | { i: number }
  | { f: number }
  | { ints: readonly number[] }
  | { s: string }

interface ValueInfo {
  name: string
  type: DType
  shape: readonly Dim[] | null
}
interface NodeDef {
  op: string
  inputs: readonly string[]
  outputs: readonly string[]
  attrs: Record<string, Attr>
}
interface Initializer {
  name: string
  type: DType
  dims: readonly number[]
  raw: Uint8Array
}

export class GraphBuilder {
  private readonly inputs: ValueInfo[] = []
  private readonly outputs: ValueInfo[] = []
  private readonly nodes: NodeDef[] = []
  private readonly inits: Initializer[] = []
  private counter = 0

  constructor(private readonly name = 'tiny') {}

  input(name: string, type: DType, shape: readonly Dim[]): string {
    this.inputs.push({ name, type, shape })
    return name
  }

  /** Declares a graph output; `shape` null leaves it to shape inference. */
  output(name: string, type: DType, shape: readonly Dim[] | null = null): string {
    this.outputs.push({ name, type, shape })
    return name
  }

  fresh(prefix = 'v'): string {
    return `${prefix}_${this.counter++}`
  }

  /** A float32 initializer (or int64 when `type` says so). */
  init(dims: readonly number[], values: ArrayLike<number>, type: 'float32' | 'int64' = 'float32'): string {
    const name = this.fresh('w')
    const n = dims.reduce((a, b) => a * b, 1)
    if (values.length !== n) throw new Error(`initializer ${name}: ${values.length} values for dims ${dims.join('x')}`)
    const raw =
      type === 'int64'
        ? new Uint8Array(BigInt64Array.from(Array.from(values, (v) => BigInt(v))).buffer)
        : new Uint8Array(Float32Array.from(values).buffer)
    this.inits.push({ name, type, dims, raw })
    return name
  }

  scalar(value: number): string {
    return this.init([], [value])
  }

  ints(values: readonly number[]): string {
    return this.init([values.length], values, 'int64')
  }

  /** Adds a node; returns its output names (fresh ones unless given). */
  node(op: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, outputs?: readonly string[]): string[] {
    const outs = outputs ?? [this.fresh(op.toLowerCase())]
    this.nodes.push({ op, inputs, outputs: outs, attrs })
    return [...outs]
  }

  /** Single-output node shorthand. */
  op(op: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, output?: string): string {
    return this.node(op, inputs, attrs, output ? [output] : undefined)[0]
  }

  /**
   * The graph with its weights in a sibling file (as exports over 2 GB do): initializers carry
   * data_location EXTERNAL and (location, offset, length) entries instead of raw_data.
   */
  toModelWithExternalData(location: string, opset = 15): { graph: Uint8Array; data: Uint8Array } {
    const offsets: number[] = []
    let total = 0
    for (const t of this.inits) {
      offsets.push(total)
      total += t.raw.length
    }
    const data = new Uint8Array(total)
    this.inits.forEach((t, i) => data.set(t.raw, offsets[i]))
    const external = this.inits.map((t, i) => ({ location, offset: offsets[i], length: t.raw.length }))
    return { graph: this.toModel(opset, external), data }
  }

  toModel(opset = 15, external?: { location: string; offset: number; length: number }[]): Uint8Array {
    const w = new ProtoWriter()
    w.int(1, 8) // ir_version 8 goes with opset 15
    w.string(2, 'adstudio-tiny-onnx')
    w.message(7, (g) => {
      for (const n of this.nodes) g.message(1, (m) => writeNode(m, n))
      g.string(2, this.name)
      this.inits.forEach((t, i) => g.message(5, (m) => writeTensor(m, t, external?.[i])))
      for (const v of this.inputs) g.message(11, (m) => writeValueInfo(m, v))
      for (const v of this.outputs) g.message(12, (m) => writeValueInfo(m, v))
    })
    w.message(8, (o) => o.string(1, '').int(2, opset))
    return w.finish()
  }
}

function writeNode(m: ProtoWriter, n: NodeDef): void {
  for (const i of n.inputs) m.string(1, i)
  for (const o of n.outputs) m.string(2, o)
  m.string(4, n.op)
  for (const [name, a] of Object.entries(n.attrs)) {
    m.message(5, (at) => {
      at.string(1, name)
      if ('i' in a) at.int(3, a.i).int(20, 2)
      else if ('f' in a) at.float(2, a.f).int(20, 1)
      else if ('ints' in a) at.packedInts(8, a.ints).int(20, 7)
      else at.string(4, a.s).int(20, 3)
    })
  }
}

function writeTensor(m: ProtoWriter, t: Initializer, ext?: { location: string; offset: number; length: number }): void {
  if (t.dims.length) m.packedInts(1, t.dims)
  m.int(2, ELEM_TYPE[t.type])
  m.string(8, t.name)
  if (!ext) {
    m.bytes(9, t.raw)
    return
  }
  for (const [k, v] of [['location', ext.location], ['offset', String(ext.offset)], ['length', String(ext.length)]])
    m.message(13, (kv) => kv.string(1, k).string(2, v))
  m.int(14, 1)
}

function writeValueInfo(m: ProtoWriter, v: ValueInfo): void {
  m.string(1, v.name)
  m.message(2, (tp) =>
    tp.message(1, (tt) => {
      tt.int(1, ELEM_TYPE[v.type])
      if (v.shape)
        tt.message(2, (sh) => {
          for (const d of v.shape!) sh.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)))
        })
    }),
  )
}
