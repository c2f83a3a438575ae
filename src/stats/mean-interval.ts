import { AuditError } from '../core/errors.js';
import type { Bounds } from './bounds.js';
import { studentTQuantile } from './distributions.js';
import { checkCount, checkLevel } from './validate.js';

/**
 * t-based confidence interval for a mean, from the sufficient statistics a
 * streaming accumulator keeps: the count `n`, `sum = Σ y` and `sumSq = Σ y²`.
 *
 * `ȳ ± t_{n−1, 1−α/2} · s / √n`, with `ȳ = sum/n` and
 * `s² = (sumSq − sum²/n) / (n − 1)`; the same as scipy
 * `ttest_1samp(y, 0).confidence_interval(level)`.
 * For regression errors, feed per-row losses: MAE from `n, Σ|e|, Σe²`, MSE from
 * `n, Σe², Σe⁴` (and RMSE as the square roots of the MSE limits).
 *
 * `n` need not be an integer (an effective sample size for weighted rows).
 * Precision: `sumSq − sum²/n` cancels when the mean is large against the spread
 * (relative error about 1e-16 · ȳ²/s²); centre the values first in that case.
 * Degenerate input: `n < 2` gives `null` (no variance estimate); a zero
 * variance gives `[ȳ, ȳ]`; `sumSq` clearly below `sum²/n` throws (inconsistent
 * sums).
 *
 * @example meanInterval(5, 15, 55) // y = 1..5: [1.0367568…, 4.9632431…]
 */
export function meanInterval(n: number, sum: number, sumSq: number, level = 0.95): Bounds | null {
  checkCount('n', n);
  checkCount('sum of squares', sumSq);
  if (!Number.isFinite(sum)) throw new AuditError(`sum must be a finite number: ${String(sum)}`);
  checkLevel(level);
  if (n < 2) return null;
  const mean = sum / n;
  let centred = sumSq - sum * mean;
  if (centred < 0) {
    // Rounding can leave a tiny negative; a large one means the sums disagree.
    if (-centred > 1e-9 * sumSq) {
      throw new AuditError(
        `sum of squares ${sumSq} is smaller than sum²/n = ${sum * mean}: inconsistent sums`,
      );
    }
    centred = 0;
  }
  const se = Math.sqrt(centred / (n - 1) / n);
  const t = studentTQuantile(1 - (1 - level) / 2, n - 1);
  return [mean - t * se, mean + t * se];
}
