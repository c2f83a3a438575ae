// Distributions and tests at the edges of the double range: huge statistics from large
// sample weights (bug B6: a weight of 1e20 made the incomplete gamma loop forever, 1e160
// made the chi-square statistic NaN).
import { describe, expect, it } from 'vitest';
import { chiSquareTest } from '../../src/stats/chi-square-test.js';
import {
  chiSquareSurvival,
  normalTwoSidedPValue,
  upperRegularizedGamma,
} from '../../src/stats/distributions.js';
import { proportionTest } from '../../src/stats/proportion-test.js';
import { twoProportionZTest } from '../../src/stats/two-proportion-z-test.js';
import { expectRelative } from './helpers.js';

// Reference values: mpmath 1.3.0 at 30–40 digits, `gammainc(a, x, inf, regularized=True)`
// and, where that is too slow (a ≥ 1e8), the integral of t^(a−1) e^(−t) / Γ(a) by
// `mp.quad` with breakpoints every few standard deviations (checked against gammainc at
// a = 1e6, where both run).
describe('upperRegularizedGamma at extreme arguments', () => {
  it.each([
    [1e6, 1030000, 3.262430144876734e-194, 1e-10], // 30 sd above the mean
    [1e8, 100000000, 0.49998670192398587, 1e-11],
    [1e8, 100300000, 1.2044173125225798e-197, 1e-10],
    [1e9, 999968377.2233983, 0.8413447461087834, 1e-11], // 1 sd below
    [1e9, 1000948683.2980505, 6.520858570928949e-198, 1e-10],
    [1e10, 1e10, 0.4999986701923987, 1e-10],
    [1e10, 9999900000, 0.8413447460725758, 1e-10],
    [1e10, 10000100000, 0.15865525392742422, 1e-10],
    [1e10, 10001000000, 7.645285643512505e-24, 1e-10], // 10 sd above
    [1e10, 10003000000, 5.3686897238652234e-198, 1e-10],
    [1e10, 9999500000, 0.9999997134673455, 1e-12],
  ])('Q(%g, %g) = %g', (a, x, expected, tol) => {
    expectRelative(upperRegularizedGamma(a, x), expected, tol);
  });

  it('is 0 for huge x and 1 for tiny x, for every shape, at once', () => {
    for (const a of [1e-3, 0.5, 1, 2.5, 10, 1e5, 1e10]) {
      for (const x of [1e17, 8333333333333332000, 1e20, 1e100, 1e300, Number.MAX_VALUE]) {
        expect(upperRegularizedGamma(a, x)).toBe(0);
      }
    }
    for (const a of [100, 1e5, 1e10]) expect(upperRegularizedGamma(a, 1)).toBe(1);
    expect(upperRegularizedGamma(1e10, 1e-300)).toBe(1);
  });

  it('keeps the closed forms in the far tail (Q(1, x) = e^-x), down to subnormals', () => {
    for (const x of [700, 740]) expectRelative(upperRegularizedGamma(1, x), Math.exp(-x), 1e-12);
    expect(upperRegularizedGamma(1, 800)).toBe(0);
  });

  it('ends for any shape and argument (a from 1e-3 to 1e10, x from 1e-10 to 1e308)', () => {
    let seed = 7;
    const uniform = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 5000; i++) {
      const a = 10 ** (-3 + 13 * uniform());
      const x = uniform() < 0.5 ? a * 10 ** (-2 + 4 * uniform()) : 10 ** (-10 + 318 * uniform());
      const q = upperRegularizedGamma(a, x);
      expect(q >= 0 && q <= 1).toBe(true);
    }
  });
});

describe('p-values of huge statistics', () => {
  it('are 0, not an error', () => {
    for (const z of [1e8, 3e9, 1e17, 1e160, 1e300, -1e300, Infinity]) expect(normalTwoSidedPValue(z)).toBe(0);
    for (const x of [1e18, 8333333333333332000, 1e300, Infinity]) {
      expect(chiSquareSurvival(x, 1)).toBe(0);
      expect(chiSquareSurvival(x, 9)).toBe(0);
    }
  });
});

