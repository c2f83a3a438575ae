import {
  RecordBatch,
  Struct,
  makeData,
  type Bool,
  type Data,
  type DataType,
  type DateDay,
  type Dictionary,
  type Float64,
  type Int32,
  type Schema,
  type Timestamp,
  type Utf8,
} from 'apache-arrow';
import { AuditError, invariant } from '../core/errors.js';
import { DictionaryBuilder } from './dictionary-builder.js';
import { duckdbApi } from './duckdb-api.js';
import { duckdbBindings, type DuckDBBindings, type RawDataChunk, type RawVector } from './duckdb-bindings.js';
import type { DuckDBColumnType } from './duckdb-column-type.js';

const DuckDBTypeId = duckdbApi.DuckDBTypeId;

/**
 * Copies DuckDB data chunks (about 2,048 rows each) into Arrow record batches of `batchSize`
 * rows, column by column, straight from each vector's memory: typed-array copies for numbers,
 * bit packing for booleans and validity, and per-batch dictionary encoding for strings. No JS
 * object is made per value.
 *
 * Chunks are split across batches as needed, so every batch but the last has exactly
 * `batchSize` rows. NULLs become Arrow nulls (validity bitmap; the value slot is unspecified,
 * a string's code 0).
 *
 * With `reuseBuffers`, a batch's buffers are filled again for the next batch once the caller
 * asks for more (the next `append` or `flush`): for consumers that are done with a batch
 * before the next (an audit's engine), this spares allocating, zeroing and collecting about
 * 40 bytes per row. Batches completed within one `append` never share buffers.
 *
 * @example
 * const assembler = new DuckDBBatchAssembler(schema, columnTypes, 65_536);
 * for (const chunk of chunks) for (const batch of assembler.append(chunk.chunk, chunk.rowCount)) use(batch);
 * const last = assembler.flush(); // null when nothing is pending
 */
export class DuckDBBatchAssembler {
  private readonly writers: ColumnWriter[];
  private readonly bindings: DuckDBBindings;
  private filled = 0;
  /** Each emitted batch's value buffers (one per column), until it is recycled. */
  private readonly emitted = new WeakMap<RecordBatch, ValueBuffer[]>();
  /** Buffers of recycled batches, for the next batches (see {@link recycle}). */
  private readonly spare = new SpareBuffers();

  constructor(
    private readonly schema: Schema,
    columnTypes: readonly DuckDBColumnType[],
    private readonly batchSize: number,
    private readonly reuseBuffers = false,
  ) {
    invariant(schema.fields.length === columnTypes.length, 'schema and column types differ in length');
    invariant(Number.isInteger(batchSize) && batchSize > 0, `invalid batch size: ${batchSize}`);
    this.bindings = duckdbBindings();
    this.writers = columnTypes.map((type, i) =>
      makeWriter(type, schema.fields[i].type as DataType, this.bindings, schema.fields[i].name, this.spare),
    );
    for (const writer of this.writers) writer.begin(batchSize, false);
  }

  /**
   * Adds one chunk of `rowCount` rows; returns the batches it completed (often none). The chunk
   * is emptied afterwards (its memory is copied out and must not be read again).
   */
  append(chunk: RawDataChunk, rowCount: number): RecordBatch[] {
    const done: RecordBatch[] = [];
    if (rowCount === 0) return done;
    for (let c = 0; c < this.writers.length; c++) {
      this.writers[c].attach(this.bindings.data_chunk_get_vector(chunk, c), rowCount);
    }
    let offset = 0;
    while (offset < rowCount) {
      const take = Math.min(rowCount - offset, this.batchSize - this.filled);
      for (const writer of this.writers) writer.write(offset, take, this.filled);
      offset += take;
      this.filled += take;
      // the chunk's remaining rows go to the next batch now, before this one is consumed: fresh buffers then
      if (this.filled === this.batchSize) done.push(this.emit(this.reuseBuffers && offset === rowCount));
    }
    for (const writer of this.writers) writer.detach();
    // the chunk itself is freed only when the GC finalizes it, which V8 does not hurry for
    // native memory: release its string heap now
    this.bindings.data_chunk_reset(chunk);
    return done;
  }

