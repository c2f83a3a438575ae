import { DataType, Precision, makeVector, type Data } from 'apache-arrow';
import { InternalError } from '../core/errors.js';
import { arrowTypeName, isValidAt } from './column-strings.js';

/** Whether typed arrays on this machine are little-endian (all platforms onnxruntime ships for). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const TWO_32 = 4294967296;

/**
 * 64-bit integers as numbers, read as two 32-bit halves (exact up to 2^53, rounded beyond, as
 * `Number(v)` would be) — much faster than converting each BigInt.
 */
function int64ToNumbers(values: BigInt64Array | BigUint64Array, length: number, out: Float64Array): void {
  if (!LITTLE_ENDIAN) {
    for (let i = 0; i < length; i++) out[i] = Number(values[i]);
    return;
  }
  const lo = new Uint32Array(values.buffer, values.byteOffset, length * 2);
  if (values instanceof BigInt64Array) {
    const hi = new Int32Array(values.buffer, values.byteOffset, length * 2);
    // out[i] = Number(values[i])
    for (let i = 0; i < length; i++) out[i] = hi[2 * i + 1] * TWO_32 + lo[2 * i];
  } else {
    for (let i = 0; i < length; i++) out[i] = lo[2 * i + 1] * TWO_32 + lo[2 * i];
  }
}

/**
 * The values of a numeric or boolean column chunk as float64, `NaN` where missing: integers
 * (64-bit ones exact up to 2^53), floats (float16 and float32 widened exactly), booleans as 0/1,
 * decimals scaled, dictionaries of numbers decoded.
 *
 * Degenerate cases: an empty chunk gives an empty array; an all-null (`Null` type) chunk gives all
 * `NaN`. Throws `InternalError` for text or nested types (the planner never sends them here).
 * @example columnNumbers(batch.getChild('age')!.data[0]) // Float64Array [25, 38, …]
 */
export function columnNumbers(data: Data): Float64Array {
  const { type, length } = data;
  const out = new Float64Array(length);
  if (DataType.isNull(type)) {
    out.fill(Number.NaN);
    return out;
  }
  if (DataType.isDictionary(type)) {
    const dictionary = data.dictionary;
    if (!dictionary) throw new InternalError('dictionary column without a dictionary');
    const parts = (dictionary.data as Data[]).map((chunk) => columnNumbers(chunk));
    const words = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      words.set(p, at);
      at += p.length;
    }
    const indices = data.values as ArrayLike<number | bigint>;
    for (let i = 0; i < length; i++) out[i] = words[Number(indices[i])] ?? Number.NaN;
  } else if (DataType.isBool(type)) {
    const bits = data.values as Uint8Array;
    for (let i = 0; i < length; i++) out[i] = isValidAt(bits, data.offset, i) ? 1 : 0;
  } else if (DataType.isInt(type) && type.bitWidth === 64) {
    int64ToNumbers(data.values as BigInt64Array | BigUint64Array, length, out);
  } else if (
    (DataType.isInt(type) || DataType.isFloat(type)) &&
    !(DataType.isFloat(type) && type.precision === Precision.HALF)
  ) {
    out.set((data.values as Float64Array).subarray(0, length));
  } else if (DataType.isFloat(type) || DataType.isDecimal(type)) {
    // Float16 and decimals: rare, so the vector's own getter is good enough.
    const vector = makeVector(data);
    const scale = DataType.isDecimal(type) ? type.scale : undefined;
    for (let i = 0; i < length; i++) {
      const v = vector.get(i) as unknown;
      out[i] =
        v === null
          ? Number.NaN
          : typeof v === 'number'
            ? v
            : (v as { valueOf(scale?: number): number }).valueOf(scale);
    }
  } else {
    throw new InternalError(`not a numeric column: ${arrowTypeName(type)}`);
  }
  if (data.nullCount > 0 && data.nullBitmap && data.nullBitmap.length > 0) {
    for (let i = 0; i < length; i++) if (!isValidAt(data.nullBitmap, data.offset, i)) out[i] = Number.NaN;
  }
  return out;
}
