import { describe, expect, it } from 'vitest';
import type { Interval } from '../../src/audit/types.js';
import { AuditError } from '../../src/core/errors.js';
import { clopperPearsonInterval } from '../../src/stats/clopper-pearson-interval.js';
import { effectiveSampleSize } from '../../src/stats/effective-sample-size.js';
import { katzLogInterval } from '../../src/stats/katz-log-interval.js';
import { meanInterval } from '../../src/stats/mean-interval.js';
import { newcombeInterval } from '../../src/stats/newcombe-interval.js';
import { wilsonInterval } from '../../src/stats/wilson-interval.js';
import { expectBounds } from './helpers.js';

// [successes, n, level, wilson, clopper–pearson], from scipy 1.17.1:
// r = scipy.stats.binomtest(k, n); r.proportion_ci(level, method='wilson' | 'exact')
const BINOMTEST: [number, number, number, [number, number], [number, number]][] = [
  [8, 10, 0.95, [0.4901624715366418, 0.9433178485456248], [0.4439045376923585, 0.9747892736731665]],
  [0, 10, 0.95, [0.0, 0.27753279986288926], [0.0, 0.30849710781876294]],
  [10, 10, 0.95, [0.7224672001371109, 1.0], [0.6915028921812371, 1.0]],
  [1, 50, 0.95, [0.0035392592716462223, 0.10495443589637814], [0.0005062279831152354, 0.10646954571150097]],
  [37, 120, 0.95, [0.23272736988916295, 0.3958299772380067], [0.22725511963384845, 0.3991367645324066]],
  [500, 1000, 0.95, [0.4690696003681042, 0.5309303996318958], [0.46854917297179194, 0.531450827028208]],
  [37, 120, 0.9, [0.24385619835333922, 0.3812626128663938], [0.2390137473904702, 0.3849185496885372]],
  [3, 7, 0.99, [0.11637368051613817, 0.8102850959116125], [0.055299349980557536, 0.8822962483310521]],
];

