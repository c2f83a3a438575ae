import { AuditError } from '../core/errors.js';
import type { Bounds } from './bounds.js';
import { delongComponents, placementOf, type AucSample, type DelongComponents } from './delong-components.js';
import { delongVariance } from './delong-interval.js';
import { normalQuantile, normalTwoSidedPValue } from './distributions.js';
import { checkLevel } from './validate.js';

/** Options of `delongCompare`. */
export interface DelongCompareOptions {
  /**
   * `true`: the two samples score the same rows (two models, or a model before
   * and after a perturbation): row `i` of `first.positives` is row `i` of
   * `second.positives`, likewise for negatives, and the weights are shared.
   * `false`: independent samples (e.g. two groups of a sensitive feature).
   */
  paired: boolean;
  /** Confidence level of `ci`; default 0.95. */
  level?: number;
}

/** A comparison of two AUCs. */
export interface DelongComparison {
  /** `auc[0] − auc[1]`. */
  difference: number;
  auc: [first: number, second: number];
  /** DeLong variance of the difference; `null` with fewer than 2 rows in a class. */
  variance: number | null;
  se: number | null;
  /** `difference / se`; `null` when it is undefined (see `delongCompare`). */
  statistic: number | null;
  /** Two-sided p-value of `difference = 0`. */
  pValue: number | null;
  /** `difference ± z·se`, clipped to [−1, 1]. */
  ci: Bounds | null;
}

