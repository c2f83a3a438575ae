import { expect } from 'vitest';

/**
 * Seeded uniform generator on [0, 1) for tests (mulberry32, Tommy Ettinger):
 * small, fast and reproducible; independent of the code under test.
 */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Binomial(n, p) draw as a sum of n Bernoulli trials. */
export function binomial(rand: () => number, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rand() < p) k++;
  return k;
}

/** Asserts `|actual − expected| ≤ tol · max(|expected|, tiny)`. */
export function expectRelative(actual: number | null | undefined, expected: number, tol: number): void {
  expect(actual).not.toBeNull();
  expect(actual).not.toBeUndefined();
  const scale = Math.max(Math.abs(expected), 1e-300);
  const error = Math.abs((actual as number) - expected) / scale;
  if (!(error <= tol))
    expect.fail(`expected ${String(actual)} ≈ ${expected} (relative error ${error} > ${tol})`);
}

/** Asserts a pair of bounds, each to relative tolerance `tol` (absolute for 0). */
export function expectBounds(
  actual: readonly number[] | null,
  expected: readonly [number, number],
  tol: number,
): void {
  expect(actual).not.toBeNull();
  const [lo, hi] = actual as [number, number];
  if (expected[0] === 0) expect(lo).toBe(0);
  else expectRelative(lo, expected[0], tol);
  if (expected[1] === 0) expect(hi).toBe(0);
  else expectRelative(hi, expected[1], tol);
}
