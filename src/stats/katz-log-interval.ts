import type { Bounds } from './bounds.js';
import { normalQuantile } from './distributions.js';
import { checkCount, checkLevel, checkSuccesses } from './validate.js';

/** Options of `katzLogInterval`. */
export interface KatzLogOptions {
  /**
   * Added to every cell of the 2×2 table (so `x += c`, `n += 2c`) when `x1` or
   * `x2` is 0, where the log ratio has no finite standard error. Default 0.5
   * (Haldane–Anscombe); `null` returns `null` instead.
   */
  zeroCorrection?: number | null;
}

/**
 * Katz log interval for a ratio of two independent proportions,
 * `r = (x1/n1) / (x2/n2)` (e.g. a disparate-impact ratio: one group's selection
 * rate over the reference group's).
 *
 * `exp( ln r̂ ± z · √(1/x1 − 1/n1 + 1/x2 − 1/n2) )`, `z = Φ⁻¹(1 − α/2)`.
 * Reference: Katz, Baptista, Azen & Pike (1978), Biometrics 34:469; the same as
 * scipy `relative_risk(x1, n1, x2, n2).confidence_interval(level)` when neither
 * count is 0.
 *
 * Zeros: when `x1 = 0` or `x2 = 0` the counts get `zeroCorrection` (default 0.5)
 * added to every cell and the interval is that of the corrected table, which is
 * finite but does not contain the raw estimate 0 or ∞; with `zeroCorrection: null`
 * the result is `null`. `x1 = x2 = 0` (ratio 0/0) and `n1 = 0` or `n2 = 0` give
 * `null`. Counts need not be integers (effective sample sizes for weighted rows).
 *
 * @example katzLogInterval(30, 100, 45, 100) // [0.4607…, 0.9647…] around 0.667
 */
export function katzLogInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level = 0.95,
  options: KatzLogOptions = {},
): Bounds | null {
  let a = checkSuccesses('x1', x1, 'n1', n1);
  let b = checkSuccesses('x2', x2, 'n2', n2);
  checkLevel(level);
  const correction = options.zeroCorrection === undefined ? 0.5 : options.zeroCorrection;
  if (correction !== null) checkCount('zero correction', correction);
  if (n1 === 0 || n2 === 0 || (a === 0 && b === 0)) return null;
  let m1 = n1;
  let m2 = n2;
  if (a === 0 || b === 0) {
    if (correction === null || correction === 0) return null;
    a += correction;
    b += correction;
    m1 += 2 * correction;
    m2 += 2 * correction;
  }
  const z = normalQuantile(1 - (1 - level) / 2);
  const logRatio = Math.log(a / m1) - Math.log(b / m2);
  // 1/x − 1/n, written as (n − x)/(x n) so it is exactly 0 when x = n.
  const se = Math.sqrt((m1 - a) / (a * m1) + (m2 - b) / (b * m2));
  return [Math.exp(logRatio - z * se), Math.exp(logRatio + z * se)];
}
