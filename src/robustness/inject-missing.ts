import { counterUniform } from './counter-random.js';

/**
 * Seeded missing-value injection: each row's value becomes missing (`NaN` for numbers, −1 for
 * codes) with probability `rate`, decided by the draw `(key, rowOffset + i)` alone, so the result
 * does not depend on batch sizes. Values already missing stay missing.
 * @example injectMissing(Float64Array.of(1, 2, 3), 0, streamKey(0, 'missing_0.05', 'age'), 0.05)
 */
export function injectMissing<T extends Float64Array | Int32Array>(values: T, rowOffset: number, key: number, rate: number): T {
  const out = values.slice() as T;
  const missing = out instanceof Float64Array ? Number.NaN : -1;
  for (let i = 0; i < out.length; i++) {
    if (counterUniform(key, rowOffset + i, 0) < rate) out[i] = missing;
  }
  return out;
}
