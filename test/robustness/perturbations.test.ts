import { describe, expect, it } from 'vitest';
import { categorySwap } from '../../src/robustness/category-swap.js';
import { counterBits, counterNormal, counterUniform, hashText, streamKey } from '../../src/robustness/counter-random.js';
import { counterfactualFlip } from '../../src/robustness/counterfactual-flip.js';
import { gaussianNoise } from '../../src/robustness/gaussian-noise.js';
import { injectMissing } from '../../src/robustness/inject-missing.js';
import { samplePermutation } from '../../src/robustness/sample-permutation.js';

describe('counter-based random numbers', () => {
  it('are pure functions of (key, row, draw)', () => {
    const key = streamKey(7, 'noise_0.1', 'age');
    expect(streamKey(7, 'noise_0.1', 'age')).toBe(key);
    expect(counterBits(key, 123_456, 1)).toBe(counterBits(key, 123_456, 1));
    // Rows beyond 2^32 use the high word too.
    expect(counterBits(key, 2 ** 32 + 5, 0)).not.toBe(counterBits(key, 5, 0));
  });

  it('differ between seeds, perturbations, columns, rows and draws', () => {
    const keys = [streamKey(0, 'a', 'x'), streamKey(1, 'a', 'x'), streamKey(0, 'b', 'x'), streamKey(0, 'a', 'y'), streamKey(0, 'ax'), streamKey(2 ** 40, 'a', 'x')];
    expect(new Set(keys).size).toBe(keys.length);
    const k = keys[0];
    const bits = new Set([counterBits(k, 0, 0), counterBits(k, 1, 0), counterBits(k, 0, 1), counterBits(k, 1, 1)]);
    expect(bits.size).toBe(4);
    expect(hashText('age')).not.toBe(hashText('aeg'));
  });

  it('uniforms are uniform and normals are standard normal (100,000 draws)', () => {
    const key = streamKey(3, 'check');
    const n = 100_000;
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    let sumSq = 0;
    let sum3 = 0;
    let beyond2 = 0;
    for (let i = 0; i < n; i++) {
      const u = counterUniform(key, i);
      if (!(u >= 0 && u < 1)) throw new Error(`uniform out of range: ${u}`);
      bins[Math.floor(u * 10)]++;
      const z = counterNormal(key, i);
      sum += z;
      sumSq += z * z;
      sum3 += z * z * z;
      if (Math.abs(z) > 1.959964) beyond2++;
    }
    // χ² with 9 df: 99.9% quantile 27.9
    const chi2 = bins.reduce((a, b) => a + ((b - n / 10) ** 2) / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9);
    expect(Math.abs(sum / n)).toBeLessThan(0.012); // 4 standard errors
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.02);
    expect(Math.abs(sum3 / n)).toBeLessThan(0.04);
    expect(Math.abs(beyond2 / n - 0.05)).toBeLessThan(0.003);
  });

  it('neighbouring rows are uncorrelated', () => {
    const key = streamKey(1, 'lag');
    let s = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) s += (counterUniform(key, i) - 0.5) * (counterUniform(key, i + 1) - 0.5);
    // correlation of lag 1: sd of the estimate 1/√n
    expect(Math.abs((s / n) * 12)).toBeLessThan(4 / Math.sqrt(n));
  });
});

describe('gaussianNoise', () => {
  const key = streamKey(0, 'noise_0.5', 'x');

  it('adds σ·z with z = counterNormal(key, global row)', () => {
    const values = Float64Array.of(1, 2, 3, 4);
    const out = gaussianNoise(values, 100, key, 0.5, { min: -1e9, max: 1e9, integer: false });
    for (let i = 0; i < 4; i++) expect(out[i]).toBeCloseTo(values[i] + 0.5 * counterNormal(key, 100 + i), 12);
    // Cutting the rows differently gives the same values.
    const tail = gaussianNoise(values.subarray(2), 102, key, 0.5, { min: -1e9, max: 1e9, integer: false });
    expect([...tail]).toEqual([...out.subarray(2)]);
  });

  it('rounds whole-number columns, clips to the profiled range widened by the value, keeps missing values', () => {
    const values = Float64Array.from({ length: 2000 }, (_, i) => (i === 7 ? Number.NaN : i % 2 === 0 ? 18 : 95));
    const out = gaussianNoise(values, 0, key, 10, { min: 17, max: 90, integer: true });
    expect(Number.isNaN(out[7])).toBe(true);
    for (let i = 0; i < out.length; i++) {
      if (i === 7) continue;
      expect(Number.isInteger(out[i])).toBe(true);
      expect(out[i]).toBeGreaterThanOrEqual(17);
      // 95 lies beyond the profiled max: its own row may keep values up to 95
      expect(out[i]).toBeLessThanOrEqual(values[i] === 95 ? 95 : 90);
    }
    // 18s mostly move; 95s move only downwards (above 95 clips back to 95): about 1000 · 0.96 + 1000 · 0.48
    expect(out.filter((v, i) => v !== values[i] && i !== 7).length).toBeGreaterThan(1300);
  });

  it('σ = 0 leaves the values as they are', () => {
    const values = Float64Array.of(1.5, Number.NaN, -2);
    expect([...gaussianNoise(values, 0, key, 0, { min: -2, max: 1.5, integer: false })]).toEqual([...values]);
  });
});

