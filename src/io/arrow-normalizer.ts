import {
  DataType,
  Dictionary,
  Field,
  Float64,
  Int32,
  RecordBatch,
  Schema,
  Struct,
  Type,
  Utf8,
  makeData,
  util,
  type Data,
  type Decimal,
  type Vector,
} from 'apache-arrow';
import { DictionaryBuilder } from './dictionary-builder.js';

/** How one column is brought to assay's column types. */
type Conversion =
  'keep' | 'int32' | 'float64' | 'int64' | 'uint64' | 'decimal' | 'float16' | 'string' | 'indices';

interface Column {
  /** Index of the column in the file's batches. */
  index: number;
  conversion: Conversion;
  field: Field;
  dictionary?: DictionaryBuilder;
  /** With `reuseBuffers`: the converted values of the last batch, refilled for the next. */
  buffer?: Int32Array | Float64Array;
}

/**
 * Brings Arrow record batches read from a file to the column types every assay source
 * produces, so that downstream code handles one small set:
 *
 * | file type                                   | becomes                              |
 * |---------------------------------------------|--------------------------------------|
 * | Int8, Int16, Uint8, Uint16                  | Int32                                |
 * | Int32, Float64, Bool, Date, Timestamp       | unchanged                            |
 * | Uint32, Int64, Uint64, Float16, Float32, Decimal | Float64 (64-bit integers exact up to 2^53) |
 * | Utf8, LargeUtf8                             | Dictionary<Utf8, Int32>, one dictionary per batch |
 * | Dictionary<Utf8, any integer index>         | Dictionary<Utf8, Int32> (same dictionary) |
 * | anything else (lists, structs, binary, …)   | unchanged                            |
 *
 * It also selects columns (by position) and renames them (for repeated names). Nulls are
 * kept (validity bitmaps are copied, realigned when a batch is a slice).
 *
 * @example
 * const normalizer = new ArrowNormalizer(reader.schema, [0, 2], ['y_true', 'score']);
 * const batch = normalizer.normalize(fileBatch);
 */
export class ArrowNormalizer {
  /** The schema of normalized batches. */
  readonly schema: Schema;
  private readonly columns: Column[];
  private readonly identity: boolean;

  /**
   * @param source the file's schema
   * @param indices positions of the columns to keep, in output order
   * @param names output names of those columns (same length as `indices`)
   * @param reuseBuffers converted columns of a batch are refilled for the next one (for a
   *   reader done with each batch before it normalizes the next; see `SourceOptions.reuseBuffers`)
   */
  constructor(
    source: Schema,
    indices: readonly number[],
    names: readonly string[],
    private readonly reuseBuffers = false,
  ) {
    // text columns turned into dictionaries get ids of their own, above the file's dictionaries'
    // (a schema refuses two different dictionaries with one id)
    let nextId = Math.max(-1, ...source.fields.map((f) => (DataType.isDictionary(f.type) ? (f.type).id : -1))) + 1;
    this.columns = indices.map((index, k) => planColumn(source.fields[index], index, names[k], () => nextId++));
    this.schema = new Schema(
      this.columns.map((c) => c.field),
      source.metadata,
    );
    this.identity =
      indices.length === source.fields.length &&
      this.columns.every(
        (c, k) => c.index === k && c.conversion === 'keep' && c.field.name === source.fields[k].name,
      );
  }

  /** The batch with the schema's columns and types. */
  normalize(batch: RecordBatch): RecordBatch {
    if (this.identity) return batch;
    const children = this.columns.map((column) => convert(column, batch.data.children[column.index], this.reuseBuffers));
    const struct = makeData({
      type: new Struct(this.schema.fields),
      length: batch.numRows,
      nullCount: 0,
      children,
    });
    return new RecordBatch(this.schema, struct);
  }
}

function planColumn(field: Field, index: number, name: string, newId: () => number): Column {
  const type = field.type as DataType;
  const conversion = conversionOf(type);
  let outType: DataType = type;
  if (conversion === 'int32') outType = new Int32();
  else if (['float64', 'int64', 'uint64', 'decimal', 'float16'].includes(conversion)) outType = new Float64();
  else if (conversion === 'string' || conversion === 'indices') {
    outType = new Dictionary(
      new Utf8(),
      new Int32(),
      conversion === 'indices' ? (type as Dictionary).id : newId(),
    );
  }
  return {
    index,
    conversion,
    // 64-bit integers carried as Float64 are marked, so their values print as integers.
    field: new Field(
      name,
      outType,
      field.nullable,
      conversion === 'int64' || conversion === 'uint64'
        ? new Map([...field.metadata, ['assay.integer', 'true']])
        : field.metadata,
    ),
    dictionary: conversion === 'string' ? new DictionaryBuilder() : undefined,
  };
}