describe('wilsonInterval', () => {
  it.each(BINOMTEST)('%i/%i at %f matches scipy', (k, n, level, wilson) => {
    expectBounds(wilsonInterval(k, n, level), wilson, 1e-12);
  });

  it("returns the JSON report's Interval shape", () => {
    const ci: Interval | null = wilsonInterval(8, 10); // compile-time check: Bounds fits Interval
    expect(Array.isArray(ci) && ci.length === 2).toBe(true);
  });

  it('is exact at the edges and null without rows', () => {
    expect(wilsonInterval(0, 10)![0]).toBe(0);
    expect(wilsonInterval(10, 10)![1]).toBe(1);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('accepts weighted (non-integer) counts and is monotone in n', () => {
    const narrow = wilsonInterval(40.5, 100.25)!;
    const wide = wilsonInterval(4.05, 10.025)!;
    expect(narrow[0]).toBeGreaterThan(wide[0]);
    expect(narrow[1]).toBeLessThan(wide[1]);
    // a tiny rounding overshoot of x over n is clamped, a real one throws
    expect(wilsonInterval(10 + 1e-12, 10)![1]).toBe(1);
    expect(() => wilsonInterval(11, 10)).toThrow(/successes must not exceed n: 11 > 10/);
  });

  it('rejects bad input with a message that names it', () => {
    expect(() => wilsonInterval(-1, 10)).toThrow(AuditError);
    expect(() => wilsonInterval(Number.NaN, 10)).toThrow(
      /successes must be a finite non-negative number: NaN/,
    );
    expect(() => wilsonInterval(1, 10, 95)).toThrow(/did you mean 0.95/);
    expect(() => wilsonInterval(1, 10, 1)).toThrow(AuditError);
  });
});

describe('clopperPearsonInterval', () => {
  it.each(BINOMTEST)('%i/%i at %f matches scipy', (k, n, level, _wilson, exact) => {
    expectBounds(clopperPearsonInterval(k, n, level), exact, 1e-8);
  });

  it('contains the Wilson interval at the edges and handles n = 0', () => {
    expect(clopperPearsonInterval(0, 0)).toBeNull();
    const cp = clopperPearsonInterval(0, 25)!;
    expect(cp[0]).toBe(0);
    expect(cp[1]).toBeGreaterThan(wilsonInterval(0, 25)![1]);
    // 0 successes: upper = 1 − (α/2)^(1/n), in closed form
    expect(cp[1]).toBeCloseTo(1 - 0.025 ** (1 / 25), 9);
  });

  it('works for weighted counts and very large n', () => {
    const [lo, hi] = clopperPearsonInterval(0.5, 3.7)!; // scipy beta.ppf(0.025, 0.5, 4.2), beta.ppf(0.975, 1.5, 3.2)
    expect(lo).toBeCloseTo(0.00012405844802829255, 12);
    expect(hi).toBeCloseTo(0.7463463112500395, 9);
    const big = clopperPearsonInterval(5e6, 1e7)!; // scipy: [0.4996900525213711, 0.5003099474786289]
    expect(big[0]).toBeCloseTo(0.4996900525213711, 9);
    expect(big[1]).toBeCloseTo(0.5003099474786289, 9);
  });
});

describe('newcombeInterval', () => {
  // Newcombe (1998), Stat Med 17:873, Table II, method 10, to 4 decimals; the
  // full-precision values were recomputed in Python from scipy's Wilson limits
  // (binomtest(x, n).proportion_ci(0.95, method='wilson')) and the square-and-add rule.
  it.each([
    [56, 70, 48, 80, [0.0524, 0.3339], [0.052431472402364815, 0.3338726540369059]],
    [9, 10, 3, 10, [0.1705, 0.809], [0.17052272393450302, 0.8090179735354881]],
    [6, 7, 2, 7, [0.0582, 0.8062], [0.0582279274823122, 0.8062496375242278]],
    [5, 56, 0, 29, [-0.0381, 0.1926], [-0.03813714790353688, 0.1925600138551116]],
    [0, 10, 0, 20, [-0.1611, 0.2775], [-0.16112515805281935, 0.27753279986288926]],
    [10, 10, 0, 20, [0.6791, 1.0], [0.6790860371419147, 1.0]],
    [10, 10, 0, 10, [0.6075, 1.0], [0.6075093504305242, 1.0]],
  ] as const)('%i/%i − %i/%i', (x1, n1, x2, n2, published, precise) => {
    const ci = newcombeInterval(x1, n1, x2, n2)!;
    expect(ci[0]).toBeCloseTo(published[0], 4);
    expect(ci[1]).toBeCloseTo(published[1], 4);
    expectBounds(ci, precise, 1e-12);
  });

  it('is antisymmetric and null for an empty group', () => {
    const ab = newcombeInterval(30, 90, 12, 70)!;
    const ba = newcombeInterval(12, 70, 30, 90)!;
    expect(ba[0]).toBeCloseTo(-ab[1], 14);
    expect(ba[1]).toBeCloseTo(-ab[0], 14);
    expect(newcombeInterval(0, 0, 2, 5)).toBeNull();
    expect(newcombeInterval(1, 5, 0, 0)).toBeNull();
  });
});

describe('katzLogInterval', () => {
  // scipy.stats.contingency.relative_risk(x1, n1, x2, n2).confidence_interval(level)
  it.each([
    [30, 100, 45, 100, 0.95, [0.46068560140225634, 0.9647456814183548]],
    [5, 56, 2, 29, 0.95, [0.26737800997121186, 6.268653610412777]],
    [120, 400, 80, 390, 0.95, [1.1434198624038332, 1.8706219126746118]],
    [9, 10, 3, 10, 0.95, [1.13835035744767, 7.906177514784792]],
    [30, 100, 45, 100, 0.9, [0.48888808417358043, 0.9090924054648133]],
  ] as const)('%i/%i over %i/%i at %f matches scipy', (x1, n1, x2, n2, level, expected) => {
    expectBounds(katzLogInterval(x1, n1, x2, n2, level), expected, 1e-12);
  });

  it('applies the documented 0.5 correction to zero counts, or returns null', () => {
    // x1 = 0: the table [[0.5, 20.5], [5.5, 25.5]] (n1 = 21, n2 = 31)
    const [lo, hi] = katzLogInterval(0, 20, 5, 30)!;
    const logRatio = Math.log(0.5 / 21) - Math.log(5.5 / 31);
    const se = Math.sqrt(1 / 0.5 - 1 / 21 + 1 / 5.5 - 1 / 31);
    expect(lo).toBeCloseTo(Math.exp(logRatio - 1.959963984540054 * se), 12);
    expect(hi).toBeCloseTo(Math.exp(logRatio + 1.959963984540054 * se), 12);
    expect(katzLogInterval(0, 20, 5, 30, 0.95, { zeroCorrection: null })).toBeNull();
    expect(katzLogInterval(0, 20, 0, 30)).toBeNull(); // 0/0
    expect(katzLogInterval(0, 0, 5, 30)).toBeNull();
  });

  it('gives [1, 1] when both groups are all successes', () => {
    expect(katzLogInterval(10, 10, 20, 20)).toEqual([1, 1]);
  });
});

describe('meanInterval', () => {
  // scipy.stats.ttest_1samp(y, 0).confidence_interval(0.95); jStat's t quantile
  // is accurate to about 3e-8 relative, hence the absolute tolerance 1e-7.
  it('matches scipy for y = 1..5 and an irregular sample', () => {
    const [lo, hi] = meanInterval(5, 15, 55)!;
    expect(lo).toBeCloseTo(1.0367568385224428, 7);
    expect(hi).toBeCloseTo(4.963243161477557, 7);
    const y = [2.5, 3.1, -0.4, 7.7, 1.0, 0.0, 2.2];
    const sum = y.reduce((s, v) => s + v, 0);
    const sumSq = y.reduce((s, v) => s + v * v, 0);
    const [lo2, hi2] = meanInterval(y.length, sum, sumSq)!;
    expect(lo2).toBeCloseTo(-0.20790701977393367, 7);
    expect(hi2).toBeCloseTo(4.807907019773934, 7);
  });

  it('handles the degenerate cases', () => {
    expect(meanInterval(1, 3, 9)).toBeNull();
    expect(meanInterval(0, 0, 0)).toBeNull();
    expect(meanInterval(4, 8, 16)).toEqual([2, 2]); // zero variance
    expect(() => meanInterval(4, 8, 10)).toThrow(/inconsistent sums/);
    expect(() => meanInterval(4, Number.NaN, 10)).toThrow(AuditError);
  });
});

describe('effectiveSampleSize', () => {
  it('is Kish (Σw)²/Σw²', () => {
    expect(effectiveSampleSize(4, 4)).toBe(4);
    expect(effectiveSampleSize(4, 10)).toBe(1.6);
    expect(effectiveSampleSize(0, 0)).toBe(0);
    expect(() => effectiveSampleSize(-1, 1)).toThrow(AuditError);
  });
});