  /**
   * The caller is done with `batch` (one this assembler emitted) and every view into it: its
   * value buffers are filled again for later batches instead of new ones. For consumers that
   * keep a few batches under way (a model audit), where `reuseBuffers` cannot apply. A batch
   * recycled twice, or not emitted here, is ignored.
   */
  recycle(batch: RecordBatch): void {
    const buffers = this.emitted.get(batch);
    if (buffers === undefined) return;
    this.emitted.delete(batch);
    for (const buffer of buffers) this.spare.give(buffer);
  }

  /** The pending rows as a last, shorter batch, or null when none are pending. */
  flush(): RecordBatch | null {
    return this.filled > 0 ? this.emit(this.reuseBuffers) : null;
  }

  /** The batch filled so far; `reuse`: the next batch may refill its buffers. */
  private emit(reuse: boolean): RecordBatch {
    const length = this.filled;
    const children = this.writers.map((writer) => writer.finish(length));
    const buffers = reuse ? null : this.writers.map((writer) => writer.valueBuffer());
    this.filled = 0;
    for (const writer of this.writers) writer.begin(this.batchSize, reuse);
    const struct = makeData({ type: new Struct(this.schema.fields), length, nullCount: 0, children });
    const batch = new RecordBatch(this.schema, struct);
    if (buffers !== null) this.emitted.set(batch, buffers);
    return batch;
  }
}

const EMPTY = new Uint8Array(0);

/** A column's value buffer (values, codes or bits) for one batch. */
type ValueBuffer = Float64Array | Int32Array | BigInt64Array | Uint8Array;

/** Value buffers of recycled batches, by type and length, for the next batches. */
class SpareBuffers {
  private readonly lists = new Map<string, ValueBuffer[]>();

  give(buffer: ValueBuffer): void {
    const key = `${buffer.constructor.name}:${buffer.length}`;
    const list = this.lists.get(key);
    if (list === undefined) this.lists.set(key, [buffer]);
    else list.push(buffer);
  }

  /** A recycled buffer of this type and length (old contents remain), or null. */
  take<T extends ValueBuffer>(Type: new (n: number) => T, length: number): T | null {
    return (this.lists.get(`${Type.name}:${length}`)?.pop() as T | undefined) ?? null;
  }
}

/**
 * The buffer again when `reuse` allows and it has `length` entries, else a recycled one of the
 * length (its old contents remain: every row of a batch is written), else a new one.
 */
function refill<T extends ValueBuffer>(buffer: T, length: number, reuse: boolean, Type: new (n: number) => T, spare: SpareBuffers): T {
  return reuse && buffer.length === length ? buffer : (spare.take(Type, length) ?? new Type(length));
}

/** Copies one column of successive chunks into one batch's buffers. */
abstract class ColumnWriter {
  /** Validity bitmap of the batch being filled, all ones until a null arrives. */
  protected bitmap: Uint8Array | null = null;
  protected nullCount = 0;
  protected capacity = 0;
  /** The attached chunk's data bytes and validity bytes (null = all valid). */
  protected data: Uint8Array = EMPTY;
  protected validity: Uint8Array | null = null;
  protected rows = 0;

  constructor(
    protected readonly column: DuckDBColumnType,
    protected readonly type: DataType,
    protected readonly bindings: DuckDBBindings,
    protected readonly name: string,
    /** Value buffers of recycled batches, shared by the assembler's writers. */
    protected readonly spare: SpareBuffers,
  ) {}

  /** Starts a batch of up to `capacity` rows; `reuse`: the previous batch's buffers may be filled again. */
  begin(capacity: number, reuse: boolean): void {
    this.capacity = capacity;
    this.bitmap = null;
    this.nullCount = 0;
    this.allocate(capacity, reuse);
  }

  attach(vector: RawVector, rows: number): void {
    this.rows = rows;
    this.data = this.bindings.vector_get_data(vector, rows * this.column.width);
    this.validity = this.bindings.vector_get_validity(vector, Math.ceil(rows / 64) * 8);
  }

  detach(): void {
    this.data = EMPTY;
    this.validity = null;
  }

  write(srcOffset: number, count: number, dstOffset: number): void {
    if (this.validity) this.copyNulls(this.validity, srcOffset, count, dstOffset);
    this.copyValues(srcOffset, count, dstOffset);
  }

  finish(length: number): Data {
    const bitmap = this.nullCount > 0 ? this.bitmap!.subarray(0, (length + 7) >> 3) : undefined;
    return this.build(length, this.nullCount, bitmap);
  }

