import { AuditError } from '../core/errors.js';

/**
 * Shared frame of the p-value adjustments (`holm`, `benjaminiHochberg`): checks
 * the input, sorts the non-null p-values ascending, lets `adjustSorted` rewrite
 * them in place, and puts the results back in input order. `null` entries (no
 * test was possible) stay `null` and do not count in `m`, as R's `p.adjust`
 * treats `NA`.
 *
 * @example adjustPValues([0.01, null, 0.04], (sorted) => sorted.fill(1)) // [1, null, 1]
 */
export function adjustPValues(
  pValues: readonly (number | null)[],
  adjustSorted: (sorted: Float64Array) => void,
): (number | null)[] {
  const present: number[] = [];
  pValues.forEach((p, i) => {
    if (p === null) return;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new AuditError(`p-value must be between 0 and 1 at index ${i}: ${String(p)}`);
    }
    present.push(i);
  });
  // Stable order by p-value; ties keep input order (the adjusted values of ties are equal anyway).
  present.sort((i, j) => (pValues[i] as number) - (pValues[j] as number) || i - j);
  const sorted = Float64Array.from(present, (i) => pValues[i] as number);
  adjustSorted(sorted);
  const adjusted: (number | null)[] = pValues.map(() => null);
  present.forEach((i, rank) => {
    adjusted[i] = sorted[rank];
  });
  return adjusted;
}
