import { Bool, DataType, Precision, makeData, type Data, type Int } from 'apache-arrow';
import { InternalError } from '../core/errors.js';
import { columnNumbers, LITTLE_ENDIAN } from '../model/column-numbers.js';
import { bitAt } from './read-texts.js';

/**
 * How the robustness checks treat a column: numbers (Gaussian noise), text or booleans
 * (category swaps), or neither (left untouched; reported as skipped).
 */
export type ColumnKind = 'numeric' | 'text' | 'boolean' | 'other';

/**
 * The kind of an Arrow column type: integers and 32/64-bit floats are `numeric`; Utf8,
 * LargeUtf8, Utf8View and dictionaries of text are `text`; Bool is `boolean`; everything else
 * (float16, decimals, dates, nested, all-null) is `other`.
 * @example columnKindOf(new Int32()) // 'numeric'
 */
export function columnKindOf(type: DataType): ColumnKind {
  if (DataType.isDictionary(type)) {
    const value = type.dictionary as DataType;
    return DataType.isUtf8(value) || DataType.isLargeUtf8(value) ? 'text' : 'other';
  }
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type)) return 'text';
  if (DataType.isBool(type)) return 'boolean';
  if (DataType.isInt(type)) return 'numeric';
  if (DataType.isFloat(type) && type.precision !== Precision.HALF) return 'numeric';
  return 'other';
}

/**
 * An Arrow type's name for messages (`Int64`, `Dictionary<Int32, Utf8>`).
 * @example typeName(new Float64()) // 'Float64'
 */
export function typeName(type: DataType): string {
  return (type as { toString(): string }).toString();
}

/**
 * The values of a numeric column chunk as float64, `NaN` where missing (or NaN).
 * @example readNumbers(batch.getChild('age')!.data[0]) // Float64Array
 */
export function readNumbers(data: Data): Float64Array {
  return columnNumbers(data);
}

/**
 * The values of a Bool column chunk as codes: 0 false, 1 true, −1 missing.
 * @example readBooleanCodes(batch.getChild('smoker')!.data[0]) // Int32Array [1, 0, -1, …]
 */
export function readBooleanCodes(data: Data): Int32Array {
  const n = data.length;
  const out = new Int32Array(n);
  const bits = data.values as Uint8Array;
  const nulls = data.nullCount > 0 && data.nullBitmap && data.nullBitmap.length > 0 ? data.nullBitmap : null;
  for (let i = 0; i < n; i++) {
    if (nulls && !bitAt(nulls, data.offset, i)) out[i] = -1;
    else out[i] = bitAt(bits, data.offset, i) ? 1 : 0;
  }
  return out;
}

/** A validity bitmap with bit i clear where `missing(i)`; null when nothing is missing. */
function validity(n: number, missing: (i: number) => boolean): { bitmap: Uint8Array | null; nulls: number } {
  let nulls = 0;
  for (let i = 0; i < n; i++) if (missing(i)) nulls++;
  if (nulls === 0) return { bitmap: null, nulls };
  const bitmap = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (!missing(i)) bitmap[i >> 3] |= 1 << (i & 7);
  return { bitmap, nulls };
}

const TWO_32 = 4294967296;

/**
 * A column chunk of Arrow type `type` (an Int or a 32/64-bit Float) holding `values`; `NaN`
 * becomes missing. Integer types receive the values as they are: the caller rounds and keeps
 * them within the type's range (the perturbations clip to the range observed in the data).
 * @example numericData(new Int64(), Float64Array.of(25, Number.NaN)) // [25n, null]
 */
export function numericData(type: DataType, values: Float64Array): Data {
  const n = values.length;
  const { bitmap, nulls } = validity(n, (i) => Number.isNaN(values[i]));
  const props = { length: n, nullCount: nulls, nullBitmap: bitmap ?? undefined };
  if (DataType.isFloat(type)) {
    const float = type;
    const data = float.precision === Precision.SINGLE ? new Float32Array(values) : float.precision === Precision.DOUBLE ? values : null;
    if (data === null) throw new InternalError(`cannot write float column of type ${typeName(type)}`);
    return makeData({ ...props, type: float, data: data as never });
  }
  if (!DataType.isInt(type)) throw new InternalError(`cannot write numbers into column type ${typeName(type)}`);
  const int: Int = type;
  if (int.bitWidth === 64) {
    const data = int.isSigned ? new BigInt64Array(n) : new BigUint64Array(n);
    if (LITTLE_ENDIAN) {
      // data[i] = BigInt(values[i]), written as two 32-bit halves (values are whole numbers < 2^53)
      const words = new Int32Array(data.buffer);
      for (let i = 0; i < n; i++) {
        const v = Number.isNaN(values[i]) ? 0 : values[i];
        const high = Math.floor(v / TWO_32);
        words[2 * i] = (v - high * TWO_32) | 0;
        words[2 * i + 1] = high;
      }
    } else {
      for (let i = 0; i < n; i++) (data as BigInt64Array)[i] = BigInt(Number.isNaN(values[i]) ? 0 : values[i]);
    }
    return makeData({ ...props, type: int, data: data as never });
  }
  const ArrayType = int.ArrayType as unknown as new (length: number) => Int32Array;
  const data = new ArrayType(n);
  for (let i = 0; i < n; i++) data[i] = Number.isNaN(values[i]) ? 0 : values[i];
  return makeData({ ...props, type: int, data: data as never });
}

/**
 * A Bool column chunk from codes (0 false, 1 true, −1 missing).
 * @example booleanData(Int32Array.of(1, 0, -1)) // [true, false, null]
 */
export function booleanData(codes: Int32Array): Data {
  const n = codes.length;
  const { bitmap, nulls } = validity(n, (i) => codes[i] < 0);
  const bits = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (codes[i] === 1) bits[i >> 3] |= 1 << (i & 7);
  return makeData({ type: new Bool(), length: n, nullCount: nulls, nullBitmap: bitmap ?? undefined, data: bits });
}