  /** Whether the attached chunk's row `index` is valid. */
  protected isValid(index: number): boolean {
    const validity = this.validity;
    return validity === null || ((validity[index >> 3] >> (index & 7)) & 1) === 1;
  }

  /** Buffers for a batch of `capacity` rows: new ones, or with `reuse` the last ones when they fit. */
  protected abstract allocate(capacity: number, reuse: boolean): void;
  /** The value buffer (values, codes or bits) of the batch just finished, whole. */
  abstract valueBuffer(): ValueBuffer;
  protected abstract copyValues(srcOffset: number, count: number, dstOffset: number): void;
  protected abstract build(length: number, nullCount: number, bitmap: Uint8Array | undefined): Data;

  /** Clears the batch bitmap's bit for each null among the chunk's rows [srcOffset, +count). */
  private copyNulls(validity: Uint8Array, srcOffset: number, count: number, dstOffset: number): void {
    const end = srcOffset + count;
    let i = srcOffset;
    while (i < end) {
      // skip whole bytes that are all valid
      if ((i & 7) === 0 && i + 8 <= end && validity[i >> 3] === 0xff) {
        i += 8;
        continue;
      }
      if (((validity[i >> 3] >> (i & 7)) & 1) === 0) {
        if (this.bitmap === null) this.bitmap = new Uint8Array((this.capacity + 7) >> 3).fill(0xff);
        const d = dstOffset + (i - srcOffset);
        this.bitmap[d >> 3] &= ~(1 << (d & 7));
        this.nullCount++;
      }
      i++;
    }
  }
}

/**
 * The refusal of a fraction in a column DuckDB guessed as integers (both engines give it; the
 * reader prefixes the file's name).
 */
export function notWhole(column: string, value: number): string {
  return (
    `cannot read column ${column}: ${value} is not a whole number, but the rows DuckDB sampled to guess its type were ` +
    `(a CSV column is read as decimals with --column-type ${column}=double, csv.columnTypes in the library)`
  );
}

class Float64Writer extends ColumnWriter {
  private values = new Float64Array(0);

  protected allocate(capacity: number, reuse: boolean): void {
    this.values = refill(this.values, capacity, reuse, Float64Array, this.spare);
  }

  valueBuffer(): ValueBuffer {
    return this.values;
  }

  protected copyValues(srcOffset: number, count: number, dstOffset: number): void {
    const { data, values } = this;
    const base = data.byteOffset;
    switch (this.column.typeId) {
      case DuckDBTypeId.DOUBLE:
        values.set(new Float64Array(data.buffer, base + srcOffset * 8, count), dstOffset);
        break;
      case DuckDBTypeId.FLOAT:
        values.set(new Float32Array(data.buffer, base + srcOffset * 4, count), dstOffset);
        break;
      case DuckDBTypeId.UINTEGER:
        values.set(new Uint32Array(data.buffer, base + srcOffset * 4, count), dstOffset);
        break;
      // (64-bit integers arrive as DOUBLE: the query casts them, see duckdbColumnType)
      default:
        invariant(false, `float64 writer cannot read duckdb type ${this.column.typeId}`);
    }
    if (this.column.kind === 'guessed-int-as-float64') this.checkWhole(srcOffset, count, dstOffset);
  }

  /** A column read as integers (from its first rows) holding a fraction is refused, never rounded. */
  private checkWhole(srcOffset: number, count: number, dstOffset: number): void {
    const { values, validity } = this;
    for (let k = 0; k < count; k++) {
      const v = values[dstOffset + k];
      if (Number.isInteger(v) || v !== v) continue; // NaN: not a number at all, said elsewhere
      const s = srcOffset + k;
      if (validity !== null && ((validity[s >> 3] >> (s & 7)) & 1) === 0) continue;
      throw new AuditError(notWhole(this.name, v));
    }
  }

  protected build(length: number, nullCount: number, nullBitmap: Uint8Array | undefined): Data {
    return makeData({
      type: this.type as Float64,
      length,
      nullCount,
      nullBitmap,
      data: this.values.subarray(0, length),
    });
  }
}

class Int32Writer extends ColumnWriter {
  private values = new Int32Array(0);

  protected allocate(capacity: number, reuse: boolean): void {
    this.values = refill(this.values, capacity, reuse, Int32Array, this.spare);
  }

  valueBuffer(): ValueBuffer {
    return this.values;
  }