function conversionOf(type: DataType): Conversion {
  switch (type.typeId) {
    case Type.Int: {
      const { bitWidth, isSigned } = type as unknown as { bitWidth: number; isSigned: boolean };
      if (bitWidth === 32 && isSigned) return 'keep';
      if (bitWidth < 32) return 'int32';
      if (bitWidth === 32) return 'float64';
      return isSigned ? 'int64' : 'uint64';
    }
    case Type.Float: {
      const { precision } = type as unknown as { precision: number };
      return precision === 2 ? 'keep' : precision === 1 ? 'float64' : 'float16';
    }
    case Type.Decimal:
      return 'decimal';
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'string';
    case Type.Dictionary: {
      const dict = type as Dictionary<DataType>;
      if (dict.dictionary.typeId !== Type.Utf8) return 'keep';
      const indices = dict.indices as unknown as { bitWidth: number; isSigned: boolean };
      return indices.bitWidth === 32 && indices.isSigned ? 'keep' : 'indices';
    }
    default:
      return 'keep';
  }
}

/** An Int32Array or Float64Array of `length` for a column's converted values: new, or its buffer refilled. */
function output<T extends Int32Array | Float64Array>(column: Column, length: number, reuse: boolean, make: (n: number) => T): T {
  if (!reuse) return make(length);
  const kept = column.buffer as T | undefined;
  if (kept !== undefined && kept.length >= length) return kept.subarray(0, length) as T;
  const fresh = make(length);
  column.buffer = fresh;
  return fresh;
}

const int32s = (n: number) => new Int32Array(n);
const float64s = (n: number) => new Float64Array(n);

function convert(column: Column, data: Data, reuse: boolean): Data {
  const { length, nullCount } = data;
  const nullBitmap = nullCount > 0 ? util.truncateBitmap(data.offset, length, data.nullBitmap) : undefined;
  // IPC buffers are padded: the typed array may be longer than the column
  const values = (data.values as Int32Array).subarray(0, length);
  switch (column.conversion) {
    case 'keep':
      return data;
    case 'int32': {
      const out = output(column, length, reuse, int32s);
      out.set(values);
      return makeData({ type: new Int32(), length, nullCount, nullBitmap, data: out });
    }
    case 'float64': {
      const out = output(column, length, reuse, float64s);
      out.set(values);
      return makeData({ type: new Float64(), length, nullCount, nullBitmap, data: out });
    }
    case 'int64':
    case 'uint64': {
      // out[i] = Number(int64[i]), from the two 32-bit halves (no bigint per value)
      const raw = data.values as BigInt64Array;
      const words = new Uint32Array(raw.buffer, raw.byteOffset, length * 2);
      const out = output(column, length, reuse, float64s);
      if (column.conversion === 'int64') {
        for (let i = 0; i < length; i++) out[i] = (words[2 * i + 1] | 0) * 4294967296 + words[2 * i];
      } else {
        for (let i = 0; i < length; i++) out[i] = words[2 * i + 1] * 4294967296 + words[2 * i];
      }
      return makeData({ type: new Float64(), length, nullCount, nullBitmap, data: out });
    }
    case 'float16':
    case 'decimal': {
      const out = new Float64Array(length);
      if (column.conversion === 'float16') {
        const halves = data.values as Uint16Array;
        for (let i = 0; i < length; i++) out[i] = util.uint16ToFloat64(halves[i]);
      } else {
        decimalsToFloat64(data, out);
      }
      return makeData({ type: new Float64(), length, nullCount, nullBitmap, data: out });
    }
    case 'string':
      return stringsToDictionary(column, data, nullBitmap);
    case 'indices': {
      const out = output(column, length, reuse, int32s);
      out.set(values);
      return makeData({
        type: column.field.type as Dictionary<Utf8, Int32>,
        length,
        nullCount,
        nullBitmap,
        data: out,
        dictionary: data.dictionary as Vector<Utf8>,
      });
    }
  }
}

function stringsToDictionary(column: Column, data: Data, nullBitmap: Uint8Array | undefined): Data {
  const { length, nullCount } = data;
  const dictionary = column.dictionary!;
  const bytes = data.values as Uint8Array;
  const codes = new Int32Array(length);
  // LargeUtf8 offsets are 64-bit: read them as numbers once, then one loop for both
  const offsets =
    data.valueOffsets instanceof BigInt64Array
      ? Float64Array.from(data.valueOffsets, Number)
      : (data.valueOffsets as Int32Array);
  for (let i = 0; i < length; i++) {
    if (nullBitmap && ((nullBitmap[i >> 3] >> (i & 7)) & 1) === 0) continue; // null: code 0
    codes[i] = dictionary.add(bytes, offsets[i], offsets[i + 1] - offsets[i]);
  }
  return makeData({
    type: column.field.type as Dictionary<Utf8, Int32>,
    length,
    nullCount,
    nullBitmap,
    data: codes,
    dictionary: dictionary.finish(),
  });
}

/** out[i] = the decimal's integer words (little-endian, two's complement) / 10^scale. */
function decimalsToFloat64(data: Data, out: Float64Array): void {
  const type = data.type as Decimal;
  const words = data.values as Uint32Array;
  const stride = type.bitWidth / 32;
  const scale = 10 ** type.scale;
  for (let i = 0; i < out.length; i++) {
    let value = 0n;
    for (let w = stride - 1; w >= 0; w--) value = (value << 32n) | BigInt(words[i * stride + w]);
    out[i] = Number(BigInt.asIntN(type.bitWidth, value)) / scale;
  }
}
