import { describe, expect, it } from 'vitest';
import { evaluateChecks, expectedCalibrationError } from '../../src/obligations/evaluate-checks.js';
import type { CheckResult, Threshold } from '../../src/obligations/types.js';
import { adultOracle, adultResult } from '../report/fixtures.js';
import { tinyResult } from './helpers.js';

const min = (value: number): Threshold => ({ bound: 'min', value });
const max = (value: number): Threshold => ({ bound: 'max', value });
const opts = { requireSignificance: false, ll144: null };
const check = (checks: CheckResult[], name: string): CheckResult => {
  const c = checks.find((x) => x.measure === name);
  if (!c) throw new Error(`no check ${name}`);
  return c;
};

describe('impact ratio (four-fifths arithmetic), by hand', () => {
  // Selection rates 0.5, 0.3, 0.45 → ratios 1, 0.6, 0.9 against the highest (A).
  const result = tinyResult([
    { feature: 'sex', group: 'A', n: 100, values: { selection_rate: 0.5 } },
    { feature: 'sex', group: 'B', n: 100, values: { selection_rate: 0.3 } },
    { feature: 'sex', group: 'C', n: 100, values: { selection_rate: 0.45 } },
  ]);

  it('fails the group under 0.8 and names it as the worst finding', () => {
    const c = check(evaluateChecks(result, { impact_ratio: min(0.8) }, opts), 'impact_ratio');
    expect(c.status).toBe('fail');
    expect(c.findings.map((f) => [f.group, f.value, f.judgement, f.maxGroup])).toEqual([
      ['A', 1, 'pass', 'A'],
      ['B', 0.6, 'fail', 'A'],
      ['C', 0.9, 'pass', 'A'],
    ]);
    expect(c.worst?.group).toBe('B');
    expect(c.counts).toMatchObject({ pass: 2, fail: 1, insufficient: 0 });
  });

  it('passes exactly at the threshold despite floating-point rounding (0.4 / 0.5 = 0.8)', () => {
    const r = tinyResult([
      { feature: 'sex', group: 'A', n: 100, values: { selection_rate: 0.5 } },
      { feature: 'sex', group: 'B', n: 100, values: { selection_rate: 0.4 } },
    ]);
    expect(check(evaluateChecks(r, { impact_ratio: min(0.8) }, opts), 'impact_ratio').status).toBe('pass');
  });

  it('never breaches on a group under the minimum size, and does not use it as the reference', () => {
    const r = tinyResult([
      { feature: 'sex', group: 'A', n: 100, values: { selection_rate: 0.5 } },
      { feature: 'sex', group: 'B', n: 100, values: { selection_rate: 0.45 } },
      // A tiny group selected at 100% would make every other ratio look bad; one at 0% would fail.
      { feature: 'sex', group: 'tiny-high', n: 5, values: { selection_rate: 1 }, insufficient: true },
      { feature: 'sex', group: 'tiny-low', n: 12, values: { selection_rate: 0 } }, // n < minGroupSize 30, no flag
    ]);
    const c = check(evaluateChecks(r, { impact_ratio: min(0.8) }, opts), 'impact_ratio');
    expect(c.status).toBe('pass');
    expect(c.counts).toMatchObject({ pass: 2, fail: 0, insufficient: 2 });
    expect(c.findings.find((f) => f.group === 'tiny-low')).toMatchObject({
      value: 0,
      judgement: 'insufficient',
      maxGroup: 'A',
    });
  });

  it('is insufficient when every group is too small, and undefined when nobody is selected', () => {
    const small = tinyResult([
      { feature: 'sex', group: 'A', n: 10, values: { selection_rate: 0.5 } },
      { feature: 'sex', group: 'B', n: 10, values: { selection_rate: 0.1 } },
    ]);
    expect(check(evaluateChecks(small, { impact_ratio: min(0.8) }, opts), 'impact_ratio').status).toBe(
      'insufficient',
    );
    const zero = tinyResult([
      { feature: 'sex', group: 'A', n: 100, values: { selection_rate: 0 } },
      { feature: 'sex', group: 'B', n: 100, values: { selection_rate: 0 } },
    ]);
    const c = check(evaluateChecks(zero, { impact_ratio: min(0.8) }, opts), 'impact_ratio');
    expect(c.findings.every((f) => f.value === null && f.judgement === 'undefined')).toBe(true);
    expect(c.status).toBe('unavailable');
    expect(c.reason).toBe('value_undefined');
  });

  it('with requireSignificance, a failure the engine did not find significant is not a breach', () => {
    const r = {
      ...result,
      disparities: [
        {
          metric: 'demographic_parity_ratio',
          feature: 'sex',
          method: 'between_groups' as const,
          value: 0.6,
          p_value: 0.4,
          p_adjusted: 0.4,
          significant: false,
        },
      ],
    };
    const lenient = check(
      evaluateChecks(r, { impact_ratio: min(0.8) }, { requireSignificance: true, ll144: null }),
      'impact_ratio',
    );
    expect(lenient.status).toBe('pass');
    expect(lenient.counts.notSignificant).toBe(1);
    expect(lenient.findings[1].pValue).toBe(0.4);
    const strict = check(evaluateChecks(r, { impact_ratio: min(0.8) }, opts), 'impact_ratio');
    expect(strict.status).toBe('fail');
  });
});

