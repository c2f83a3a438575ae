// Large finite sample weights (bug B6, the tester's b6-huge-weight*.csv): a weight of 1e20
// ended in "internal error: incomplete gamma continued fraction did not converge", 1e160 in
// "chi-square statistic must be non-negative: NaN". The tests must give p-values; weights
// whose sum leaves the double range are refused naming the column; sums of squares that
// overflow give null values with a warning.
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/api/audit.js';
import { AuditError } from '../../src/core/errors.js';
import { auditColumns, batchesOf } from '../helpers/synthetic.js';

const weighted = (w: number[]) =>
  tableFromArrays({
    y: Float64Array.from([1, 0, 1, 0]),
    p: Float64Array.from([1, 0, 0, 1]),
    s: Float64Array.from([0.9, 0.2, 0.4, 0.7]),
    g: ['A', 'A', 'B', 'B'],
    w: Float64Array.from(w),
  });

describe('huge sample weights', () => {
  it.each([1e17, 1e20, 1e160, 1e300])('weight %g: the tests give p-values, not an error', async (big) => {
    const r = await audit({
      data: batchesOf(weighted([1, 2, big, 1])),
      label: 'y',
      prediction: 'p',
      score: 's',
      sensitive: ['g'],
      weight: 'w',
    });
    const dp = r.disparities.find(
      (d) => d.metric === 'demographic_parity_difference' && d.method === 'between_groups',
    )!;
    expect(dp.test).toBe('two_proportion_z');
    expect(dp.p_value! >= 0 && dp.p_value! <= 1).toBe(true);
    expect(dp.chi_square_p_value! >= 0 && dp.chi_square_p_value! <= 1).toBe(true);
    const selection = r.metrics.find((m) => m.metric === 'selection_rate' && m.group === 'B')!;
    expect(selection.value! * (big + 1)).toBeCloseTo(1, 12);
  });

  it('weights summing past 1.8e308 are refused, naming the column', async () => {
    const error: unknown = await audit({
      data: batchesOf(weighted([1, 2, 1e308, 1.5e308])),
      label: 'y',
      prediction: 'p',
      sensitive: ['g'],
      weight: 'w',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as AuditError).message).toMatch(/^weights in column w sum to more than the largest double/);
  });

  it('regression sums that overflow give null values with a not_finite warning', async () => {
    const r = await auditColumns(
      { y: Float64Array.from([1e200, 0, 1, 2]), p: Float64Array.from([1.5, 0, 1, 3]), g: ['A', 'A', 'B', 'B'] },
      { task: 'regression' },
    );
    const mse = r.metrics.find((m) => m.metric === 'mean_squared_error' && m.group === 'A')!;
    expect(mse.value).toBeNull();
    const warning = r.warnings.find(
      (w) => w.metric === 'mean_squared_error' && w.code === 'not_finite' && w.feature === 'g',
    );
    expect(warning?.message).toBe(
      'mean_squared_error is not a finite number (a sum overflowed the double range); reported as null for g: A',
    );
    expect(r.metrics.find((m) => m.metric === 'mean_absolute_error' && m.group === 'A')!.value).toBeCloseTo(
      5e199,
      -185,
    );
    expect(r.metrics.find((m) => m.metric === 'mean_squared_error' && m.group === 'B')!.value).toBe(0.5);
  });
});
