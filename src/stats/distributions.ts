import { gammaln } from 'simple-statistics';
import { AuditError, InternalError } from '../core/errors.js';
import { jstat } from './jstat.js';

/**
 * The few distribution functions the intervals and tests of `src/stats/` need,
 * each a thin, checked wrapper: quantiles come from jStat (within about 3e-8
 * relative of scipy's for t, 1e-9 for beta, 1e-15 for normal), log-gamma from
 * simple-statistics. Upper tails are computed here (see `upperRegularizedGamma`)
 * because jStat only returns them as `1 - cdf`, which rounds every p-value under
 * about 1e-16 to 0.
 */

function checkProbability(p: number): void {
  if (!(p > 0 && p < 1))
    throw new AuditError(`probability must be between 0 and 1 (exclusive): ${String(p)}`);
}

function checkPositive(name: string, value: number): void {
  if (!(value > 0)) throw new AuditError(`${name} must be positive: ${String(value)}`);
}

/**
 * Quantile of the standard normal distribution: the `z` with `Φ(z) = p`.
 *
 * Uses jStat's `normal.inv` (Newton-refined inverse complementary error function).
 * `p` must lie strictly between 0 and 1.
 *
 * @example normalQuantile(0.975) // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  checkProbability(p);
  return jstat.normal.inv(p, 0, 1);
}

/**
 * Quantile of Student's t distribution with `df` degrees of freedom (real `df > 0`,
 * so effective sample sizes work). `df = Infinity` gives the normal quantile.
 *
 * @example studentTQuantile(0.975, 10) // 2.2281388…
 */
export function studentTQuantile(p: number, df: number): number {
  checkProbability(p);
  checkPositive('degrees of freedom', df);
  if (df === Infinity) return jstat.normal.inv(p, 0, 1);
  return jstat.studentt.inv(p, df);
}

/**
 * Quantile of the Beta(a, b) distribution (real `a, b > 0`), via jStat's
 * `beta.inv`. `p` must lie strictly between 0 and 1.
 *
 * @example betaQuantile(0.5, 2, 2) // 0.5
 */
export function betaQuantile(p: number, a: number, b: number): number {
  checkProbability(p);
  checkPositive('beta shape a', a);
  checkPositive('beta shape b', b);
  return jstat.beta.inv(p, a, b);
}

// Relative precision at which the series and the continued fraction stop. It must
// exceed the spacing of doubles just below 1 (2^-53 ≈ 1.1e-16) by a few ulps: at
// 1e-16 the ratio of successive convergents can stay at 1 − 1 ulp for ever and the
// loop never ends (seen from x ≈ 1e17 on). A few ulps cost nothing in accuracy.
const EPSILON = 1e-15;
// The smallest number the modified Lentz method lets a denominator reach.
const TINY = 1e-300;
// Below this log, e^x is 0 in double precision (ln of the smallest subnormal).
const LOG_MIN = Math.log(Number.MIN_VALUE);
// Shapes from here on use Stirling's series for ln Γ(a) inside the prefactor.
const STIRLING_FROM = 10;

/**
 * Stirling's correction `μ(a) = ln Γ(a) − ((a − ½) ln a − a + ½ ln 2π)` for
 * `a ≥ 10`: its asymptotic series `Σ B_2k / (2k (2k − 1) a^(2k−1))`, seven terms,
 * whose remainder is below 3e-17 there. (Abramowitz & Stegun 6.1.41.)
 */
function stirlingCorrection(a: number): number {
  const r = 1 / (a * a);
  return (
    (1 / 12 -
      r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r * (1 / 1188 - r * (691 / 360360 - r * (1 / 156))))))) /
    a
  );
}

/**
 * `t − ln(1 + t)` for `t = (x − a)/a > −1`, without the cancellation of the
 * direct form near 0: with `u = t / (2 + t)`,
 * `ln(1 + t) = 2 atanh u = 2(u + u³/3 + u⁵/5 + …)` and `t − 2u = t·u`, so
 * `t − ln(1 + t) = t·u − 2(u³/3 + u⁵/5 + …)` (|u| ≤ ⅓ for |t| ≤ ½). Farther out
 * the direct form, with `ln(x/a)` rather than `ln(1 + t)`, which would lose `x`
 * when `x ≪ a`.
 */
function tMinusLog1p(t: number, x: number, a: number): number {
  if (Math.abs(t) > 0.5) return t - Math.log(x / a);
  const u = t / (2 + t);
  const u2 = u * u;
  let power = u * u2;
  let series = 0;
  for (let k = 3; ; k += 2) {
    const term = power / k;
    series += term;
    if (Math.abs(term) <= Math.abs(series) * 1e-17) break;
    power *= u2;
  }
  return t * u - 2 * series;
}

