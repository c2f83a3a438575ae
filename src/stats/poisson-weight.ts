import { AuditError } from '../core/errors.js';

/**
 * The counter-based generator behind `PoissonBootstrap`: a row's Poisson(1)
 * weight in a replicate is a pure function of (seed, global row index,
 * replicate), so it does not depend on how rows are batched, sharded or merged.
 *
 * Construction, on 32-bit integers only (so the same weights can be computed
 * in SQL or another language): `mix32` is Wellons' "lowbias32" integer hash
 * (hash-prospector), a low-bias bijection of the 32-bit
 * integers. Keys: `seedKey = mix32(mix32(seed_lo ^ A) ^ seed_hi)`,
 * `rowKey = mix32(mix32(row_lo ^ seedKey) + row_hi · φ)`,
 * `replicateKey_r = mix32(mix32(r + B) ^ seedKey)`; the uniform draw is
 * `u = mix32(rowKey ^ replicateKey_r)`, and the weight is the Poisson(1) inverse
 * CDF at `u / 2³²` (exact to 2⁻³² per probability).
 */

const TWO_32 = 4294967296;
const GOLDEN = 0x9e3779b9;
const SEED_SALT = 0x5bd1e995;
const REPLICATE_SALT = 0x632be5ab;

/**
 * Wellons' lowbias32 integer hash: a bijection of the unsigned 32-bit integers
 * with strong avalanche. Returns an unsigned 32-bit integer.
 *
 * @example mix32(1) // 0x688990c0
 */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Upper thresholds of the Poisson(1) inverse CDF on the 32-bit grid:
 * `k = min { k : u < T[k] }` for a uniform 32-bit `u`, with
 * `T[k] = ⌊2³² · Σ_{j≤k} e⁻¹/j!⌋`; the last entry is 2³² (no 32-bit `u` passes it).
 */
export const POISSON_THRESHOLDS: Float64Array = (() => {
  const thresholds: number[] = [];
  let term = Math.exp(-1);
  let cdf = 0;
  for (let k = 0; ; k++) {
    cdf += term;
    term /= k + 1;
    const t = Math.floor(cdf * TWO_32);
    if (t >= TWO_32 - 1) break;
    thresholds.push(t);
  }
  thresholds.push(TWO_32);
  return Float64Array.from(thresholds);
})();

/**
 * Poisson(1) variate of a uniform unsigned 32-bit integer `u` (inverse CDF).
 *
 * @example poissonOfUniform(0) // 0
 */
export function poissonOfUniform(u: number): number {
  let k = 0;
  while (u >= POISSON_THRESHOLDS[k]) k++;
  return k;
}

/** Marks a `poissonByTop16` bucket that a threshold splits. */
export const SPLIT_BUCKET = 255;

let byTop16: Uint8Array | null = null;

/**
 * `poissonOfUniform` by table on the top 16 bits of `u`: entry `h` is the
 * variate of every `u` in `[h·2¹⁶, (h+1)·2¹⁶)`, or `SPLIT_BUCKET` for the few
 * buckets (one per threshold) that straddle a threshold, where the caller falls
 * back to `poissonOfUniform`. This makes the hot loop branch-free in the common
 * case: the inverse-CDF comparisons branch unpredictably (k = 0 or 1 about
 * equally often), which costs more than the hash itself. Built on first use
 * (a few milliseconds that audits without a bootstrap need not spend).
 */
export function poissonByTop16(): Uint8Array {
  if (byTop16 === null) {
    const table = new Uint8Array(65536);
    for (let h = 0; h < 65536; h++) {
      const first = poissonOfUniform(h * 65536);
      table[h] = first === poissonOfUniform(h * 65536 + 65535) ? first : SPLIT_BUCKET;
    }
    byTop16 = table;
  }
  return byTop16;
}

/** Checks a seed or row index: a non-negative safe integer. */
function checkIndex(what: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new AuditError(`${what} must be a non-negative whole number below 2^53: ${String(value)}`);
  }
}

/**
 * The 32-bit key of a seed (any whole number from 0 to 2⁵³ − 1).
 *
 * @example seedKey(42) // an unsigned 32-bit integer
 */
export function seedKey(seed: number): number {
  checkIndex('bootstrap seed', seed);
  return mix32(mix32((seed >>> 0) ^ SEED_SALT) ^ Math.floor(seed / TWO_32));
}

/**
 * The 32-bit key of replicate `r` under a seed key.
 *
 * @example replicateKey(seedKey(42), 0) // an unsigned 32-bit integer
 */
export function replicateKey(key: number, replicate: number): number {
  return mix32(mix32((replicate + REPLICATE_SALT) >>> 0) ^ key);
}

/**
 * The 32-bit key of a global row index (0 to 2⁵³ − 1) under a seed key. For a
 * fixed seed it is a bijection on the first 2³² rows: no two rows share it.
 *
 * @example rowKey(seedKey(42), 1000) // an unsigned 32-bit integer
 */
export function rowKey(key: number, row: number): number {
  return mix32((mix32((row >>> 0) ^ key) + Math.imul(Math.floor(row / TWO_32), GOLDEN)) >>> 0);
}

/**
 * The Poisson(1) bootstrap weight of a row in a replicate: how many times the
 * row is drawn in that resample. Pure: the same (seed, row, replicate) always
 * gives the same weight, whatever the batching.
 *
 * `P(0) = P(1) = e⁻¹ ≈ 0.368`, `P(2) ≈ 0.184`, …; mean 1, variance 1.
 *
 * @example poissonWeight(42, 0, 0) // 2 (always, for these arguments)
 */
export function poissonWeight(seed: number, row: number, replicate: number): number {
  checkIndex('row index', row);
  checkIndex('replicate', replicate);
  const key = seedKey(seed);
  return poissonOfUniform(mix32(rowKey(key, row) ^ replicateKey(key, replicate)));
}
