/** Sufficient statistics of a numeric variable within one group (values may be shifted by a constant). */
export interface GroupMoments {
  n: number;
  /** Σ (x − shift) and Σ (x − shift)² over the group, for one shift shared by all groups. */
  sum: number;
  sumSq: number;
}

/**
 * The correlation ratio η of a numeric variable with a categorical one: `η = √(SS_between /
 * SS_total)`, with `SS_total = Σ (x − x̄)²` and `SS_between = Σ_g n_g (x̄_g − x̄)²` (Pearson 1903;
 * Fisher's η). 0 when every group has the same mean, 1 when the groups alone determine the value.
 * Computed from per-group sums of values shifted by a common constant (any shift gives the same η;
 * one near the mean avoids cancellation).
 *
 * Degenerate cases: fewer than two non-empty groups, or a constant variable (SS_total = 0), give null.
 * @example correlationRatio([{ n: 2, sum: 2, sumSq: 2 }, { n: 2, sum: 6, sumSq: 18 }]) // 1 (values 1, 1 | 3, 3)
 */
export function correlationRatio(groups: readonly GroupMoments[]): number | null {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let nonEmpty = 0;
  for (const g of groups) {
    if (g.n <= 0) continue;
    nonEmpty++;
    n += g.n;
    sum += g.sum;
    sumSq += g.sumSq;
  }
  if (nonEmpty < 2) return null;
  const total = sumSq - (sum * sum) / n;
  if (!(total > 1e-12 * sumSq) || total <= 0) return null;
  let between = -(sum * sum) / n;
  for (const g of groups) if (g.n > 0) between += (g.sum * g.sum) / g.n;
  const eta2 = Math.min(1, Math.max(0, between / total));
  return Math.sqrt(eta2);
}
