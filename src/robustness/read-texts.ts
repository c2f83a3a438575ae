import { Buffer } from 'node:buffer';
import { DataType, makeVector, type Data } from 'apache-arrow';
import { InternalError } from '../core/errors.js';

/**
 * Whether bit `offset + i` of an Arrow bitmap (validity or boolean values) is set.
 * @example bitAt(Uint8Array.of(0b101), 0, 2) // true
 */
export function bitAt(bitmap: Uint8Array, offset: number, i: number): boolean {
  const bit = offset + i;
  return (bitmap[bit >> 3] & (1 << (bit & 7))) !== 0;
}

/**
 * The values of a plain text column chunk (Utf8, LargeUtf8 or Utf8View) as strings, null where
 * missing. ASCII buffers are decoded once and sliced per value.
 *
 * Degenerate case: an empty chunk gives `[]`. Throws `InternalError` for other types (dictionaries
 * are decoded by their callers, entry by entry).
 * @example readTexts(batch.getChild('sex')!.data[0]) // ['Male', 'Female', null, …]
 */
export function readTexts(data: Data): (string | null)[] {
  const { type, length: n } = data;
  const out = new Array<string | null>(n);
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) {
    const raw = data.valueOffsets as Int32Array | BigInt64Array;
    const starts: ArrayLike<number> = raw instanceof BigInt64Array ? Float64Array.from(raw, Number) : raw;
    const bytes = data.values as Uint8Array;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const first = n > 0 ? starts[0] : 0;
    const last = n > 0 ? starts[n] : 0;
    let ascii = true;
    for (let b = first; b < last; b++) {
      if (bytes[b] > 0x7f) {
        ascii = false;
        break;
      }
    }
    // For ASCII, byte offsets are character offsets: one decode, then substrings.
    const all = ascii ? buf.toString('latin1', first, last) : '';
    for (let i = 0; i < n; i++) out[i] = ascii ? all.slice(starts[i] - first, starts[i + 1] - first) : buf.toString('utf8', starts[i], starts[i + 1]);
  } else if (DataType.isUtf8View(type)) {
    const vector = makeVector(data);
    for (let i = 0; i < n; i++) out[i] = vector.get(i) as string | null;
  } else {
    throw new InternalError(`not a text column: ${(type as { toString(): string }).toString()}`);
  }
  const bitmap = data.nullCount > 0 && data.nullBitmap && data.nullBitmap.length > 0 ? data.nullBitmap : null;
  if (bitmap) for (let i = 0; i < n; i++) if (!bitAt(bitmap, data.offset, i)) out[i] = null;
  return out;
}
