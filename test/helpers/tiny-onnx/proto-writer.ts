/**
 * A minimal protobuf encoder, just enough to write ONNX ModelProtos from tests without a
 * dependency. Fields are written in the order they are added; protobuf readers accept any order.
 */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = []
  private length = 0

  private push(bytes: Uint8Array): void {
    this.parts.push(bytes)
    this.length += bytes.length
  }

  private varint(value: number | bigint): void {
    // Negative int64 values are written as 10-byte two's complement varints, as protobuf does.
    let v = BigInt.asUintN(64, BigInt(value))
    const out: number[] = []
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80)
      v >>= 7n
    }
    out.push(Number(v))
    this.push(Uint8Array.from(out))
  }

  private tag(field: number, wireType: 0 | 1 | 2 | 5): void {
    this.varint((field << 3) | wireType)
  }

  int(field: number, value: number | bigint): this {
    this.tag(field, 0)
    this.varint(value)
    return this
  }

  float(field: number, value: number): this {
    this.tag(field, 5)
    const b = new Uint8Array(4)
    new DataView(b.buffer).setFloat32(0, value, true)
    this.push(b)
    return this
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2)
    this.varint(value.length)
    this.push(value)
    return this
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value))
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter()
    build(inner)
    return this.bytes(field, inner.finish())
  }

  /** Packed repeated varints (proto3 default for repeated scalars). */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter()
    for (const v of values) inner.varint(v)
    return this.bytes(field, inner.finish())
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length)
    let o = 0
    for (const p of this.parts) {
      out.set(p, o)
      o += p.length
    }
    return out
  }
}