describe('feature-level disparities', () => {
  it('equal the oracle (Fairlearn 0.9 between_groups) when no group is left out', () => {
    const result = adultResult({ minGroupSize: 0 });
    const names = [
      'demographic_parity_difference',
      'demographic_parity_ratio',
      'equalized_odds_difference',
      'equalized_odds_ratio',
      'equal_opportunity_difference',
      'equal_opportunity_ratio',
    ];
    const thresholds = Object.fromEntries(names.map((n) => [n, n.endsWith('ratio') ? min(0.8) : max(0.1)]));
    const checks = evaluateChecks(result, thresholds, opts);
    let compared = 0;
    for (const d of adultOracle().disparities.filter((x) => x.method === 'between_groups')) {
      const f = check(checks, d.metric).findings.find((x) => x.feature === d.feature);
      expect(f?.value, `${d.metric} ${d.feature}`).toBeCloseTo(d.value as number, 12);
      expect(f?.excludedGroups).toBe(0);
      compared++;
    }
    expect(compared).toBe(18);
  });

  it('leave small groups out, count them, and name the groups behind the gap', () => {
    const result = tinyResult([
      { feature: 'race', group: 'A', n: 100, values: { true_positive_rate: 0.8, false_positive_rate: 0.1 } },
      { feature: 'race', group: 'B', n: 100, values: { true_positive_rate: 0.7, false_positive_rate: 0.25 } },
      {
        feature: 'race',
        group: 'C',
        n: 5,
        values: { true_positive_rate: 0, false_positive_rate: 1 },
        insufficient: true,
      },
    ]);
    const checks = evaluateChecks(
      result,
      { equalized_odds_difference: max(0.1), equal_opportunity_ratio: min(0.8) },
      opts,
    );
    // TPR gap 0.1, FPR gap 0.15 → 0.15 (FPR), between B (0.25) and A (0.1).
    const eod = check(checks, 'equalized_odds_difference').findings[0];
    expect(eod.value).toBeCloseTo(0.15, 12);
    expect([eod.minGroup, eod.maxGroup, eod.excludedGroups, eod.judgement]).toEqual(['A', 'B', 1, 'fail']);
    const eor = check(checks, 'equal_opportunity_ratio').findings[0];
    expect(eor.value).toBeCloseTo(0.875, 12);
    expect(eor.judgement).toBe('pass');
  });

  it('are insufficient with fewer than two groups large enough', () => {
    const result = tinyResult([
      { feature: 'race', group: 'A', n: 100, values: { selection_rate: 0.8 } },
      { feature: 'race', group: 'B', n: 3, values: { selection_rate: 0.1 } },
    ]);
    const c = check(
      evaluateChecks(result, { demographic_parity_difference: max(0.1) }, opts),
      'demographic_parity_difference',
    );
    expect(c.status).toBe('insufficient');
    expect(c.findings[0]).toMatchObject({ judgement: 'insufficient', excludedGroups: 1 });
  });
});

