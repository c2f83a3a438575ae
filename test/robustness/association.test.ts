import { describe, expect, it } from 'vitest';
import { correlationRatio } from '../../src/robustness/correlation-ratio.js';
import { cramersV } from '../../src/robustness/cramers-v.js';
import { ProxyAccumulator } from '../../src/robustness/proxy-accumulator.js';

/** χ² by the textbook loop Σ (O − E)² / E, to check the closed form. */
function chi2(table: number[][]): number {
  const rows = table.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = table[0].map((_, j) => table.reduce((a, r) => a + r[j], 0));
  const n = rows.reduce((a, b) => a + b, 0);
  let s = 0;
  table.forEach((r, i) => r.forEach((o, j) => (s += (o - (rows[i] * cols[j]) / n) ** 2 / ((rows[i] * cols[j]) / n))));
  return s;
}

describe('cramersV', () => {
  it('2 × 2 equals |φ| = |ad − bc| / √(R₁R₂C₁C₂) (by hand: 200 / √5,040,000)', () => {
    expect(cramersV([[10, 20], [30, 40]])).toBeCloseTo(200 / Math.sqrt(30 * 70 * 40 * 60), 12);
  });

  it('r × c equals √(χ² / (n (min(r, c) − 1))) with χ² from the textbook loop', () => {
    const table = [
      [12, 5, 7],
      [3, 20, 9],
      [8, 8, 30],
      [1, 0, 4],
    ];
    const n = table.flat().reduce((a, b) => a + b, 0);
    expect(cramersV(table)).toBeCloseTo(Math.sqrt(chi2(table) / (n * 2)), 12);
  });

  it('is 1 for a perfect association, 0 for independence, null when degenerate; empty rows and columns are ignored', () => {
    expect(cramersV([[10, 0], [0, 10]])).toBe(1);
    expect(cramersV([[10, 20], [5, 10]])).toBeCloseTo(0, 12);
    expect(cramersV([[10, 20]])).toBeNull();
    expect(cramersV([])).toBeNull();
    expect(cramersV([[10, 0, 0], [0, 0, 10], [0, 0, 0]])).toBe(1);
  });
});

describe('correlationRatio', () => {
  it('matches a hand computation: groups {1, 2, 3} and {5, 7}', () => {
    // x̄ = 18/5 = 3.6; SS_total = Σx² − n x̄² = 88 − 64.8 = 23.2; SS_between = 3(2 − 3.6)² + 2(6 − 3.6)² = 7.68 + 11.52 = 19.2
    const eta = correlationRatio([
      { n: 3, sum: 6, sumSq: 14 },
      { n: 2, sum: 12, sumSq: 74 },
    ]);
    expect(eta).toBeCloseTo(Math.sqrt(19.2 / 23.2), 12);
  });

  it('does not depend on the shift, and handles degenerate input', () => {
    const shifted = (shift: number) =>
      correlationRatio([
        { n: 3, sum: 6 - 3 * shift, sumSq: [1, 2, 3].reduce((a, x) => a + (x - shift) ** 2, 0) },
        { n: 2, sum: 12 - 2 * shift, sumSq: [5, 7].reduce((a, x) => a + (x - shift) ** 2, 0) },
      ]);
    expect(shifted(3.6)).toBeCloseTo(shifted(0)!, 12);
    expect(correlationRatio([{ n: 2, sum: 2, sumSq: 2 }, { n: 2, sum: 6, sumSq: 18 }])).toBe(1);
    expect(correlationRatio([{ n: 5, sum: 10, sumSq: 30 }])).toBeNull();
    expect(correlationRatio([{ n: 2, sum: 0, sumSq: 0 }, { n: 3, sum: 0, sumSq: 0 }])).toBeNull();
  });
});

describe('ProxyAccumulator', () => {
  it('streams a contingency table, leaving missing values out', () => {
    const acc = new ProxyAccumulator('categorical', 0);
    acc.addCodes(Int32Array.of(0, 0, 1, 1, -1), Int32Array.of(0, 0, 1, 1, 1));
    acc.addCodes(Int32Array.of(0, 1), Int32Array.of(0, -1));
    expect(acc.value()).toEqual({ measure: 'cramers_v', value: 1, n: 5, note: null });
  });

  it('streams per-group moments for a numeric feature (same η in one batch or many)', () => {
    const values = Float64Array.of(1, 2, 3, 5, 7, Number.NaN);
    const groups = Int32Array.of(0, 0, 0, 1, 1, 1);
    const one = new ProxyAccumulator('numeric', 3.6);
    one.addNumbers(values, groups);
    const many = new ProxyAccumulator('numeric', 3.6);
    for (let i = 0; i < values.length; i++) many.addNumbers(values.subarray(i, i + 1), groups.subarray(i, i + 1));
    expect(one.value().value).toBeCloseTo(Math.sqrt(19.2 / 23.2), 12);
    expect(many.value()).toEqual(one.value());
    expect(one.value().n).toBe(5);
  });

  it('gives null with a note for a constant feature', () => {
    const acc = new ProxyAccumulator('categorical', 0);
    acc.addCodes(Int32Array.of(0, 0, 0), Int32Array.of(0, 1, 1));
    expect(acc.value()).toMatchObject({ value: null, note: expect.stringContaining('constant') });
  });
});
