import { countsOf, type ConfusionState } from './confusion.js';
import { aucOf, type ScoreStoreState } from './score-store.js';
import type { ScoreSumsState } from './score-sums.js';
import type { RegressionState } from './regression-moments.js';

/** The accumulator states of a set of groups (index g), as metric definitions read them. */
export interface GroupStates {
  confusion?: ConfusionState;
  sums?: ScoreSumsState;
  store?: ScoreStoreState;
  regression?: RegressionState;
}

/** Why a value came out as it did, for the report's warnings. */
export type Note = 'zero_division' | 'single_class' | 'score_out_of_range' | 'undefined';

/**
 * The particular cause behind a note, where the note alone would not say what was
 * reported: `zero_weight` — the group's weights sum to 0, so every rate is 0/0
 * (null, as Fairlearn's NaN); `constant_label` / `constant_label_exact` — R² of a
 * label without variance, 0 or 1 by scikit-learn's `force_finite`; `too_few_rows`
 * — R² of fewer than two rows (null, as scikit-learn's NaN); `not_finite` — a sum
 * overflowed.
 */
export type NoteReason = 'zero_weight' | 'constant_label' | 'constant_label_exact' | 'too_few_rows' | 'not_finite';

/** Receives a value's note and, when there is one, its particular cause. */
export type NoteSink = (note: Note, reason?: NoteReason) => void;

/** A metric as data: what it needs and how its value derives from shared state. */
export interface MetricDefinition {
  name: string;
  task: 'classification' | 'regression';
  /** `score` metrics need a score column; the rest need predictions. */
  needs: 'prediction' | 'score';
  /** Short definition for docs and the report. */
  doc: string;
  value(s: GroupStates, g: number, note: NoteSink): number | null;
}

/** a / b, or 0 with a `zero_division` note (scikit-learn's `zero_division=0`). */
function ratio0(a: number, b: number, note: NoteSink): number {
  if (b === 0) {
    note('zero_division');
    return 0;
  }
  return a / b;
}

function c(s: GroupStates, g: number) {
  return countsOf(s.confusion!, g);
}

function weightOf(s: GroupStates, g: number): number {
  const k = c(s, g);
  return k.tn + k.fp + k.fn + k.tp;
}

function sumsDefined(s: GroupStates, g: number, note: NoteSink): boolean {
  const sums = s.sums!;
  if ((sums.outOfRange[g] ?? 0) > 0) {
    note('score_out_of_range');
    return false;
  }
  if ((sums.weight[g] ?? 0) === 0) {
    note('undefined', 'zero_weight');
    return false;
  }
  return true;
}

/** Total weight of group g: from the confusion counts, or the score sums without them. */
function groupWeight(s: GroupStates, g: number): number | null {
  if (s.confusion) return weightOf(s, g);
  if (s.sums) return s.sums.weight[g] ?? 0;
  return null;
}

/**
 * A classification metric of a group whose weights sum to 0 is 0/0: null with a
 * `zero_weight` note, and so left out of every disparity — as Fairlearn, whose
 * `selection_rate` is NaN there and whose `difference` / `ratio` skip NaN groups.
 * (scikit-learn's `zero_division=0` would give precision and recall 0; that rule is
 * for a group that has weight but an empty denominator, and stays so.)
 */
function unlessZeroWeight(def: MetricDefinition): MetricDefinition {
  return {
    ...def,
    value: (s, g, note) => {
      if (groupWeight(s, g) === 0) {
        note('undefined', 'zero_weight');
        return null;
      }
      return def.value(s, g, note);
    },
  };
}

/**
 * Expected calibration error: Σ_b (w_b / W) · |mean label_b − mean score_b| over equal-width
 * bins on [0, 1] (Naeini et al. 2015; Guo et al. 2017).
 */
export function expectedCalibrationError(sums: ScoreSumsState, g: number): number {
  const { bins, calib } = sums;
  let total = 0;
  let ece = 0;
  for (let b = 0; b < bins; b++) total += calib[(g * bins + b) * 3];
  for (let b = 0; b < bins; b++) {
    const k = (g * bins + b) * 3;
    const w = calib[k];
    if (w > 0) ece += (w / total) * Math.abs(calib[k + 2] / w - calib[k + 1] / w);
  }
  return ece;
}

