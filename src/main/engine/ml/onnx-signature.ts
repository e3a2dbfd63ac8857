/**
 * A model's input/output names, element types and shapes read straight from the .onnx protobuf,
 * without creating a session: validating an imported 5 GB folder must not load 5 GB of weights.
 * Large fields (initializer raw data, nodes) are skipped by length using positional reads.
 */
import { open, type FileHandle } from 'node:fs/promises'
import { EngineError } from '../errors'

export interface IoSpec {
  name: string
  type: string
  shape: (number | string)[]
}

export interface OnnxSignature {
  irVersion: number
  opset: number | null
  inputs: IoSpec[]
  outputs: IoSpec[]
  /** Files the weights live in (external data: model.onnx_data, weights.pb...), relative to the graph. */
  externalFiles: string[]
}

const ELEM_TYPES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string',
  9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 16: 'bfloat16',
}

/** Buffered positional reader over a file. */
class Reader {
  private buf = Buffer.alloc(0)
  private bufStart = 0

  constructor(private readonly fh: FileHandle, readonly size: number) {}

  private async fill(pos: number, len: number): Promise<void> {
    if (pos >= this.bufStart && pos + len <= this.bufStart + this.buf.length) return
    const want = Math.max(len, 1 << 16)
    const b = Buffer.alloc(Math.min(want, this.size - pos))
    const { bytesRead } = await this.fh.read(b, 0, b.length, pos)
    this.buf = b.subarray(0, bytesRead)
    this.bufStart = pos
    if (bytesRead < len) throw new EngineError('model_unavailable', 'truncated ONNX file')
  }

  async varint(pos: number): Promise<[bigint, number]> {
    await this.fill(pos, Math.min(10, this.size - pos))
    let result = 0n
    let shift = 0n
    let p = pos
    for (;;) {
      if (p - this.bufStart >= this.buf.length) await this.fill(p, 1)
      const byte = this.buf[p - this.bufStart]
      p++
      result |= BigInt(byte & 0x7f) << shift
      if (!(byte & 0x80)) return [result, p]
      shift += 7n
      if (shift > 70n) throw new EngineError('model_unavailable', 'corrupt ONNX file (bad varint)')
    }
  }

  async bytes(pos: number, len: number): Promise<Buffer> {
    if (len > 1 << 20) throw new EngineError('model_unavailable', 'unexpectedly large ONNX header field')
    await this.fill(pos, len)
    return this.buf.subarray(pos - this.bufStart, pos - this.bufStart + len)
  }
}

interface Field {
  field: number
  wire: number
  /** varint value (wire 0) */
  value: bigint
  /** payload start and length (wire 2) */
  start: number
  len: number
}

/** Iterates the fields of a message occupying [start, end). */
async function* fields(r: Reader, start: number, end: number): AsyncGenerator<Field> {
  let pos = start
  while (pos < end) {
    const [tag, p1] = await r.varint(pos)
    const field = Number(tag >> 3n)
    const wire = Number(tag & 7n)
    if (wire === 0) {
      const [v, p2] = await r.varint(p1)
      yield { field, wire, value: v, start: p1, len: 0 }
      pos = p2
    } else if (wire === 2) {
      const [len, p2] = await r.varint(p1)
      yield { field, wire, value: 0n, start: p2, len: Number(len) }
      pos = p2 + Number(len)
    } else if (wire === 1) pos = p1 + 8
    else if (wire === 5) pos = p1 + 4
    else throw new EngineError('model_unavailable', `corrupt ONNX file (wire type ${wire})`)
  }
}

/** Small messages (ValueInfoProto) are parsed from memory. */
function parseSmall(buf: Buffer): { field: number; wire: number; value: bigint; data: Buffer }[] {
  const out: { field: number; wire: number; value: bigint; data: Buffer }[] = []
  let p = 0
  const varint = (): bigint => {
    let r = 0n
    let s = 0n
    for (;;) {
      const b = buf[p++]
      r |= BigInt(b & 0x7f) << s
      if (!(b & 0x80)) return r
      s += 7n
    }
  }
  while (p < buf.length) {
    const tag = varint()
    const field = Number(tag >> 3n)
    const wire = Number(tag & 7n)
    if (wire === 0) out.push({ field, wire, value: varint(), data: Buffer.alloc(0) })
    else if (wire === 2) {
      const len = Number(varint())
      out.push({ field, wire, value: 0n, data: buf.subarray(p, p + len) })
      p += len
    } else p += wire === 1 ? 8 : 4
  }
  return out
}

