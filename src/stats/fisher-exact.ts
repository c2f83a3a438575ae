import { checkCount, checkInteger } from './validate.js';

/** Which departure from independence a one-table test looks for. */
export type Alternative = 'two-sided' | 'less' | 'greater';

/** Options of `fisherExact`. */
export interface FisherExactOptions {
  /** Default `'two-sided'`; `'less'`/`'greater'`: odds ratio below / above 1. */
  alternative?: Alternative;
  /**
   * Tables whose probability is within this relative margin of the observed
   * table's count as "as extreme" (two-sided). Default 1e-7, as R's
   * `fisher.test` and scipy before 1.13; scipy 1.13+ uses 1e-14. It only matters
   * when two distinct tables are almost exactly equally likely.
   */
  relativeTolerance?: number;
}

/** Result of `fisherExact`. */
export interface FisherExactResult {
  /** Sample odds ratio `ad/(bc)`: `Infinity` when `bc = 0`, `null` for a zero row or column. */
  oddsRatio: number | null;
  pValue: number;
}

/**
 * Fisher's exact test of independence for the 2×2 table `[[a, b], [c, d]]`.
 *
 * Given the margins, `a` is hypergeometric:
 * `P(a = k) = C(a+b, k)·C(c+d, a+c−k) / C(N, a+c)`. The two-sided p-value is the
 * total probability of the tables no more likely than the observed one (up to
 * `relativeTolerance`); `'less'` is `P(X ≤ a)`, `'greater'` `P(X ≥ a)`.
 * Reference: Fisher (1935); the same as scipy
 * `fisher_exact([[a, b], [c, d]], alternative)` and R `fisher.test`.
 *
 * Computed here rather than with jStat's `hypgeom.pdf`, which costs O(k) per
 * term (O(k²) for the whole support) and loses the relative precision the
 * tolerance comparison needs on large tables: the probabilities are walked from
 * the mode by the ratio `P(k+1)/P(k) = (K−k)(n−k) / ((k+1)(N−K−n+k+1))`, in
 * O(min(support, 80·sd)) time and O(1) memory. Terms under 1e-20 of the
 * observed table's probability are dropped, and p-values below about 1e-300
 * are reported as 0.
 *
 * Degenerate input: a zero row or column gives `{ oddsRatio: null, pValue: 1 }`
 * (a single possible table). Counts must be whole numbers.
 *
 * @example fisherExact(8, 2, 1, 5) // { oddsRatio: 20, pValue: 0.034965034965… }
 */
export function fisherExact(
  a: number,
  b: number,
  c: number,
  d: number,
  options: FisherExactOptions = {},
): FisherExactResult {
  checkInteger('a', a);
  checkInteger('b', b);
  checkInteger('c', c);
  checkInteger('d', d);
  const alternative = options.alternative ?? 'two-sided';
  const tolerance = checkCount('relative tolerance', options.relativeTolerance ?? 1e-7);
  const K = a + b; // first row: "successes" in the population
  const n = a + c; // first column: draws
  const N = a + b + c + d;
  if (K === 0 || c + d === 0 || n === 0 || b + d === 0) return { oddsRatio: null, pValue: 1 };
  const oddsRatio = b * c === 0 ? Infinity : (a * d) / (b * c);
  return { oddsRatio, pValue: hypergeometricPValue(a, N, K, n, alternative, tolerance) };
}

/**
 * p-value of `x` under the hypergeometric law of (population `N`, `K` marked,
 * `n` drawn): the core of `fisherExact`, for checked, non-degenerate input.
 *
 * @example hypergeometricPValue(8, 16, 10, 9, 'two-sided', 1e-7) // 0.034965…
 */
export function hypergeometricPValue(
  x: number,
  N: number,
  K: number,
  n: number,
  alternative: Alternative,
  tolerance: number,
): number {
  const lo = Math.max(0, n - (N - K));
  const hi = Math.min(K, n);
  const mode = Math.min(hi, Math.max(lo, Math.floor(((n + 1) * (K + 1)) / (N + 2))));
  // Ratios of successive probabilities (the simple code: C(K,k)·C(N−K,n−k) / C(N,n)).
  const up = (k: number): number => ((K - k) * (n - k)) / ((k + 1) * (N - K - n + k + 1));
  const down = (k: number): number => (k * (N - K - n + k)) / ((K - k + 1) * (n - k + 1));

  // Probabilities are relative to the mode's (1). Walks stop below `floor`:
  // multiplying a subnormal by a ratio close to 1 can round back to itself, so
  // waiting for exact underflow could take as many steps as the support is long.
  const TINY = 1e-300;
  // Probability of x, walked the same way as below so the observed term is
  // bit-identical in both walks.
  let fx = 1;
  if (x > mode) for (let k = mode; k < x && fx >= TINY; k++) fx *= up(k);
  else for (let k = mode; k > x && fx >= TINY; k--) fx *= down(k);
  if (fx < TINY) fx = 0; // p-values this far out are reported as 0
  const threshold = fx * (1 + tolerance);
  // Terms under 1e-20 of the observed one are negligible against a p-value of at
  // least the observed term (the tails shrink geometrically from there on).
  const floor = Math.max(fx * 1e-20, TINY);

  const counts = (k: number, f: number): boolean =>
    alternative === 'two-sided' ? f <= threshold : alternative === 'less' ? k <= x : k >= x;
  let total = 1;
  let tail = counts(mode, 1) ? 1 : 0;
  let f = 1;
  for (let k = mode; k < hi; k++) {
    f *= up(k);
    if (f < floor) break; // the rest of this side is smaller still
    total += f;
    if (counts(k + 1, f)) tail += f;
  }
  f = 1;
  for (let k = mode; k > lo; k--) {
    f *= down(k);
    if (f < floor) break;
    total += f;
    if (counts(k - 1, f)) tail += f;
  }
  return Math.min(1, tail / total);
}
