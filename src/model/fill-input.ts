import { DataType, Precision, makeVector, type Data, type RecordBatch } from 'apache-arrow';
import { AuditError, InternalError } from '../core/errors.js';
import { columnNumbers, LITTLE_ENDIAN } from './column-numbers.js';
import { copyStrings, copyTextCodes } from './column-strings.js';
import { ValueDictionary } from '../metrics/columns.js';
import { inputBuffer } from './input-buffers.js';
import type { TextCodes } from './model-session.js';
import { booleanOf } from '../metrics/boolean-names.js';
import { tensorTypeString, type OnnxElementType } from './onnx-types.js';
import {
  columnKind,
  conversionOf,
  integerRange,
  isIntegerElement,
  isIntegerField,
  type InputMapping,
} from './plan-inputs.js';

/** Data of one input tensor, in the typed array onnxruntime expects for its element type. */
export type InputData =
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array
  | string[];

type NumberArray =
  Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;

/**
 * Allocates the data array of a tensor of `size` elements, over a spare buffer when one of the
 * size is kept ({@link inputBuffer}): every element is written by the fill, so its old
 * contents never show.
 */
export function allocateInput(elemType: OnnxElementType, size: number): InputData {
  switch (elemType) {
    case 'float32':
      return new Float32Array(inputBuffer(4 * size));
    case 'float64':
      return new Float64Array(inputBuffer(8 * size));
    case 'int64':
      return new BigInt64Array(inputBuffer(8 * size));
    case 'uint64':
      return new BigUint64Array(inputBuffer(8 * size));
    case 'int32':
      return new Int32Array(inputBuffer(4 * size));
    case 'int16':
      return new Int16Array(inputBuffer(2 * size));
    case 'int8':
      return new Int8Array(inputBuffer(size));
    case 'uint32':
      return new Uint32Array(inputBuffer(4 * size));
    case 'uint16':
      return new Uint16Array(inputBuffer(2 * size));
    case 'uint8':
    case 'bool':
      return new Uint8Array(inputBuffer(size));
    case 'string':
      return new Array<string>(size);
    default:
      throw new InternalError(`cannot allocate an input of type ${elemType}`);
  }
}

/** Where a column chunk goes, for conversion and for messages. */
interface Target {
  elemType: OnnxElementType;
  column: string;
  input: string;
  /**
   * Index of the chunk's first row (0-based): among the rows of the data when `absolute`, else
   * among the rows being filled (default 0).
   */
  firstRow?: number;
  /** Whether `firstRow` counts from the start of the data, so messages name rows of the data. */
  absolute?: boolean;
}

/** `row 4322` (a row of the data) or `row 5 of the batch` for element `i` of the chunk. */
function rowOf(t: Target, i: number): string {
  const row = (t.firstRow ?? 0) + i + 1;
  return t.absolute === true ? `row ${row}` : `row ${row} of the batch`;
}

function lossy(t: Target, what: string): AuditError {
  return new AuditError(
    `${what} in column ${t.column} cannot feed ${tensorTypeString(t.elemType)} input ${t.input}`,
  );
}

/**
 * Why number `v` (element `i` of `data`) cannot feed an integer or text input. A whole number of
 * magnitude 2^53 or more may already have been rounded (assay carries numbers as doubles), so it
 * is quoted as read, with that caveat; 64-bit integer columns are quoted exactly.
 */
function describeBad(data: Data, v: number, i: number, t: Target): string {
  const row = rowOf(t, i);
  if (Number.isNaN(v)) return `a missing or NaN value (${row})`;
  if (DataType.isInt(data.type) && data.type.bitWidth === 64) {
    const exact = makeVector(data).get(i) as bigint | null;
    if (exact !== null) return `value ${exact} (out of range, ${row})`;
  }
  if (!Number.isFinite(v)) return `value ${v} (out of range, ${row})`;
  if (!Number.isInteger(v)) return `non-integer value ${v} (${row})`;
  if (Math.abs(v) > Number.MAX_SAFE_INTEGER) {
    // The double's exact value: String(2 ** 60) would print 1152921504606847000.
    return `a value beyond ±2^53, which assay cannot carry exactly (read as ${BigInt(v)}, possibly rounded; ${row})`;
  }
  return `value ${v} (out of range, ${row})`;
}