/**
 * ln of the prefactor `x^a e^(−x) / Γ(a)` that both the series and the continued
 * fraction multiply. For small shapes directly, with `ln Γ` from simple-statistics;
 * for `a ≥ 10` as `½ ln(a / 2π) − a·(t − ln(1 + t)) − μ(a)` with `t = (x − a)/a`,
 * which keeps full relative precision where the direct form would lose
 * `|a ln x| · 2^-53` to cancellation (a = 1e10: about 1e-5). (Temme 1979;
 * DiDonato & Morris 1986, §2.)
 */
function logGammaPrefactor(a: number, x: number): number {
  if (a < STIRLING_FROM) return a * Math.log(x) - x - gammaln(a);
  const t = (x - a) / a;
  return 0.5 * Math.log(a / (2 * Math.PI)) - a * tMinusLog1p(t, x, a) - stirlingCorrection(a);
}

/**
 * The regularized upper incomplete gamma function
 * `Q(a, x) = Γ(a, x) / Γ(a) = 1 − P(a, x)`, with full relative precision in the
 * upper tail.
 *
 * Written here because no installed library offers it: jStat's `lowRegGamma`
 * returns `P` (so `1 − P` underflows to 0 below about 1e-16) and simple-statistics
 * has only a table. Method (Numerical Recipes §6.2): the series for `P` when
 * `x < a + 1`, else the modified-Lentz continued fraction for `Q`, both times
 * the prefactor `x^a e^(−x) / Γ(a)` (computed in logs, see `logGammaPrefactor`).
 * Where that prefactor underflows past the continued fraction's switch the tail
 * is 0 in double precision (the fraction is at most 1 there), so huge `x`
 * (chi-square statistics of weighted counts, up to 1e308) returns 0 at once.
 *
 * Degenerate input: `Q(a, 0) = 1`, `Q(a, ∞) = 0`; `a ≤ 0` or not finite,
 * `x < 0` or NaN throw.
 *
 * @example upperRegularizedGamma(1, 2) // e^-2 = 0.1353352832366127
 */
export function upperRegularizedGamma(a: number, x: number): number {
  checkPositive('gamma shape', a);
  if (a === Infinity) throw new AuditError('gamma shape must be finite: Infinity');
  if (!(x >= 0)) throw new AuditError(`gamma argument must be non-negative: ${String(x)}`);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const logPrefactor = logGammaPrefactor(a, x);
  const maxIterations = 1000 + Math.ceil(50 * Math.sqrt(a));
  if (x < a + 1) {
    // P(a, x) = prefactor · Σ_{k≥0} x^k / (a (a+1) … (a+k))
    let term = 1 / a;
    let sum = term;
    let denominator = a;
    for (let k = 1; k <= maxIterations; k++) {
      denominator += 1;
      term *= x / denominator;
      sum += term;
      if (term < sum * EPSILON) return Math.min(1, Math.max(0, 1 - sum * Math.exp(logPrefactor)));
    }
    throw new InternalError(`incomplete gamma series did not converge: a=${a}, x=${x}`);
  }
  // The continued fraction is at most 1 here (x ≥ a + 1), so Q ≤ prefactor.
  if (logPrefactor < LOG_MIN) return 0;
  // Q(a, x) = prefactor · 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …)))
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= maxIterations; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    // Multiplying in logs keeps a subnormal tail instead of flushing it to 0.
    if (Math.abs(delta - 1) < EPSILON) return Math.min(1, Math.exp(logPrefactor + Math.log(h)));
  }
  throw new InternalError(`incomplete gamma continued fraction did not converge: a=${a}, x=${x}`);
}

/**
 * Upper tail of the chi-square distribution, `P(χ²_df ≥ x) = Q(df/2, x/2)`:
 * the p-value of a chi-square statistic. Real `df > 0`; `x = 0` gives 1.
 *
 * @example chiSquareSurvival(3.841458820694124, 1) // 0.05
 */
export function chiSquareSurvival(x: number, df: number): number {
  checkPositive('degrees of freedom', df);
  if (!(x >= 0)) throw new AuditError(`chi-square statistic must be non-negative: ${String(x)}`);
  return upperRegularizedGamma(df / 2, x / 2);
}

/**
 * Two-sided p-value of a standard normal statistic,
 * `2·(1 − Φ(|z|)) = erfc(|z|/√2) = Q(1/2, z²/2)`, accurate in the far tail.
 * NaN throws; `z = 0` gives 1; `|z| = ∞` gives 0.
 *
 * @example normalTwoSidedPValue(1.959963984540054) // 0.05
 */
export function normalTwoSidedPValue(z: number): number {
  if (Number.isNaN(z)) throw new AuditError('z statistic is not a number');
  return upperRegularizedGamma(0.5, (z * z) / 2);
}
