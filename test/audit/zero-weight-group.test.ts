// A group whose sample weights all are 0 (bug B13): its rates are 0/0 — null with a warning,
// and left out of the disparities — as Fairlearn, whose selection_rate is
// np.dot(selected, w) / w.sum() = NaN there and whose MetricFrame.difference() / .ratio()
// skip NaN groups. A group that has weight keeps scikit-learn's zero_division=0.
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/api/audit.js';
import type { AuditResult } from '../../src/audit/types.js';
import { auditColumns, batchesOf } from '../helpers/synthetic.js';

const value = (r: AuditResult, metric: string, group: string | null) =>
  r.metrics.find((m) => m.metric === metric && m.group === group)!.value;
const disparity = (r: AuditResult, metric: string, method: string) =>
  r.disparities.find((d) => d.metric === metric && d.method === method)!;

// A: two rows, both selected, weight 0. B: selection 1/2. C: selection 1.
const zeroWeightA = () =>
  tableFromArrays({
    y: Float64Array.from([1, 0, 1, 0, 1, 0]),
    p: Float64Array.from([1, 1, 1, 0, 1, 1]),
    s: Float64Array.from([0.9, 0.8, 0.7, 0.2, 0.6, 0.55]),
    g: ['A', 'A', 'B', 'B', 'C', 'C'],
    w: Float64Array.from([0, 0, 1, 1, 1, 1]),
  });

describe('a group with zero total weight', () => {
  it('has null rates with a zero_weight warning, and drops out of the disparities (as Fairlearn)', async () => {
    const r = await audit({
      data: batchesOf(zeroWeightA()),
      label: 'y',
      prediction: 'p',
      score: 's',
      sensitive: ['g'],
      weight: 'w',
    });
    for (const metric of [
      'selection_rate',
      'accuracy',
      'precision',
      'recall',
      'f1',
      'false_positive_rate',
      'roc_auc',
      'log_loss',
      'scoring_rate',
    ]) {
      expect(value(r, metric, 'A'), metric).toBeNull();
      const warning = r.warnings.find((w) => w.metric === metric && w.code === 'zero_weight');
      expect(warning?.message, metric).toMatch(/weights sum to 0.*reported as null.* for g: A$/);
    }
    expect(value(r, 'count', 'A')).toBe(2);
    expect(value(r, 'selection_rate', 'B')).toBe(0.5);
    expect(value(r, 'selection_rate', 'C')).toBe(1);
    // Fairlearn: selection rates {A: NaN, B: 0.5, C: 1} → ratio 0.5, difference 0.5;
    // to overall (0.75): min(0.5/0.75, 0.75/1) = 2/3. Before the fix A read 0: ratio 0.
    expect(disparity(r, 'demographic_parity_ratio', 'between_groups').value).toBe(0.5);
    expect(disparity(r, 'demographic_parity_difference', 'between_groups').value).toBe(0.5);
    expect(disparity(r, 'demographic_parity_ratio', 'to_overall').value).toBeCloseTo(2 / 3, 15);
    expect(disparity(r, 'selection_rate_group_min', 'between_groups')).toMatchObject({
      value: 0.5,
      min_group: 'B',
    });
    // the test of the extreme groups compares B and C, not A
    expect(disparity(r, 'demographic_parity_difference', 'between_groups').test).toBe('fisher_exact');
    expect(r.data.groups[0].groups.find((g) => g.group === 'A')).toMatchObject({ weight: 0, baseRate: null });
  });

  it('drops out of bootstrap replicates too', async () => {
    const r = await audit({
      data: batchesOf(zeroWeightA()),
      label: 'y',
      prediction: 'p',
      sensitive: ['g'],
      weight: 'w',
      bootstrap: 200,
    });
    // With A read as 0 every replicate's min / max was 0: the interval was [0, 0].
    const ci = disparity(r, 'demographic_parity_ratio', 'between_groups').ci!;
    expect(ci[1]).toBeGreaterThan(0);
  });

  it('is null in a regression audit too', async () => {
    const r = await auditColumns(
      { y: Float64Array.from([1, 2, 3, 5]), p: Float64Array.from([1, 1, 3, 4]), g: ['A', 'A', 'B', 'B'], w: Float64Array.from([0, 0, 1, 2]) },
      { weight: 'w', task: 'regression' },
    );
    for (const metric of [
      'mean_absolute_error',
      'mean_squared_error',
      'r2_score',
      'mean_prediction',
      'mean_label',
    ]) {
      expect(value(r, metric, 'A'), metric).toBeNull();
      expect(
        r.warnings.some((w) => w.metric === metric && w.code === 'zero_weight'),
        metric,
      ).toBe(true);
    }
    // B alone is defined: weighted MAE (0·1 + 1·2) / 3, and a difference of 0 (NaN skipped)
    expect(value(r, 'mean_absolute_error', 'B')).toBeCloseTo(2 / 3, 15);
    expect(disparity(r, 'mean_absolute_error_difference', 'between_groups').value).toBe(0);
  });
});

describe('a group with weight but an empty denominator', () => {
  it('keeps scikit-learn zero_division=0: precision 0, selection rate 0, and it counts in the disparities', async () => {
    // D has weight but no predicted positive: precision 0/0 → 0 (zero_division), selection 0/2 = 0.
    const r = await auditColumns(
      { y: Float64Array.from([1, 0, 1, 0]), p: Float64Array.from([1, 0, 0, 0]), g: ['B', 'B', 'D', 'D'], w: Float64Array.from([1, 1, 1, 1]) },
      { weight: 'w' },
    );
    expect(value(r, 'precision', 'D')).toBe(0);
    expect(value(r, 'selection_rate', 'D')).toBe(0);
    expect(r.warnings.find((w) => w.metric === 'precision')).toMatchObject({ code: 'zero_division' });
    expect(r.warnings.some((w) => w.code === 'zero_weight')).toBe(false);
    expect(disparity(r, 'demographic_parity_ratio', 'between_groups').value).toBe(0);
  });
});
