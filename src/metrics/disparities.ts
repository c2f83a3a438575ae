/** How groups are compared: max − min / min ÷ max, or each group against the overall value. */
export type DisparityMethod = 'between_groups' | 'to_overall';

/** A named fairness metric as a composition: base metrics × comparison (Fairlearn's table). */
export interface DisparityComposition {
  /** e.g. `equalized_odds` → `equalized_odds_difference` / `_ratio`. */
  name: string;
  /** Base metrics compared across groups; with several, the worst comparison counts. */
  bases: string[];
  task: 'classification' | 'regression';
}

/** The named fairness metrics (Fairlearn 0.9). Every base metric also gets `<metric>_difference` etc. */
export const NAMED_DISPARITIES: DisparityComposition[] = [
  { name: 'demographic_parity', bases: ['selection_rate'], task: 'classification' },
  { name: 'equalized_odds', bases: ['true_positive_rate', 'false_positive_rate'], task: 'classification' },
  { name: 'equal_opportunity', bases: ['true_positive_rate'], task: 'classification' },
];

/** Base metrics that get no generated disparity (not a rate of the group). */
export const NO_DISPARITY = new Set(['count']);

/** One group's value of a base metric (null = undefined in that group). */
export interface GroupValue {
  group: string;
  value: number | null;
}

/** Difference: between groups max − min; to overall max |g − o|. Null values are skipped. */
export function difference(values: GroupValue[], overall: number | null, method: DisparityMethod): number | null {
  const defined = values.map((v) => v.value).filter((v): v is number => v !== null && Number.isFinite(v));
  if (defined.length === 0) return null;
  if (method === 'between_groups') return Math.max(...defined) - Math.min(...defined);
  if (overall === null) return null;
  return Math.max(...defined.map((v) => Math.abs(v - overall)));
}

/**
 * Ratio, as Fairlearn 0.9 computes it: between groups min / max (null when max = 0);
 * to overall the min over groups of g/o, inverted when above 1 — with o = 0, a group
 * with g > 0 gives 1/∞ = 0 and a group with g = 0 (0/0) is skipped.
 */
export function ratio(values: GroupValue[], overall: number | null, method: DisparityMethod): number | null {
  const defined = values.map((v) => v.value).filter((v): v is number => v !== null && Number.isFinite(v));
  if (defined.length === 0) return null;
  if (method === 'between_groups') {
    const max = Math.max(...defined);
    const min = Math.min(...defined);
    if (max === 0) return null;
    return min / max;
  }
  if (overall === null) return null;
  let best: number | null = null;
  for (const g of defined) {
    let r: number;
    if (overall === 0) {
      if (g === 0) continue;
      r = 0;
    } else {
      r = g / overall;
      if (r > 1) r = 1 / r;
    }
    best = best === null ? r : Math.min(best, r);
  }
  return best;
}

/** Groups with the lowest and highest defined values (first in group order on ties). */
export function extremes(values: GroupValue[]): { min: GroupValue | null; max: GroupValue | null } {
  let min: GroupValue | null = null;
  let max: GroupValue | null = null;
  for (const v of values) {
    if (v.value === null || !Number.isFinite(v.value)) continue;
    if (min === null || v.value < min.value!) min = v;
    if (max === null || v.value > max.value!) max = v;
  }
  return { min, max };
}
