import { expect } from 'vitest';
import { rng } from '../helpers/synthetic.js';

/** Seeded uniform generator on [0, 1) for tests (mulberry32): the shared test helper. */
export const seededUniform = rng;

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
