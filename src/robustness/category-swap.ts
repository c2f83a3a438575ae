import { counterUniform } from './counter-random.js';

/**
 * Seeded category swaps on a coded column chunk: with probability `rate` a row's category moves
 * to another category of `pool`, chosen uniformly among the others (a category outside the pool,
 * e.g. one first met after profiling, may move to any pool category). Draws come from
 * `(key, rowOffset + i)`, draw 0 deciding whether to swap and draw 1 choosing the target, so the
 * result does not depend on batch sizes.
 *
 * `positions[code]` is the code's index in `pool` (−1 or beyond the array: not in the pool).
 * Missing values (−1) stay missing; a pool with fewer than two categories leaves every row as is.
 * @example categorySwap(codes, 0, streamKey(0, 'swap_0.1', 'workclass'), 0.1, Int32Array.of(0, 1, 2), Int32Array.of(0, 1, 2))
 */
export function categorySwap(codes: Int32Array, rowOffset: number, key: number, rate: number, pool: Int32Array, positions: Int32Array): Int32Array {
  const n = codes.length;
  const out = codes.slice();
  const m = pool.length;
  if (m < 2) return out;
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    if (c < 0 || counterUniform(key, rowOffset + i, 0) >= rate) continue;
    const at = c < positions.length ? positions[c] : -1;
    const u = counterUniform(key, rowOffset + i, 1);
    if (at < 0) {
      out[i] = pool[Math.floor(u * m)];
    } else {
      // Uniform over the m − 1 other categories: skip over the row's own position.
      const r = Math.floor(u * (m - 1));
      out[i] = pool[r < at ? r : r + 1];
    }
  }
  return out;
}
