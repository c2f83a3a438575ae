import type { Bounds } from './bounds.js';
import { normalQuantile } from './distributions.js';
import { checkLevel, checkSuccesses } from './validate.js';

/**
 * Wilson score interval for a proportion `p = successes / n`.
 *
 * With `z = Φ⁻¹(1 − α/2)` and `p̂ = x/n`:
 * `(x + z²/2) / (n + z²)  ±  z / (n + z²) · √(x(n − x)/n + z²/4)`.
 * Reference: Wilson (1927), JASA 22:209; the same as scipy
 * `binomtest(x, n).proportion_ci(level, method='wilson')` and statsmodels
 * `proportion_confint(x, n, 1 - level, method='wilson')`.
 *
 * Counts need not be integers: with weights, pass an effective sample size
 * (see `effectiveSampleSize`). Degenerate input: `n = 0` gives `null` (nothing
 * to estimate); `x = 0` gives lower limit exactly 0, `x = n` upper limit exactly 1.
 *
 * @example wilsonInterval(8, 10) // [0.4901624…, 0.9433178…]
 */
export function wilsonInterval(successes: number, n: number, level = 0.95): Bounds | null {
  const x = checkSuccesses('successes', successes, 'n', n);
  checkLevel(level);
  if (n === 0) return null;
  const z = normalQuantile(1 - (1 - level) / 2);
  return wilsonBounds(x, n, z);
}

/**
 * Core of `wilsonInterval` for already-checked input (`0 ≤ x ≤ n`, `n > 0`) and
 * a given normal quantile `z`; shared with `newcombeInterval`.
 *
 * @example wilsonBounds(8, 10, 1.959963984540054) // [0.4901624…, 0.9433178…]
 */
export function wilsonBounds(x: number, n: number, z: number): Bounds {
  const z2 = z * z;
  const denominator = n + z2;
  const centre = (x + z2 / 2) / denominator;
  const half = (z / denominator) * Math.sqrt(Math.max(0, (x * (n - x)) / n) + z2 / 4);
  const lower = x === 0 ? 0 : Math.max(0, centre - half);
  const upper = x === n ? 1 : Math.min(1, centre + half);
  return [lower, upper];
}