describe('categorySwap', () => {
  const key = streamKey(0, 'swap_0.2', 'c');
  const pool = Int32Array.of(0, 1, 2, 3);

  it('moves about `rate` of the rows, always to another pool category, uniformly', () => {
    const n = 40_000;
    const codes = Int32Array.from({ length: n }, (_, i) => i % 4);
    const out = categorySwap(codes, 0, key, 0.2, pool, pool);
    let moved = 0;
    const targets = new Array<number>(4).fill(0);
    for (let i = 0; i < n; i++) {
      if (out[i] === codes[i]) continue;
      moved++;
      expect(out[i]).toBeGreaterThanOrEqual(0);
      expect(out[i]).toBeLessThan(4);
      if (codes[i] === 0) targets[out[i]]++;
    }
    expect(Math.abs(moved / n - 0.2)).toBeLessThan(0.01);
    expect(targets[0]).toBe(0);
    for (const t of [1, 2, 3]) expect(Math.abs(targets[t] / (targets[1] + targets[2] + targets[3]) - 1 / 3)).toBeLessThan(0.04);
  });

  it('keeps missing values, sends unseen categories into the pool, and needs two categories', () => {
    const codes = Int32Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? -1 : i % 3 === 1 ? 9 : 0));
    const out = categorySwap(codes, 0, key, 1, pool, pool);
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] === -1) expect(out[i]).toBe(-1);
      else if (codes[i] === 9) expect([0, 1, 2, 3]).toContain(out[i]);
      else expect([1, 2, 3]).toContain(out[i]);
    }
    expect([...categorySwap(Int32Array.of(0, 0, 0), 0, key, 1, Int32Array.of(0), Int32Array.of(0))]).toEqual([0, 0, 0]);
  });

  it('booleans (pool of codes 0 and 1) are negated', () => {
    const out = categorySwap(Int32Array.of(0, 1, 1, 0), 0, key, 1, Int32Array.of(0, 1), Int32Array.of(0, 1));
    expect([...out]).toEqual([1, 0, 0, 1]);
  });
});

describe('injectMissing', () => {
  it('blanks about `rate` of the cells, the same ones for numbers and codes', () => {
    const key = streamKey(0, 'missing_0.1', 'x');
    const n = 20_000;
    const numbers = injectMissing(Float64Array.from({ length: n }, (_, i) => i), 0, key, 0.1);
    const codes = injectMissing(Int32Array.from({ length: n }, () => 2), 0, key, 0.1);
    let blank = 0;
    let mismatches = 0;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(numbers[i]) !== (codes[i] === -1)) mismatches++;
      if (codes[i] === -1) blank++;
      else if (numbers[i] !== i) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(Math.abs(blank / n - 0.1)).toBeLessThan(0.01);
    expect([...injectMissing(Int32Array.of(5, 6), 0, key, 1)]).toEqual([-1, -1]);
  });
});

describe('counterfactualFlip', () => {
  it('shifts 1 … m − 1 send every level to every other level once', () => {
    const m = 4;
    const positions = Int32Array.of(0, 1, 2, 3, -1, 7);
    const pairs = new Set<string>();
    for (let shift = 1; shift < m; shift++) {
      const { positions: out, flipped } = counterfactualFlip(positions, shift, m);
      expect([...flipped]).toEqual([1, 1, 1, 1, 0, 0]);
      expect(out[4]).toBe(-1);
      for (let i = 0; i < 4; i++) {
        expect(out[i]).not.toBe(i);
        pairs.add(`${i}>${out[i]}`);
      }
    }
    expect(pairs.size).toBe(m * (m - 1));
    expect([...counterfactualFlip(Int32Array.of(0, 1), 1, 2).positions]).toEqual([1, 0]);
  });
});

describe('samplePermutation', () => {
  it('draws profiled values uniformly (the marginal, missing values included), independent of batch cuts', () => {
    const sample = Float64Array.of(1, 2, 3, Number.NaN);
    const key = streamKey(0, 'importance', 'x', '0');
    const n = 40_000;
    const out = samplePermutation(n, 0, key, sample);
    const counts = new Map<string, number>();
    for (const v of out) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(['1', '2', '3', 'NaN']);
    for (const c of counts.values()) expect(Math.abs(c / n - 0.25)).toBeLessThan(0.015);
    const part = samplePermutation(100, 500, key, sample);
    expect([...part].map(String)).toEqual([...out.subarray(500, 600)].map(String));
    expect([...samplePermutation(3, 0, key, new Int32Array(0))]).toEqual([-1, -1, -1]);
  });
});
