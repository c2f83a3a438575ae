import { counterBits } from './counter-random.js';

const TWO_32 = 4294967296;

/**
 * A streaming stand-in for permuting a column: row `i` takes the value of a profiled row drawn
 * uniformly (with replacement) by `(key, rowOffset + i)`. Like a permutation it keeps the column's
 * marginal distribution (the profiled one, missing values included) and breaks the column's link
 * with the label and every other column; unlike a whole-table permutation it needs one pass and
 * no memory beyond the profile, and each row's draw does not depend on batch sizes.
 *
 * Degenerate case: an empty sample gives all-missing values (`NaN` or −1).
 * @example samplePermutation(4, 0, streamKey(0, 'importance', 'age', '0'), profile.sample)
 */
export function samplePermutation<T extends Float64Array | Int32Array>(length: number, rowOffset: number, key: number, sample: T): T {
  const out = (sample instanceof Float64Array ? new Float64Array(length) : new Int32Array(length)) as T;
  const s = sample.length;
  if (s === 0) {
    out.fill(sample instanceof Float64Array ? Number.NaN : -1);
    return out;
  }
  for (let i = 0; i < length; i++) {
    // index = ⌊u · s⌋ with u uniform in [0, 1)
    out[i] = sample[Math.floor((counterBits(key, rowOffset + i, 0) / TWO_32) * s)];
  }
  return out;
}
