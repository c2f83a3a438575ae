import type { Bounds } from './bounds.js';
import { delongComponents, type DelongComponents, type ScoreRuns } from './delong-components.js';
import { normalQuantile } from './distributions.js';
import { checkLevel } from './validate.js';

/** Weights for the two classes of `delongInterval`. */
export interface DelongWeights {
  /** Per-row weights (or counts of tied scores) of `positives`; default 1 each. */
  positiveWeights?: ArrayLike<number> | null;
  /** Per-row weights (or counts of tied scores) of `negatives`; default 1 each. */
  negativeWeights?: ArrayLike<number> | null;
}

/** An AUC with its DeLong variance and confidence interval. */
export interface DelongResult {
  auc: number;
  /** DeLong variance of the AUC; `null` with fewer than 2 (weighted) rows in a class. */
  variance: number | null;
  /** Standard error, `√variance`. */
  se: number | null;
  /** `auc ± z·se`, clipped to [0, 1]. */
  ci: Bounds | null;
}

/**
 * Weighted sample variance of one class's placements about the AUC:
 * `S = Σ w (V − AUC)² / (W − 1)` (DeLong's S10 or S01). Internal.
 */
function placementVariance(runs: ScoreRuns & { placements: Float64Array }, auc: number): number {
  return weightedSquares(runs.placements, runs.weights, runs.placements.length, auc) / (runs.total - 1);
}

/**
 * `Σ_{i < count} weights[i] · (values[i] − centre)²`, in index order (DeLong's S10 or S01
 * before dividing by the class weight less one).
 *
 * @example weightedSquares(Float64Array.of(1, 3), Float64Array.of(1, 2), 2, 2) // 3
 */
export function weightedSquares(values: Float64Array, weights: Float64Array, count: number, centre: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const d = values[i] - centre;
    sum += weights[i] * d * d;
  }
  return sum;
}

/**
 * DeLong variance of an AUC from its structural components:
 * `Var = S10 / W⁺ + S01 / W⁻`, or `null` when a class has total weight ≤ 1.
 *
 * @example delongVariance(delongComponents({ positives: [3, 2], negatives: [1, 2] })!) // 0.03125
 */
export function delongVariance(components: DelongComponents): number | null {
  if (components.variance !== undefined) return components.variance;
  const { positive, negative, auc } = components;
  if (positive.total <= 1 || negative.total <= 1) return null;
  return (
    placementVariance(positive, auc) / positive.total + placementVariance(negative, auc) / negative.total
  );
}

/**
 * Area under the ROC curve with DeLong's variance and a normal-approximation
 * confidence interval.
 *
 * `AUC = P(score⁺ > score⁻) + ½ P(score⁺ = score⁻)`;
 * `Var = S10/m + S01/n` with `S10 = Σ_i (V10_i − AUC)² / (m − 1)` over the m
 * positives and `S01` likewise over the n negatives (DeLong, DeLong &
 * Clarke-Pearson 1988, Biometrics 44:837), computed in O(n log n) by the midrank
 * method of Sun & Xu (2014); the same as pROC `var(roc, method = "delong")` and
 * `ci.auc(roc, method = "delong")`. Weights act as frequency weights: passing
 * the distinct scores of a histogram with their counts gives the same result as
 * the expanded rows. For sample weights that are not counts, the variance is an
 * approximation.
 *
 * Degenerate input: `null` when either class is empty (or has zero weight);
 * `variance`, `se` and `ci` are `null` when a class has total weight ≤ 1.
 * When the classes are perfectly separated the variance is 0 and the interval
 * collapses to `[1, 1]` (a known weakness of DeLong at the boundary).
 *
 * @example delongInterval([0.9, 0.8, 0.4], [0.7, 0.4, 0.2]) // auc 0.8333…
 */
export function delongInterval(
  positives: ArrayLike<number>,
  negatives: ArrayLike<number>,
  level = 0.95,
  weights: DelongWeights = {},
): DelongResult | null {
  checkLevel(level);
  return delongIntervalOf(delongComponents({ positives, negatives, ...weights }), level);
}

/**
 * {@link delongInterval} from components already computed (e.g. by
 * `delongComponentsOfRuns`); `null` for null components.
 *
 * @example delongIntervalOf(delongComponents({ positives: [0.9, 0.4], negatives: [0.4, 0.1] }))!.auc // 0.875
 */
export function delongIntervalOf(components: DelongComponents | null, level = 0.95): DelongResult | null {
  checkLevel(level);
  if (components === null) return null;
  const { auc } = components;
  const variance = delongVariance(components);
  if (variance === null) return { auc, variance: null, se: null, ci: null };
  const se = Math.sqrt(variance);
  const z = normalQuantile(1 - (1 - level) / 2);
  return { auc, variance, se, ci: [Math.max(0, auc - z * se), Math.min(1, auc + z * se)] };
}