  protected copyValues(srcOffset: number, count: number, dstOffset: number): void {
    const { data, values } = this;
    const { buffer, byteOffset: base } = data;
    switch (this.column.typeId) {
      case DuckDBTypeId.INTEGER:
      case DuckDBTypeId.DATE:
        values.set(new Int32Array(buffer, base + srcOffset * 4, count), dstOffset);
        break;
      case DuckDBTypeId.SMALLINT:
        values.set(new Int16Array(buffer, base + srcOffset * 2, count), dstOffset);
        break;
      case DuckDBTypeId.USMALLINT:
        values.set(new Uint16Array(buffer, base + srcOffset * 2, count), dstOffset);
        break;
      case DuckDBTypeId.TINYINT:
        values.set(new Int8Array(buffer, base + srcOffset, count), dstOffset);
        break;
      case DuckDBTypeId.UTINYINT:
        values.set(new Uint8Array(buffer, base + srcOffset, count), dstOffset);
        break;
      default:
        invariant(false, `int32 writer cannot read duckdb type ${this.column.typeId}`);
    }
  }

  protected build(length: number, nullCount: number, nullBitmap: Uint8Array | undefined): Data {
    const data = this.values.subarray(0, length);
    return this.column.kind === 'date'
      ? makeData({ type: this.type as DateDay, length, nullCount, nullBitmap, data })
      : makeData({ type: this.type as Int32, length, nullCount, nullBitmap, data });
  }
}

class TimestampWriter extends ColumnWriter {
  private values = new BigInt64Array(0);

  protected allocate(capacity: number, reuse: boolean): void {
    this.values = refill(this.values, capacity, reuse, BigInt64Array, this.spare);
  }

  valueBuffer(): ValueBuffer {
    return this.values;
  }

  protected copyValues(srcOffset: number, count: number, dstOffset: number): void {
    const { buffer, byteOffset } = this.data;
    this.values.set(new BigInt64Array(buffer, byteOffset + srcOffset * 8, count), dstOffset);
  }

  protected build(length: number, nullCount: number, nullBitmap: Uint8Array | undefined): Data {
    return makeData({
      type: this.type as Timestamp,
      length,
      nullCount,
      nullBitmap,
      data: this.values.subarray(0, length),
    });
  }
}

class BoolWriter extends ColumnWriter {
  private bits = new Uint8Array(0);

  /** A reused buffer still holding the last batch's bits (cleared at the first write: they may not be read yet). */
  private stale = false;

  protected allocate(capacity: number, reuse: boolean): void {
    const bytes = (capacity + 7) >> 3;
    if (reuse && this.bits.length === bytes) this.stale = true;
    else {
      const recycled = this.spare.take(Uint8Array, bytes);
      this.bits = recycled ?? new Uint8Array(bytes);
      this.stale = recycled !== null;
    }
  }

  valueBuffer(): ValueBuffer {
    return this.bits;
  }

  protected copyValues(srcOffset: number, count: number, dstOffset: number): void {
    if (this.stale) {
      this.bits.fill(0); // bits are or-ed in
      this.stale = false;
    }
    const { data, bits } = this;
    for (let k = 0; k < count; k++) {
      if (data[srcOffset + k] !== 0) {
        const d = dstOffset + k;
        bits[d >> 3] |= 1 << (d & 7);
      }
    }
  }

  protected build(length: number, nullCount: number, nullBitmap: Uint8Array | undefined): Data {
    return makeData({
      type: this.type as Bool,
      length,
      nullCount,
      nullBitmap,
      data: this.bits.subarray(0, (length + 7) >> 3),
    });
  }
}

/** Direct-mapped cache entries of the string writer: len, 3 words, code, generation. */
const CACHE_SLOTS = 4096;
const STRIDE = 6;
const EMPTY_WORDS = new Int32Array(0);
/** Largest gap (bytes) between two strings fetched by one native call; well below a page. */
const MAX_GAP = 256;
/** Addresses above this are not exact as doubles; such strings are fetched one by one. */
const MAX_SAFE_ADDRESS = 2 ** 52;

/** The address of the out-of-line text of the `string_t` at row `s` (words 2–3: the pointer). */
function address(words: Int32Array, s: number): number {
  return (words[4 * s + 3] >>> 0) * 4294967296 + (words[4 * s + 2] >>> 0);
}

