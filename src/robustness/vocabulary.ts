import { DataType, Dictionary, Int32, Utf8, makeData, vectorFromArray, type Data, type Vector } from 'apache-arrow';
import { AuditError, InternalError } from '../core/errors.js';
import { bitAt, readTexts } from './read-texts.js';

/** Words up to which every chunk shares one dictionary vector (beyond, each chunk gets its own). */
export const SHARED_DICTIONARY_WORDS = 65_536;
/** Distinct values a text column may reach along the stream. */
export const MAX_VOCABULARY_WORDS = 2_000_000;

/**
 * The categories of one text column along a stream: each distinct value gets a stable code
 * (the profiled categories first, in the order given, then values met later), and chunks are
 * written back as `Dictionary<Utf8, Int32>` columns over one shared word list, so a perturbed
 * copy costs an index array, not new strings.
 *
 * Codes only grow, so a dictionary vector built earlier stays valid for earlier chunks.
 * @example
 * const vocab = new Vocabulary(['Female', 'Male']);
 * const codes = vocab.codesOf(batch.getChild('sex')!.data[0]); // Int32Array, −1 where missing
 * const data = vocab.toData(codes); // Dictionary<Utf8, Int32> chunk with the same values
 */
export class Vocabulary {
  readonly words: string[] = [];
  /** The Arrow type of the chunks written (one dictionary id per column). */
  readonly type = new Dictionary(new Utf8(), new Int32());
  private readonly index = new Map<string, number>();
  private vector: Vector<Utf8> | null = null;
  private vectorSize = -1;

  /** `column` names the column in messages. */
  constructor(
    initial: readonly string[] = [],
    private readonly column = 'text column',
  ) {
    for (const word of initial) this.code(word);
  }

  /** Code of a word, adding it when new. */
  code(word: string): number {
    let c = this.index.get(word);
    if (c === undefined) {
      c = this.words.length;
      if (c >= MAX_VOCABULARY_WORDS) {
        throw new AuditError(`column ${this.column} has more than ${MAX_VOCABULARY_WORDS} distinct values; the robustness checks treat text inputs as categories`);
      }
      this.index.set(word, c);
      this.words.push(word);
    }
    return c;
  }

  /** Code of a word, or −1 when it has none. */
  find(word: string): number {
    return this.index.get(word) ?? -1;
  }

  /** Codes of a text chunk (Utf8, LargeUtf8, Utf8View or a dictionary of text); −1 where missing. */
  codesOf(data: Data): Int32Array {
    const n = data.length;
    const out = new Int32Array(n);
    if (DataType.isDictionary(data.type)) {
      // One lookup per dictionary entry, then the indices are mapped.
      const dictionary = data.dictionary;
      if (!dictionary) throw new InternalError('dictionary column without a dictionary');
      const words = (dictionary.data as Data[]).flatMap((chunk) => (DataType.isDictionary(chunk.type) ? [] : readTexts(chunk)));
      const local = words.map((w) => (w === null ? -1 : this.code(w)));
      const indices = data.values as ArrayLike<number | bigint>;
      const nulls = data.nullCount > 0 && data.nullBitmap && data.nullBitmap.length > 0 ? data.nullBitmap : null;
      for (let i = 0; i < n; i++) {
        out[i] = nulls !== null && !bitAt(nulls, data.offset, i) ? -1 : (local[Number(indices[i])] ?? -1);
      }
      return out;
    }
    const strings = readTexts(data);
    let last: string | null = null;
    let lastCode = -1;
    for (let i = 0; i < n; i++) {
      const s = strings[i];
      if (s === null) out[i] = -1;
      else if (s === last) out[i] = lastCode;
      else {
        lastCode = out[i] = this.code(s);
        last = s;
      }
    }
    return out;
  }

  /** The word list as an Arrow vector (rebuilt only when words were added). */
  dictionary(): Vector<Utf8> {
    if (this.vector === null || this.vectorSize !== this.words.length) {
      this.vector = vectorFromArray([...this.words], new Utf8());
      this.vectorSize = this.words.length;
    }
    return this.vector;
  }

  /**
   * A `Dictionary<Utf8, Int32>` chunk holding the words of `codes` (−1 → missing): over the shared
   * word list while it is small, else over the words this chunk uses (no quadratic rebuilds for a
   * column whose values keep changing).
   */
  toData(codes: Int32Array): Data<Dictionary<Utf8, Int32>> {
    if (this.words.length > SHARED_DICTIONARY_WORDS) return this.localData(codes);
    const n = codes.length;
    let nulls = 0;
    for (let i = 0; i < n; i++) if (codes[i] < 0) nulls++;
    let bitmap: Uint8Array | undefined;
    let indices = codes;
    if (nulls > 0) {
      bitmap = new Uint8Array((n + 7) >> 3);
      indices = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        if (codes[i] >= 0) {
          bitmap[i >> 3] |= 1 << (i & 7);
          indices[i] = codes[i];
        }
      }
    }
    return makeData({ type: this.type, length: n, nullCount: nulls, nullBitmap: bitmap, data: indices, dictionary: this.dictionary() });
  }

  private localData(codes: Int32Array): Data<Dictionary<Utf8, Int32>> {
    const n = codes.length;
    const local = new Map<number, number>();
    const words: string[] = [];
    const indices = new Int32Array(n);
    const bitmap = new Uint8Array((n + 7) >> 3);
    let nulls = 0;
    for (let i = 0; i < n; i++) {
      const c = codes[i];
      if (c < 0) {
        nulls++;
        continue;
      }
      let at = local.get(c);
      if (at === undefined) {
        at = words.length;
        local.set(c, at);
        words.push(this.words[c]);
      }
      indices[i] = at;
      bitmap[i >> 3] |= 1 << (i & 7);
    }
    const dictionary = vectorFromArray(words, new Utf8());
    return makeData({ type: this.type, length: n, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : undefined, data: indices, dictionary });
  }
}
