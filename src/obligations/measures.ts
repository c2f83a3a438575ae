import { AuditError } from '../core/errors.js';
import { keyword } from '../core/keyword.js';
import type { EvidenceKind } from './types.js';

/**
 * How a measure turns an audit result into findings:
 * `group` — one finding per group of each feature; `feature` — one disparity per feature
 * computed over the groups with enough rows; `overall` — the whole-data value;
 * `calibration` — ECE overall and per group; `missing` — missing-value rate per column and
 * group; `robustness` — metric drop under each perturbation of the robustness stage, overall
 * and per group; `counterfactual` — share of decisions that change when only a protected
 * attribute is changed; `info` — evidence without a threshold.
 */
export type MeasureScope =
  'group' | 'feature' | 'overall' | 'calibration' | 'missing' | 'robustness' | 'counterfactual' | 'info';

/** A measure that a threshold can be set on, or an info measure that records evidence. */
export interface MeasureSpec {
  name: string;
  kind: EvidenceKind;
  scope: MeasureScope;
  /** Direction a bare number means in a policy (`min`: higher is better); null when none is natural. */
  defaultBound: 'min' | 'max' | null;
  /** Per-group metric(s) the measure is built on (for `group`, `feature`, `overall`). */
  base: string[];
  /** `difference` = max − min, `ratio` = min / max, `impact` = value / highest value, `value` = as is. */
  compare: 'difference' | 'ratio' | 'impact' | 'value' | null;
}

/** Per-group metric names the engine produces (Fairlearn / scikit-learn names), with their better direction. */
export const BASE_METRICS: Readonly<Record<string, 'higher' | 'lower' | 'neutral'>> = {
  accuracy: 'higher',
  balanced_accuracy: 'higher',
  precision: 'higher',
  recall: 'higher',
  true_positive_rate: 'higher',
  true_negative_rate: 'higher',
  false_positive_rate: 'lower',
  false_negative_rate: 'lower',
  selection_rate: 'neutral',
  scoring_rate: 'neutral',
  f1: 'higher',
  roc_auc: 'higher',
  log_loss: 'lower',
  brier_score: 'lower',
  mean_absolute_error: 'lower',
  mean_squared_error: 'lower',
  root_mean_squared_error: 'lower',
  r2_score: 'higher',
  mean_prediction: 'neutral',
  mean_label: 'neutral',
  expected_calibration_error: 'lower',
  treatment_equality: 'neutral',
};

/** Info measures: always evaluated, never judged. */
export const INFO_MEASURES: readonly MeasureSpec[] = (
  [
    ['overall_metrics', 'overall-performance'],
    ['group_metrics', 'accuracy-by-group'],
    ['calibration_curves', 'calibration'],
    ['significance_tests', 'statistical-significance'],
    ['robustness_results', 'robustness-perturbation'],
    ['explanation_artifacts', 'explainability-artifacts'],
    ['data_summary', 'data-representation'],
    ['missing_values', 'data-quality'],
    ['data_provenance', 'data-quality'],
    ['ll144_selection', 'group-fairness-metrics'],
    ['ll144_scoring', 'group-fairness-metrics'],
    ['ll144_intersection', 'group-fairness-metrics'],
    ['ll144_unknown', 'data-representation'],
    ['ll144_small_categories', 'data-representation'],
  ] as const
).map(([name, kind]) => ({ name, kind, scope: 'info', defaultBound: null, base: [], compare: null }));

/** Info measures that only LL144 duties use (never derived from evidence kinds). */
export const LL144_MEASURES: readonly string[] = INFO_MEASURES.filter((m) => m.name.startsWith('ll144_')).map(
  (m) => m.name,
);

