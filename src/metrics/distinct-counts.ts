import { LITTLE_ENDIAN, sortFloat64 } from './sort-float64.js';

/** The table slot of a double (its two 32-bit words) in a table of 2^`bits` slots. */
function slotOf(low: number, high: number, bits: number): number {
  return (Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca77) >>> 0) >>> (32 - bits);
}

/** Arrays shorter than this are simply sorted. */
const COUNT_FROM = 1 << 14;

/**
 * The distinct values of `values` in ascending order with how many times each occurs, found by
 * counting in a hash table and sorting only the distinct values — far less work than sorting
 * every value when values repeat (a tree ensemble's scores, rows repeated). Equal as `===`
 * (−0 and +0 are one value, given as −0 when any −0 occurs, as a sort puts it first); NaN must
 * not occur. Gives up and returns null, having read part of the array, once more than an
 * eighth of all the values are distinct (or on a big-endian machine, or for short arrays): the
 * caller sorts them all then.
 *
 * @example distinctCounts(Float64Array.of(0.5, 0.25, 0.5, ...)) // { values: [0.25, 0.5, …], counts: [1, 2, …] } or null
 */
export function distinctCounts(values: Float64Array): { values: Float64Array; counts: Float64Array } | null {
  const n = values.length;
  if (n < COUNT_FROM || !LITTLE_ENDIAN) return null;
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  let bits = 12;
  let mask = (1 << bits) - 1;
  // slot s holds the value's two words and its count (0: empty)
  let lo = new Uint32Array(1 << bits);
  let hi = new Uint32Array(1 << bits);
  let count = new Float64Array(1 << bits);
  const limit = n >> 3;
  let distinct = 0;
  let negativeZero = false;
  for (let i = 0; i < n; i++) {
    const l = words[2 * i];
    let h = words[2 * i + 1];
    if (h === 0x80000000 && l === 0) {
      // −0 is counted as +0
      h = 0;
      negativeZero = true;
    }
    let s = slotOf(l, h, bits);
    while (count[s] !== 0 && (lo[s] !== l || hi[s] !== h)) s = (s + 1) & mask;
    if (count[s] !== 0) {
      count[s]++;
      continue;
    }
    lo[s] = l;
    hi[s] = h;
    count[s] = 1;
    distinct++;
    if (distinct > limit) return null; // many distinct values: sorting them all is cheaper
    if (2 * distinct > mask) {
      // keep the table at most half full
      const old = { lo, hi, count };
      bits++;
      mask = (1 << bits) - 1;
      lo = new Uint32Array(1 << bits);
      hi = new Uint32Array(1 << bits);
      count = new Float64Array(1 << bits);
      for (let t = 0; t < old.count.length; t++) {
        if (old.count[t] === 0) continue;
        const ol = old.lo[t];
        const oh = old.hi[t];
        let u = slotOf(ol, oh, bits);
        while (count[u] !== 0) u = (u + 1) & mask;
        lo[u] = ol;
        hi[u] = oh;
        count[u] = old.count[t];
      }
    }
  }
  // the distinct values, sorted, each with its count
  const table = new Float64Array(distinct);
  const tableWords = new Uint32Array(table.buffer);
  let k = 0;
  for (let s = 0; s <= mask; s++) {
    if (count[s] === 0) continue;
    tableWords[2 * k] = lo[s];
    tableWords[2 * k + 1] = hi[s];
    k++;
  }
  const sorted = sortFloat64(table);
  const counts = new Float64Array(distinct);
  const sortedWords = new Uint32Array(sorted.buffer, sorted.byteOffset, 2 * distinct);
  for (let j = 0; j < distinct; j++) {
    const l = sortedWords[2 * j];
    const h = sortedWords[2 * j + 1];
    let s = slotOf(l, h, bits);
    while (lo[s] !== l || hi[s] !== h) s = (s + 1) & mask;
    counts[j] = count[s];
    if (negativeZero && h === 0 && l === 0) sorted[j] = -0;
  }
  return { values: sorted, counts };
}
