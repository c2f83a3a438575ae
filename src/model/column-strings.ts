import { Buffer } from 'node:buffer';
import { DataType, makeVector, type Data, type Vector } from 'apache-arrow';
import { InternalError } from '../core/errors.js';
import type { ValueDictionary } from '../metrics/columns.js';

/**
 * The name of an Arrow type as Arrow spells it, e.g. `Dictionary<Int32, Utf8>`.
 * @example arrowTypeName(new Int64()) // 'Int64'
 */
export function arrowTypeName(type: DataType): string {
  return (type as { toString(): string }).toString();
}

/** Whether bit `i` of an Arrow validity bitmap (with `offset` bits before element 0) is set. */
export function isValidAt(bitmap: Uint8Array, offset: number, i: number): boolean {
  const bit = offset + i;
  return (bitmap[bit >> 3] & (1 << (bit & 7))) !== 0;
}

/** Offsets of a variable-width column as numbers (LargeUtf8 keeps them as BigInt64Array). */
function offsetsOf(data: Data): ArrayLike<number> {
  const offsets = data.valueOffsets as Int32Array | BigInt64Array;
  if (offsets instanceof BigInt64Array) return Float64Array.from(offsets, Number);
  return offsets;
}

/** Decodes values `from … n-1` one substring at a time (ASCII: one decode, then substrings). */
function decodeRest(
  buf: Buffer,
  starts: ArrayLike<number>,
  from: number,
  n: number,
  dest: string[],
  base: number,
  stride: number,
): void {
  const first = starts[from];
  const last = starts[n];
  let ascii = true;
  for (let b = first; b < last; b++) {
    if (buf[b] > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    // Byte offsets are character offsets in ASCII.
    const all = buf.toString('latin1', first, last);
    for (let i = from; i < n; i++)
      dest[base + i * stride] = all.slice(starts[i] - first, starts[i + 1] - first);
  } else {
    for (let i = from; i < n; i++) dest[base + i * stride] = buf.toString('utf8', starts[i], starts[i + 1]);
  }
}

const TABLE_SIZE = 4096;
/** After this many values, a column with more distinct values than half of them is decoded plainly. */
const PROBE_WINDOW = 2048;

/**
 * Writes the UTF-8 values `[starts[i], starts[i + 1])` of `bytes` as strings to
 * `dest[base + i * stride]`. Categorical columns repeat few values: a small hash table keyed by
 * the bytes finds a value already decoded, so each distinct value becomes one string, shared —
 * far less decoding and garbage than a string per row (which also slows the runtime's reading of
 * them). Columns that turn out mostly distinct (ids, free text) fall back to plain decoding.
 */
function decodeInto(
  bytes: Uint8Array,
  starts: ArrayLike<number>,
  n: number,
  dest: string[],
  base: number,
  stride: number,
): void {
  if (n === 0) return;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const slotStart = new Int32Array(TABLE_SIZE).fill(-1);
  const slotLength = new Int32Array(TABLE_SIZE);
  const slotWord = new Array<string>(TABLE_SIZE);
  const mask = TABLE_SIZE - 1;
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    if (i === PROBE_WINDOW && distinct > PROBE_WINDOW / 2) {
      decodeRest(buf, starts, i, n, dest, base, stride);
      return;
    }
    const s = starts[i];
    const len = starts[i + 1] - s;
    // A cheap hash of the length and a few bytes; equal bytes are confirmed below.
    let h = Math.imul(len, 0x9e3779b1);
    if (len >= 4) {
      h = Math.imul(h ^ view.getUint32(s, true), 0x01000193);
      h = Math.imul(h ^ view.getUint32(s + len - 4, true), 0x01000193);
      h = Math.imul(h ^ bytes[s + (len >> 1)], 0x01000193);
    } else if (len > 0) {
      h = Math.imul(h ^ bytes[s] ^ (bytes[s + len - 1] << 8) ^ (bytes[s + (len >> 1)] << 16), 0x01000193);
    }
    let slot = (h ^ (h >>> 15)) & mask;
    let word: string | undefined;
    for (;;) {
      const at = slotStart[slot];
      if (at < 0) break;
      if (slotLength[slot] === len) {
        // bytes[at, at + len) === bytes[s, s + len), four bytes at a time, then the tail
        const whole = len & ~3;
        let b = 0;
        while (b < whole && view.getUint32(at + b, true) === view.getUint32(s + b, true)) b += 4;
        if (b === whole) while (b < len && bytes[at + b] === bytes[s + b]) b++;
        if (b === len) {
          word = slotWord[slot];
          break;
        }
      }
      slot = (slot + 1) & mask;
    }
    if (word === undefined) {
      word = buf.toString('utf8', s, s + len);
      if (distinct < TABLE_SIZE / 2) {
        slotStart[slot] = s;
        slotLength[slot] = len;
        slotWord[slot] = word;
        distinct++;
      }
    }
    dest[base + i * stride] = word;
  }
}