/** A fixed-width numeric column whose raw values array can be copied as is (no nulls). */
function plainValues(data: Data): NumberArray | null {
  const { type } = data;
  if (data.nullCount > 0 || DataType.isDictionary(type)) return null;
  if (DataType.isInt(type) && type.bitWidth < 64) return data.values as NumberArray;
  if (DataType.isFloat(type) && type.precision !== Precision.HALF) return data.values as NumberArray;
  return null;
}

/** Whether every value of the (non-dictionary) integer column fits the number array type. */
function fitsNumberArray(type: DataType, elemType: OnnxElementType): boolean {
  if (!DataType.isInt(type) || type.bitWidth === 64) return false;
  const [lo, hi] = integerRange(elemType);
  const min = type.isSigned ? -(2 ** (type.bitWidth - 1)) : 0;
  const max = type.isSigned ? 2 ** (type.bitWidth - 1) - 1 : 2 ** type.bitWidth - 1;
  return min >= lo && max <= hi;
}

const MAX_INT64 = 2n ** 63n - 1n;
const TWO_32 = 4294967296;

function writeStrings(data: Data, dest: string[], base: number, stride: number, t: Target): void {
  const kind = columnKind(data.type);
  const n = data.length;
  if (kind === 'string') {
    const missing = copyStrings(data, dest, base, stride);
    if (missing >= 0) throw lossy(t, `a missing value (${rowOf(t, missing)})`);
    return;
  }
  if (kind === 'null') {
    if (n > 0) throw lossy(t, `a missing value (${rowOf(t, 0)})`);
    return;
  }
  // Integers as decimal text (the planner refuses other kinds): 64-bit integers exactly, integers
  // carried as floats (`assay.integer`) only while exact, so 1234 → "1234", never "1234.0".
  const big = DataType.isInt(data.type) && data.type.bitWidth === 64 ? makeVector(data) : null;
  if (big) {
    for (let i = 0; i < n; i++) {
      const v = big.get(i) as bigint | null;
      if (v === null) throw lossy(t, `a missing value (${rowOf(t, i)})`);
      dest[base + i * stride] = String(v);
    }
    return;
  }
  const numbers = columnNumbers(data);
  for (let i = 0; i < n; i++) {
    const v = numbers[i];
    if (Number.isNaN(v)) throw lossy(t, `a missing value (${rowOf(t, i)})`);
    if (!Number.isSafeInteger(v)) throw lossy(t, describeBad(data, v, i, t));
    dest[base + i * stride] = String(v);
  }
}

function writeFloats(data: Data, dest: Float32Array | Float64Array, base: number, stride: number): void {
  const n = data.length;
  const plain = plainValues(data);
  const values = plain ?? columnNumbers(data);
  if (stride === 1) {
    // The typed-array copy converts element types (e.g. float64 → float32, int32 → float64).
    dest.set(values.subarray(0, n), base);
  } else {
    for (let i = 0; i < n; i++) dest[base + i * stride] = values[i];
  }
}

function writeBigInts(
  data: Data,
  dest: BigInt64Array | BigUint64Array,
  base: number,
  stride: number,
  t: Target,
): void {
  const n = data.length;
  const { type } = data;
  const unsigned = dest instanceof BigUint64Array;
  if (DataType.isInt(type) && type.bitWidth === 64 && !DataType.isDictionary(type)) {
    const values = data.values as BigInt64Array | BigUint64Array;
    const sameSign = values instanceof BigUint64Array === unsigned;
    if (sameSign && data.nullCount === 0 && stride === 1) {
      dest.set(values.subarray(0, n), base);
      return;
    }
    const numbers = data.nullCount > 0 ? columnNumbers(data) : null;
    for (let i = 0; i < n; i++) {
      if (numbers && Number.isNaN(numbers[i])) throw lossy(t, `a missing value (${rowOf(t, i)})`);
      const v = values[i];
      if ((unsigned && v < 0n) || (!unsigned && v > MAX_INT64))
        throw lossy(t, `value ${v} (out of range, ${rowOf(t, i)})`);
      dest[base + i * stride] = v;
    }
    return;
  }
  const numbers = plainValues(data) ?? columnNumbers(data);
  const [lo, hi] = integerRange(t.elemType);
  const words = LITTLE_ENDIAN ? new Int32Array(dest.buffer, dest.byteOffset, dest.length * 2) : null;
  for (let i = 0; i < n; i++) {
    const v = numbers[i];
    if (!Number.isInteger(v) || v < lo || v > hi) throw lossy(t, describeBad(data, v, i, t));
    const at = base + i * stride;
    if (words) {
      // dest[at] = BigInt(v), written as two 32-bit halves
      const high = Math.floor(v / TWO_32);
      words[2 * at] = (v - high * TWO_32) | 0;
      words[2 * at + 1] = high;
    } else {
      dest[at] = BigInt(v);
    }
  }
}