function sameWeights(
  a: ArrayLike<number> | null | undefined,
  b: ArrayLike<number> | null | undefined,
): boolean {
  if (b == null) return true; // the second sample inherits the first one's weights
  if (a == null) {
    for (let i = 0; i < b.length; i++) if (b[i] !== 1) return false;
    return true;
  }
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Σ_i w_i (x_i − μx)(y_i − μy) over the rows of one class. Internal. */
function crossProduct(
  scoresA: ArrayLike<number>,
  scoresB: ArrayLike<number>,
  weights: ArrayLike<number> | null | undefined,
  a: DelongComponents['positive'],
  b: DelongComponents['positive'],
  aucA: number,
  aucB: number,
): number {
  let sum = 0;
  for (let i = 0; i < scoresA.length; i++) {
    const w = weights == null ? 1 : weights[i];
    if (w === 0) continue;
    sum += w * (placementOf(a, scoresA[i]) - aucA) * (placementOf(b, scoresB[i]) - aucB);
  }
  return sum;
}

/**
 * DeLong test and interval for the difference of two AUCs, `AUC₁ − AUC₂`.
 *
 * Paired (DeLong, DeLong & Clarke-Pearson 1988): with per-row placements of
 * both models, `Var(Δ) = (S10₁₁ + S10₂₂ − 2·S10₁₂)/m + (S01₁₁ + S01₂₂ − 2·S01₁₂)/n`,
 * where `S10₁₂ = Σ_i (V10₁_i − AUC₁)(V10₂_i − AUC₂)/(m − 1)` (pROC
 * `roc.test(r1, r2, method = "delong", paired = TRUE)`). Unpaired: the two
 * DeLong variances add (`Var(Δ) = Var₁ + Var₂`). Then `z = Δ / √Var(Δ)`, the
 * two-sided normal p-value, and `Δ ± z_{1−α/2}·√Var(Δ)`.
 *
 * Degenerate input: `null` when a class of either sample is empty. `variance`,
 * `se`, `statistic`, `pValue` and `ci` are `null` when a class has total weight
 * ≤ 1; when the variance is 0 they are `0, 0, 0, 1, [0, 0]` for equal AUCs and
 * `null` (no usable variance) otherwise. Paired samples of different lengths or
 * with different weights throw.
 *
 * @example
 * // Two models scoring the same 3 positive and 2 negative rows:
 * delongCompare(
 *   { positives: [0.9, 0.6, 0.4], negatives: [0.5, 0.2] },
 *   { positives: [0.7, 0.8, 0.1], negatives: [0.3, 0.6] },
 *   { paired: true },
 * )!.difference // 5/6 − 4/6 = 0.1666…
 */
export function delongCompare(
  first: AucSample,
  second: AucSample,
  options: DelongCompareOptions,
): DelongComparison | null {
  const level = checkLevel(options.level ?? 0.95);
  const { paired } = options;
  if (paired) {
    if (
      first.positives.length !== second.positives.length ||
      first.negatives.length !== second.negatives.length
    ) {
      throw new AuditError(
        `paired auc comparison needs the same rows: ${first.positives.length}+${first.negatives.length} ` +
          `vs ${second.positives.length}+${second.negatives.length} positives+negatives`,
      );
    }
    if (
      !sameWeights(first.positiveWeights, second.positiveWeights) ||
      !sameWeights(first.negativeWeights, second.negativeWeights)
    ) {
      throw new AuditError('paired auc comparison needs the same row weights in both samples');
    }
  }
  const secondSample: AucSample = paired
    ? { ...second, positiveWeights: first.positiveWeights, negativeWeights: first.negativeWeights }
    : second;
  const one = delongComponents(first);
  const two = delongComponents(secondSample);
  if (one === null || two === null) return null;
  return comparison(one, two, level, paired ? () => pairedCovariance(first, second, one, two) : null);
}

/**
 * Unpaired {@link delongCompare} of two AUCs whose components are already computed (e.g. by
 * `delongComponentsOfRuns`); `null` when either is null.
 *
 * @example delongCompareOf(delongComponents(a), delongComponents(b))?.pValue
 */
export function delongCompareOf(one: DelongComponents | null, two: DelongComponents | null, level = 0.95): DelongComparison | null {
  checkLevel(level);
  if (one === null || two === null) return null;
  return comparison(one, two, level, null);
}

/** `2 · (S10₁₂/m + S01₁₂/n)`: what pairing removes from `Var₁ + Var₂` (see {@link delongCompare}). */
function pairedCovariance(first: AucSample, second: AucSample, one: DelongComponents, two: DelongComponents): number {
  const m = one.positive.total;
  const n = one.negative.total;
  const s10 = crossProduct(first.positives, second.positives, first.positiveWeights, one.positive, two.positive, one.auc, two.auc) / (m - 1);
  const s01 = crossProduct(first.negatives, second.negatives, first.negativeWeights, one.negative, two.negative, one.auc, two.auc) / (n - 1);
  return 2 * (s10 / m + s01 / n);
}

/** The test and interval from both components; `covariance` is the paired term, if any. */
function comparison(one: DelongComponents, two: DelongComponents, level: number, covariance: (() => number) | null): DelongComparison {
  const difference = one.auc - two.auc;
  const auc: [number, number] = [one.auc, two.auc];
  const none = { difference, auc, variance: null, se: null, statistic: null, pValue: null, ci: null };

  const var1 = delongVariance(one);
  const var2 = delongVariance(two);
  if (var1 === null || var2 === null) return none;
  let variance = var1 + var2;
  if (covariance !== null) variance -= covariance();
  // Nearly identical paired models leave a rounding-sized remainder (even a
  // negative one) of var₁ + var₂ − 2·cov; that is a zero variance.
  if (variance <= 1e-13 * (var1 + var2)) variance = 0;
  if (variance === 0) {
    return difference === 0
      ? { difference, auc, variance, se: 0, statistic: 0, pValue: 1, ci: [0, 0] }
      : none;
  }
  const se = Math.sqrt(variance);
  const statistic = difference / se;
  const z = normalQuantile(1 - (1 - level) / 2);
  return {
    difference,
    auc,
    variance,
    se,
    statistic,
    pValue: normalTwoSidedPValue(statistic),
    ci: [Math.max(-1, difference - z * se), Math.min(1, difference + z * se)],
  };
}
