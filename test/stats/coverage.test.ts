import { gammaln } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import type { Bounds } from '../../src/stats/bounds.js';
import { clopperPearsonInterval } from '../../src/stats/clopper-pearson-interval.js';
import { newcombeInterval } from '../../src/stats/newcombe-interval.js';
import { wilsonInterval } from '../../src/stats/wilson-interval.js';
import { binomial, seededUniform } from './helpers.js';

const TRIALS = 1000;
const inside = (ci: Bounds | null, truth: number): boolean => ci !== null && ci[0] <= truth && truth <= ci[1];

/** Binomial(n, p) probability of k, in log space. */
function binomialPmf(k: number, n: number, p: number): number {
  return Math.exp(
    gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p),
  );
}

/** Exact coverage of a one-sample interval: Σ_k P(k) · [p ∈ CI(k)]. */
function exactCoverage(interval: (k: number, n: number) => Bounds | null, n: number, p: number): number {
  let coverage = 0;
  for (let k = 0; k <= n; k++) if (inside(interval(k, n), p)) coverage += binomialPmf(k, n, p);
  return coverage;
}

// n and p chosen where the nominal coverage holds (exact coverage, from the
// binomial sums below and checked in scipy: Wilson 0.9494, Clopper–Pearson
// 0.9561 at n = 300, p = 0.3; Newcombe 0.9495 at 75/250 vs 40/200). With 1,000
// trials the simulated coverage has a standard error of about 0.007.
describe('coverage of 95% intervals (1,000 seeded trials)', () => {
  it('Wilson and Clopper–Pearson cover a rate of 0.3 at n = 300', () => {
    const rand = seededUniform(20240607);
    const n = 300;
    const p = 0.3;
    let wilson = 0;
    let exact = 0;
    for (let t = 0; t < TRIALS; t++) {
      const k = binomial(rand, n, p);
      if (inside(wilsonInterval(k, n), p)) wilson++;
      if (inside(clopperPearsonInterval(k, n), p)) exact++;
    }
    expect(wilson / TRIALS).toBeGreaterThanOrEqual(0.93);
    expect(wilson / TRIALS).toBeLessThanOrEqual(0.97);
    expect(exact / TRIALS).toBeGreaterThanOrEqual(0.93);
    expect(exact / TRIALS).toBeLessThanOrEqual(0.97);
  });

  it('Newcombe covers a difference of 0.1 (0.3 at n = 250 vs 0.2 at n = 200)', () => {
    const rand = seededUniform(7);
    let covered = 0;
    for (let t = 0; t < TRIALS; t++) {
      const k1 = binomial(rand, 250, 0.3);
      const k2 = binomial(rand, 200, 0.2);
      if (inside(newcombeInterval(k1, 250, k2, 200), 0.3 - 0.2)) covered++;
    }
    expect(covered / TRIALS).toBeGreaterThanOrEqual(0.93);
    expect(covered / TRIALS).toBeLessThanOrEqual(0.97);
  });
});

describe('exact coverage (binomial sums, no simulation noise)', () => {
  it.each([
    [300, 0.3],
    [300, 0.2],
    [500, 0.5],
    [200, 0.3],
  ])('n = %i, p = %f: Wilson ≈ 95%, Clopper–Pearson ≥ 95%', (n, p) => {
    const wilson = exactCoverage(wilsonInterval, n, p);
    const exact = exactCoverage(clopperPearsonInterval, n, p);
    expect(wilson).toBeGreaterThan(0.94);
    expect(wilson).toBeLessThan(0.96);
    // Clopper–Pearson guarantees at least the nominal level (conservative).
    expect(exact).toBeGreaterThanOrEqual(0.95);
    expect(exact).toBeLessThan(0.97);
  });

  it('Clopper–Pearson never drops below 95% on a grid where Wilson does', () => {
    let wilsonMin = 1;
    for (const p of [0.02, 0.05, 0.1, 0.15, 0.3, 0.5]) {
      expect(exactCoverage(clopperPearsonInterval, 40, p)).toBeGreaterThanOrEqual(0.95);
      wilsonMin = Math.min(wilsonMin, exactCoverage(wilsonInterval, 40, p));
    }
    expect(wilsonMin).toBeLessThan(0.95); // Wilson is not conservative at small n
  });
});
