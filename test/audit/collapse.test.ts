// Collapsing cells one-to-one (each group one cell, e.g. the intersection of all features)
// shares the cells' score lists instead of copying them: the result must be what merging
// gives, for exact and binned stores.
import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { AuditEngine } from '../../src/audit/engine.js';
import { aucOf, finishStore, groupRuns, scoreStore } from '../../src/metrics/score-store.js';
import { classificationSettings, inBatches } from '../helpers/fixtures.js';
import { rng } from '../helpers/synthetic.js';

function engineOf(aucBudget: number): AuditEngine {
  const r = rng(21);
  const n = 30_000;
  const score = Float64Array.from({ length: n }, () => Math.round(r() * 1000) / 1000);
  const y = Float64Array.from(score, (s) => (r() < s ? 1 : 0));
  const p = Float64Array.from(score, (s) => (s > 0.5 ? 1 : 0));
  const a = Array.from({ length: n }, () => `a${Math.floor(r() * 3)}`);
  const b = Array.from({ length: n }, () => `b${Math.floor(r() * 4)}`);
  const settings = classificationSettings(['a', 'b'], { intersect: true, aucBudget });
  const engine = new AuditEngine(settings);
  for (const batch of inBatches(tableFromArrays({ y_true: y, y_pred: p, score, a, b }), 2048)) engine.add(batch);
  finishStore(engine.states.store!);
  return engine;
}

describe.each([
  ['exact', 1 << 20],
  ['binned', 100],
])('collapse one-to-one (%s store)', (mode, budget) => {
  it('gives the runs and AUCs that merging gives', () => {
    const engine = engineOf(budget);
    const cells = engine.cells.size;
    expect(cells).toBe(12);
    // a reversal: every cell its own group
    const map = Int32Array.from({ length: cells }, (_, c) => cells - 1 - c);
    const shared = engine.collapse(map, cells).store!;
    const merged = scoreStore(budget).init();
    scoreStore(budget).mergeInto(merged, engine.states.store!, map, cells);
    expect(shared.binned).toBe(merged.binned);
    expect(shared.binned).toBe(mode === 'binned');
    for (let g = 0; g < cells; g++) {
      const a = groupRuns(shared, g);
      const b = groupRuns(merged, g);
      expect([...a.pos.values, ...a.neg.values]).toEqual([...b.pos.values, ...b.neg.values]);
      expect([...a.pos.weights, ...a.neg.weights]).toEqual([...b.pos.weights, ...b.neg.weights]);
      expect(aucOf(shared, g)).toEqual(aucOf(merged, g));
    }
  });
});