/** Classification metrics, in report order (names as Fairlearn / scikit-learn). */
export const CLASSIFICATION_METRICS: MetricDefinition[] = ([
  { name: 'count', task: 'classification', needs: 'prediction', doc: 'rows in the group', value: (s, g) => c(s, g).rows },
  {
    name: 'accuracy',
    task: 'classification',
    needs: 'prediction',
    doc: '(TP + TN) / n',
    value: (s, g, note) => ratio0(c(s, g).tp + c(s, g).tn, weightOf(s, g), note),
  },
  {
    name: 'balanced_accuracy',
    task: 'classification',
    needs: 'prediction',
    doc: 'mean recall of the classes present in y_true',
    value: (s, g, note) => {
      const k = c(s, g);
      const P = k.tp + k.fn;
      const N = k.tn + k.fp;
      if (P > 0 && N > 0) return (k.tp / P + k.tn / N) / 2;
      if (P > 0) return k.tp / P;
      if (N > 0) return k.tn / N;
      note('undefined');
      return null;
    },
  },
  {
    name: 'precision',
    task: 'classification',
    needs: 'prediction',
    doc: 'TP / (TP + FP)',
    value: (s, g, note) => ratio0(c(s, g).tp, c(s, g).tp + c(s, g).fp, note),
  },
  {
    name: 'recall',
    task: 'classification',
    needs: 'prediction',
    doc: 'TP / (TP + FN)',
    value: (s, g, note) => ratio0(c(s, g).tp, c(s, g).tp + c(s, g).fn, note),
  },
  {
    name: 'true_positive_rate',
    task: 'classification',
    needs: 'prediction',
    doc: 'TP / (TP + FN)',
    value: (s, g, note) => ratio0(c(s, g).tp, c(s, g).tp + c(s, g).fn, note),
  },
  {
    name: 'false_positive_rate',
    task: 'classification',
    needs: 'prediction',
    doc: 'FP / (FP + TN)',
    value: (s, g, note) => ratio0(c(s, g).fp, c(s, g).fp + c(s, g).tn, note),
  },
  {
    name: 'false_negative_rate',
    task: 'classification',
    needs: 'prediction',
    doc: 'FN / (TP + FN)',
    value: (s, g, note) => ratio0(c(s, g).fn, c(s, g).tp + c(s, g).fn, note),
  },
  {
    name: 'true_negative_rate',
    task: 'classification',
    needs: 'prediction',
    doc: 'TN / (TN + FP)',
    value: (s, g, note) => ratio0(c(s, g).tn, c(s, g).tn + c(s, g).fp, note),
  },
  {
    name: 'selection_rate',
    task: 'classification',
    needs: 'prediction',
    doc: '(TP + FP) / n',
    value: (s, g, note) => ratio0(c(s, g).tp + c(s, g).fp, weightOf(s, g), note),
  },
  {
    name: 'f1',
    task: 'classification',
    needs: 'prediction',
    doc: '2TP / (2TP + FP + FN)',
    value: (s, g, note) => ratio0(2 * c(s, g).tp, 2 * c(s, g).tp + c(s, g).fp + c(s, g).fn, note),
  },
  {
    name: 'roc_auc',
    task: 'classification',
    needs: 'score',
    doc: 'P(score_pos > score_neg) + ½ P(tie)',
    value: (s, g, note) => {
      const r = aucOf(s.store!, g);
      if (r.value === null) note('single_class');
      return r.value;
    },
  },
  {
    name: 'log_loss',
    task: 'classification',
    needs: 'score',
    doc: '−mean(y log p + (1 − y) log(1 − p)), p clipped to [ε, 1 − ε]',
    value: (s, g, note) => (sumsDefined(s, g, note) ? s.sums!.logLoss[g] / s.sums!.weight[g] : null),
  },
  {
    name: 'brier_score',
    task: 'classification',
    needs: 'score',
    doc: 'mean((p − y)²)',
    value: (s, g, note) => (sumsDefined(s, g, note) ? s.sums!.brier[g] / s.sums!.weight[g] : null),
  },
  {
    name: 'expected_calibration_error',
    task: 'classification',
    needs: 'score',
    doc: 'Σ_b (n_b / n) |observed rate_b − mean score_b|',
    value: (s, g, note) => (sumsDefined(s, g, note) ? expectedCalibrationError(s.sums!, g) : null),
  },
  {
    name: 'treatment_equality',
    task: 'classification',
    needs: 'prediction',
    doc: 'FN / FP (Berk et al. 2018)',
    value: (s, g, note) => {
      const k = c(s, g);
      if (k.fp === 0) {
        note('undefined');
        return null;
      }
      return k.fn / k.fp;
    },
  },
] satisfies MetricDefinition[]).map((def) => (def.name === 'count' ? def : unlessZeroWeight(def)));

