// The radix sort of the score store must order doubles exactly as the native typed-array sort.
import { describe, expect, it } from 'vitest';
import { sortFloat64 } from '../../src/metrics/sort-float64.js';
import { rng } from '../helpers/synthetic.js';

function same(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

describe('sortFloat64', () => {
  const edges = [-0, 0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1, 0.5, 1 - Number.EPSILON];
  it.each([10, 4095, 4096, 5000, 100_000])('orders %i values as the native sort', (n) => {
    const r = rng(n);
    const values = Float64Array.from({ length: n }, (_, i) => (i < edges.length ? edges[i] : r() < 0.1 ? -r() * 1e6 : r() < 0.2 ? Math.round(r() * 10) / 10 : r()));
    const expected = values.slice().sort();
    expect(same(sortFloat64(values.slice()), expected)).toBe(true);
  });

  it('sorts a view in place, leaving the rest of its buffer alone', () => {
    const r = rng(3);
    const all = Float64Array.from({ length: 20_000 }, () => r() - 0.5);
    const before = all.slice();
    const view = all.subarray(5_000, 15_000);
    const expected = view.slice().sort();
    sortFloat64(view);
    expect(same(view, expected)).toBe(true);
    expect(same(all.subarray(0, 5_000), before.subarray(0, 5_000))).toBe(true);
    expect(same(all.subarray(15_000), before.subarray(15_000))).toBe(true);
  });
});
