// A binned score store keeps a list's rows as bin numbers until the list is large: audits of
// many small groups must not cost a 512 KB histogram per group and label. Sparse and dense
// lists must give the same runs, merge into each other in any order, and survive state files.
import { describe, expect, it } from 'vitest';
import { AuditEngine } from '../../src/audit/engine.js';
import { deserializeEngine, serializeEngine } from '../../src/audit/engine-state.js';
import { finalize } from '../../src/audit/finalize.js';
import type { BatchView } from '../../src/metrics/batch-view.js';
import { UNIT_BINS, binStore, groupRuns, scoreStore, type ScoreStoreState } from '../../src/metrics/score-store.js';
import { tableFromArrays } from 'apache-arrow';
import { classificationSettings, inBatches } from '../helpers/fixtures.js';
import { rng } from '../helpers/synthetic.js';

function view(score: Float64Array, label: Uint8Array, cell: Int32Array): BatchView {
  return { score, label, cell, weight: null, length: score.length } as unknown as BatchView;
}

/** Rows of `cells` cells; cell 0 gets `big` rows, the others `small` each. */
function rows(cells: number, big: number, small: number, seed: number) {
  const r = rng(seed);
  const n = big + (cells - 1) * small;
  const score = new Float64Array(n);
  const label = new Uint8Array(n);
  const cell = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // scores in [0, 1] with the edges, and a few outside it (overflow bins)
    const u = r();
    score[i] = u < 0.01 ? 1 : u < 0.02 ? 0 : u < 0.03 ? 1 + r() : r();
    label[i] = r() < 0.5 ? 1 : 0;
    cell[i] = i < big ? 0 : 1 + ((i - big) % (cells - 1));
  }
  return { score, label, cell, n };
}

/** The Mann–Whitney AUC of one list pair, by brute force over the binned representatives. */
function bruteRuns(score: Float64Array, label: Uint8Array, cell: Int32Array, c: number, y: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < score.length; i++) {
    if (cell[i] !== c || label[i] !== y) continue;
    const s = score[i];
    if (s < 0 || s > 1) continue;
    const b = Math.min(Math.floor(s * UNIT_BINS), UNIT_BINS - 1);
    const v = (b + 0.5) / UNIT_BINS;
    out.set(v, (out.get(v) ?? 0) + 1);
  }
  return out;
}

function runsOf(state: ScoreStoreState, c: number, y: 0 | 1): Map<number, number> {
  const run = groupRuns(state, c)[y === 1 ? 'pos' : 'neg'];
  const out = new Map<number, number>();
  for (let k = 0; k < run.values.length; k++) if (run.values[k] >= 0 && run.values[k] <= 1) out.set(run.values[k], run.weights[k]);
  return out;
}

describe('binned score store: sparse lists', () => {
  const cells = 50;
  const data = rows(cells, 150_000, 300, 9);

  function fill(ranges: [number, number][]): ScoreStoreState {
    const acc = scoreStore(1000);
    const state = acc.init();
    binStore(state);
    for (const [a, b] of ranges) acc.add(state, view(data.score.subarray(a, b), data.label.subarray(a, b), data.cell.subarray(a, b)), cells);
    return state;
  }

  it('keeps small lists without a histogram, and counts them like dense ones', () => {
    const state = fill([[0, data.n]]);
    // cell 0 holds 150,000 rows (dense); the others 300 each (sparse)
    expect(state.lists[0].hist).not.toBeNull();
    expect(state.lists[1].hist).not.toBeNull();
    for (let i = 2; i < state.lists.length; i++) expect(state.lists[i].hist).toBeNull();
    for (const c of [0, 1, 17, cells - 1]) {
      for (const y of [0, 1] as const) expect(runsOf(state, c, y)).toEqual(bruteRuns(data.score, data.label, data.cell, c, y));
    }
  });

  it('merges sparse and dense lists in any order to the same runs', () => {
    const acc = scoreStore(1000);
    const whole = fill([[0, data.n]]);
    const half = Math.floor(data.n / 2);
    const a = fill([[0, half]]);
    const b = fill([[half, data.n]]);
    const identity = Int32Array.from({ length: cells }, (_, i) => i);
    const ab = acc.init();
    acc.mergeInto(ab, a, identity, cells);
    acc.mergeInto(ab, b, identity, cells);
    const ba = acc.init();
    acc.mergeInto(ba, b, identity, cells);
    acc.mergeInto(ba, a, identity, cells);
    for (let c = 0; c < cells; c++) {
      for (const y of [0, 1] as const) {
        expect(runsOf(ab, c, y)).toEqual(runsOf(whole, c, y));
        expect(runsOf(ba, c, y)).toEqual(runsOf(whole, c, y));
      }
    }
  });

  it('sums weighted entries per bin in the order they came, sparse or dense', () => {
    const r = rng(12);
    // cell 0: 80,000 weighted rows (dense past 65,536 entries); cell 1: 500 (sparse)
    const n = 80_500;
    const score = Float64Array.from({ length: n }, () => (r() < 0.3 ? 0.5 : r()));
    const label = new Uint8Array(n).fill(1);
    const cell = Int32Array.from({ length: n }, (_, i) => (i < 80_000 ? 0 : 1));
    const weight = Float64Array.from({ length: n }, () => (r() < 0.5 ? 1 + Math.floor(r() * 3) : 0.1 + r()));
    const acc = scoreStore(1000);
    const state = acc.init();
    binStore(state);
    acc.add(state, { score, label, cell, weight, length: n } as unknown as BatchView, 2);
    expect(state.lists[1].hist).not.toBeNull();
    expect(state.lists[3].hist).toBeNull();
    for (const c of [0, 1]) {
      const expected = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        if (cell[i] !== c) continue;
        const v = (Math.min(Math.floor(score[i] * UNIT_BINS), UNIT_BINS - 1) + 0.5) / UNIT_BINS;
        expected.set(v, (expected.get(v) ?? 0) + weight[i]);
      }
      expect(runsOf(state, c, 1)).toEqual(expected);
    }
  });

  it('round-trips an engine with sparse lists through a state file', () => {
    const r = rng(4);
    const n = 20_000;
    const score = Float64Array.from({ length: n }, () => r());
    const y = Float64Array.from(score, (s) => (r() < s ? 1 : 0));
    const p = Float64Array.from(score, (s) => (s > 0.5 ? 1 : 0));
    const g = Array.from({ length: n }, (_, i) => `g${i % 97}`);
    const w = Float64Array.from({ length: n }, () => 0.2 + r() * 2);
    const table = tableFromArrays({ y_true: y, y_pred: p, score, g, w });
    const settings = classificationSettings(['g'], { aucBudget: 1000 });
    for (const weight of [null, 'w']) {
      const s = { ...settings, weight };
      const engine = new AuditEngine(s);
      for (const batch of inBatches(table, 4096)) engine.add(batch);
      const store = engine.states.store!;
      expect(store.binned).toBe(true);
      expect(store.lists.filter((l) => l.hist === null).length).toBeGreaterThan(100);
      if (weight !== null) expect(store.lists.some((l) => l.pendingWeights !== null)).toBe(true);
      const { engine: back } = deserializeEngine(serializeEngine(engine), 'x.state');
      const options = { settings: s, favorable: [], entropyAlpha: 2 };
      expect(JSON.stringify(finalize(back, options)) === JSON.stringify(finalize(engine, options))).toBe(true);
    }
  });
});
