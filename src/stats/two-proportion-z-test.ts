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
 * returns NaN. Counts anywhere in the float range work (weighted counts of 1e300
 * give a finite z, or an infinite one with p-value 0, never NaN).
 *
 * @example twoProportionZTest(30, 100, 45, 100) // { statistic: −2.1908…, pValue: 0.02845… }
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): TestResult | null {
  const a = checkSuccesses('x1', x1, 'n1', n1);
  const b = checkSuccesses('x2', x2, 'n2', n2);
  if (n1 === 0 || n2 === 0) return null;
  // Scaled by a power of two (exact) so that n1 + n2 cannot overflow; then
  // z = (p1 − p2)·√s / √(p̂ q̂ (1/n1' + 1/n2')) with n' = n/s, each factor finite.
  const s = 2 ** Math.floor(Math.log2(Math.max(n1, n2)));
  const m1 = n1 / s;
  const m2 = n2 / s;
  const total = m1 + m2;
  const pooled = (a / s + b / s) / total;
  // q̂ from the failures, not 1 − p̂, which rounds to 0 when p̂ is within an ulp of 1.
  const failures = (m1 - a / s + (m2 - b / s)) / total;
  if (!(pooled > 0 && failures > 0)) return { statistic: 0, pValue: 1 };
  const difference = a / n1 - b / n2;
  // √p̂·√q̂ rather than √(p̂q̂): the product could underflow for p̂ near 2^-1074.
  const standardError = Math.sqrt(pooled) * Math.sqrt(failures) * Math.sqrt(1 / m1 + 1 / m2);
  const statistic = (difference / standardError) * Math.sqrt(s);
  return { statistic, pValue: normalTwoSidedPValue(statistic) };
}
