import { describe, expect, it } from 'vitest';
import { AuditError } from '../../src/core/errors.js';
import { benjaminiHochberg } from '../../src/stats/benjamini-hochberg.js';
import { holm } from '../../src/stats/holm.js';

// The 15 p-values of Benjamini & Hochberg (1995), JRSS B 57:289, §4.
const BH1995 = [
  0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528,
  0.759, 1.0,
];

const expectAll = (actual: (number | null)[], expected: (number | null)[]): void => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => {
    if (expected[i] === null) expect(v).toBeNull();
    else expect(v).toBeCloseTo(expected[i], 12);
  });
};

describe('holm', () => {
  it('matches a hand-computed case, in input order', () => {
    // sorted 0.005, 0.01, 0.03, 0.04 → ×4, ×3, ×2, ×1 = 0.02, 0.03, 0.06, 0.04 → running max 0.02, 0.03, 0.06, 0.06
    expectAll(holm([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02]);
  });

  it('matches exact rational arithmetic on the BH 1995 p-values', () => {
    // Python: fractions.Fraction, adj_(i) = max_{j≤i} min(1, (m − j + 1)·p_(j))
    expectAll(
      holm(BH1995),
      [0.0015, 0.0056, 0.0247, 0.114, 0.2211, 0.278, 0.278, 0.278, 0.3213, 1, 1, 1, 1, 1, 1],
    );
    // at α = 0.05 Holm rejects the 3 smallest
    expect(holm(BH1995).filter((p) => p <= 0.05).length).toBe(3);
  });
});

describe('benjaminiHochberg', () => {
  it('matches scipy on the BH 1995 p-values', () => {
    // scipy.stats.false_discovery_control(p, method='bh'), scipy 1.17.1
    expectAll(
      benjaminiHochberg(BH1995),
      [
        0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714285714286, 0.06385714285714286, 0.0645,
        0.07650000000000001, 0.486, 0.5811818181818181, 0.7148749999999999, 0.7532307692307693,
        0.8132142857142857, 1.0,
      ],
    );
    // B&H's example: the procedure at q = 0.05 rejects the 4 smallest
    expect(benjaminiHochberg(BH1995).filter((p) => p <= 0.05).length).toBe(4);
  });

  it('matches scipy with ties and unsorted input', () => {
    // false_discovery_control([0.01, 0.04, 0.03, 0.005, 0.2, 0.04], method='bh')
    expectAll(
      benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2, 0.04]),
      [0.03, 0.048, 0.048, 0.03, 0.2, 0.048],
    );
  });
});

describe('both adjustments', () => {
  it('keep nulls in place and leave them out of m (as R p.adjust with NA)', () => {
    expectAll(holm([0.01, null, 0.04, 0.03, null, 0.005]), [0.03, null, 0.06, 0.06, null, 0.02]);
    expectAll(benjaminiHochberg([null, 0.01, 0.04, 0.03, 0.005]), [null, 0.02, 0.04, 0.04, 0.02]);
    expect(holm([])).toEqual([]);
    expect(benjaminiHochberg([null])).toEqual([null]);
  });

  it('never decrease a p-value, never exceed 1, and BH ≤ Holm', () => {
    const p = [0.2, 0.9, 0.0004, 0.05, 0.05, 0.7, 0.01];
    const h = holm(p);
    const b = benjaminiHochberg(p);
    p.forEach((v, i) => {
      expect(h[i]).toBeGreaterThanOrEqual(v);
      expect(b[i]).toBeGreaterThanOrEqual(v);
      expect(h[i]).toBeLessThanOrEqual(1);
      expect(b[i]).toBeLessThanOrEqual(h[i]);
    });
  });

  it('reject values outside [0, 1]', () => {
    expect(() => holm([0.1, 1.5])).toThrow(/p-value must be between 0 and 1 at index 1: 1.5/);
    expect(() => benjaminiHochberg([Number.NaN])).toThrow(AuditError);
  });
});
