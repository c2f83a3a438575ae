import type { Bounds } from './bounds.js';
import { betaQuantile } from './distributions.js';
import { checkLevel, checkSuccesses } from './validate.js';

/**
 * Clopper–Pearson ("exact") interval for a proportion `p = successes / n`:
 * the Beta quantiles
 * `[B(α/2; x, n − x + 1), B(1 − α/2; x + 1, n − x)]`, with lower limit 0 when
 * `x = 0` and upper limit 1 when `x = n`.
 * Reference: Clopper & Pearson (1934), Biometrika 26:404; the same as scipy
 * `binomtest(x, n).proportion_ci(level, method='exact')`.
 *
 * Guaranteed coverage of at least `level` for integer counts, so it is
 * conservative (wider than Wilson, coverage often 96–99% at 95%). Counts need
 * not be integers: the Beta form extends to an effective sample size
 * (see `effectiveSampleSize`), where the guarantee becomes approximate.
 * Degenerate input: `n = 0` gives `null`. Quantiles come from jStat (about 1e-9
 * relative error against scipy).
 *
 * @example clopperPearsonInterval(8, 10) // [0.4439045…, 0.9747892…]
 */
export function clopperPearsonInterval(successes: number, n: number, level = 0.95): Bounds | null {
  const x = checkSuccesses('successes', successes, 'n', n);
  checkLevel(level);
  if (n === 0) return null;
  const alpha = 1 - level;
  const lower = x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1);
  const upper = x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x);
  return [lower, upper];
}