const dictionaryWords = new WeakMap<Vector, string[]>();

/** The values of a text dictionary, decoded once per dictionary vector (batches often share one). */
function wordsOf(dictionary: Vector): string[] {
  let words = dictionaryWords.get(dictionary);
  if (!words) {
    words = new Array<string>(dictionary.length);
    let at = 0;
    for (const chunk of dictionary.data) {
      copyStrings(chunk as Data, words, at, 1);
      at += chunk.length;
    }
    dictionaryWords.set(dictionary, words);
  }
  return words;
}

/**
 * Copies the values of a text column chunk (Utf8, LargeUtf8, Utf8View, or a dictionary of text)
 * as JavaScript strings to `dest[base + i * stride]` (stride: columns of a packed input).
 * Dictionaries are decoded once (per dictionary vector) and their indices mapped.
 *
 * Returns the row of the first missing value (whose slot is left unset), or -1 when there is none.
 * Throws `InternalError` for a non-text type (the planner only sends text columns here).
 * @example copyStrings(batch.data.children[3], dest, 0, 1) // -1
 */
export function copyStrings(data: Data, dest: string[], base: number, stride: number): number {
  const { type, length: n } = data;
  const bitmap = data.nullCount > 0 && data.nullBitmap && data.nullBitmap.length > 0 ? data.nullBitmap : null;
  if (DataType.isDictionary(type)) {
    if (!data.dictionary) throw new InternalError('dictionary column without a dictionary');
    const words = wordsOf(data.dictionary);
    const indices = data.values as ArrayLike<number | bigint>;
    const big = indices instanceof BigInt64Array || indices instanceof BigUint64Array;
    for (let i = 0; i < n; i++) {
      if (bitmap && !isValidAt(bitmap, data.offset, i)) return i;
      // dest[base + i * stride] = words[indices[i]]
      const word = words[big ? Number(indices[i]) : (indices[i] as number)];
      if (word === undefined) return i;
      dest[base + i * stride] = word;
    }
    return -1;
  }
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) {
    decodeInto(data.values as Uint8Array, offsetsOf(data), n, dest, base, stride);
  } else if (DataType.isUtf8View(type)) {
    const vector = makeVector(data);
    for (let i = 0; i < n; i++) dest[base + i * stride] = vector.get(i) as string;
  } else {
    throw new InternalError(`not a text column: ${arrowTypeName(type)}`);
  }
  if (bitmap) for (let i = 0; i < n; i++) if (!isValidAt(bitmap, data.offset, i)) return i;
  return -1;
}

/**
 * Writes the values of a text column chunk as codes into `table` (its words in first-seen order) at
 * `dest[base + i * stride]`: like {@link copyStrings}, but a dictionary's indices map to codes
 * with one lookup per dictionary entry used, not one string per row.
 *
 * Returns the row of the first missing value, or -1 when there is none.
 * @example copyTextCodes(batch.data.children[3], codes, 0, 1, new ValueDictionary()) // -1
 */
export function copyTextCodes(data: Data, dest: Int32Array, base: number, stride: number, table: ValueDictionary): number {
  const n = data.length;
  if (DataType.isDictionary(data.type)) {
    if (!data.dictionary) throw new InternalError('dictionary column without a dictionary');
    const bitmap = data.nullCount > 0 && data.nullBitmap && data.nullBitmap.length > 0 ? data.nullBitmap : null;
    const words = wordsOf(data.dictionary);
    // remap[index] = code + 1 of the dictionary entry, 0 until first used
    const remap = new Int32Array(words.length);
    const indices = data.values as ArrayLike<number | bigint>;
    const big = indices instanceof BigInt64Array || indices instanceof BigUint64Array;
    for (let i = 0; i < n; i++) {
      if (bitmap && !isValidAt(bitmap, data.offset, i)) return i;
      const index = big ? Number(indices[i]) : (indices[i] as number);
      let c = remap[index];
      if (c === undefined) return i; // an index beyond the dictionary: no value
      if (c === 0) {
        const word = words[index];
        if (word === undefined) return i;
        c = remap[index] = table.code(word) + 1;
      }
      dest[base + i * stride] = c - 1;
    }
    return -1;
  }
  const strings = new Array<string>(n);
  const missing = copyStrings(data, strings, 0, 1);
  if (missing >= 0) return missing;
  for (let i = 0; i < n; i++) dest[base + i * stride] = table.code(strings[i]);
  return -1;
}
