// Unweighted log loss is summed as −ln of running products (folded below 2^−900 and at each
// batch's end): it must agree with one logarithm a row to rounding, however small the
// probabilities, and the weighted path (a logarithm a row) must agree with it.
import { describe, expect, it } from 'vitest';
import { LOG_LOSS_EPS, scoreSums } from '../../src/metrics/score-sums.js';
import type { BatchView } from '../../src/metrics/batch-view.js';
import { rng } from '../helpers/synthetic.js';

/** scikit-learn 1.2's per-row log loss, summed per cell one row at a time. */
function naive(score: Float64Array, label: Uint8Array, cell: Int32Array, cells: number): number[] {
  const out = new Array<number>(cells).fill(0);
  for (let i = 0; i < score.length; i++) {
    const p = score[i];
    if (!(p >= 0 && p <= 1)) continue;
    const q = Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    const x = label[i] === 1 ? q : 1 - q;
    out[cell[i]] -= Math.log(x / (1 - q + q));
  }
  return out;
}

function view(score: Float64Array, label: Uint8Array, cell: Int32Array, weight: Float64Array | null): BatchView {
  return { score, label, cell, weight, length: score.length } as unknown as BatchView;
}

describe('score sums: log loss', () => {
  const cases: [string, (r: () => number) => number][] = [
    ['uniform scores', (r) => r()],
    ['confidently wrong scores (many folds)', (r) => (r() < 0.5 ? 0 : 1e-300 * r())],
    ['scores at 0, 1 and ε', (r) => [0, 1, LOG_LOSS_EPS, 1 - LOG_LOSS_EPS, 0.5][Math.floor(r() * 5)]],
    ['out-of-range scores mixed in', (r) => (r() < 0.1 ? 1.5 : r() < 0.1 ? Number.NaN : r())],
  ];
  it.each(cases)('agrees with one logarithm a row: %s', (_name, draw) => {
    const r = rng(5);
    const n = 50_000;
    const cells = 7;
    const score = new Float64Array(n);
    const label = new Uint8Array(n);
    const cell = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      score[i] = draw(r);
      label[i] = r() < 0.5 ? 1 : 0;
      cell[i] = Math.floor(r() * cells);
    }
    const acc = scoreSums(10);
    const state = acc.init();
    // two batches: products are folded at each batch's end
    const half = n / 2;
    acc.add(state, view(score.subarray(0, half), label.subarray(0, half), cell.subarray(0, half), null), cells);
    acc.add(state, view(score.subarray(half), label.subarray(half), cell.subarray(half), null), cells);
    const expected = naive(score, label, cell, cells);
    const weighted = acc.init();
    acc.add(weighted, view(score, label, cell, new Float64Array(n).fill(1)), cells);
    for (let c = 0; c < cells; c++) {
      expect(Math.abs(state.logLoss[c] - expected[c])).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(expected[c])));
      expect(Math.abs(weighted.logLoss[c] - expected[c])).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(expected[c])));
      expect(Number.isFinite(state.logLoss[c])).toBe(true);
    }
  });
});
