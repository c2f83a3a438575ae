import { Utf8, makeData, makeVector, type Vector } from 'apache-arrow';

const INITIAL_SLOTS = 1024;
const GUESS_SLOTS = 256;
const encoder = new TextEncoder();

/**
 * Builds the dictionary of one dictionary-encoded string column for one record batch: each
 * distinct byte string gets the next code (0, 1, 2, … in order of first appearance), and
 * {@link DictionaryBuilder.finish} returns the values as an Arrow `Utf8` vector.
 *
 * Values are compared as UTF-8 bytes, never decoded into JS strings, so a batch of a
 * low-cardinality column usually costs one byte comparison per row (against the code last seen
 * with the same length and first, middle and last bytes); otherwise one FNV-1a hash and a lookup
 * in an open-addressing table (linear probing), doubled when half full.
 *
 * Degenerate cases: the empty string is a value like any other (code assigned on first use);
 * `finish()` with no values returns an empty vector.
 *
 * @example
 * const dict = new DictionaryBuilder();
 * dict.addString('b'); // 0
 * dict.addString('a'); // 1
 * dict.addString('b'); // 0
 * dict.finish().toArray(); // ['b', 'a']
 */
export class DictionaryBuilder {
  private bytes = new Uint8Array(4096);
  private byteLength = 0;
  private offsets = new Int32Array(INITIAL_SLOTS + 1);
  private hashes = new Int32Array(INITIAL_SLOTS);
  private count = 0;
  private slots = new Int32Array(INITIAL_SLOTS).fill(-1);
  private scratch = new Uint8Array(256);
  private readonly guesses = new Int32Array(GUESS_SLOTS).fill(-1);

  /** Number of distinct values so far. */
  get size(): number {
    return this.count;
  }

  /** Code of the UTF-8 bytes `source[start, start + length)`, adding them if new. */
  add(source: Uint8Array, start: number, length: number): number {
    // first a guess from length and three bytes, checked by one comparison: for the usual
    // low-cardinality column this skips hashing every byte
    const g =
      length === 0
        ? 0
        : (Math.imul(length, 0x9e3779b1) ^
            (source[start] << 16) ^
            (source[start + length - 1] << 8) ^
            source[start + (length >> 1)]) &
          (GUESS_SLOTS - 1);
    const guessed = this.guesses[g];
    if (guessed >= 0 && this.equals(guessed, source, start, length)) return guessed;
    const code = this.lookup(source, start, length);
    this.guesses[g] = code;
    return code;
  }

  private equals(code: number, source: Uint8Array, start: number, length: number): boolean {
    const { offsets, bytes } = this;
    const at = offsets[code];
    if (offsets[code + 1] - at !== length) return false;
    for (let i = 0; i < length; i++) if (bytes[at + i] !== source[start + i]) return false;
    return true;
  }

  private lookup(source: Uint8Array, start: number, length: number): number {
    // FNV-1a over the bytes
    let hash = 0x811c9dc5 | 0;
    for (let i = start, end = start + length; i < end; i++) hash = Math.imul(hash ^ source[i], 0x01000193);
    const mask = this.slots.length - 1;
    const { slots, hashes } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const code = slots[slot];
      if (code < 0) return this.insert(slot, hash, source, start, length);
      if (hashes[code] === hash && this.equals(code, source, start, length)) return code;
    }
  }

  /** Code of `text` (encoded as UTF-8), adding it if new. */
  addString(text: string): number {
    if (text.length * 3 > this.scratch.length) this.scratch = new Uint8Array(text.length * 3);
    const { written } = encoder.encodeInto(text, this.scratch);
    return this.add(this.scratch, 0, written);
  }

  /** The values so far as an Arrow `Utf8` vector (index = code); then starts afresh. */
  finish(): Vector<Utf8> {
    const data = makeData({
      type: new Utf8(),
      length: this.count,
      nullCount: 0,
      valueOffsets: this.offsets.slice(0, this.count + 1),
      data: this.bytes.slice(0, this.byteLength),
    });
    this.reset();
    return makeVector(data);
  }

  /** Forgets all values. */
  reset(): void {
    this.count = 0;
    this.byteLength = 0;
    this.guesses.fill(-1);
    if (this.slots.length > INITIAL_SLOTS * 16) {
      this.slots = new Int32Array(INITIAL_SLOTS).fill(-1);
      this.hashes = new Int32Array(INITIAL_SLOTS);
      this.offsets = new Int32Array(INITIAL_SLOTS + 1);
    } else {
      this.slots.fill(-1);
    }
  }

  private insert(slot: number, hash: number, source: Uint8Array, start: number, length: number): number {
    const code = this.count;
    if (this.byteLength + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.byteLength + length));
      grown.set(this.bytes.subarray(0, this.byteLength));
      this.bytes = grown;
    }
    this.bytes.set(source.subarray(start, start + length), this.byteLength);
    this.byteLength += length;
    if (code >= this.hashes.length) {
      const capacity = this.hashes.length * 2;
      const offsets = new Int32Array(capacity + 1);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const hashes = new Int32Array(capacity);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.offsets[code + 1] = this.byteLength;
    this.hashes[code] = hash;
    this.slots[slot] = code;
    this.count = code + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
    return code;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let code = 0; code < this.count; code++) {
      let slot = this.hashes[code] & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = code;
    }
    this.slots = slots;
  }
}