const named: MeasureSpec[] = [
  {
    name: 'impact_ratio',
    kind: 'group-fairness-metrics',
    scope: 'group',
    defaultBound: 'min',
    base: ['selection_rate'],
    compare: 'impact',
  },
  {
    name: 'scoring_impact_ratio',
    kind: 'group-fairness-metrics',
    scope: 'group',
    defaultBound: 'min',
    base: ['scoring_rate'],
    compare: 'impact',
  },
  {
    name: 'demographic_parity_difference',
    kind: 'group-fairness-metrics',
    scope: 'feature',
    defaultBound: 'max',
    base: ['selection_rate'],
    compare: 'difference',
  },
  {
    name: 'demographic_parity_ratio',
    kind: 'group-fairness-metrics',
    scope: 'feature',
    defaultBound: 'min',
    base: ['selection_rate'],
    compare: 'ratio',
  },
  {
    name: 'equal_opportunity_difference',
    kind: 'group-fairness-metrics',
    scope: 'feature',
    defaultBound: 'max',
    base: ['true_positive_rate'],
    compare: 'difference',
  },
  {
    name: 'equal_opportunity_ratio',
    kind: 'group-fairness-metrics',
    scope: 'feature',
    defaultBound: 'min',
    base: ['true_positive_rate'],
    compare: 'ratio',
  },
  {
    name: 'equalized_odds_difference',
    kind: 'group-fairness-metrics',
    scope: 'feature',
    defaultBound: 'max',
    base: ['true_positive_rate', 'false_positive_rate'],
    compare: 'difference',
  },
  {
    name: 'equalized_odds_ratio',
    kind: 'group-fairness-metrics',
    scope: 'feature',
    defaultBound: 'min',
    base: ['true_positive_rate', 'false_positive_rate'],
    compare: 'ratio',
  },
  { name: 'ece', kind: 'calibration', scope: 'calibration', defaultBound: 'max', base: [], compare: null },
  {
    name: 'missing_rate',
    kind: 'data-quality',
    scope: 'missing',
    defaultBound: 'max',
    base: [],
    compare: null,
  },
  {
    name: 'robustness_accuracy_drop',
    kind: 'robustness-perturbation',
    scope: 'robustness',
    defaultBound: 'max',
    base: ['accuracy'],
    compare: null,
  },
  {
    name: 'robustness_roc_auc_drop',
    kind: 'robustness-perturbation',
    scope: 'robustness',
    defaultBound: 'max',
    base: ['roc_auc'],
    compare: null,
  },
  {
    name: 'counterfactual_flip_rate',
    kind: 'group-fairness-metrics',
    scope: 'counterfactual',
    defaultBound: 'max',
    base: [],
    compare: null,
  },
];

function generated(): MeasureSpec[] {
  const out: MeasureSpec[] = [];
  for (const [metric, better] of Object.entries(BASE_METRICS)) {
    const bound = better === 'higher' ? 'min' : better === 'lower' ? 'max' : null;
    out.push({
      name: metric,
      kind: 'overall-performance',
      scope: 'overall',
      defaultBound: bound,
      base: [metric],
      compare: 'value',
    });
    out.push({
      name: `${metric}_by_group`,
      kind: 'accuracy-by-group',
      scope: 'group',
      defaultBound: bound,
      base: [metric],
      compare: 'value',
    });
    // A gap between groups is better small whatever the metric's direction.
    out.push({
      name: `${metric}_difference`,
      kind: 'accuracy-by-group',
      scope: 'feature',
      defaultBound: 'max',
      base: [metric],
      compare: 'difference',
    });
    out.push({
      name: `${metric}_ratio`,
      kind: 'accuracy-by-group',
      scope: 'feature',
      defaultBound: 'min',
      base: [metric],
      compare: 'ratio',
    });
  }
  return out;
}

/** Every measure a threshold can be set on. */
export const THRESHOLD_MEASURES: readonly MeasureSpec[] = [...named, ...generated()];

/** Names of every measure, threshold and info. */
export const MEASURE_NAMES: readonly string[] = [...THRESHOLD_MEASURES, ...INFO_MEASURES].map((m) => m.name);

const byName = new Map<string, MeasureSpec>(
  [...THRESHOLD_MEASURES, ...INFO_MEASURES].map((m) => [m.name, m]),
);

/**
 * The measure called `name`, or an `AuditError` with the nearest names.
 * @example resolveMeasure('impact_ratio').defaultBound // 'min'
 * @example resolveMeasure('accuracy_difference').compare // 'difference'
 */
/** Per-group metrics whose values are shares or probabilities, in [0, 1]. */
const UNIT_METRICS = new Set([
  'accuracy',
  'balanced_accuracy',
  'precision',
  'recall',
  'true_positive_rate',
  'true_negative_rate',
  'false_positive_rate',
  'false_negative_rate',
  'selection_rate',
  'scoring_rate',
  'f1',
  'roc_auc',
  'brier_score',
  'expected_calibration_error',
]);

/**
 * The values a threshold on a measure can meaningfully take: [0, 1] for ratios, impact ratios,
 * shares (missing values, changed decisions, calibration error) and for values or differences of
 * metrics that are shares; at least 0 for the differences of other metrics; anything otherwise.
 *
 * @example thresholdRange(resolveMeasure('impact_ratio')) // [0, 1]
 */
export function thresholdRange(spec: MeasureSpec): [number, number] {
  if (spec.compare === 'ratio' || spec.compare === 'impact') return [0, 1];
  if (spec.scope === 'missing' || spec.scope === 'counterfactual' || spec.scope === 'calibration') return [0, 1];
  const unit = spec.base.length > 0 && spec.base.every((m) => UNIT_METRICS.has(m));
  if (unit && (spec.compare === 'difference' || spec.compare === 'value')) return [0, 1];
  if (spec.compare === 'difference') return [0, Infinity];
  return [-Infinity, Infinity];
}

export function resolveMeasure(name: string): MeasureSpec {
  const spec = byName.get(name);
  if (spec) return spec;
  keyword(
    'measure',
    name,
    THRESHOLD_MEASURES.map((m) => m.name),
  );
  throw new AuditError(`unknown measure: ${name}`);
}
