import { normalTwoSidedPValue } from './distributions.js';
import { checkSuccesses } from './validate.js';

/** Result of a test of significance: the test statistic and its p-value. */
export interface TestResult {
  statistic: number;
  pValue: number;
}

/**
 * Two-sided z-test that two independent proportions are equal, with the pooled
 * standard error.
 *
 * `p̂ = (x1 + x2)/(n1 + n2)`, `z = (x1/n1 − x2/n2) / √(p̂(1 − p̂)(1/n1 + 1/n2))`,
 * p-value `2·(1 − Φ(|z|))`. Reference: Agresti, *Categorical Data Analysis*
 * (3rd ed.) §3.1; the same as statsmodels
 * `proportions_ztest([x1, x2], [n1, n2])`. Equivalent to the uncorrected Pearson
 * chi-square test of the 2×2 table (`z² = χ²`).
 *
 * Counts need not be integers (effective sample sizes for weighted rows).
 * Degenerate input: `n1 = 0` or `n2 = 0` gives `null`; when both groups have
 * rate 0 or both rate 1 the difference is exactly 0 and the result is
 * `{ statistic: 0, pValue: 1 }` (as Fisher's exact test gives), where statsmodels
 * returns NaN.
 *
 * @example twoProportionZTest(30, 100, 45, 100) // { statistic: −2.1908…, pValue: 0.02845… }
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): TestResult | null {
  const a = checkSuccesses('x1', x1, 'n1', n1);
  const b = checkSuccesses('x2', x2, 'n2', n2);
  if (n1 === 0 || n2 === 0) return null;
  const pooled = (a + b) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  const difference = a / n1 - b / n2;
  if (!(variance > 0)) return { statistic: 0, pValue: 1 };
  const statistic = difference / Math.sqrt(variance);
  return { statistic, pValue: normalTwoSidedPValue(statistic) };
}
