import { adjustPValues } from './adjust.js';

/**
 * Holm's step-down adjusted p-values (family-wise error control).
 *
 * With the `m` p-values sorted ascending, `p̃_(i) = min(1, max_{j ≤ i} (m − j + 1)·p_(j))`
 * (1-based `i`); rejecting `p̃ ≤ α` controls the family-wise error rate at `α`
 * under any dependence. Reference: Holm (1979), Scand J Statist 6:65; the same
 * as statsmodels `multipletests(p, method='holm')[1]` and R
 * `p.adjust(p, "holm")`.
 *
 * Results are in input order. `null` entries stay `null` and are not counted in
 * `m`; an empty list gives `[]`; a value outside [0, 1] or NaN throws.
 *
 * @example holm([0.01, 0.04, 0.03, 0.005]) // [0.03, 0.06, 0.06, 0.02]
 */
export function holm(pValues: readonly number[]): number[];
export function holm(pValues: readonly (number | null)[]): (number | null)[];
export function holm(pValues: readonly (number | null)[]): (number | null)[] {
  return adjustPValues(pValues, (sorted) => {
    const m = sorted.length;
    let running = 0;
    for (let i = 0; i < m; i++) {
      running = Math.max(running, Math.min(1, (m - i) * sorted[i]));
      sorted[i] = running;
    }
  });
}
