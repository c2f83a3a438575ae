// Finalising reads a binned group's histograms directly (AUC, bound, ROC curve, DeLong
// variance, scoring-rate masses) instead of building sorted runs: the values must be those
// of the runs, bit for bit, for weighted bins, empty bins, ties and one-class groups.
import { describe, expect, it } from 'vitest';
import { UNIT_BINS, aucOf, emptyList, groupDelong, groupHists, groupRuns, groupScoreMass, type ScoreList, type ScoreStoreState } from '../../src/metrics/score-store.js';
import { delongVariance } from '../../src/stats/delong-interval.js';
import { rng } from '../helpers/synthetic.js';

function list(hist: Float64Array | null): ScoreList {
  return { ...emptyList(), hist };
}

/** A binned store of `groups` groups with random histograms (some bins empty, weights fractional). */
function binnedStore(groups: number, seed: number): ScoreStoreState {
  const r = rng(seed);
  const lists: ScoreList[] = [];
  for (let g = 0; g < groups; g++) {
    for (let y = 0; y < 2; y++) {
      // group 3 has no negatives; group 4 no positives
      if ((g === 3 && y === 0) || (g === 4 && y === 1)) {
        lists.push(list(null));
        continue;
      }
      const hist = new Float64Array(UNIT_BINS);
      const density = [0.001, 0.05, 0.9][g % 3];
      for (let b = 0; b < UNIT_BINS; b++) if (r() < density) hist[b] = g % 2 === 0 ? 1 + Math.floor(r() * 5) : 0.25 + r() * 3;
      lists.push(list(hist));
    }
  }
  return { budget: 10, binned: true, lists, stored: 0, rows: 1, sample: null, sampleLength: 0, sampleShare: 1 };
}

/** The same store as one exact run per list (the bins' representative scores): read through runs. */
function asRuns(state: ScoreStoreState): ScoreStoreState {
  const lists = state.lists.map((_, index) => {
    const runs = groupRuns(state, index >> 1);
    const run = index % 2 === 0 ? runs.neg : runs.pos;
    return { ...list(null), runs: run.values.length > 0 ? [{ values: run.values.slice(), weights: run.weights.slice() }] : [] };
  });
  return { ...state, binned: false, lists };
}

describe('binned groups read from their histograms', () => {
  const groups = 6;
  const store = binnedStore(groups, 17);
  const runs = asRuns(store);

  it('takes the histogram path only for plain histograms', () => {
    expect(groupHists(store, 0)).not.toBeNull();
    expect(groupHists(runs, 0)).toBeNull();
  });

  it.each(Array.from({ length: groups }, (_, g) => g))('group %i: the same AUC, curve, DeLong and masses', (g) => {
    const a = aucOf(store, g);
    const b = aucOf(runs, g);
    expect(a.value).toBe(b.value);
    expect(a.fpr).toEqual(b.fpr);
    expect(a.tpr).toEqual(b.tpr);
    if (a.value !== null) expect(a.bound).toBeGreaterThanOrEqual(0);
    const da = groupDelong(store, g);
    const db = groupDelong(runs, g);
    expect(da === null).toBe(db === null);
    if (da !== null && db !== null) {
      expect(da.auc).toBe(db.auc);
      expect(da.positive.total).toBe(db.positive.total);
      expect(da.negative.total).toBe(db.negative.total);
      expect(delongVariance(da)).toBe(delongVariance(db));
    }
    for (const threshold of [0, 0.3, 0.5, (1000 + 0.5) / UNIT_BINS, 1]) {
      expect(groupScoreMass(store, g, threshold)).toEqual(groupScoreMass(runs, g, threshold));
    }
  });
});

describe('exact groups read from their runs', () => {
  it('give the AUC, DeLong components and variance of the statistics module', async () => {
    const { delongComponents } = await import('../../src/stats/delong-components.js');
    const { scoreStore } = await import('../../src/metrics/score-store.js');
    const r = rng(8);
    const n = 20_000;
    const cells = 4;
    // ties within and across classes, and scores outside [0, 1]
    const score = Float64Array.from({ length: n }, () => (r() < 0.05 ? 1 + r() : Math.round(r() * 200) / 200));
    const label = Uint8Array.from({ length: n }, (_, i) => (r() < score[i] * 0.8 ? 1 : 0));
    const cell = Int32Array.from({ length: n }, () => Math.floor(r() * cells));
    const acc = scoreStore(1 << 20);
    const state = acc.init();
    acc.add(state, { score, label, cell, weight: null, length: n } as never, cells);
    for (let g = 0; g < cells; g++) {
      const positives: number[] = [];
      const negatives: number[] = [];
      for (let i = 0; i < n; i++) if (cell[i] === g) (label[i] === 1 ? positives : negatives).push(score[i]);
      const expected = delongComponents({ positives, negatives })!;
      const got = groupDelong(state, g)!;
      expect(got.auc).toBe(expected.auc);
      expect(delongVariance(got)).toBe(delongVariance(expected));
      expect(Math.abs(aucOf(state, g).value! - expected.auc)).toBeLessThan(1e-12);
      expect(aucOf(state, g).bound).toBe(0);
    }
  });
});
