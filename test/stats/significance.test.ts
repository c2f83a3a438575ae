import { describe, expect, it } from 'vitest';
import { AuditError } from '../../src/core/errors.js';
import { chiSquareTest } from '../../src/stats/chi-square-test.js';
import { fisherExact } from '../../src/stats/fisher-exact.js';
import { jstat } from '../../src/stats/jstat.js';
import { proportionTest } from '../../src/stats/proportion-test.js';
import { twoProportionZTest } from '../../src/stats/two-proportion-z-test.js';
import { expectRelative } from './helpers.js';

// [table, odds ratio, two-sided, less, greater] from scipy 1.17.1:
// scipy.stats.fisher_exact(table, alternative='two-sided' | 'less' | 'greater')
const FISHER: [[[number, number], [number, number]], number | null, number, number, number][] = [
  [
    [
      [8, 2],
      [1, 5],
    ],
    20.0,
    0.034965034965034975,
    0.9991258741258742,
    0.024475524475524483,
  ],
  [
    [
      [3, 1],
      [1, 3],
    ],
    9.0,
    0.48571428571428565,
    0.9857142857142858,
    0.24285714285714283,
  ],
  [
    [
      [1, 9],
      [11, 3],
    ],
    0.030303030303030304,
    0.0027594561852200836,
    0.0013797280926100418,
    0.9999663480953022,
  ],
  [
    [
      [0, 5],
      [5, 0],
    ],
    0.0,
    0.007936507936507938,
    0.003968253968253969,
    1.0,
  ],
  [
    [
      [10, 20],
      [30, 40],
    ],
    0.6666666666666666,
    0.5044757698516285,
    0.2533310713617557,
    0.8676419647894413,
  ],
  [
    [
      [2, 7],
      [8, 2],
    ],
    0.07142857142857142,
    0.02301413756522116,
    0.01852172595206651,
    0.9990149169715733,
  ],
  [
    [
      [100, 250],
      [130, 220],
    ],
    0.676923076923077,
    0.019515176586382743,
    0.009757588293191372,
    0.9937370288480981,
  ],
  [
    [
      [0, 10],
      [3, 12],
    ],
    0.0,
    0.25,
    0.19782608695652174,
    1.0,
  ],
  [
    [
      [20, 15],
      [5, 30],
    ],
    8.0,
    0.00036743402761995746,
    0.9999796078301716,
    0.0001837170138099787,
  ],
  [
    [
      [5, 0],
      [0, 0],
    ],
    null,
    1.0,
    1.0,
    1.0,
  ], // scipy: statistic nan (a zero row and column)
];

