/** Below this many values the native sort is as fast (a radix pass costs its buckets). */
const RADIX_FROM = 4096;

/** The radix sort (and `distinctCounts`) read each double as two 32-bit words, low word first: little-endian machines only. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

let words = { lo: new Uint32Array(0), hi: new Uint32Array(0), lo2: new Uint32Array(0), hi2: new Uint32Array(0) };
const count = new Uint32Array(2048);

/**
 * Sorts `values` ascending in place, exactly as `Float64Array.prototype.sort` does (−0 before
 * +0, ±∞ at the ends; NaN must not occur), 2–2.5× faster on large arrays: an LSD radix sort in
 * six passes of 11 bits over each double's order-preserving bit pattern (the sign bit flipped
 * for positives, every bit for negatives). Passes whose digit is the same for every value are
 * skipped.
 *
 * @example sortFloat64(Float64Array.of(0.5, -0, 0, -1)) // Float64Array [-1, -0, 0, 0.5]
 */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_FROM || !LITTLE_ENDIAN) return values.sort();
  if (words.lo.length < n) words = { lo: new Uint32Array(n), hi: new Uint32Array(n), lo2: new Uint32Array(n), hi2: new Uint32Array(n) };
  let { lo, hi, lo2, hi2 } = words;
  // the doubles' words, little endian (a Float64Array's offset is a multiple of 8)
  const bits = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    let l = bits[2 * i];
    let h = bits[2 * i + 1];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    lo[i] = l;
    hi[i] = h;
  }
  for (let pass = 0; pass < 6; pass++) {
    const key = pass < 3 ? lo : hi;
    const shift = (pass % 3) * 11;
    const mask = pass % 3 === 2 ? 0x3ff : 0x7ff;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(key[i] >>> shift) & mask]++;
    if (count[(key[0] >>> shift) & mask] === n) continue;
    let sum = 0;
    for (let d = 0; d <= mask; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = count[(key[i] >>> shift) & mask]++;
      lo2[at] = lo[i];
      hi2[at] = hi[i];
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  for (let i = 0; i < n; i++) {
    let l = lo[i];
    let h = hi[i];
    if (h & 0x80000000) h = (h & 0x7fffffff) >>> 0;
    else {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    bits[2 * i] = l;
    bits[2 * i + 1] = h;
  }
  return values;
}