function writeIntegers(data: Data, dest: NumberArray, base: number, stride: number, t: Target): void {
  const n = data.length;
  const plain = plainValues(data);
  if (plain && stride === 1 && fitsNumberArray(data.type, t.elemType)) {
    dest.set(plain.subarray(0, n), base);
    return;
  }
  const numbers = plain ?? columnNumbers(data);
  const [lo, hi] = integerRange(t.elemType);
  for (let i = 0; i < n; i++) {
    const v = numbers[i];
    if (!Number.isInteger(v) || v < lo || v > hi) throw lossy(t, describeBad(data, v, i, t));
    dest[base + i * stride] = v;
  }
}

function writeBools(data: Data, dest: Uint8Array, base: number, stride: number, t: Target): void {
  const n = data.length;
  if (columnKind(data.type) === 'string') {
    // text naming booleans (a CSV column of yes / no): each value must name one
    const words = new Array<string>(n);
    const missing = copyStrings(data, words, 0, 1);
    if (missing >= 0) throw lossy(t, `a missing value (${rowOf(t, missing)})`);
    for (let i = 0; i < n; i++) {
      const bit = booleanOf(words[i].trim());
      if (bit === null) throw lossy(t, `value ${JSON.stringify(words[i])} (not true/false, yes/no, t/f or 1/0, ${rowOf(t, i)})`);
      dest[base + i * stride] = bit;
    }
    return;
  }
  const numbers = columnNumbers(data);
  for (let i = 0; i < n; i++) {
    const v = numbers[i];
    if (v !== 0 && v !== 1)
      throw lossy(
        t,
        Number.isNaN(v) ? `a missing value (${rowOf(t, i)})` : `value ${v} (not 0 or 1, ${rowOf(t, i)})`,
      );
    dest[base + i * stride] = v;
  }
}

/**
 * Writes one column chunk into a tensor's data: element `i` goes to `base + i * stride` (stride is
 * the number of columns of a packed `[N, k]` input). Converts to the element type, checking the
 * value-dependent losses: a missing value into a type without one, a non-integer or out-of-range
 * number into an integer type, a value other than 0/1 into bool, a whole number carried as a float
 * beyond ±2^53 (possibly rounded already) into an integer or text input. Missing values become
 * `NaN` in float inputs. Messages name rows by `t.firstRow` (see {@link fillInput}).
 * @example writeColumn(batch.data.children[0], data, 0, 1, { elemType: 'int64', column: 'age', input: 'age' })
 */
export function writeColumn(data: Data, dest: InputData, base: number, stride: number, t: Target): void {
  const { elemType } = t;
  if (elemType === 'string') writeStrings(data, dest as string[], base, stride, t);
  else if (elemType === 'float32' || elemType === 'float64')
    writeFloats(data, dest as Float32Array | Float64Array, base, stride);
  else if (elemType === 'int64' || elemType === 'uint64')
    writeBigInts(data, dest as BigInt64Array | BigUint64Array, base, stride, t);
  else if (elemType === 'bool') writeBools(data, dest as Uint8Array, base, stride, t);
  else if (isIntegerElement(elemType)) writeIntegers(data, dest as NumberArray, base, stride, t);
  else throw new InternalError(`cannot feed element type ${elemType}`);
}

/** The mapping's columns and element type; throws `InternalError` for an input the planner refused. */
function planned(mapping: InputMapping): { columns: string[]; elemType: OnnxElementType } {
  const { columns, elemType } = mapping;
  if (columns === null || elemType === null || mapping.error !== null)
    throw new InternalError(`input ${mapping.input} is not planned`);
  return { columns, elemType };
}

