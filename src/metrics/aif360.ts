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

/** Why an AIF360 value is undefined (null), for the report's warnings: a phrase naming the cause. */
export type Aif360Note = (reason: string) => void;

function div(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

function rates(k: Counts) {
  const n = k.tp + k.fp + k.fn + k.tn;
  return { n, sr: div(k.tp + k.fp, n), tpr: div(k.tp, k.tp + k.fn), fpr: div(k.fp, k.fp + k.tn) };
}

function sub(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}

/**
 * The five group-comparison metrics of AIF360 from the two groups' counts.
 *
 * A value whose rates divide by zero is null (JSON has no inf or NaN), and `note`
 * hears which metric and why. AIF360 divides numpy floats there, so it returns
 * `inf` for x/0 (disparate impact with a privileged selection rate of 0 and an
 * unprivileged one above 0) and `nan` for 0/0 (a group with no weight, or with no
 * favourable / unfavourable labels for the TPR / FPR), with a RuntimeWarning.
 */
export function aif360Comparisons(
  privileged: Counts,
  unprivileged: Counts,
  note: (metric: keyof Aif360Values, reason: string) => void = () => {},
): Aif360Values {
  const p = rates(privileged);
  const u = rates(unprivileged);
  const dTpr = sub(u.tpr, p.tpr);
  const dFpr = sub(u.fpr, p.fpr);
  const values: Aif360Values = {
    disparate_impact: u.sr === null || p.sr === null || p.sr === 0 ? null : u.sr / p.sr,
    statistical_parity_difference: sub(u.sr, p.sr),
    equal_opportunity_difference: dTpr,
    average_odds_difference: dTpr === null || dFpr === null ? null : 0.5 * (dFpr + dTpr),
    average_abs_odds_difference:
      dTpr === null || dFpr === null ? null : 0.5 * (Math.abs(dFpr) + Math.abs(dTpr)),
  };
  // The first cause that applies, in the order the formula meets them.
  const noWeight = (r: { n: number }, who: string) =>
    r.n === 0 ? `the ${who} group's weights sum to 0; AIF360 returns nan` : null;
  const selection =
    noWeight(p, 'privileged') ??
    noWeight(u, 'unprivileged') ??
    (p.sr === 0
      ? `the privileged group's selection rate is 0; AIF360 returns ${u.sr === 0 ? 'nan (0/0)' : 'inf'}`
      : null);
  const tpr = (who: string, r: { n: number; tpr: number | null }) =>
    noWeight(r, who) ??
    (r.tpr === null ? `the ${who} group has no favourable labels (TPR 0/0); AIF360 returns nan` : null);
  const fpr = (who: string, r: { n: number; fpr: number | null }) =>
    noWeight(r, who) ??
    (r.fpr === null ? `the ${who} group has no unfavourable labels (FPR 0/0); AIF360 returns nan` : null);
  const odds =
    tpr('privileged', p) ?? tpr('unprivileged', u) ?? fpr('privileged', p) ?? fpr('unprivileged', u);
  const reasons: Record<keyof Aif360Values, string | null> = {
    disparate_impact: selection,
    statistical_parity_difference: selection,
    equal_opportunity_difference: tpr('privileged', p) ?? tpr('unprivileged', u),
    average_odds_difference: odds,
    average_abs_odds_difference: odds,
  };
  for (const metric of Object.keys(values) as (keyof Aif360Values)[]) {
    if (values[metric] === null) note(metric, reasons[metric] ?? 'a rate divides by zero');
  }
  return values;
}

/** Swaps the roles of the classes: counts on the other label as favourable. */
export function flipCounts(k: Counts): Counts {
  return { tp: k.tn, tn: k.tp, fp: k.fn, fn: k.fp, rows: k.rows };
}

/**
 * Generalized entropy index of the benefits b = ŷ − y + 1 (Speicher et al. 2018), from
 * counts: b = 0 for FN, 1 for TP and TN, 2 for FP. α = 1 is the Theil index,
 * α = 0 the mean log deviation.
 * GE(α) = 1 / (n α (α − 1)) Σ_i [(b_i / μ)^α − 1]; GE(1) = (1/n) Σ (b_i/μ) ln(b_i/μ);
 * GE(0) = −(1/n) Σ ln(b_i/μ) (the formula of AIF360's documentation and of the paper;
 * AIF360's code for α = 0 further divides each term by μ).
 *
 * Null, with the reason told to `note`: no weight at all; a mean benefit of 0 (every
 * row a false negative: b/μ is 0/0, AIF360 returns nan); α = 0 with a false negative
 * (ln 0: AIF360 returns inf). AIF360 counts rows unweighted here; this weights them.
 */
export function generalizedEntropyIndex(
  k: Counts,
  alpha: number,
  note: Aif360Note = () => {},
): number | null {
  const n = k.tp + k.fp + k.fn + k.tn;
  if (n === 0) {
    note('the weights sum to 0 (AIF360 ignores instance weights in this index)');
    return null;
  }
  const mass: [number, number][] = [
    [0, k.fn],
    [1, k.tp + k.tn],
    [2, k.fp],
  ];
  const mu = (k.tp + k.tn + 2 * k.fp) / n;
  if (mu === 0) {
    note('the mean benefit is 0 (every row a false negative), so b/μ is 0/0; AIF360 returns nan');
    return null;
  }
  const value = entropyOfValues(mass, n, mu, alpha);
  if (value === null) {
    note(
      'with α = 0 it takes ln(b/μ), which is infinite for a false negative (benefit 0); AIF360 returns inf',
    );
  }
  return value;
}

/** GE(α) of a distribution given as (value, weight) pairs with total n and mean μ; null when α = 0 meets a 0. */
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
 * `between_group_theil_index`. Null (reason told to `note`) with no weight or a mean
 * benefit of 0, as `generalizedEntropyIndex`.
 */
export function betweenGroupEntropyIndex(
  groups: Counts[],
  alpha: number,
  note: Aif360Note = () => {},
): number | null {
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
  if (n === 0) {
    note('the weights sum to 0 (AIF360 ignores instance weights in this index)');
    return null;
  }
  if (total === 0) {
    note('the mean benefit is 0 (every row a false negative), so b/μ is 0/0; AIF360 returns nan');
    return null;
  }
  const value = entropyOfValues(mass, n, total / n, alpha);
  if (value === null)
    note(
      'with α = 0 it takes ln(b/μ), which is infinite for a group whose rows are all false negatives; AIF360 returns inf',
    );
  return value;
}
