import protobuf from 'protobufjs/minimal.js';

/** One top-level field of an encoded protobuf message, located by byte offsets. */
export interface ProtobufField {
  /** Field number (e.g. 7 for `ModelProto.graph`). */
  field: number;
  /** Wire type: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  wireType: number;
  /** Offset of the field's tag in the message. */
  start: number;
  /** Offset just past the field. */
  end: number;
  /** For length-delimited fields, the payload (a view into the message, not a copy). */
  payload: Uint8Array | null;
}

/**
 * The top-level fields of an encoded protobuf message, in order, read with protobufjs's `Reader`.
 * Lets assay copy the fields it does not change byte for byte (including fields newer than the
 * bundled ONNX schema knows) and decode with `onnx-proto` only the messages it needs.
 *
 * Degenerate cases: an empty buffer has no fields. A truncated or malformed message throws the
 * reader's error (a `RangeError` or `Error`), which callers turn into an `AuditError`.
 * @example protobufFields(onnx.ModelProto.encode(model).finish()).find((f) => f.field === 7)
 */
export function protobufFields(bytes: Uint8Array): ProtobufField[] {
  const reader = protobuf.Reader.create(bytes);
  const fields: ProtobufField[] = [];
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 0) throw new Error(`invalid field number 0 at byte ${start}`);
    let payload: Uint8Array | null = null;
    if (wireType === 2) {
      const length = reader.uint32();
      const from = reader.pos;
      reader.skip(length);
      payload = bytes.subarray(from, from + length);
    } else if (wireType === 3 || wireType === 4) {
      // Deprecated groups never occur in ONNX; treating them as corruption keeps the walk simple.
      throw new Error(`unexpected group wire type at byte ${start}`);
    } else {
      reader.skipType(wireType);
    }
    fields.push({ field, wireType, start, end: reader.pos, payload });
  }
  return fields;
}

/**
 * Encodes one length-delimited field (`tag`, length, payload) with protobufjs's `Writer`.
 * @example lengthDelimited(12, onnx.ValueInfoProto.encode(info).finish())
 */
export function lengthDelimited(field: number, payload: Uint8Array): Uint8Array {
  const head = protobuf.Writer.create()
    .uint32((field << 3) | 2)
    .uint32(payload.length)
    .finish();
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}
