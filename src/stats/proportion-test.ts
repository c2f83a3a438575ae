import { fisherExact } from './fisher-exact.js';
import { twoProportionZTest } from './two-proportion-z-test.js';
import { checkSuccesses } from './validate.js';

/** Result of `proportionTest`: which test ran, its statistic and p-value. */
export interface ProportionTestResult {
  method: 'fisher_exact' | 'two_proportion_z';
  /** Odds ratio for Fisher (`null` for a zero row or column, `Infinity` when `bc = 0`), z otherwise. */
  statistic: number | null;
  pValue: number;
}

/**
 * Two-sided test that two independent proportions `x1/n1` and `x2/n2` are equal,
 * choosing the test by the usual rule: Fisher's exact test when any expected
 * count of the 2×2 table `[[x1, n1 − x1], [x2, n2 − x2]]` under independence
 * (`E = row total · column total / N`) is below `minExpected` (default 5), the
 * pooled two-proportion z-test otherwise.
 *
 * Weighted (non-integer) counts always use the z-test, since Fisher's test is
 * defined only for whole counts; pass effective sample sizes, and treat small
 * effective counts with caution.
 * Degenerate input: `n1 = 0` or `n2 = 0` gives `null`.
 *
 * @example proportionTest(2, 10, 7, 12) // Fisher (expected counts < 5)
 * @example proportionTest(300, 1000, 350, 1000) // z-test
 */
export function proportionTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  minExpected = 5,
): ProportionTestResult | null {
  const a = checkSuccesses('x1', x1, 'n1', n1);
  const b = checkSuccesses('x2', x2, 'n2', n2);
  if (n1 === 0 || n2 === 0) return null;
  const N = n1 + n2;
  const successes = a + b;
  // The smallest expected cell: smallest row total × smallest column total / N.
  const smallest = (Math.min(n1, n2) * Math.min(successes, N - successes)) / N;
  const whole = [a, n1, b, n2].every((v) => Number.isSafeInteger(v));
  if (whole && smallest < minExpected) {
    const { oddsRatio, pValue } = fisherExact(a, n1 - a, b, n2 - b);
    return { method: 'fisher_exact', statistic: oddsRatio, pValue };
  }
  const z = twoProportionZTest(a, n1, b, n2);
  return z === null ? null : { method: 'two_proportion_z', ...z };
}
