// Every accumulator gives the same result in one batch, in batches of 1, 5 and 25 rows,
// and merged from partial states in any order (STYLE: test invariance to batching and order).
import { describe, expect, it } from 'vitest';
import { AuditEngine } from '../../src/audit/engine.js';
import { finalize } from '../../src/audit/finalize.js';
import type { AuditSettings } from '../../src/audit/types.js';
import { classificationSettings, inBatches } from '../helpers/fixtures.js';
import { rng, syntheticLog, withColumn } from '../helpers/synthetic.js';
import { groupRuns, scoreStore } from '../../src/metrics/score-store.js';

const table = syntheticLog(600, 7);

function settings(task: 'classification' | 'regression', weighted: boolean, aucBudget = 1 << 24): AuditSettings {
  const classification = task === 'classification';
  return classificationSettings(['sex', 'race'], {
    task,
    label: classification ? 'y_true' : 'y',
    prediction: classification ? 'y_pred' : 'yhat',
    score: classification ? 'score' : null,
    weight: weighted ? 'w' : null,
    intersect: true,
    privileged: classification ? [{ feature: 'race', value: 'A' }] : [],
    aucBudget,
  });
}

function run(s: AuditSettings, parts: number[][]): ReturnType<typeof finalize> {
  // parts: batches (by index into the batch list of size 25) per engine, merged in order
  const batches = inBatches(table, 25);
  const engines = parts.map((indices) => {
    const e = new AuditEngine(s);
    for (const i of indices) e.add(batches[i]);
    return e;
  });
  const [first, ...rest] = engines;
  for (const e of rest) first.merge(e);
  return finalize(first, { settings: s, favorable: [], entropyAlpha: 2 });
}

function valuesOf(r: ReturnType<typeof finalize>): number[] {
  return [...r.metrics, ...r.disparities, ...r.aif360].map((m) => m.value ?? Number.NaN);
}

describe.each([
  ['classification', false],
  ['classification', true],
  ['regression', false],
  ['regression', true],
] as const)('%s (weighted: %s)', (task, weighted) => {
  const s = settings(task, weighted);
  const whole = (() => {
    const e = new AuditEngine(s);
    for (const b of inBatches(table, 0)) e.add(b);
    return finalize(e, { settings: s, favorable: [], entropyAlpha: 2 });
  })();

  it.each([1, 5, 25])('gives the same values in batches of %i rows', (size) => {
    const e = new AuditEngine(s);
    for (const b of inBatches(table, size)) e.add(b);
    const r = finalize(e, { settings: s, favorable: [], entropyAlpha: 2 });
    // Same records in the same order; counts exact, float sums equal to rounding
    // (each batch is folded into the total as a partial state).
    const strip = (x: typeof r) => JSON.stringify(x, (k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? 0 : v));
    expect(strip(r)).toBe(strip(whole));
    const expected = valuesOf(whole);
    valuesOf(r).forEach((v, i) => {
      if (Number.isNaN(expected[i])) expect(v).toBeNaN();
      else expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected[i])));
    });
  });

  it('is bit-identical when the same batches are folded in the same order, whoever computed them', () => {
    const batches = inBatches(table, 25);
    const single = new AuditEngine(s);
    for (const b of batches) single.add(b);
    // Each batch in its own engine (as a worker thread would), folded in batch order.
    const folded = new AuditEngine(s);
    for (const b of batches) {
      const part = new AuditEngine(s);
      part.add(b);
      folded.merge(part);
    }
    const a = finalize(single, { settings: s, favorable: [], entropyAlpha: 2 });
    const b = finalize(folded, { settings: s, favorable: [], entropyAlpha: 2 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('gives the same values merged from partial states in any order', () => {
    const n = inBatches(table, 25).length;
    const all = Array.from({ length: n }, (_, i) => i);
    const orders = [
      [all.filter((i) => i % 2 === 0), all.filter((i) => i % 2 === 1)],
      [all.filter((i) => i % 3 === 2), all.filter((i) => i % 3 === 0), all.filter((i) => i % 3 === 1)],
      [all.slice().reverse()],
      all.map((i) => [i]).reverse(),
    ];
    const expected = valuesOf(whole);
    for (const parts of orders) {
      const got = valuesOf(run(s, parts));
      expect(got.length).toBe(expected.length);
      got.forEach((v, i) => {
        if (Number.isNaN(expected[i])) expect(v).toBeNaN();
        else expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected[i])));
      });
      // counts are exact whatever the order
      const counts = run(s, parts).metrics.filter((m) => m.metric === 'count').map((m) => [m.group, m.value, m.n]);
      expect(counts).toEqual(whole.metrics.filter((m) => m.metric === 'count').map((m) => [m.group, m.value, m.n]));
    }
  });
});

