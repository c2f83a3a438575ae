// Counter-based random numbers: every draw is a hash of (key, row, draw), never the next value
// of a sequential stream, so a row's draws do not depend on how the rows were cut into batches.

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const TWO_32 = 4294967296;

/** MurmurHash3's 32-bit finaliser: full avalanche of one word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One MurmurHash3 block step: mixes word `k` into state `h`. */
function mixWord(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * A 32-bit hash of a text (FNV-1a over UTF-16 code units, then MurmurHash3's finaliser).
 *
 * Used to turn names (a perturbation id, a column name) into stream keys; the empty text
 * hashes to a fixed value.
 * @example hashText('age') === hashText('age') // true
 */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h >>> 0);
}

/**
 * The key of one random stream: a 32-bit hash of the seed (any whole number 0 … 2^53) and
 * the stream's names (e.g. a perturbation id and a column). Different seeds or names give
 * unrelated streams.
 *
 * Throws nothing; a negative or fractional seed is folded by its 32-bit halves.
 * @example const key = streamKey(42, 'noise_0.1', 'age');
 */
export function streamKey(seed: number, ...names: string[]): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_32) >>> 0;
  let h = mixWord(mixWord(0x2545f491, lo), hi);
  for (const name of names) h = mixWord(h, hashText(name));
  return fmix32((h ^ (names.length * 4 + 8)) >>> 0);
}

/**
 * 32 random bits for draw `draw` of row `row` (global row index, 0 … 2^53) in the stream
 * `key`: MurmurHash3-32 of the words (row low, row high, draw) seeded with the key.
 * A pure function of its arguments (counter-based, as Random123's Philox idea): the same
 * (key, row, draw) always gives the same bits, whatever order rows are visited in.
 * @example counterBits(streamKey(1, 'x'), 0, 0) // a fixed uint32
 */
export function counterBits(key: number, row: number, draw: number): number {
  const lo = row >>> 0;
  const hi = (row / TWO_32) >>> 0;
  let h = mixWord(key, lo);
  h = mixWord(h, hi);
  h = mixWord(h, draw);
  return fmix32((h ^ 12) >>> 0);
}

/**
 * A uniform number in [0, 1) (32-bit resolution) for draw `draw` of row `row` in stream `key`:
 * `counterBits(key, row, draw) / 2^32`.
 * @example counterUniform(streamKey(1, 'swap_0.1', 'sex'), 17) // in [0, 1)
 */
export function counterUniform(key: number, row: number, draw = 0): number {
  return counterBits(key, row, draw) / TWO_32;
}

/**
 * A standard normal number for row `row` in stream `key`, by the Box–Muller transform of
 * draws 0 and 1: `√(−2 ln u₁) · cos(2π u₂)` with `u₁ ∈ (0, 1]`, `u₂ ∈ [0, 1)`.
 * The 32-bit `u₁` bounds |z| by √(2 ln 2^32) ≈ 6.66.
 * @example counterNormal(streamKey(0, 'noise_0.5', 'age'), 3) // ~ N(0, 1)
 */
export function counterNormal(key: number, row: number): number {
  const u1 = (counterBits(key, row, 0) + 1) / TWO_32;
  const u2 = counterBits(key, row, 1) / TWO_32;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
