// Every null in the AIF360 section comes with a warning naming the metric and the cause
// (bug B11). AIF360 0.6.1 divides numpy float64 sums there, so it returns inf for x/0 and
// nan for 0/0 (with a RuntimeWarning); JSON has neither, so assay reports null and says why.
import { describe, expect, it } from 'vitest';
import type { AuditOptions } from '../../src/api/audit.js';
import type { AuditResult } from '../../src/audit/types.js';
import { aif360Comparisons, generalizedEntropyIndex } from '../../src/metrics/aif360.js';
import { auditColumns } from '../helpers/synthetic.js';

function run(columns: Record<string, Float64Array | string[]>, options: Partial<AuditOptions> = {}): Promise<AuditResult> {
  return auditColumns(columns, { privileged: [{ feature: 'g', value: 'A' }], ...options });
}

const aif = (r: AuditResult, metric: string) => r.aif360.find((x) => x.metric === metric)!.value;
const warningOf = (r: AuditResult, metric: string) =>
  r.warnings.find((w) => w.code === 'undefined_aif360' && w.metric === metric)?.message;

/** The bar: no null without a warning that names its metric. */
function expectEveryNullWarned(r: AuditResult): void {
  for (const record of r.aif360.filter((x) => x.value === null)) {
    const message = warningOf(r, record.metric);
    expect(message, record.metric).toBeDefined();
    expect(message).toContain(record.metric);
    expect(message).toMatch(/reported as null$/);
  }
}

describe('AIF360 nulls', () => {
  it("privileged selection rate 0 and α = 0 with a false negative (the tester's b11-di-zero.csv)", async () => {
    const r = await run(
      { y: Float64Array.from([1, 0, 1, 0]), p: Float64Array.from([0, 0, 1, 1]), g: ['A', 'A', 'B', 'B'] },
      { entropyAlpha: 0 },
    );
    expect(aif(r, 'disparate_impact')).toBeNull();
    expect(warningOf(r, 'disparate_impact')).toBe(
      "disparate_impact (AIF360) is undefined for g (privileged A, favourable label 1): the privileged group's selection rate is 0; AIF360 returns inf; reported as null",
    );
    expect(aif(r, 'generalized_entropy_index')).toBeNull();
    expect(warningOf(r, 'generalized_entropy_index')).toMatch(
      /α = 0 .*infinite for a false negative.*AIF360 returns inf/,
    );
    // the rest is defined: SPD = 1 − 0; Theil of benefits (0, 1, 2, 1) with μ = 1 is ln 2 / 2
    expect(aif(r, 'statistical_parity_difference')).toBe(1);
    expect(aif(r, 'theil_index')).toBeCloseTo(Math.log(2) / 2, 15);
    expectEveryNullWarned(r);
  });

  it('a privileged group without favourable labels: TPR 0/0 (AIF360 nan)', async () => {
    const r = await run({
      y: Float64Array.from([0, 0, 1, 0]),
      p: Float64Array.from([0, 1, 1, 0]),
      g: ['A', 'A', 'B', 'B'],
    });
    for (const metric of [
      'equal_opportunity_difference',
      'average_odds_difference',
      'average_abs_odds_difference',
    ]) {
      expect(aif(r, metric), metric).toBeNull();
      expect(warningOf(r, metric)).toMatch(
        /the privileged group has no favourable labels \(TPR 0\/0\); AIF360 returns nan/,
      );
    }
    expect(aif(r, 'disparate_impact')).toBe(1);
    expectEveryNullWarned(r);
  });

  it('every row a false negative: the mean benefit is 0', async () => {
    const r = await run({
      y: Float64Array.from([1, 1, 1, 1]),
      p: Float64Array.from([0, 0, 0, 0]),
      g: ['A', 'A', 'B', 'B'],
    });
    for (const metric of ['theil_index', 'generalized_entropy_index', 'between_group_theil_index']) {
      expect(aif(r, metric), metric).toBeNull();
      expect(warningOf(r, metric)).toMatch(/mean benefit is 0/);
    }
    expect(warningOf(r, 'disparate_impact')).toMatch(/AIF360 returns nan \(0\/0\)/);
    expect(warningOf(r, 'average_odds_difference')).toMatch(/no unfavourable labels \(FPR 0\/0\)/);
    expectEveryNullWarned(r);
  });

  it('a privileged group of zero weight: every comparison null', async () => {
    const r = await run(
      {
        y: Float64Array.from([1, 0, 1, 0]),
        p: Float64Array.from([1, 0, 1, 1]),
        g: ['A', 'A', 'B', 'B'],
        w: Float64Array.from([0, 0, 1, 1]),
      },
      { weight: 'w' },
    );
    for (const metric of [
      'disparate_impact',
      'statistical_parity_difference',
      'equal_opportunity_difference',
    ]) {
      expect(aif(r, metric), metric).toBeNull();
      expect(warningOf(r, metric)).toMatch(/the privileged group's weights sum to 0; AIF360 returns nan/);
    }
    expectEveryNullWarned(r);
  });
});

describe('the AIF360 functions name their undefined values', () => {
  it('aif360Comparisons calls note once per null metric', () => {
    const noted: string[] = [];
    const values = aif360Comparisons(
      { tp: 0, fp: 0, fn: 1, tn: 1, rows: 2 },
      { tp: 1, fp: 0, fn: 0, tn: 0, rows: 1 },
      (metric, reason) => noted.push(`${metric}: ${reason}`),
    );
    expect(values.disparate_impact).toBeNull();
    expect(noted).toEqual([
      "disparate_impact: the privileged group's selection rate is 0; AIF360 returns inf",
      'average_odds_difference: the unprivileged group has no unfavourable labels (FPR 0/0); AIF360 returns nan',
      'average_abs_odds_difference: the unprivileged group has no unfavourable labels (FPR 0/0); AIF360 returns nan',
    ]);
  });

  it('generalizedEntropyIndex is silent when defined', () => {
    const noted: string[] = [];
    // benefits 1, 1, 2 (TP, TN, FP): μ = 4/3; GE(2) = ((3/4)² + (3/4)² + (3/2)² − 3) / (3·2)
    const k = { tp: 1, fp: 1, fn: 0, tn: 1, rows: 3 };
    expect(generalizedEntropyIndex(k, 2, (r) => noted.push(r))).toBeCloseTo((0.5625 * 2 + 2.25 - 3) / 6, 15);
    expect(generalizedEntropyIndex(k, 0, (r) => noted.push(r))).toBeCloseTo(
      -(2 * Math.log(0.75) + Math.log(1.5)) / 3,
      15,
    );
    expect(noted).toEqual([]);
  });
});