function parseValueInfo(buf: Buffer): IoSpec {
  let name = ''
  let type = 'unknown'
  const shape: (number | string)[] = []
  for (const f of parseSmall(buf)) {
    if (f.field === 1) name = f.data.toString('utf8')
    if (f.field !== 2) continue
    for (const t of parseSmall(f.data)) {
      if (t.field !== 1) continue // tensor_type only
      for (const tt of parseSmall(t.data)) {
        if (tt.field === 1) type = ELEM_TYPES[Number(tt.value)] ?? `type${tt.value}`
        if (tt.field === 2)
          for (const dim of parseSmall(tt.data)) {
            if (dim.field !== 1) continue
            const d = parseSmall(dim.data)
            const v = d.find((x) => x.field === 1)
            const param = d.find((x) => x.field === 2)
            shape.push(v ? Number(BigInt.asIntN(64, v.value)) : param ? param.data.toString('utf8') : '?')
          }
      }
    }
  }
  return { name, type, shape }
}

export async function readOnnxSignature(path: string): Promise<OnnxSignature> {
  let fh: FileHandle
  try {
    fh = await open(path, 'r')
  } catch {
    throw new EngineError('model_unavailable', `${path}: cannot be opened`)
  }
  try {
    const r = new Reader(fh, (await fh.stat()).size)
    let irVersion = 0
    let opset: number | null = null
    const inputs: IoSpec[] = []
    const outputs: IoSpec[] = []
    const initializers = new Set<string>()
    const external = new Set<string>()
    for await (const f of fields(r, 0, r.size)) {
      if (f.field === 1 && f.wire === 0) irVersion = Number(f.value)
      if (f.field === 8 && f.wire === 2) {
        const parts = parseSmall(await r.bytes(f.start, f.len))
        const domain = parts.find((x) => x.field === 1)?.data.toString('utf8') ?? ''
        const version = parts.find((x) => x.field === 2)?.value
        if (!domain && version !== undefined) opset = Number(version)
      }
      if (f.field !== 7 || f.wire !== 2) continue
      for await (const g of fields(r, f.start, f.start + f.len)) {
        if (g.wire !== 2) continue
        if (g.field === 11) inputs.push(parseValueInfo(await r.bytes(g.start, g.len)))
        else if (g.field === 12) outputs.push(parseValueInfo(await r.bytes(g.start, g.len)))
        else if (g.field === 5) {
          // Only the initializer's name (8) and external-data entries (13); raw data is skipped by length.
          for await (const t of fields(r, g.start, g.start + g.len)) {
            if (t.field === 8 && t.wire === 2) initializers.add((await r.bytes(t.start, t.len)).toString('utf8'))
            if (t.field === 13 && t.wire === 2) {
              const kv = parseSmall(await r.bytes(t.start, t.len))
              if (kv.find((x) => x.field === 1)?.data.toString('utf8') === 'location') external.add(kv.find((x) => x.field === 2)?.data.toString('utf8') ?? '')
            }
          }
        }
      }
    }
    if (!irVersion && !inputs.length) throw new EngineError('model_unavailable', `${path}: not an ONNX model`)
    // Old exports (IR < 4) list weights among the graph inputs too: those are not real inputs.
    return { irVersion, opset, inputs: inputs.filter((i) => !initializers.has(i.name)), outputs, externalFiles: [...external].filter(Boolean) }
  } catch (e) {
    if (e instanceof EngineError) throw new EngineError('model_unavailable', e.message.startsWith(path) ? e.message : `${path}: ${e.message}`)
    throw new EngineError('model_unavailable', `${path}: not a readable ONNX model (${e instanceof Error ? e.message : String(e)})`)
  } finally {
    await fh.close()
  }
}
