import { describe, expect, it } from 'vitest';
import { AuditError, InternalError } from '../../src/core/errors.js';
import { percentileInterval } from '../../src/stats/percentile-interval.js';
import { PoissonBootstrap } from '../../src/stats/poisson-bootstrap.js';
import {
  poissonByTop16,
  POISSON_THRESHOLDS,
  poissonOfUniform,
  poissonWeight,
  SPLIT_BUCKET,
} from '../../src/stats/poisson-weight.js';
import { wilsonInterval } from '../../src/stats/wilson-interval.js';
import { seededUniform } from './helpers.js';

/** A synthetic table: group (0..3), confusion cell (0..3), weight, loss. */
function table(rows: number, seed: number, fractional = false) {
  const rand = seededUniform(seed);
  const groups = new Int32Array(rows);
  const cells = new Int32Array(rows);
  const weights = new Float64Array(rows);
  const loss = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    groups[i] = Math.floor(rand() * 4);
    cells[i] = Math.floor(rand() * 4);
    weights[i] = fractional ? 0.1 + rand() * 3 : 1 + Math.floor(rand() * 3);
    loss[i] = rand() * 10 - 2;
  }
  return { rows, groups, cells, weights, loss };
}

type Table = ReturnType<typeof table>;

/** Feeds rows [from, to) in batches of `size` (the shared `inBatches` idea). */
function feed(boot: PoissonBootstrap, t: Table, size: number, from = 0, to = t.rows): PoissonBootstrap {
  for (let start = from; start < to; start += size) {
    const end = Math.min(to, start + size);
    boot.addCounts(
      start,
      t.groups.subarray(start, end),
      t.cells.subarray(start, end),
      t.weights.subarray(start, end),
    );
  }
  return boot;
}

const make = (seed = 42, replicates = 50): PoissonBootstrap => new PoissonBootstrap({ replicates, seed });

describe('poissonWeight', () => {
  it('has the Poisson(1) distribution and no visible correlation', () => {
    const R = 20;
    const rows = 10_000;
    const counts = new Array<number>(15).fill(0);
    let sum = 0;
    let sumSq = 0;
    let lagRow = 0;
    let lagReplicate = 0;
    for (let i = 0; i < rows; i++) {
      for (let r = 0; r < R; r++) {
        const k = poissonWeight(7, i, r);
        counts[k]++;
        sum += k;
        sumSq += k * k;
        if (i > 0) lagRow += (k - 1) * (poissonWeight(7, i - 1, r) - 1);
        if (r > 0) lagReplicate += (k - 1) * (poissonWeight(7, i, r - 1) - 1);
      }
    }
    const N = rows * R; // 200,000 draws: standard errors ≈ 0.0022 for mean and correlations
    expect(Math.abs(sum / N - 1)).toBeLessThan(0.01);
    expect(Math.abs(sumSq / N - sum ** 2 / N ** 2 - 1)).toBeLessThan(0.02);
    expect(Math.abs(counts[0] / N - Math.exp(-1))).toBeLessThan(0.005);
    expect(Math.abs(counts[1] / N - Math.exp(-1))).toBeLessThan(0.005);
    expect(Math.abs(counts[2] / N - Math.exp(-1) / 2)).toBeLessThan(0.004);
    expect(Math.abs(counts[3] / N - Math.exp(-1) / 6)).toBeLessThan(0.003);
    expect(Math.abs(lagRow / (rows - 1) / R)).toBeLessThan(0.012);
    expect(Math.abs(lagReplicate / rows / (R - 1))).toBeLessThan(0.012);
  });

  it('inverse CDF table: exact probabilities on the 32-bit grid, ends at 2^32', () => {
    expect(POISSON_THRESHOLDS[0]).toBe(Math.floor(Math.exp(-1) * 2 ** 32));
    expect(POISSON_THRESHOLDS[POISSON_THRESHOLDS.length - 1]).toBe(2 ** 32);
    expect(poissonOfUniform(0)).toBe(0);
    expect(poissonOfUniform(POISSON_THRESHOLDS[0])).toBe(1);
    expect(poissonOfUniform(2 ** 32 - 1)).toBe(POISSON_THRESHOLDS.length - 1);
  });

  it('the top-16-bit table agrees with the inverse CDF everywhere it answers', () => {
    let split = 0;
    const wrong: number[] = [];
    for (let h = 0; h < 65536; h++) {
      const k = poissonByTop16()[h];
      if (k === SPLIT_BUCKET) split++;
      else if (poissonOfUniform(h * 65536) !== k || poissonOfUniform(h * 65536 + 65535) !== k) wrong.push(h);
    }
    expect(wrong).toEqual([]);
    // at most one straddled bucket per threshold (k ≥ 7 share the last bucket)
    expect(split).toBeGreaterThan(0);
    expect(split).toBeLessThanOrEqual(POISSON_THRESHOLDS.length - 1);
    // table-with-fallback, as the hot loop uses it, at and around every threshold
    const viaTable = (u: number): number => {
      const k = poissonByTop16()[u >>> 16];
      return k === SPLIT_BUCKET ? poissonOfUniform(u) : k;
    };
    for (const t of POISSON_THRESHOLDS.subarray(0, -1)) {
      for (const u of [t - 1, t, t + 1]) expect(viaTable(u)).toBe(poissonOfUniform(u));
    }
  });

  it('is a pure function of (seed, row, replicate), rows beyond 2^32 included', () => {
    expect(poissonWeight(42, 0, 0)).toBe(poissonWeight(42, 0, 0));
    const far = [0, 1, 2, 3].map((r) => poissonWeight(42, 2 ** 40 + 5, r));
    expect([0, 1, 2, 3].map((r) => poissonWeight(42, 2 ** 40 + 5, r))).toEqual(far);
    expect(() => poissonWeight(-1, 0, 0)).toThrow(AuditError);
    expect(() => poissonWeight(1, 0.5, 0)).toThrow(/row index must be a non-negative whole number/);
  });
});

