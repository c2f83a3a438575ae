import { describe, expect, it } from 'vitest';
import { AuditError } from '../../src/core/errors.js';
import { delongCompare, delongCompareOf } from '../../src/stats/delong-compare.js';
import { delongComponents, delongComponentsOfRuns, type ScoreRuns } from '../../src/stats/delong-components.js';
import { delongInterval, delongIntervalOf } from '../../src/stats/delong-interval.js';
import { poissonWeight } from '../../src/stats/poisson-weight.js';
import { expectRelative, seededUniform } from './helpers.js';

/** Textbook O(m·n) DeLong, straight from the definition (the reference). */
function bruteForce(
  pos: number[],
  neg: number[],
): { auc: number; variance: number; v10: number[]; v01: number[] } {
  const psi = (x: number, y: number): number => (x > y ? 1 : x === y ? 0.5 : 0);
  const v10 = pos.map((x) => neg.reduce((s, y) => s + psi(x, y), 0) / neg.length);
  const v01 = neg.map((y) => pos.reduce((s, x) => s + psi(x, y), 0) / pos.length);
  const auc = v10.reduce((s, v) => s + v, 0) / pos.length;
  const s10 = v10.reduce((s, v) => s + (v - auc) ** 2, 0) / (pos.length - 1);
  const s01 = v01.reduce((s, v) => s + (v - auc) ** 2, 0) / (neg.length - 1);
  return { auc, variance: s10 / pos.length + s01 / neg.length, v10, v01 };
}

/** Normal draw (Box–Muller) from a seeded uniform. */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Scores rounded to one decimal, so there are many ties. */
function tiedScores(rand: () => number, n: number, shift: number): number[] {
  return Array.from({ length: n }, () => Math.round((normal(rand) + shift) * 10) / 10);
}