/**
 * Calls `write` for each column chunk of the input's rows, in order: the chunk, where its first
 * element goes (`base`, `stride` = k), and its target (for conversions and messages). Checks
 * that every batch has the columns, with a type the input accepts.
 */
function eachChunk(
  mapping: InputMapping,
  batches: readonly RecordBatch[],
  rows: number,
  firstRow: number | undefined,
  write: (data: Data, base: number, stride: number, target: Target) => void,
): void {
  const { columns, elemType } = planned(mapping);
  const k = columns.length;
  let rowBase = 0;
  for (const batch of batches) {
    const fields = batch.schema.fields;
    for (let j = 0; j < k; j++) {
      const column = columns[j];
      const index = fields.findIndex((f) => f.name === column);
      if (index < 0) throw new AuditError(`missing column: ${column} (for model input ${mapping.input})`);
      const data = batch.data.children[index];
      const conversion = conversionOf(
        column,
        data.type,
        elemType,
        mapping.input,
        isIntegerField(fields[index]),
      );
      if (conversion.error) throw new AuditError(conversion.error);
      write(data, rowBase * k + j, k, {
        elemType,
        column,
        input: mapping.input,
        firstRow: (firstRow ?? 0) + rowBase,
        absolute: firstRow !== undefined,
      });
    }
    rowBase += batch.numRows;
  }
  if (rowBase !== rows) throw new InternalError(`batches hold ${rowBase} rows, expected ${rows}`);
}

/**
 * Builds the data of one model input from the rows of `batches` (concatenated, in order):
 * `rows × k` elements, row-major, column `j` of the mapping at position `row * k + j`. Each
 * batch's column type is checked again (batches of one stream may differ, e.g. a dictionary in
 * one batch and plain text in the next).
 *
 * Float columns marked as whole numbers (`assay.integer`, see {@link isIntegerField}) convert as
 * integers.
 *
 * Throws `AuditError` for a missing column or a lossy value, naming the column, the input and the
 * row: a row of the data (`row 4322`, 1-based) when `firstRow` — the 0-based index in the data of
 * the first row of `batches` — is given, else a row of these batches (`row 5 of the batch`).
 * @example fillInput(mapping, [batch], batch.numRows) // BigInt64Array for an int64 input
 */
export function fillInput(
  mapping: InputMapping,
  batches: readonly RecordBatch[],
  rows: number,
  firstRow?: number,
): InputData {
  const { columns, elemType } = planned(mapping);
  const dest = allocateInput(elemType, rows * columns.length);
  eachChunk(mapping, batches, rows, firstRow, (data, base, stride, t) => writeColumn(data, dest, base, stride, t));
  return dest;
}

/**
 * The data of a text (`tensor(string)`) input as codes into its distinct words, in the layout of
 * {@link fillInput}: a batch's worth of text handed to another thread as one integer array and a
 * short word list instead of a string per element. Same checks and messages as `fillInput`.
 * @example fillTextCodes(mapping, [batch], batch.numRows) // { codes: Int32Array [0, 1, 0], words: ['a', 'b'] }
 */
export function fillTextCodes(
  mapping: InputMapping,
  batches: readonly RecordBatch[],
  rows: number,
  firstRow?: number,
): TextCodes {
  const { columns, elemType } = planned(mapping);
  if (elemType !== 'string') throw new InternalError(`input ${mapping.input} is not text`);
  const codes = new Int32Array(inputBuffer(4 * rows * columns.length));
  const table = new ValueDictionary();
  eachChunk(mapping, batches, rows, firstRow, (data, base, stride, t) => {
    if (columnKind(data.type) === 'string') {
      const missing = copyTextCodes(data, codes, base, stride, table);
      if (missing >= 0) throw lossy(t, `a missing value (${rowOf(t, missing)})`);
      return;
    }
    const words = new Array<string>(data.length);
    writeStrings(data, words, 0, 1, t);
    for (let i = 0; i < words.length; i++) codes[base + i * stride] = table.code(words[i]);
  });
  return { codes, words: table.names };
}