describe('PoissonBootstrap', () => {
  const t = table(600, 1);

  it('equals the sums built row by row from poissonWeight (the specification)', () => {
    const R = 50;
    const expected = new Float64Array(4 * R * 4);
    for (let i = 0; i < t.rows; i++) {
      for (let r = 0; r < R; r++)
        expected[(t.groups[i] * R + r) * 4 + t.cells[i]] += poissonWeight(42, i, r) * t.weights[i];
    }
    const boot = feed(make(42, R), t, 77);
    expect(boot.groups).toBe(4);
    expect(boot.state).toEqual(expected);
    // addValues uses the same counts
    const values = new PoissonBootstrap({ replicates: R, seed: 42, cells: 1 });
    values.addValues(0, t.groups, [t.weights]);
    for (let g = 0; g < 4; g++) {
      for (let r = 0; r < R; r++) {
        const sum = [0, 1, 2, 3].reduce((s, c) => s + expected[(g * R + r) * 4 + c], 0);
        expect(values.cellsOf(g)[r]).toBe(sum);
      }
    }
  });

  it('is deterministic for a seed, and a different seed gives a different state', () => {
    const a = feed(make(42), t, 600).state;
    const b = feed(make(42), t, 600).state;
    const c = feed(make(43), t, 600).state;
    expect(b).toEqual(a);
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('is bit-identical for batches of 1, 5, 25 and all rows', () => {
    const whole = feed(make(), t, t.rows).state;
    for (const size of [1, 5, 25]) expect(feed(make(), t, size).state).toEqual(whole);
    // fractional weights too: additions still happen in row order
    const f = table(300, 2, true);
    const wholeF = feed(make(), f, f.rows).state;
    for (const size of [1, 7]) expect(feed(make(), f, size).state).toEqual(wholeF);
  });

  it('merges shards in any order bit-identically (integer weights)', () => {
    const whole = feed(make(), t, 64).state;
    const shard = (from: number, to: number): PoissonBootstrap => feed(make(), t, 10, from, to);
    const orders: [number, number][][] = [
      [
        [0, 200],
        [200, 450],
        [450, 600],
      ],
      [
        [450, 600],
        [0, 200],
        [200, 450],
      ],
      [
        [200, 450],
        [450, 600],
        [0, 200],
      ],
    ];
    for (const order of orders) {
      const [first, ...rest] = order.map(([a, b]) => shard(a, b));
      for (const s of rest) first.merge(s);
      expect(first.state).toEqual(whole);
    }
    // a tree of merges
    const left = shard(0, 100).merge(shard(100, 300));
    const right = shard(300, 500).merge(shard(500, 600));
    expect(right.merge(left).state).toEqual(whole);
  });

  it('merges fractional weights in any order up to rounding', () => {
    const f = table(300, 3, true);
    const whole = feed(make(), f, 300).state;
    const merged = feed(make(), f, 9, 200, 300).merge(feed(make(), f, 9, 0, 200)).state;
    for (let i = 0; i < whole.length; i++) expect(merged[i]).toBeCloseTo(whole[i], 9);
  });

  it('gives a row the same count in every group it is added to', () => {
    const boot = new PoissonBootstrap({ replicates: 30, seed: 9, groups: 5 });
    feed(boot, t, 100);
    // group 4 = overall: the same rows again, all in group 4
    boot.addCounts(0, new Int32Array(t.rows).fill(4), t.cells, t.weights);
    const s = boot.state;
    const block = 30 * 4;
    for (let i = 0; i < block; i++) {
      const byGroup = s[i] + s[block + i] + s[2 * block + i] + s[3 * block + i];
      expect(s[4 * block + i]).toBe(byGroup);
    }
  });

  it('yields a bootstrap interval for a rate close to Wilson on a large sample', () => {
    const rand = seededUniform(5);
    const rows = 4000;
    const groups = new Int32Array(rows);
    const cells = Int32Array.from({ length: rows }, () => (rand() < 0.3 ? 1 : 0));
    const boot = new PoissonBootstrap({ replicates: 400, seed: 1, cells: 2 });
    boot.addCounts(0, groups, cells);
    const rates = boot.replicateValues(0, (s, o) => s[o + 1] / (s[o] + s[o + 1]));
    const successes = cells.reduce((a, b) => a + b, 0);
    const boot95 = percentileInterval(rates)!;
    const wilson = wilsonInterval(successes, rows)!;
    const width = wilson[1] - wilson[0];
    expect(Math.abs(boot95[0] - wilson[0])).toBeLessThan(0.15 * width);
    expect(Math.abs(boot95[1] - wilson[1])).toBeLessThan(0.15 * width);
  });

  it('accumulates value sums (regression) coherently with counts', () => {
    const boot = new PoissonBootstrap({ replicates: 40, seed: 3, cells: 3 });
    const ones = new Float64Array(t.rows).fill(1);
    const squares = t.loss.map((v) => v * v);
    boot.addValues(0, t.groups, [ones, t.loss, squares]);
    const counts = new PoissonBootstrap({ replicates: 40, seed: 3, cells: 1 });
    counts.addCounts(0, t.groups, new Int32Array(t.rows));
    for (let g = 0; g < 4; g++) {
      const v = boot.cellsOf(g);
      const c = counts.cellsOf(g);
      for (let r = 0; r < 40; r++) {
        expect(v[r * 3]).toBe(c[r]); // Σk equals the count of the same rows
        expect(v[r * 3 + 2]).toBeGreaterThanOrEqual(0);
      }
    }
    // replicate means scatter around the full-sample mean of group 0
    const rowsOf0 = t.groups.reduce((n, g) => n + (g === 0 ? 1 : 0), 0);
    const mean0 = t.loss.reduce((s, v, i) => s + (t.groups[i] === 0 ? v : 0), 0) / rowsOf0;
    const means = boot.replicateValues(0, (s, o) => s[o + 1] / s[o]);
    const avg = means.reduce((a, b) => a + b, 0) / means.length;
    expect(Math.abs(avg - mean0)).toBeLessThan(0.2);
  });

  it('grows for new groups, skips negative indices, and round-trips a snapshot', () => {
    const boot = new PoissonBootstrap({ replicates: 10, seed: 4 });
    expect(boot.groups).toBe(1);
    boot.addCounts(0, [0, 7, -1, 2], [1, 3, 0, -1]);
    expect(boot.groups).toBe(8);
    expect(boot.state.length).toBe(8 * 10 * 4);
    const copy = PoissonBootstrap.restore(structuredClone(boot.snapshot()));
    expect(copy.state).toEqual(boot.state);
    expect(copy.groups).toBe(8);
    // rows with a negative group or cell add nothing
    const only = new PoissonBootstrap({ replicates: 10, seed: 4 });
    only.addCounts(0, [0, 7], [1, 3]);
    only.addCounts(2, [-1], [0]);
    only.addCounts(3, [2], [-1]);
    expect(only.state).toEqual(boot.state);
    // a smaller bootstrap merged into a larger one and vice versa
    const small = new PoissonBootstrap({ replicates: 10, seed: 4 });
    small.addCounts(4, [1], [2]);
    expect(small.merge(copy).groups).toBe(8);
  });

  it('rejects bad settings and inputs', () => {
    expect(() => new PoissonBootstrap({ replicates: 0, seed: 1 })).toThrow(AuditError);
    expect(() => new PoissonBootstrap({ replicates: 10, seed: -3 })).toThrow(/bootstrap seed/);
    const boot = make();
    expect(() => boot.addCounts(0, [0], [4])).toThrow(InternalError);
    expect(() => boot.addCounts(0, [0.5], [1])).toThrow(InternalError);
    expect(() => boot.addCounts(0, [0], [1], [-2])).toThrow(
      /weight must be finite and non-negative at row 0/,
    );
    expect(() => boot.addCounts(-1, [0], [1])).toThrow(AuditError);
    expect(() => boot.addCounts(0, [0, 1], [1])).toThrow(InternalError);
    expect(() => boot.addValues(0, [0], [[1]])).toThrow(InternalError); // 4 cells expected
    expect(() => boot.merge(make(43))).toThrow(/cannot merge bootstraps with different settings/);
  });
});

describe('percentileInterval', () => {
  it('uses linear interpolation like numpy.percentile', () => {
    // np.percentile(np.arange(100), [2.5, 97.5]) → [2.475, 96.525]
    const [lo, hi] = percentileInterval(Float64Array.from({ length: 100 }, (_, i) => 99 - i))!;
    expect(lo).toBeCloseTo(2.475, 12);
    expect(hi).toBeCloseTo(96.525, 12);
    expect(percentileInterval([3, 1, 2, 5, 4], 0.5)).toEqual([2, 4]); // np.percentile(…, [25, 75])
    expect(percentileInterval([7])).toEqual([7, 7]);
  });

  it('treats undefined replicates explicitly', () => {
    expect(percentileInterval([])).toBeNull();
    expect(percentileInterval([1, Number.NaN, 3])).toBeNull();
    expect(percentileInterval([1, Number.NaN, 3, Infinity], 0.5, { nonFinite: 'drop' })).toEqual([1.5, 2.5]);
    expect(percentileInterval([Number.NaN], 0.9, { nonFinite: 'drop' })).toBeNull();
  });
});
