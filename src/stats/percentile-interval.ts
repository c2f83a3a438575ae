import { quantileSorted } from 'simple-statistics';
import type { Bounds } from './bounds.js';
import { checkLevel } from './validate.js';

/** Options of `percentileInterval`. */
export interface PercentileOptions {
  /**
   * What to do with non-finite values (NaN, ±∞: the statistic was undefined in
   * that replicate, e.g. a rate of a group that drew no rows). `'null'`
   * (default): the interval is `null`, as the resampled statistic is not always
   * defined; `'drop'`: ignore them (the interval is then conditional on the
   * statistic being defined, and biased if that is often not the case).
   */
  nonFinite?: 'null' | 'drop';
}

/**
 * Percentile bootstrap interval: the `α/2` and `1 − α/2` quantiles of the
 * replicate values, with linear interpolation between order statistics
 * (Hyndman & Fan type 7, numpy's default `np.percentile`, via simple-statistics
 * `quantileSorted`). Reference: Efron & Tibshirani (1993), *An Introduction to
 * the Bootstrap*, §13.3.
 *
 * Degenerate input: no values (after dropping, with `nonFinite: 'drop'`) gives
 * `null`; a single value `v` gives `[v, v]`.
 *
 * @example percentileInterval([1, 2, 3, 4, 5], 0.5) // [2, 4]
 */
export function percentileInterval(
  values: ArrayLike<number>,
  level = 0.95,
  options: PercentileOptions = {},
): Bounds | null {
  checkLevel(level);
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) kept.push(v);
    else if (options.nonFinite !== 'drop') return null;
  }
  if (kept.length === 0) return null;
  kept.sort((a, b) => a - b);
  const alpha = 1 - level;
  return [quantileSorted(kept, alpha / 2), quantileSorted(kept, 1 - alpha / 2)];
}
