// Counting repeated scores in a hash table gives exactly what sorting them all and merging equal
// values gives (the score store's runs), or gives up when values are mostly distinct.
import { describe, expect, it } from 'vitest';
import { distinctCounts } from '../../src/metrics/distinct-counts.js';

/** Sort every value, then merge equal ones (as ===), keeping the first in sorted order. */
function reference(values: Float64Array): { values: number[]; counts: number[] } {
  const sorted = Float64Array.from(values).sort();
  const out: number[] = [];
  const counts: number[] = [];
  for (const v of sorted) {
    if (out.length > 0 && out[out.length - 1] === v) counts[counts.length - 1]++;
    else {
      out.push(v);
      counts.push(1);
    }
  }
  return { values: out, counts };
}

/** A seeded stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('distinctCounts', () => {
  it('equals sorting and merging, with both zeros, infinities, negatives and subnormals among repeats', () => {
    const r = random(7);
    const pool = [0, -0, 1, -1, 0.5, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, 1e308, 0.1 + 0.2, 0.3];
    for (let k = 0; k < 2000; k++) pool.push(Math.floor(r() * 1e6) / 1e6 - 0.25);
    for (const n of [1 << 14, 50_000, 200_001]) {
      const values = Float64Array.from({ length: n }, () => pool[Math.floor(r() * pool.length)]);
      const got = distinctCounts(values);
      expect(got).not.toBeNull();
      const want = reference(values);
      expect([...got!.values]).toEqual(want.values);
      expect([...got!.counts]).toEqual(want.counts);
      // −0 stands for both zeros when present, as the sort puts it first
      expect(Object.is(got!.values[want.values.indexOf(0)], -0)).toBe(true);
    }
  });

  it('gives +0 when no −0 occurs, and grows its table through many distinct values', () => {
    const r = random(11);
    const values = Float64Array.from({ length: 400_000 }, (_, i) => (i % 9 === 0 ? 0 : Math.floor(r() * 40_000) / 40_000));
    const got = distinctCounts(values)!;
    const want = reference(values);
    expect(got.values.length).toBeGreaterThan(30_000);
    expect([...got.values]).toEqual(want.values);
    expect([...got.counts]).toEqual(want.counts);
    expect(Object.is(got.values[0], 0)).toBe(true);
  });

  it('gives up on mostly distinct values and on short arrays', () => {
    const r = random(3);
    expect(distinctCounts(Float64Array.from({ length: 100_000 }, () => r()))).toBeNull();
    expect(distinctCounts(Float64Array.of(1, 1, 2))).toBeNull();
    // an eighth distinct is still counted; a little more is not
    const eighth = Float64Array.from({ length: 80_000 }, (_, i) => i % 10_000);
    expect(distinctCounts(eighth)?.values.length).toBe(10_000);
    const more = Float64Array.from({ length: 80_000 }, (_, i) => i % 10_001);
    expect(distinctCounts(more)).toBeNull();
  });

  it('reads a view at an offset of a larger buffer, leaving the values as they were', () => {
    const backing = new Float64Array(70_000).map((_, i) => (i * 7) % 13);
    const view = backing.subarray(3, 3 + 65_536);
    const before = Float64Array.from(view);
    const got = distinctCounts(view)!;
    expect([...got.values]).toEqual(reference(before).values);
    expect([...got.counts]).toEqual(reference(before).counts);
    expect(view).toEqual(before);
  });
});
