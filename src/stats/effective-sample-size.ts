import { checkCount } from './validate.js';

/**
 * Kish's effective sample size of weighted rows, `n_eff = (Σw)² / Σw²`.
 *
 * The interval functions of `src/stats/` accept non-integer counts. With sample
 * weights, pass `n_eff` as `n` and `p̂ · n_eff` as the successes
 * (`p̂ = Σ w·y / Σ w`), not the raw weighted sums: weights of 1000 per row would
 * otherwise claim a thousand times the precision the data hold. With all weights
 * equal, `n_eff` is the row count. Reference: Kish (1965), *Survey Sampling*, §11.7.
 *
 * Degenerate input: `Σw² = 0` (no weight at all) gives 0.
 *
 * @example effectiveSampleSize(4, 4) // 4 (four rows of weight 1)
 * @example effectiveSampleSize(4, 10) // 1.6 (two rows, weights 3 and 1)
 */
export function effectiveSampleSize(sumWeights: number, sumSquaredWeights: number): number {
  checkCount('sum of weights', sumWeights);
  checkCount('sum of squared weights', sumSquaredWeights);
  if (sumSquaredWeights === 0) return 0;
  return (sumWeights * sumWeights) / sumSquaredWeights;
}