describe('delongInterval', () => {
  it('matches a small case worked by hand', () => {
    // AUC = 7.5/9 = 5/6. V10 = (1, 1, 1/2): S10 = 1/12. V01 = (2/3, 5/6, 1): S01 = 1/36.
    // Var = (1/12)/3 + (1/36)/3 = 1/27.
    const r = delongInterval([0.9, 0.8, 0.4], [0.7, 0.4, 0.2])!;
    expect(r.auc).toBeCloseTo(5 / 6, 15);
    expect(r.variance).toBeCloseTo(1 / 27, 15);
    expect(r.se).toBeCloseTo(Math.sqrt(1 / 27), 15);
    const z = 1.959963984540054;
    expect(r.ci![0]).toBeCloseTo(5 / 6 - z * Math.sqrt(1 / 27), 12);
    expect(r.ci![1]).toBe(1); // 0.833 + 0.377 clipped to 1
  });

  it('matches the O(m·n) definition on random data with many ties, in any order', () => {
    const rand = seededUniform(11);
    for (let trial = 0; trial < 20; trial++) {
      const pos = tiedScores(rand, 5 + trial * 7, 0.8);
      const neg = tiedScores(rand, 9 + trial * 5, 0);
      const want = bruteForce(pos, neg);
      const got = delongInterval(Float64Array.from(pos), neg)!;
      expectRelative(got.auc, want.auc, 1e-12);
      expectRelative(got.variance, want.variance, 1e-10);
      const reversed = delongInterval(
        [...pos].reverse(),
        [...neg].sort((a, b) => a - b),
      )!;
      expect(reversed.auc).toBe(got.auc);
      expect(reversed.variance).toBe(got.variance);
    }
  });

  it('gives the same result for a histogram with counts as for the expanded rows', () => {
    const rand = seededUniform(3);
    const pos = tiedScores(rand, 400, 1);
    const neg = tiedScores(rand, 500, 0);
    const histogram = (xs: number[]): [number[], number[]] => {
      const m = new Map<number, number>();
      for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
      return [[...m.keys()], [...m.values()]];
    };
    const [ps, pw] = histogram(pos);
    const [ns, nw] = histogram(neg);
    expect(ps.length).toBeLessThan(100); // really compressed
    const rows = delongInterval(pos, neg)!;
    const counts = delongInterval(ps, ns, 0.95, { positiveWeights: pw, negativeWeights: nw })!;
    expectRelative(counts.auc, rows.auc, 1e-12);
    expectRelative(counts.variance, rows.variance!, 1e-10);
  });

  it('agrees with a Poisson bootstrap of the AUC (400 replicates)', () => {
    const rand = seededUniform(99);
    const m = 300;
    const n = 300;
    const pos = Array.from({ length: m }, () => normal(rand) + 1);
    const neg = Array.from({ length: n }, () => normal(rand));
    const delong = delongInterval(pos, neg)!;
    const aucs: number[] = [];
    for (let r = 0; r < 400; r++) {
      // rows 0..m−1 are the positives, m..m+n−1 the negatives
      const pw = pos.map((_, i) => poissonWeight(5, i, r));
      const nw = neg.map((_, j) => poissonWeight(5, m + j, r));
      aucs.push(
        delongComponents({ positives: pos, negatives: neg, positiveWeights: pw, negativeWeights: nw })!.auc,
      );
    }
    const mean = aucs.reduce((s, v) => s + v, 0) / aucs.length;
    const sd = Math.sqrt(aucs.reduce((s, v) => s + (v - mean) ** 2, 0) / (aucs.length - 1));
    // The SD of 400 bootstrap replicates is itself within about ±7% of the truth.
    expect(sd / delong.se!).toBeGreaterThan(0.85);
    expect(sd / delong.se!).toBeLessThan(1.15);
    expect(Math.abs(mean - delong.auc)).toBeLessThan(0.3 * delong.se!);
  });

  it('handles degenerate classes and infinite scores', () => {
    expect(delongInterval([], [1, 2])).toBeNull();
    expect(delongInterval([1, 2], [0], 0.95, { negativeWeights: [0] })).toBeNull();
    const one = delongInterval([0.7], [0.1, 0.9])!;
    expect(one.auc).toBe(0.5);
    expect(one.variance).toBeNull();
    expect(one.ci).toBeNull();
    const perfect = delongInterval([3, 4, 5], [0, 1, 2])!;
    expect(perfect).toEqual({ auc: 1, variance: 0, se: 0, ci: [1, 1] });
    const inf = delongInterval([Infinity, 1, -Infinity], [0, -Infinity, Infinity])!;
    expect(inf.auc).toBeCloseTo(bruteForce([Infinity, 1, -Infinity], [0, -Infinity, Infinity]).auc, 15);
    expect(delongInterval([-0], [0])!.auc).toBe(0.5); // −0 ties +0
  });

  it('rejects NaN scores and bad weights, naming the index', () => {
    expect(() => delongInterval([0.1, Number.NaN], [0.2])).toThrow(
      /positive score is not a number at index 1/,
    );
    expect(() => delongInterval([0.1], [0.2], 0.95, { negativeWeights: [-1] })).toThrow(
      /negative weight must be finite and non-negative at index 0/,
    );
    expect(() => delongInterval([0.1], [0.2], 0.95, { positiveWeights: [1, 1] })).toThrow(AuditError);
  });
});

