import { counterNormal } from './counter-random.js';

/** Where noisy values of one column may land. */
export interface NoiseBounds {
  /** Smallest and largest value observed in the profile; a value outside widens its own row's range. */
  min: number;
  max: number;
  /** Round to whole numbers (integer columns stay integer, so integer model inputs accept them). */
  integer: boolean;
}

/**
 * Adds seeded Gaussian noise to a numeric column chunk: `x' = x + σ · z`, with
 * `z = counterNormal(key, rowOffset + i)` a standard normal draw that depends only on the stream
 * key and the global row index (so the result does not depend on batch sizes), then rounds
 * integer columns to the nearest whole number and clips to the profiled range
 * `[min(min, x), max(max, x)]` (a noisy age stays within the ages seen, and never turns
 * negative).
 *
 * Missing values (`NaN`) stay missing; `σ = 0` returns the values unchanged (a copy).
 * @example gaussianNoise(Float64Array.of(30, 40), 0, streamKey(0, 'noise_0.1', 'age'), 1.3, { min: 17, max: 90, integer: true })
 */
export function gaussianNoise(values: Float64Array, rowOffset: number, key: number, sigma: number, bounds: NoiseBounds): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const { min, max, integer } = bounds;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v) || sigma === 0) {
      out[i] = v;
      continue;
    }
    let x = v + sigma * counterNormal(key, rowOffset + i);
    if (integer) x = Math.round(x);
    const lo = v < min ? v : min;
    const hi = v > max ? v : max;
    out[i] = x < lo ? lo : x > hi ? hi : x;
  }
  return out;
}