/**
 * A text column of one batch: per-row codes into the batch's dictionary (a null's code is 0,
 * its slot unspecified). Subclasses fill the codes; {@link batchBegins} marks a new batch.
 */
abstract class DictionaryWriter extends ColumnWriter {
  protected codes = new Int32Array(0);
  protected readonly dictionary = new DictionaryBuilder();

  protected allocate(capacity: number, reuse: boolean): void {
    this.codes = refill(this.codes, capacity, reuse, Int32Array, this.spare);
    this.batchBegins();
  }

  valueBuffer(): ValueBuffer {
    return this.codes;
  }

  /** A new batch begins: codes cached for the previous one no longer apply. */
  protected abstract batchBegins(): void;

  protected build(length: number, nullCount: number, nullBitmap: Uint8Array | undefined): Data {
    return makeData({
      type: this.type as Dictionary<Utf8, Int32>,
      length,
      nullCount,
      nullBitmap,
      data: this.codes.subarray(0, length),
      dictionary: this.dictionary.finish(),
    });
  }
}

class StringWriter extends DictionaryWriter {
  private words: Int32Array = EMPTY_WORDS;
  /**
   * Cache from a 16-byte DuckDB `string_t` (length + 12 bytes: inline text, or prefix and
   * pointer) to its code. Inline entries hold the text itself and stay valid for the batch;
   * pointer entries are valid only within the chunk whose memory they point into.
   */
  private readonly cache = new Int32Array(CACHE_SLOTS * STRIDE).fill(-1);
  private generation = 0;
  private batchGeneration = 0;
  private pendingRows = new Int32Array(0);
  private pendingSlots = new Int32Array(0);
  /** Scratch for one native pointer (low, high 32 bits). */
  private readonly pointer = new Uint32Array(2);

  protected batchBegins(): void {
    this.generation++;
    this.batchGeneration = this.generation;
  }

  override attach(vector: RawVector, rows: number): void {
    super.attach(vector, rows);
    this.words = new Int32Array(this.data.buffer, this.data.byteOffset, rows * 4);
    this.generation++;
  }

  override detach(): void {
    super.detach();
    this.words = EMPTY_WORDS;
  }

  protected copyValues(srcOffset: number, count: number, dstOffset: number): void {
    const { words, codes, cache, data, dictionary, validity } = this;
    const generation = this.generation;
    const batchGeneration = this.batchGeneration;
    if (this.pendingRows.length < count) {
      this.pendingRows = new Int32Array(count);
      this.pendingSlots = new Int32Array(count);
    }
    const { pendingRows, pendingSlots } = this;
    let pending = 0;
    for (let k = 0; k < count; k++) {
      const s = srcOffset + k;
      if (validity !== null && ((validity[s >> 3] >> (s & 7)) & 1) === 0) {
        codes[dstOffset + k] = 0; // null: code 0 (the buffer may hold an earlier batch's codes)
        continue;
      }
      const w = 4 * s;
      const length = words[w];
      const a = words[w + 1];
      const b = words[w + 2];
      const c = words[w + 3];
      let h = Math.imul(length ^ a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d);
      h = ((h ^ (h >>> 15)) & (CACHE_SLOTS - 1)) * STRIDE;
      if (
        cache[h] === length &&
        cache[h + 1] === a &&
        cache[h + 2] === b &&
        cache[h + 3] === c &&
        (length <= 12 ? cache[h + 5] >= batchGeneration : cache[h + 5] === generation)
      ) {
        codes[dstOffset + k] = cache[h + 4];
        continue;
      }
      if (length > 12) {
        // text lives behind a pointer: fetched below, several strings per native call
        pendingRows[pending] = k;
        pendingSlots[pending++] = h;
        continue;
      }
      const code = dictionary.add(data, 16 * s + 4, length);
      codes[dstOffset + k] = code;
      this.remember(h, w, code);
    }
    if (pending > 0) this.resolvePointers(pending, srcOffset, dstOffset);
  }

