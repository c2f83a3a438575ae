import { AuditError, InternalError } from '../core/errors.js';

/**
 * The scores of the rows with a positive label and with a negative label, with
 * optional per-row weights (sample weights, or counts when each entry stands for
 * a run of tied scores). Scores may be in any order; ±∞ is allowed, NaN is not.
 */
export interface AucSample {
  positives: ArrayLike<number>;
  negatives: ArrayLike<number>;
  positiveWeights?: ArrayLike<number> | null;
  negativeWeights?: ArrayLike<number> | null;
}

/** The distinct scores of one class, ascending, with the total weight at each. */
export interface ScoreRuns {
  scores: Float64Array;
  weights: Float64Array;
  /** Σ of `weights`. */
  total: number;
}

/**
 * DeLong's structural components ("placements") of an AUC, per distinct score.
 * For a positive score `s`: `V10(s) = (W⁻(< s) + ½ W⁻(= s)) / W⁻`, the weighted
 * share of negatives it outranks; for a negative score `t`:
 * `V01(t) = (W⁺(> t) + ½ W⁺(= t)) / W⁺`. The AUC is the weighted mean of either.
 */
export interface DelongComponents {
  auc: number;
  positive: ScoreRuns & { placements: Float64Array };
  negative: ScoreRuns & { placements: Float64Array };
  /**
   * DeLong's variance, when computed along with the components (a score store's histograms
   * keep no per-score placements: their runs are then empty, their totals right); absent
   * otherwise, and computed from the placements.
   */
  variance?: number | null;
}

/**
 * Sorts one class's scores into runs of distinct values with summed weights.
 * Unweighted scores use the native typed-array sort; weighted ones an index sort.
 */
function toRuns(
  scores: ArrayLike<number>,
  weights: ArrayLike<number> | null | undefined,
  what: string,
): ScoreRuns {
  const n = scores.length;
  if (weights != null && weights.length !== n) {
    throw new AuditError(`${what} weights have length ${weights.length} but there are ${n} ${what} scores`);
  }
  let ascending = true;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) throw new AuditError(`${what} score is not a number at index ${i}`);
    if (i > 0 && !(scores[i - 1] < scores[i])) ascending = false;
    if (weights != null) {
      const w = weights[i];
      if (!(w >= 0) || w === Infinity)
        throw new AuditError(`${what} weight must be finite and non-negative at index ${i}: ${w}`);
    }
  }
  if (ascending && scores instanceof Float64Array && (weights == null || weights instanceof Float64Array)) {
    // Already runs (distinct, ascending: the score store's): taken as they are, read only.
    let total = 0;
    const runWeights = weights ?? new Float64Array(n).fill(1);
    for (let k = 0; k < n; k++) total += runWeights[k];
    return { scores, weights: runWeights, total };
  }
  let sorted: Float64Array;
  let sortedWeights: Float64Array | null = null;
  if (ascending) {
    // Already distinct and ascending (e.g. the score store's runs): no sort needed.
    sorted = Float64Array.from(scores);
    sortedWeights = weights == null ? null : Float64Array.from(weights);
  } else if (weights == null) {
    sorted = Float64Array.from(scores).sort();
  } else {
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    // Comparisons, not subtraction: scores may be ±∞.
    order.sort((i, j) => (scores[i] < scores[j] ? -1 : scores[i] > scores[j] ? 1 : 0));
    sorted = new Float64Array(n);
    sortedWeights = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      sorted[k] = scores[order[k]];
      sortedWeights[k] = weights[order[k]];
    }
  }
  const values = new Float64Array(n);
  const runWeights = new Float64Array(n);
  let runs = 0;
  let total = 0;
  for (let k = 0; k < n; k++) {
    const w = sortedWeights === null ? 1 : sortedWeights[k];
    total += w;
    // `!==` merges −0 and +0 into one run, as equal scores should be.
    if (runs === 0 || sorted[k] !== values[runs - 1]) {
      values[runs] = sorted[k];
      runWeights[runs] = w;
      runs++;
    } else {
      runWeights[runs - 1] += w;
    }
  }
  return { scores: values.slice(0, runs), weights: runWeights.slice(0, runs), total };
}

/**
 * DeLong's structural components of the (weighted) AUC, computed in
 * O(n log n) by sorting each class once and walking the two sorted lists together:
 * the midrank formulation of Sun & Xu (2014), IEEE Signal Processing Letters
 * 21:1389, with ties counted as one half. Weights act as frequency weights, so
 * a score with weight 3 is the same as three rows with that score.
 *
 * `AUC = Σ_s w⁺(s) V10(s) / W⁺ = P(score⁺ > score⁻) + ½ P(score⁺ = score⁻)`.
 *
 * Degenerate input: `null` when either class has no rows or zero total weight.
 *
 * @example delongComponents({ positives: [0.9, 0.4], negatives: [0.4, 0.1] })!.auc // 0.875
 */