describe('fisherExact', () => {
  it.each(FISHER)('%j matches scipy', ([[a, b], [c, d]], oddsRatio, twoSided, less, greater) => {
    const r = fisherExact(a, b, c, d);
    expect(r.oddsRatio).toBe(oddsRatio);
    expectRelative(r.pValue, twoSided, 1e-12);
    expectRelative(fisherExact(a, b, c, d, { alternative: 'less' }).pValue, less, 1e-12);
    expectRelative(fisherExact(a, b, c, d, { alternative: 'greater' }).pValue, greater, 1e-12);
  });

  it('gives odds ratio ∞ when bc = 0 with non-zero margins', () => {
    expect(fisherExact(5, 0, 1, 4).oddsRatio).toBe(Infinity);
  });

  it('agrees with jStat hypergeometric probabilities summed by brute force', () => {
    // Two-sided p from the definition, with jStat.hypgeom.pdf: Σ P(k) over P(k) ≤ P(a)(1 + 1e-7).
    for (const [a, b, c, d] of [
      [7, 12, 9, 3],
      [15, 40, 22, 18],
      [3, 30, 9, 25],
    ]) {
      const N = a + b + c + d;
      const K = a + b;
      const n = a + c;
      const observed = jstat.hypgeom.pdf(a, N, K, n);
      let p = 0;
      for (let k = Math.max(0, n - (N - K)); k <= Math.min(K, n); k++) {
        const q = jstat.hypgeom.pdf(k, N, K, n);
        if (q <= observed * (1 + 1e-7)) p += q;
      }
      expectRelative(fisherExact(a, b, c, d).pValue, p, 1e-9);
    }
  });

  it('keeps full precision on large tables with tiny p-values', () => {
    // scipy.stats.fisher_exact(table) and fisher_exact(table, alternative='less')
    const cases: [number, number, number, number, number, number][] = [
      [52, 99_948, 110, 99_890, 6.007196681656926e-6, 3.0035983408284633e-6],
      [400_000, 600_000, 410_000, 590_000, 4.938127785208857e-47, 2.4690638926044285e-47],
      [3, 5000, 20, 4000, 5.6148740470820326e-5, 3.155372322898246e-5],
    ];
    for (const [a, b, c, d, twoSided, less] of cases) {
      expectRelative(fisherExact(a, b, c, d).pValue, twoSided, 1e-9);
      expectRelative(fisherExact(a, b, c, d, { alternative: 'less' }).pValue, less, 1e-9);
    }
  });

  it('reports 0 beyond 1e-300 without walking a billion-wide support', () => {
    // z ≈ −450: p is far below the smallest double; the walk stops in the tail
    expect(fisherExact(400_000_000, 600_000_000, 410_000_000, 590_000_000).pValue).toBe(0);
    expect(
      fisherExact(400_000_000, 600_000_000, 410_000_000, 590_000_000, { alternative: 'greater' }).pValue,
    ).toBe(1);
  });

  it('rejects non-integer and negative counts', () => {
    expect(() => fisherExact(1.5, 2, 3, 4)).toThrow(/a must be a whole number for an exact test: 1.5/);
    expect(() => fisherExact(1, -2, 3, 4)).toThrow(AuditError);
  });
});

// [table, X² no correction, df, p no correction, X² default (Yates for df = 1), p default]
// from scipy 1.17.1: scipy.stats.chi2_contingency(table, correction=False) and chi2_contingency(table)
const CHI2: [number[][], number, number, number, number, number][] = [
  [
    [
      [10, 20],
      [30, 40],
    ],
    0.7936507936507936,
    1,
    0.37299848361348686,
    0.4464285714285714,
    0.5040358664525046,
  ],
  [
    [
      [8, 2],
      [1, 5],
    ],
    6.112169312169312,
    1,
    0.013425424881491248,
    3.8095238095238093,
    0.050961936967763424,
  ],
  [
    [
      [120, 380],
      [90, 410],
    ],
    5.4249547920434,
    1,
    0.019850949337799916,
    5.069318866787221,
    0.024352950970987837,
  ],
  [
    [
      [20, 30, 50],
      [35, 25, 40],
    ],
    5.656565656565657,
    2,
    0.05911427592751333,
    5.656565656565657,
    0.05911427592751333,
  ],
  [
    [
      [5, 10, 15, 20],
      [8, 12, 9, 30],
      [14, 3, 7, 11],
    ],
    18.218171755339107,
    6,
    0.0057094872660374395,
    18.218171755339107,
    0.0057094872660374395,
  ],
  [
    [
      [1000, 9000],
      [1300, 8700],
    ],
    44.21518054532056,
    1,
    2.9419097876154664e-11,
    43.920903954802256,
    3.4191754465749225e-11,
  ],
  [
    [
      [12.5, 30.25],
      [40.0, 18.75],
    ],
    14.953143793289371,
    1,
    0.00011021427048995556,
    13.43794160341753,
    0.00024658603040122914,
  ],
];