describe('chiSquareTest on counts near the top of the double range', () => {
  it('scales: X²(s·T) = s·X²(T), with no overflow in the margins', () => {
    const t = [
      [10, 20],
      [30, 40],
    ];
    const base = chiSquareTest(t).statistic;
    for (const s of [1e20, 1e160, 2 ** 1000]) {
      const big = chiSquareTest(t.map((row) => row.map((v) => v * s)));
      expectRelative(big.statistic, base * s, 1e-12);
      expect(big.pValue).toBe(0);
      expect(big.df).toBe(1);
    }
  });

  it('gives 5/36 · 1e300 for [[1, 1], [1, 2]] · 1e300 (margins products would be 1e600)', () => {
    const r = chiSquareTest([
      [1e300, 1e300],
      [1e300, 2e300],
    ]);
    expectRelative(r.statistic, (5 / 36) * 1e300, 1e-12);
    expectRelative(r.minExpected, 0.8e300, 1e-12);
    expect(r.pValue).toBe(0);
  });

  it('handles the weighted tables of bug B6 (one row of weight 1e20 or 1e160)', () => {
    for (const w of [1e17, 1e20, 1e160, 1e300]) {
      // groups × (selected, not selected): group A weights 1 + 2, group B 1 and w
      const r = chiSquareTest([
        [1, 2],
        [1, w],
      ]);
      expect(Number.isNaN(r.statistic)).toBe(false);
      expect(r.pValue >= 0 && r.pValue <= 1).toBe(true);
    }
  });

  it('returns Infinity, with p-value 0, for a statistic past the double range', () => {
    const r = chiSquareTest([
      [1.7e308, 0],
      [0, 1.7e308],
    ]);
    expect(r.statistic).toBe(Infinity);
    expect(r.pValue).toBe(0);
  });

  it('applies Yates at scale: a 2^k table corrects by ½, not by ½·2^k', () => {
    const t = [
      [12, 5],
      [7, 14],
    ];
    // For a 2×2 table |O − E| is the same in every cell, so Yates is
    // X² · (|O − E| − ½)² / |O − E|²; here |O − E| = 12 − 17·19/38 = 3.5.
    const plain = chiSquareTest(t).statistic;
    expectRelative(chiSquareTest(t, { correction: true }).statistic, (plain * 3 * 3) / (3.5 * 3.5), 1e-12);
    const s = 2 ** 60;
    const big = t.map((row) => row.map((v) => v * s));
    const gap = 3.5 * s;
    expectRelative(
      chiSquareTest(big, { correction: true }).statistic,
      (plain * s * (gap - 0.5) ** 2) / gap ** 2,
      1e-12,
    );
  });
});

describe('twoProportionZTest on counts near the top of the double range', () => {
  it('scales: z(s·counts) = √s · z(counts), also where n1 + n2 overflows', () => {
    const base = twoProportionZTest(30, 100, 45, 100)!.statistic;
    for (const s of [1e20, 1e160, 2 ** 1023 / 100]) {
      const r = twoProportionZTest(30 * s, 100 * s, 45 * s, 100 * s)!;
      expectRelative(r.statistic, base * Math.sqrt(s), 1e-12);
      expect(r.pValue).toBe(0);
    }
  });

  it('keeps q̂ from the failures: pooled rates within an ulp of 1 still differ', () => {
    // x1/n1 = 1 − 2^-53, x2/n2 = 1: p̂ = 1 − 2^-54 rounds to 1, the failure count does not;
    // z = −2^-53 / √(2^-54 · 2^-52) = −1 exactly; p = 2·norm.sf(1) (scipy)
    const r = twoProportionZTest(2 ** 53 - 1, 2 ** 53, 2 ** 53, 2 ** 53)!;
    expectRelative(r.statistic, -1, 1e-12);
    expectRelative(r.pValue, 0.31731050786291415, 1e-12);
  });

  it('gives a p-value for the weighted groups of bug B6', () => {
    for (const w of [1e17, 1e20, 1e160, 1e300]) {
      const r = proportionTest(1, 3, w, w + 1)!;
      expect(r.method).toBe('two_proportion_z');
      expect(Number.isFinite(r.statistic!)).toBe(true);
      expect(r.pValue >= 0 && r.pValue <= 1).toBe(true);
    }
  });
});