describe('delongCompare', () => {
  it('paired: matches the covariance formula computed by brute force', () => {
    const rand = seededUniform(21);
    const m = 60;
    const n = 80;
    const latentPos = Array.from({ length: m }, () => normal(rand) + 1);
    const latentNeg = Array.from({ length: n }, () => normal(rand));
    const noisy = (xs: number[]): number[] => xs.map((x) => Math.round((x + 0.8 * normal(rand)) * 5) / 5);
    const a = { positives: noisy(latentPos), negatives: noisy(latentNeg) };
    const b = { positives: noisy(latentPos), negatives: noisy(latentNeg) };
    const ra = bruteForce(a.positives, a.negatives);
    const rb = bruteForce(b.positives, b.negatives);
    const cov = (x: number[], y: number[], mx: number, my: number): number =>
      x.reduce((s, v, i) => s + (v - mx) * (y[i] - my), 0) / (x.length - 1);
    const s10 = cov(ra.v10, rb.v10, ra.auc, rb.auc);
    const s01 = cov(ra.v01, rb.v01, ra.auc, rb.auc);
    const variance = ra.variance + rb.variance - 2 * (s10 / m + s01 / n);
    const got = delongCompare(a, b, { paired: true })!;
    expectRelative(got.difference, ra.auc - rb.auc, 1e-12);
    expectRelative(got.variance, variance, 1e-9);
    expectRelative(got.statistic, (ra.auc - rb.auc) / Math.sqrt(variance), 1e-9);
    // Positive correlation between the two models makes the paired variance smaller.
    const unpaired = delongCompare(a, b, { paired: false })!;
    expectRelative(unpaired.variance, ra.variance + rb.variance, 1e-10);
    expect(got.variance!).toBeLessThan(unpaired.variance!);
  });

  it('paired: a monotone transform of the same scores is no difference', () => {
    const a = { positives: [0.9, 0.6, 0.4, 0.8], negatives: [0.5, 0.2, 0.45] };
    const b = {
      positives: a.positives.map((x) => Math.log(x)),
      negatives: a.negatives.map((x) => Math.log(x)),
    };
    expect(delongCompare(a, b, { paired: true })).toMatchObject({
      difference: 0,
      statistic: 0,
      pValue: 1,
      ci: [0, 0],
    });
  });

  it('paired: the test holds its size under the null (300 trials at α = 0.05)', () => {
    const rand = seededUniform(1234);
    let rejections = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const latentPos = Array.from({ length: 80 }, () => normal(rand) + 1);
      const latentNeg = Array.from({ length: 80 }, () => normal(rand));
      // two equally good, correlated models: same latent score, independent noise
      const model = (): { positives: number[]; negatives: number[] } => ({
        positives: latentPos.map((x) => x + normal(rand)),
        negatives: latentNeg.map((x) => x + normal(rand)),
      });
      if (delongCompare(model(), model(), { paired: true })!.pValue! < 0.05) rejections++;
    }
    expect(rejections / trials).toBeGreaterThan(0.02);
    expect(rejections / trials).toBeLessThan(0.09);
  });

  it('example from the documentation, and paired input checks', () => {
    const r = delongCompare(
      { positives: [0.9, 0.6, 0.4], negatives: [0.5, 0.2] },
      { positives: [0.7, 0.8, 0.1], negatives: [0.3, 0.6] },
      { paired: true },
    )!;
    expect(r.difference).toBeCloseTo(1 / 6, 15);
    expect(r.auc).toEqual([5 / 6, 4 / 6]);
    expect(() =>
      delongCompare(
        { positives: [1, 2], negatives: [0] },
        { positives: [1], negatives: [0] },
        { paired: true },
      ),
    ).toThrow(/paired auc comparison needs the same rows/);
    expect(() =>
      delongCompare(
        { positives: [1, 2], negatives: [0, 1], positiveWeights: [1, 2] },
        { positives: [1, 2], negatives: [0, 1], positiveWeights: [2, 1] },
        { paired: true },
      ),
    ).toThrow(/same row weights/);
    expect(
      delongCompare({ positives: [], negatives: [0] }, { positives: [1], negatives: [0] }, { paired: false }),
    ).toBeNull();
  });
});

describe('components of runs', () => {
  // Runs as a score store keeps them: distinct scores ascending, tied rows as weights.
  const runsOf = (scores: number[]): ScoreRuns => {
    const counts = new Map<number, number>();
    for (const s of scores) counts.set(s, (counts.get(s) ?? 0) + 1);
    const distinct = [...counts.keys()].sort((a, b) => a - b);
    return { scores: Float64Array.from(distinct), weights: Float64Array.from(distinct, (s) => counts.get(s)!), total: scores.length };
  };
  const sample = (seed: number, n: number) => {
    const u = seededUniform(seed);
    // rounded to two places: many ties
    const draw = (shift: number) => Array.from({ length: n }, () => Math.round(Math.min(1, u() + shift) * 100) / 100);
    return { positives: draw(0.2), negatives: draw(0) };
  };

  it('give the interval and the unpaired comparison of the raw scores, bit for bit', () => {
    const a = sample(1, 300);
    const b = sample(2, 250);
    const ofRuns = (s: { positives: number[]; negatives: number[] }) => delongComponentsOfRuns(runsOf(s.positives), runsOf(s.negatives));
    expect(delongIntervalOf(ofRuns(a), 0.9)).toEqual(delongInterval(a.positives, a.negatives, 0.9));
    expect(delongCompareOf(ofRuns(a), ofRuns(b), 0.9)).toEqual(delongCompare(a, b, { paired: false, level: 0.9 }));
    expect(ofRuns(a)).toEqual(delongComponents(a));
  });

  it('are null for a class without weight, and so are the interval and comparison', () => {
    const empty: ScoreRuns = { scores: new Float64Array(0), weights: new Float64Array(0), total: 0 };
    const some = runsOf([0.2, 0.4]);
    expect(delongComponentsOfRuns(some, empty)).toBeNull();
    expect(delongIntervalOf(null)).toBeNull();
    expect(delongCompareOf(delongComponentsOfRuns(some, some), null)).toBeNull();
  });
});