/** Regression metrics, in report order. */
export const REGRESSION_METRICS: MetricDefinition[] = [
  {
    name: 'count',
    task: 'regression',
    needs: 'prediction',
    doc: 'rows in the group',
    value: (s, g) => s.regression!.rows[g] ?? 0,
  },
  {
    name: 'mean_absolute_error',
    task: 'regression',
    needs: 'prediction',
    doc: 'mean |y − ŷ|',
    value: (s, g, note) => meanOf(s.regression!, s.regression!.sumAbs, g, note),
  },
  {
    name: 'mean_squared_error',
    task: 'regression',
    needs: 'prediction',
    doc: 'mean (y − ŷ)²',
    value: (s, g, note) => meanOf(s.regression!, s.regression!.sumSq, g, note),
  },
  {
    name: 'root_mean_squared_error',
    task: 'regression',
    needs: 'prediction',
    doc: '√ mean (y − ŷ)²',
    value: (s, g, note) => {
      const m = meanOf(s.regression!, s.regression!.sumSq, g, note);
      return m === null ? null : Math.sqrt(m);
    },
  },
  {
    name: 'r2_score',
    task: 'regression',
    needs: 'prediction',
    doc: '1 − Σ(y − ŷ)² / Σ(y − ȳ)²; 1 for a perfect fit of constant y, else 0 (scikit-learn force_finite); null under two rows',
    value: (s, g, note) => {
      const r = s.regression!;
      if ((r.weight[g] ?? 0) === 0) {
        note('undefined', 'zero_weight');
        return null;
      }
      // scikit-learn: "R^2 score is not well-defined with less than two samples" (NaN).
      if ((r.rows[g] ?? 0) < 2) {
        note('undefined', 'too_few_rows');
        return null;
      }
      const ssRes = r.sumSq[g];
      const ssTot = r.m2Y[g];
      if (ssTot === 0) {
        // force_finite: a perfect fit of a constant label is 1, anything else 0.
        note('zero_division', ssRes === 0 ? 'constant_label_exact' : 'constant_label');
        return ssRes === 0 ? 1 : 0;
      }
      return 1 - ssRes / ssTot;
    },
  },
  {
    name: 'mean_prediction',
    task: 'regression',
    needs: 'prediction',
    doc: 'mean ŷ',
    value: (s, g, note) => meanOf(s.regression!, s.regression!.sumPred, g, note),
  },
  {
    name: 'mean_label',
    task: 'regression',
    needs: 'prediction',
    doc: 'mean y',
    value: (s, g, note) => {
      if ((s.regression!.weight[g] ?? 0) === 0) {
        note('undefined', 'zero_weight');
        return null;
      }
      return s.regression!.meanY[g];
    },
  },
];

function meanOf(r: RegressionState, sums: Float64Array, g: number, note: NoteSink): number | null {
  const w = r.weight[g] ?? 0;
  if (w === 0) {
    note('undefined', 'zero_weight');
    return null;
  }
  return sums[g] / w;
}

/** Every metric name, for option validation. */
export const METRIC_NAMES: string[] = [
  ...new Set([...CLASSIFICATION_METRICS, ...REGRESSION_METRICS].map((m) => m.name)),
];