  /**
   * Codes of the pending out-of-line strings. Each native call copies one run of strings that
   * lie close together in DuckDB's string heap (as a chunk's strings usually do): a run grows
   * while the next string starts at most `MAX_GAP` bytes after the previous one ends. Reading
   * the few bytes between two live strings is safe because memory is mapped in whole pages
   * (at least 4 KiB) and both ends lie in mapped pages; the gap bytes are never interpreted.
   */
  private resolvePointers(pending: number, srcOffset: number, dstOffset: number): void {
    const { words, codes, dictionary, pendingRows, pendingSlots } = this;
    let i = 0;
    while (i < pending) {
      const s0 = srcOffset + pendingRows[i];
      const start = address(words, s0);
      let end = start + words[4 * s0];
      let j = i + 1;
      if (start <= MAX_SAFE_ADDRESS) {
        while (j < pending) {
          const s = srcOffset + pendingRows[j];
          const at = address(words, s);
          if (at < start || at > end + MAX_GAP) break;
          end = Math.max(end, at + words[4 * s]);
          j++;
        }
      }
      this.pointer[0] = start % 4294967296;
      this.pointer[1] = Math.floor(start / 4294967296);
      const bytes =
        j === i + 1
          ? this.bindings.get_data_from_pointer(
              this.data.buffer,
              this.data.byteOffset + 16 * s0 + 8,
              end - start,
            )
          : this.bindings.get_data_from_pointer(this.pointer.buffer, 0, end - start);
      for (let t = i; t < j; t++) {
        const s = srcOffset + pendingRows[t];
        const code = dictionary.add(bytes, address(words, s) - start, words[4 * s]);
        codes[dstOffset + pendingRows[t]] = code;
        this.remember(pendingSlots[t], 4 * s, code);
      }
      i = j;
    }
  }

  private remember(slot: number, w: number, code: number): void {
    const { cache, words } = this;
    cache[slot] = words[w];
    cache[slot + 1] = words[w + 1];
    cache[slot + 2] = words[w + 2];
    cache[slot + 3] = words[w + 3];
    cache[slot + 4] = code;
    cache[slot + 5] = this.generation;
  }
}

/**
 * An ENUM column: each row's code (1, 2 or 4 bytes) maps to its member, and members get batch
 * codes in order of first appearance in the batch (the values {@link StringWriter} gives for
 * the same text). A member's code is looked up once per batch, not once per row.
 */
class EnumWriter extends DictionaryWriter {
  private readonly members: readonly string[];
  /** Batch code of member `m`, valid when `stamps[m]` is the current batch's stamp. */
  private readonly batchCodes: Int32Array;
  private readonly stamps: Int32Array;
  private stamp = 0;

  constructor(column: DuckDBColumnType, type: DataType, bindings: DuckDBBindings, name: string, spare: SpareBuffers) {
    super(column, type, bindings, name, spare);
    this.members = column.values ?? [];
    this.batchCodes = new Int32Array(this.members.length);
    this.stamps = new Int32Array(this.members.length);
  }

  protected batchBegins(): void {
    this.stamp++;
  }

  protected copyValues(srcOffset: number, count: number, dstOffset: number): void {
    const { codes, validity, batchCodes, stamps, stamp, members, dictionary, data } = this;
    const width = this.column.width;
    const indices =
      width === 1
        ? data
        : width === 2
          ? new Uint16Array(data.buffer, data.byteOffset, this.rows)
          : new Uint32Array(data.buffer, data.byteOffset, this.rows);
    for (let k = 0; k < count; k++) {
      const s = srcOffset + k;
      if (validity !== null && ((validity[s >> 3] >> (s & 7)) & 1) === 0) {
        codes[dstOffset + k] = 0; // null: code 0 (the buffer may hold an earlier batch's codes)
        continue;
      }
      const m = indices[s];
      if (stamps[m] !== stamp) {
        batchCodes[m] = dictionary.addString(members[m]);
        stamps[m] = stamp;
      }
      codes[dstOffset + k] = batchCodes[m];
    }
  }
}

function makeWriter(column: DuckDBColumnType, type: DataType, bindings: DuckDBBindings, name: string, spare: SpareBuffers): ColumnWriter {
  switch (column.kind) {
    case 'bool':
      return new BoolWriter(column, type, bindings, name, spare);
    case 'int32':
    case 'date':
      return new Int32Writer(column, type, bindings, name, spare);
    case 'float64':
    case 'int64-as-float64':
    case 'uint64-as-float64':
    case 'guessed-int-as-float64':
      return new Float64Writer(column, type, bindings, name, spare);
    case 'timestamp':
      return new TimestampWriter(column, type, bindings, name, spare);
    case 'string':
      return new StringWriter(column, type, bindings, name, spare);
    case 'enum':
      return new EnumWriter(column, type, bindings, name, spare);
  }
}
