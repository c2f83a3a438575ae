import type { Counts } from './confusion.js';

/**
 * AIF360-style group comparisons (`ClassificationMetric`): a privileged group against
 * all other rows pooled, on the favourable label. Differences and ratios are
 * unprivileged − privileged and unprivileged ÷ privileged. Counts must already be
 * oriented so that "positive" means the favourable label.
 */
export interface Aif360Values {
  disparate_impact: number | null;
  statistical_parity_difference: number | null;
  equal_opportunity_difference: number | null;
  average_odds_difference: number | null;
  average_abs_odds_difference: number | null;
}

function div(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

function rates(k: Counts) {
  const n = k.tp + k.fp + k.fn + k.tn;
  return { sr: div(k.tp + k.fp, n), tpr: div(k.tp, k.tp + k.fn), fpr: div(k.fp, k.fp + k.tn) };
}

function sub(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}

/** The five group-comparison metrics of AIF360 from the two groups' counts. */
export function aif360Comparisons(privileged: Counts, unprivileged: Counts): Aif360Values {
  const p = rates(privileged);
  const u = rates(unprivileged);
  const dTpr = sub(u.tpr, p.tpr);
  const dFpr = sub(u.fpr, p.fpr);
  return {
    disparate_impact: u.sr === null || p.sr === null || p.sr === 0 ? null : u.sr / p.sr,
    statistical_parity_difference: sub(u.sr, p.sr),
    equal_opportunity_difference: dTpr,
    average_odds_difference: dTpr === null || dFpr === null ? null : 0.5 * (dFpr + dTpr),
    average_abs_odds_difference: dTpr === null || dFpr === null ? null : 0.5 * (Math.abs(dFpr) + Math.abs(dTpr)),
  };
}

/** Swaps the roles of the classes: counts on the other label as favourable. */
export function flipCounts(k: Counts): Counts {
  return { tp: k.tn, tn: k.tp, fp: k.fn, fn: k.fp, rows: k.rows };
}

/**
 * Generalized entropy index of the benefits b = ŷ − y + 1 (Speicher et al. 2018), from
 * counts: b = 0 for FN, 1 for TP and TN, 2 for FP. α = 1 is the Theil index,
 * α = 0 the mean log deviation. Null when the mean benefit is 0.
 * GE(α) = 1 / (n α (α − 1)) Σ_i [(b_i / μ)^α − 1].
 */
export function generalizedEntropyIndex(k: Counts, alpha: number): number | null {
  const n = k.tp + k.fp + k.fn + k.tn;
  if (n === 0) return null;
  const mass: [number, number][] = [
    [0, k.fn],
    [1, k.tp + k.tn],
    [2, k.fp],
  ];
  const mu = (k.tp + k.tn + 2 * k.fp) / n;
  if (mu === 0) return null;
  return entropyOfValues(mass, n, mu, alpha);
}

/** GE(α) of a distribution given as (value, weight) pairs with total n and mean μ. */
function entropyOfValues(mass: [number, number][], n: number, mu: number, alpha: number): number | null {
  let sum = 0;
  for (const [b, w] of mass) {
    if (w === 0) continue;
    const x = b / mu;
    if (alpha === 1) sum += w * (x === 0 ? 0 : x * Math.log(x));
    else if (alpha === 0) {
      if (x === 0) return null; // log 0: infinite
      sum += w * -Math.log(x);
    } else sum += w * (Math.pow(x, alpha) - 1);
  }
  if (alpha === 1 || alpha === 0) return sum / n;
  return sum / (n * alpha * (alpha - 1));
}

/**
 * Between-group generalized entropy index (AIF360 `between_group_generalized_entropy_index`):
 * each individual's benefit is replaced by its group's mean benefit. α = 1 gives
 * `between_group_theil_index`.
 */
export function betweenGroupEntropyIndex(groups: Counts[], alpha: number): number | null {
  let n = 0;
  let total = 0;
  const mass: [number, number][] = [];
  for (const k of groups) {
    const m = k.tp + k.fp + k.fn + k.tn;
    if (m === 0) continue;
    const benefit = k.tp + k.tn + 2 * k.fp;
    mass.push([benefit / m, m]);
    n += m;
    total += benefit;
  }
  if (n === 0 || total === 0) return null;
  return entropyOfValues(mass, n, total / n, alpha);
}
