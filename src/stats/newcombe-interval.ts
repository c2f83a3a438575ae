import type { Bounds } from './bounds.js';
import { normalQuantile } from './distributions.js';
import { checkLevel, checkSuccesses } from './validate.js';
import { wilsonBounds } from './wilson-interval.js';

/**
 * Newcombe's hybrid score interval for a difference of two independent
 * proportions, `δ = x1/n1 − x2/n2` (method 10 of Newcombe 1998: Wilson limits
 * without continuity correction, combined by the square-and-add rule).
 *
 * With Wilson limits `[l1, u1]`, `[l2, u2]` at the same level:
 * `δ − √((p̂1 − l1)² + (u2 − p̂2)²)`  to  `δ + √((u1 − p̂1)² + (p̂2 − l2)²)`.
 * Reference: Newcombe (1998), Stat Med 17:873, Table II; the same as statsmodels
 * `confint_proportions_2indep(x1, n1, x2, n2, method='newcomb', compare='diff')`.
 *
 * Counts need not be integers (pass effective sample sizes for weighted rows).
 * Degenerate input: `n1 = 0` or `n2 = 0` gives `null`. Limits stay in [−1, 1].
 *
 * @example newcombeInterval(56, 70, 48, 80) // [0.0524…, 0.3339…] (Newcombe's example a)
 */
export function newcombeInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level = 0.95,
): Bounds | null {
  const s1 = checkSuccesses('x1', x1, 'n1', n1);
  const s2 = checkSuccesses('x2', x2, 'n2', n2);
  checkLevel(level);
  if (n1 === 0 || n2 === 0) return null;
  const z = normalQuantile(1 - (1 - level) / 2);
  const p1 = s1 / n1;
  const p2 = s2 / n2;
  const [l1, u1] = wilsonBounds(s1, n1, z);
  const [l2, u2] = wilsonBounds(s2, n2, z);
  const delta = p1 - p2;
  const lower = delta - Math.hypot(p1 - l1, u2 - p2);
  const upper = delta + Math.hypot(u1 - p1, p2 - l2);
  return [Math.max(-1, lower), Math.min(1, upper)];
}
