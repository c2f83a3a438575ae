// Tiny cases checkable by hand, and the degenerate ones.
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/api/audit.js';
import { asAsync } from '../helpers/fixtures.js';

function value(result: Awaited<ReturnType<typeof audit>>, metric: string, group: string | null = null) {
  return result.metrics.find((m) => m.metric === metric && m.group === group)?.value;
}

describe('classification by hand', () => {
  // y_true 1 1 1 0 0 0 0 0, y_pred 1 0 1 1 0 0 0 0: TP 2, FN 1, FP 1, TN 4.
  const t = tableFromArrays({
    y: Float64Array.from([1, 1, 1, 0, 0, 0, 0, 0]),
    p: Float64Array.from([1, 0, 1, 1, 0, 0, 0, 0]),
    s: Float64Array.from([0.9, 0.4, 0.8, 0.7, 0.1, 0.2, 0.4, 0.3]),
    g: ['a', 'a', 'b', 'b', 'a', 'a', 'b', 'b'],
  });
  it('computes the confusion-based metrics', async () => {
    const r = await audit({ data: asAsync(t.batches), label: 'y', prediction: 'p', score: 's', sensitive: ['g'] });
    expect(value(r, 'accuracy')).toBeCloseTo(6 / 8, 15);
    expect(value(r, 'precision')).toBeCloseTo(2 / 3, 15);
    expect(value(r, 'recall')).toBeCloseTo(2 / 3, 15);
    expect(value(r, 'false_positive_rate')).toBeCloseTo(1 / 5, 15);
    expect(value(r, 'selection_rate')).toBeCloseTo(3 / 8, 15);
    expect(value(r, 'balanced_accuracy')).toBeCloseTo((2 / 3 + 4 / 5) / 2, 15);
    expect(value(r, 'f1')).toBeCloseTo(4 / 6, 15);
    expect(value(r, 'treatment_equality')).toBeCloseTo(1, 15);
    // AUC: positives 0.9, 0.4, 0.8 vs negatives 0.7 0.1 0.2 0.4 0.3:
    // 0.9 beats 5, 0.8 beats 5, 0.4 beats 3 and ties 1 → (5 + 5 + 3.5) / 15
    expect(value(r, 'roc_auc')).toBeCloseTo(13.5 / 15, 15);
    const brier = [0.01, 0.36, 0.04, 0.49, 0.01, 0.04, 0.16, 0.09].reduce((a, b) => a + b) / 8;
    expect(value(r, 'brier_score')).toBeCloseTo(brier, 15);
    const ll = -(Math.log(0.9) + Math.log(0.4) + Math.log(0.8) + Math.log(0.3) + Math.log(0.9) + Math.log(0.8) + Math.log(0.6) + Math.log(0.7)) / 8;
    expect(value(r, 'log_loss')).toBeCloseTo(ll, 14);
    // group a: y 1 1 0 0, p 1 0 0 0 → selection 1/4; group b: y 1 0 0 0, p 1 1 0 0 → 2/4
    expect(value(r, 'selection_rate', 'a')).toBe(0.25);
    expect(value(r, 'selection_rate', 'b')).toBe(0.5);
    const dp = r.disparities.find((d) => d.metric === 'demographic_parity_ratio' && d.method === 'between_groups');
    expect(dp?.value).toBe(0.5);
    expect(dp?.min_group).toBe('a');
  });

  it('gives null (with a warning) for AUC in a single-class group and 0 for empty precision', async () => {
    const single = tableFromArrays({
      y: Float64Array.from([0, 0, 1, 0]),
      p: Float64Array.from([0, 0, 1, 0]),
      s: Float64Array.from([0.1, 0.2, 0.9, 0.3]),
      g: ['x', 'x', 'y', 'y'],
    });
    const r = await audit({ data: asAsync(single.batches), label: 'y', prediction: 'p', score: 's', sensitive: ['g'] });
    expect(value(r, 'roc_auc', 'x')).toBeNull();
    expect(value(r, 'precision', 'x')).toBe(0);
    expect(r.warnings.some((w) => w.code === 'single_class' && w.metric === 'roc_auc')).toBe(true);
    expect(r.warnings.some((w) => w.code === 'zero_division' && w.metric === 'precision')).toBe(true);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it('honours sample weights', async () => {
    const w = tableFromArrays({
      y: Float64Array.from([1, 0, 0]),
      p: Float64Array.from([1, 1, 0]),
      w: Float64Array.from([3, 1, 1]),
    });
    const r = await audit({ data: asAsync(w.batches), label: 'y', prediction: 'p', weight: 'w' });
    expect(value(r, 'accuracy')).toBeCloseTo(4 / 5, 15);
    expect(value(r, 'count')).toBe(3);
  });

  it('reads string labels with --positive and derives predictions from a threshold', async () => {
    const s = tableFromArrays({ y: ['>50K', '<=50K', '>50K', '<=50K'], s: Float64Array.from([0.7, 0.6, 0.4, 0.1]) });
    const r = await audit({ data: asAsync(s.batches), label: 'y', score: 's', positive: '>50K', threshold: 0.5 });
    expect(value(r, 'selection_rate')).toBe(0.5);
    expect(value(r, 'accuracy')).toBe(0.5);
  });

  it('puts missing sensitive values in a visible group', async () => {
    const m = tableFromArrays({ y: Float64Array.from([1, 0, 1]), p: Float64Array.from([1, 0, 0]), g: ['u', null, 'u'] as string[] });
    const r = await audit({ data: asAsync(m.batches), label: 'y', prediction: 'p', sensitive: ['g'] });
    expect(r.metrics.filter((x) => x.metric === 'count').map((x) => [x.group, x.value])).toEqual([
      [null, 3],
      ['u', 2],
      ['(missing)', 1],
    ]);
    expect(r.data.missing[0]).toMatchObject({ column: 'g', missing: 1, n: 3 });
  });
});

describe('regression by hand', () => {
  const t = tableFromArrays({
    y: Float64Array.from([3, -0.5, 2, 7]),
    p: Float64Array.from([2.5, 0, 2, 8]),
    g: ['a', 'a', 'b', 'b'],
  });
  it('matches scikit-learn on its documented examples', async () => {
    // scikit-learn docs: mean_absolute_error = 0.5, mean_squared_error = 0.375, r2_score = 0.9486081370449679
    const r = await audit({ data: asAsync(t.batches), label: 'y', prediction: 'p', task: 'regression', sensitive: ['g'] });
    expect(value(r, 'mean_absolute_error')).toBeCloseTo(0.5, 15);
    expect(value(r, 'mean_squared_error')).toBeCloseTo(0.375, 15);
    expect(value(r, 'root_mean_squared_error')).toBeCloseTo(Math.sqrt(0.375), 15);
    expect(value(r, 'r2_score')).toBeCloseTo(0.9486081370449679, 14);
    expect(value(r, 'mean_prediction')).toBeCloseTo(12.5 / 4, 15);
    expect(value(r, 'mean_label')).toBeCloseTo(11.5 / 4, 15);
    expect(value(r, 'mean_absolute_error', 'b')).toBeCloseTo(0.5, 15);
    const d = r.disparities.find((x) => x.metric === 'mean_absolute_error_difference' && x.method === 'between_groups');
    expect(d?.value).toBeCloseTo(0, 15);
  });
});