export function delongComponents(sample: AucSample): DelongComponents | null {
  const pos = toRuns(sample.positives, sample.positiveWeights, 'positive');
  const neg = toRuns(sample.negatives, sample.negativeWeights, 'negative');
  return delongComponentsOfRuns(pos, neg);
}

/**
 * {@link delongComponents} of scores already in runs: each class's distinct scores strictly
 * ascending, with finite non-negative weights summing to `total` (as a score store keeps
 * them). Nothing is checked or copied; `null` when either class has zero total weight.
 *
 * @example delongComponentsOfRuns(
 *   { scores: Float64Array.of(0.4, 0.9), weights: Float64Array.of(1, 1), total: 2 },
 *   { scores: Float64Array.of(0.1, 0.4), weights: Float64Array.of(1, 1), total: 2 },
 * )!.auc // 0.875
 */
export function delongComponentsOfRuns(pos: ScoreRuns, neg: ScoreRuns): DelongComponents | null {
  if (!(pos.total > 0) || !(neg.total > 0)) return null;

  // The runs' arrays are read through locals: V8 reloads them from the objects on every row otherwise.
  const posScores = pos.scores;
  const posWeights = pos.weights;
  const negScores = neg.scores;
  const negWeights = neg.weights;
  const negTotal = neg.total;
  const posTotal = pos.total;
  const m = posScores.length;
  const n = negScores.length;

  // V10 for each positive run: negatives strictly below, plus half the tie.
  const v10 = new Float64Array(m);
  const auc = positivePlacements(posScores, posWeights, negScores, negWeights, negTotal, v10).placed / posTotal;

  // V01 for each negative run: positives strictly above, plus half the tie.
  const v01 = new Float64Array(n);
  let i = m - 1;
  let above = 0;
  for (let k = n - 1; k >= 0; k--) {
    const t = negScores[k];
    while (i >= 0 && posScores[i] > t) above += posWeights[i--];
    const tie = i >= 0 && posScores[i] === t ? posWeights[i] : 0;
    v01[k] = (above + tie / 2) / posTotal;
  }

  return {
    auc: Math.min(1, Math.max(0, auc)),
    positive: { ...pos, placements: v10 },
    negative: { ...neg, placements: v01 },
  };
}

/**
 * DeLong's V10 for each positive run (ascending scores): the weight of negatives strictly
 * below it plus half those equal, over `negTotal`, written to `out[i]`. Also returns
 * `placed` = Σ w⁺ V10 (the AUC times the positives' weight), `sum` = Σ w⁺ (below + ½ equal)
 * (the Mann–Whitney count) and `tieMass` = Σ w⁺ · equal. One sweep over both classes' runs.
 *
 * @example positivePlacements(Float64Array.of(0.4, 0.9), Float64Array.of(1, 1), Float64Array.of(0.1, 0.4), Float64Array.of(1, 1), 2, new Float64Array(2)).placed // 1.75
 */
export function positivePlacements(
  posScores: Float64Array,
  posWeights: Float64Array,
  negScores: Float64Array,
  negWeights: Float64Array,
  negTotal: number,
  out: Float64Array,
): { placed: number; sum: number; tieMass: number } {
  const m = posScores.length;
  const n = negScores.length;
  let j = 0;
  let below = 0;
  let placed = 0;
  let sum = 0;
  let tieMass = 0;
  for (let i = 0; i < m; i++) {
    const s = posScores[i];
    while (j < n && negScores[j] < s) below += negWeights[j++];
    const tie = j < n && negScores[j] === s ? negWeights[j] : 0;
    sum += posWeights[i] * (below + 0.5 * tie);
    tieMass += posWeights[i] * tie;
    const v = (below + tie / 2) / negTotal;
    out[i] = v;
    placed += posWeights[i] * v;
  }
  return { placed, sum, tieMass };
}

/**
 * The placement of one score in a class's runs (from `delongComponents`): the
 * value of that class's component at `score`, which must be one of its scores.
 * Binary search, O(log runs).
 *
 * @example placementOf(delongComponents({ positives: [0.9, 0.4], negatives: [0.4, 0.1] })!.positive, 0.4) // 0.75
 */
export function placementOf(runs: ScoreRuns & { placements: Float64Array }, score: number): number {
  let lo = 0;
  let hi = runs.scores.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = runs.scores[mid];
    if (v < score) lo = mid + 1;
    else if (v > score) hi = mid - 1;
    else return runs.placements[mid];
  }
  throw new InternalError(`score ${score} is not among the scores of this class`);
}