describe('overall, by-group, calibration, missing and robustness measures', () => {
  it('expected calibration error: Σ n_b/N |mean − observed|, by hand', () => {
    // (10·|0.2−0.1| + 30·|0.6−0.7|) / 40 = 0.1; empty and null bins are skipped.
    const ece = expectedCalibrationError({
      feature: null,
      group: null,
      bins: [
        { lower: 0, upper: 0.5, count: 10, meanScore: 0.2, observedRate: 0.1 },
        { lower: 0.5, upper: 0.8, count: 0, meanScore: null, observedRate: null },
        { lower: 0.8, upper: 1, count: 30, meanScore: 0.6, observedRate: 0.7 },
      ],
    });
    expect(ece.value).toBeCloseTo(0.1, 12);
    expect(ece.count).toBe(40);
    expect(expectedCalibrationError({ feature: null, group: null, bins: [] }).value).toBeNull();
  });

  it("ECE prefers the engine's expected_calibration_error records (flags and intervals included)", () => {
    const result = tinyResult(
      [
        { feature: 'sex', group: 'A', n: 100, values: { expected_calibration_error: 0.02 } },
        { feature: 'sex', group: 'B', n: 100, values: { expected_calibration_error: 0.09 } },
        { feature: 'sex', group: 'C', n: 3, values: { expected_calibration_error: 0.5 } },
      ],
      { expected_calibration_error: 0.03 },
    );
    // Bins that would say otherwise are ignored when the engine's records exist.
    result.calibration = [
      {
        feature: null,
        group: null,
        bins: [{ lower: 0, upper: 1, count: 10, meanScore: 0.9, observedRate: 0.1 }],
      },
    ];
    const c = check(evaluateChecks(result, { ece: max(0.05) }, opts), 'ece');
    expect(c.findings.map((f) => [f.group, f.value, f.judgement])).toEqual([
      [null, 0.03, 'pass'],
      ['A', 0.02, 'pass'],
      ['B', 0.09, 'fail'],
      ['C', 0.5, 'insufficient'],
    ]);
  });

  it('ECE is unavailable without scores, with the reason', () => {
    const c = check(evaluateChecks(tinyResult([]), { ece: max(0.05) }, opts), 'ece');
    expect(c).toMatchObject({ status: 'unavailable', reason: 'no_scores' });
  });

  it('judges the overall value and every group large enough', () => {
    const result = tinyResult(
      [
        { feature: 'sex', group: 'A', n: 100, values: { accuracy: 0.9 } },
        { feature: 'sex', group: 'B', n: 100, values: { accuracy: 0.6 } },
        { feature: 'sex', group: 'C', n: 4, values: { accuracy: 0.1 } },
      ],
      { accuracy: 0.75 },
    );
    const checks = evaluateChecks(result, { accuracy: min(0.7), accuracy_by_group: min(0.7) }, opts);
    expect(check(checks, 'accuracy')).toMatchObject({
      status: 'pass',
      worst: { value: 0.75, label: 'accuracy' },
    });
    const byGroup = check(checks, 'accuracy_by_group');
    expect(byGroup.status).toBe('fail');
    expect(byGroup.worst?.group).toBe('B');
    expect(byGroup.counts).toMatchObject({ pass: 1, fail: 1, insufficient: 1 });
  });

  it('missing-value rate per column and group', () => {
    const result = tinyResult([{ feature: 'sex', group: 'A', n: 100, values: {} }]);
    result.data.missing = [
      { column: 'income', feature: null, group: null, missing: 5, n: 200 },
      { column: 'income', feature: 'sex', group: 'A', missing: 15, n: 100 },
      { column: 'income', feature: 'sex', group: 'B', missing: 9, n: 10 },
    ];
    const c = check(evaluateChecks(result, { missing_rate: max(0.1) }, opts), 'missing_rate');
    expect(c.findings.map((f) => [f.label, f.group, f.value, f.judgement])).toEqual([
      ['income', null, 0.025, 'pass'],
      ['income', 'A', 0.15, 'fail'],
      ['income', 'B', 0.9, 'insufficient'],
    ]);
  });

  it('reads the robustness section: accuracy drop per perturbation and counterfactual flip rates', () => {
    const result = tinyResult([{ feature: 'sex', group: 'A', n: 100, values: {} }]);
    result.robustness = {
      evidence: ['robustness.noise', 'robustness.counterfactual', 'explanation.proxy'],
      perturbations: [
        { id: 'noise_0.1', kind: 'noise' },
        { id: 'counterfactual_sex', kind: 'counterfactual' },
      ],
      changes: [
        {
          perturbation: 'noise_0.1',
          metric: 'accuracy',
          feature: null,
          group: null,
          n: 500,
          clean: 0.85,
          perturbed: 0.78,
          change: -0.07,
        },
        {
          perturbation: 'noise_0.1',
          metric: 'accuracy',
          feature: 'sex',
          group: 'A',
          n: 10,
          clean: 0.9,
          perturbed: 0.5,
          change: -0.4,
          insufficient: true,
        },
        {
          perturbation: 'counterfactual_sex',
          metric: 'accuracy',
          feature: null,
          group: null,
          n: 500,
          clean: 0.85,
          perturbed: 0.5,
          change: -0.35,
        },
      ],
      counterfactual: [
        {
          feature: 'sex',
          from: 'Female',
          to: 'Male',
          n: 300,
          flip_rate: 0.03,
          positive_to_negative: 0.01,
          negative_to_positive: 0.02,
        },
      ],
    };
    const checks = evaluateChecks(
      result,
      { robustness_accuracy_drop: max(0.05), counterfactual_flip_rate: max(0.05) },
      opts,
    );
    const drop = check(checks, 'robustness_accuracy_drop');
    expect(drop.findings).toHaveLength(2); // the counterfactual perturbation is not a robustness drop
    expect(drop.worst).toMatchObject({ label: 'noise_0.1', judgement: 'fail' });
    expect(drop.worst?.value).toBeCloseTo(0.07, 12);
    expect(check(checks, 'counterfactual_flip_rate')).toMatchObject({
      status: 'pass',
      worst: { group: 'Female → Male', value: 0.03 },
    });
    expect(check(checks, 'robustness_results').status).toBe('info');
    expect(check(checks, 'explanation_artifacts').findings.map((f) => f.label)).toEqual([
      'explanation.proxy',
    ]);
    const none = evaluateChecks(tinyResult([]), { robustness_accuracy_drop: max(0.05) }, opts);
    expect(check(none, 'robustness_accuracy_drop')).toMatchObject({
      status: 'unavailable',
      reason: 'robustness_not_run',
    });
  });
});
