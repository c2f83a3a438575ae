import { adjustPValues } from './adjust.js';

/**
 * Benjamini–Hochberg adjusted p-values (false discovery rate control).
 *
 * With the `m` p-values sorted ascending, `p̃_(i) = min(1, min_{j ≥ i} m·p_(j)/j)`
 * (1-based); rejecting `p̃ ≤ q` controls the false discovery rate at `q` for
 * independent or positively dependent tests. Reference: Benjamini & Hochberg
 * (1995), JRSS B 57:289; the same as statsmodels
 * `multipletests(p, method='fdr_bh')[1]`, scipy
 * `false_discovery_control(p, method='bh')` and R `p.adjust(p, "BH")`.
 *
 * Results are in input order. `null` entries stay `null` and are not counted in
 * `m`; an empty list gives `[]`; a value outside [0, 1] or NaN throws.
 *
 * @example benjaminiHochberg([0.01, 0.04, 0.03, 0.005]) // [0.02, 0.04, 0.04, 0.02]
 */
export function benjaminiHochberg(pValues: readonly number[]): number[];
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[];
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  return adjustPValues(pValues, (sorted) => {
    const m = sorted.length;
    let running = 1;
    for (let i = m - 1; i >= 0; i--) {
      running = Math.min(running, (m * sorted[i]) / (i + 1));
      sorted[i] = running;
    }
  });
}