describe('binned ROC AUC past the budget', () => {
  it('stays within its reported bound of the exact value', () => {
    const exact = run(settings('classification', false), [inBatches(table, 25).map((_, i) => i)]);
    const binned = run(settings('classification', false, 50), [inBatches(table, 25).map((_, i) => i)]);
    expect(binned.methods.roc_auc).toMatch(/^binned/);
    const bound = Number(/error bound over groups ([0-9.e-]+)/.exec(binned.methods.roc_auc)![1]);
    const pick = (r: typeof exact) => r.metrics.filter((m) => m.metric === 'roc_auc').map((m) => m.value);
    const e = pick(exact);
    pick(binned).forEach((v, i) => {
      if (e[i] === null) expect(v).toBeNull();
      else expect(Math.abs(v! - e[i])).toBeLessThanOrEqual(bound + 1e-12);
    });
  });
});

describe('the score store decides exact or binned from the data alone', () => {
  // Batch sizes and fold blocks change when the rule is checked, never its outcome.
  const shapes: [number, number | undefined][] = [
    [1, undefined],
    [7, 100],
    [25, 1000],
    [3000, undefined],
  ];
  const big = syntheticLog(3000, 11);
  function audit(t: typeof big, budget: number, batch: number, blockRows: number | undefined) {
    const s = { ...settings('classification', false, budget), blockRows };
    const e = new AuditEngine(s);
    for (const b of inBatches(t, batch)) e.add(b);
    return finalize(e, { settings: s, favorable: [], entropyAlpha: 2 });
  }
  const aucs = (r: ReturnType<typeof finalize>) => r.metrics.filter((m) => m.metric === 'roc_auc').map((m) => m.value);

  it('keeps few distinct scores exact past the budget in rows', () => {
    // 51 distinct scores in at most 24 lists: at most 1,224 distinct, within a budget of 1,300
    const unbounded = audit(big, 1 << 24, 3000, undefined);
    for (const [batch, block] of shapes) {
      const r = audit(big, 1300, batch, block);
      expect(r.methods.roc_auc, `batch ${batch}`).not.toMatch(/^binned/);
      expect(aucs(r)).toEqual(aucs(unbounded));
    }
  });

  it('bins continuous scores alike whatever the batches and blocks', () => {
    const draw = rng(5);
    const score = Float64Array.from({ length: 3000 }, () => draw());
    const continuous = withColumn(big, 'score', score);
    const first = audit(continuous, 1000, 3000, undefined);
    expect(first.methods.roc_auc).toMatch(/^binned/);
    for (const [batch, block] of shapes) expect(aucs(audit(continuous, 1000, batch, block)), `batch ${batch}`).toEqual(aucs(first));
  });

  it('bins when distinct scores exceed the budget, whatever the batches', () => {
    const first = audit(big, 50, 3000, undefined);
    expect(first.methods.roc_auc).toMatch(/^binned/);
    for (const [batch, block] of shapes) expect(aucs(audit(big, 50, batch, block)), `batch ${batch}`).toEqual(aucs(first));
  });

  it('represents an overflow bin by its smallest score, in any order', () => {
    const acc = scoreStore(4);
    const view = (scores: number[]) => ({
      length: scores.length,
      rowOffset: 0,
      cell: new Int32Array(scores.length),
      label: new Uint8Array(scores.length),
      pred: null,
      score: Float64Array.from(scores),
      weight: null,
      yTrue: null,
      yPred: null,
    });
    const scores = [1.5, 1.5000001, 1.4999999, 2, -3, -3.0000001];
    const runs = [scores, [...scores].reverse()].map((order) => {
      const state = acc.init();
      state.binned = true;
      acc.add(state, view(order), 1);
      return groupRuns(state, 0).neg;
    });
    expect(runs[0]).toEqual(runs[1]);
    expect([...runs[0].values]).toContain(1.4999999);
  });
});