describe('chiSquareTest', () => {
  it.each(CHI2)('%j matches scipy', (t, x2, df, p, x2Yates, pYates) => {
    const plain = chiSquareTest(t);
    expectRelative(plain.statistic, x2, 1e-12);
    expect(plain.df).toBe(df);
    expectRelative(plain.pValue, p, 1e-9);
    const yates = chiSquareTest(t, { correction: true });
    expectRelative(yates.statistic, x2Yates, 1e-12);
    expectRelative(yates.pValue, pYates, 1e-9);
  });

  it('reports the smallest expected count', () => {
    expect(
      chiSquareTest([
        [8, 2],
        [1, 5],
      ]).minExpected,
    ).toBeCloseTo((7 * 6) / 16, 14);
  });

  it('drops empty rows and columns; a single possible table has p = 1', () => {
    const withEmpty = chiSquareTest([
      [10, 0, 20],
      [0, 0, 0],
      [30, 0, 40],
    ]);
    expect(withEmpty.df).toBe(1);
    expectRelative(withEmpty.statistic, 0.7936507936507936, 1e-12);
    expect(chiSquareTest([[5, 7, 9]])).toEqual({ statistic: 0, df: 0, pValue: 1, minExpected: null });
    expect(
      chiSquareTest([
        [0, 5],
        [0, 9],
      ]),
    ).toEqual({ statistic: 0, df: 0, pValue: 1, minExpected: null });
  });

  it('rejects malformed tables', () => {
    expect(() => chiSquareTest([])).toThrow(AuditError);
    expect(() => chiSquareTest([[1, 2], [3]])).toThrow(/row 1 has 1 cells, expected 2/);
    expect(() =>
      chiSquareTest([
        [1, -2],
        [3, 4],
      ]),
    ).toThrow(/cell \[0\]\[1\]/);
    expect(() =>
      chiSquareTest([
        [1, Number.NaN],
        [3, 4],
      ]),
    ).toThrow(AuditError);
  });
});

describe('twoProportionZTest', () => {
  it('equals the uncorrected chi-square on the 2×2 table (z² = X²; scipy values above)', () => {
    const z = twoProportionZTest(10, 30, 30, 70)!;
    expectRelative(z.statistic ** 2, 0.7936507936507936, 1e-12);
    expectRelative(z.pValue, 0.37299848361348686, 1e-9);
    const big = twoProportionZTest(1000, 10_000, 1300, 10_000)!;
    expect(big.statistic).toBeLessThan(0);
    expectRelative(big.pValue, 2.9419097876154664e-11, 1e-9);
  });

  it('matches the textbook formula', () => {
    // p̂ = 0.375, se = √(0.375·0.625·(2/100)) = 0.0684653…, z = −0.15 / se
    const z = twoProportionZTest(30, 100, 45, 100)!;
    expect(z.statistic).toBeCloseTo(-0.15 / Math.sqrt(0.375 * 0.625 * 0.02), 12);
    expect(z.statistic).toBeCloseTo(-2.1908902300206643, 12);
    // chi2_contingency([[30, 70], [45, 55]], correction=False).pvalue
    expectRelative(z.pValue, 0.028459736916310638, 1e-9);
  });

  it('handles degenerate groups', () => {
    expect(twoProportionZTest(0, 10, 0, 20)).toEqual({ statistic: 0, pValue: 1 });
    expect(twoProportionZTest(10, 10, 20, 20)).toEqual({ statistic: 0, pValue: 1 });
    expect(twoProportionZTest(0, 0, 3, 5)).toBeNull();
  });
});

describe('proportionTest', () => {
  it('uses Fisher for small expected counts and z otherwise', () => {
    const small = proportionTest(8, 10, 1, 6)!;
    expect(small.method).toBe('fisher_exact');
    expectRelative(small.pValue, 0.034965034965034975, 1e-12); // fisher_exact([[8, 2], [1, 5]])
    const large = proportionTest(120, 500, 90, 500)!;
    expect(large.method).toBe('two_proportion_z');
    expectRelative(large.pValue, 0.019850949337799916, 1e-9); // chi2_contingency(…, correction=False)
  });

  it('uses z for weighted counts, and null for an empty group', () => {
    expect(proportionTest(2.5, 10.2, 7, 12)!.method).toBe('two_proportion_z');
    expect(proportionTest(1, 5, 0, 0)).toBeNull();
  });
});
