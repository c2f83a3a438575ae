/**
 * The plain-data result of an audit: what `audit()` returns and what `audit.json` holds.
 * Everything here is JSON-serialisable; undefined values are `null` (never NaN).
 */

/** Version of the JSON report format (semver; bump the major on breaking changes). */
export const SCHEMA_VERSION = '1.0.0';

export type Task = 'classification' | 'regression';

/** A confidence interval `[low, high]` at `AuditSettings.confidenceLevel`. */
export type Interval = [number, number];

/** One metric for the whole data (feature and group null) or for one group of one feature. */
export interface MetricRecord {
  metric: string;
  /** Sensitive feature name, or an intersection `sex & race`; null for overall. */
  feature: string | null;
  /** Group value (`Female`, `Female & Black`); null for overall. Missing values are the group `(missing)`. */
  group: string | null;
  value: number | null;
  /** Rows in the group (unweighted). */
  n: number;
  /** Confidence interval, when one is defined (issue: statistical rigour). */
  ci?: Interval | null;
  /** True when the group is under the minimum group size: too small to judge. */
  insufficient?: boolean;
}

import type { DisparityMethod } from '../metrics/disparities.js';
export type { DisparityMethod };

/** A disparity of one metric across the groups of one feature. */
export interface DisparityRecord {
  metric: string;
  feature: string;
  method: DisparityMethod;
  value: number | null;
  /** The base metric the disparity compares (e.g. `selection_rate`). */
  base?: string;
  /** Group with the lowest / highest value of the base metric. */
  min_group?: string | null;
  max_group?: string | null;
  ci?: Interval | null;
  p_value?: number | null;
  /** The test behind `p_value` (e.g. `two_proportion_z`, `fisher_exact`, `delong`). */
  test?: string | null;
  /** p-value after multiple-comparison control. */
  p_adjusted?: number | null;
  significant?: boolean | null;
  /** Chi-square test of equal rates across all groups of the feature (rate metrics). */
  chi_square_p_value?: number | null;
  /** The disparity over the groups with sufficient evidence only (the minimum group size). */
  value_sufficient?: number | null;
  /** Groups left out of `value_sufficient` for insufficient evidence. */
  excluded_groups?: string[];
}

/** AIF360-style comparison of a privileged group against all other rows pooled. */
export interface Aif360Record {
  metric: string;
  feature: string;
  privileged: string;
  /** The other groups pooled: the single other value when there is one, else `others`. */
  unprivileged: string;
  value: number | null;
  /** The favourable label the metric is defined on. */
  favorable_label: string | number;
}

/** One bin of a reliability diagram. */
export interface CalibrationBin {
  lower: number;
  upper: number;
  /** Rows (weighted) in the bin. */
  count: number;
  meanScore: number | null;
  /** Share of positive labels in the bin. */
  observedRate: number | null;
}

export interface CalibrationRecord {
  feature: string | null;
  group: string | null;
  bins: CalibrationBin[];
}

/** A ROC curve, down-sampled for plotting. */
export interface RocRecord {
  feature: string | null;
  group: string | null;
  /** False-positive rates, ascending. */
  fpr: number[];
  tpr: number[];
}

/** Something the user should know; never silently dropped. */
export interface WarningRecord {
  code: string;
  message: string;
  metric?: string;
  feature?: string | null;
  group?: string | null;
}

/** A sensitive feature and its groups, with counts (the data section's backbone). */
export interface GroupSummary {
  feature: string;
  groups: { group: string; n: number; weight: number; baseRate: number | null; share: number }[];
}

/** Data governance evidence (EU AI Act Art. 10; Korean AI Basic Act Art. 34). */
export interface DataSection {
  rows: number;
  groups: GroupSummary[];
  /** Missing values per column per group (columns read by the audit). */
  missing: { column: string; feature: string | null; group: string | null; missing: number; n: number }[];
  /** Groups under the minimum group size. */
  smallGroups: { feature: string; group: string; n: number }[];
  minGroupSize: number;
}

export interface AuditSettings {
  task: Task;
  label: string;
  prediction: string | null;
  score: string | null;
  weight: string | null;
  /** The positive class, as a string (e.g. `1`, `>50K`). */
  positive: string | null;
  /** The model's class taken as positive when it differs from the label's (e.g. model class `1` for label `>50K`). */
  predictionPositive?: string | null;
  threshold: number | null;
  sensitive: string[];
  intersect: boolean;
  privileged: { feature: string; value: string }[];
  calibrationBins: number;
  /** Max distinct scores kept for exact ROC AUC before falling back to bounded bins. */
  aucBudget: number;
  confidenceLevel: number;
  /** Interval for per-group rates. */
  interval: 'wilson' | 'clopper-pearson';
  /** Poisson-bootstrap replicates (0: closed-form intervals only). */
  bootstrap: number;
  /** Multiple-comparison control across the disparities' p-values. */
  multipleComparison: 'holm' | 'benjamini-hochberg';
  minGroupSize: number;
  /** Groups holding less than this share of the rows are insufficient too (NYC LL144: 0.02); null: off. */
  minGroupShare: number | null;
  /** Most groups a sensitive feature may have before the audit refuses it (default 10,000). */
  maxGroups?: number;
  seed: number;
}

/** The model that was run over the data, when one was. */
export interface ModelSummary {
  path: string;
  sha256: string | null;
  kind: string;
  classes: string[] | null;
  positive: string | null;
  inputColumns: string[];
}

export interface InputProvenance {
  role: 'data' | 'model' | 'policy' | 'attestations' | 'spec';
  path: string | null;
  sha256: string | null;
  bytes: number | null;
}

export interface Provenance {
  tool: string;
  version: string;
  /** The command line or spec that produced the audit. */
  command: string | null;
  inputs: InputProvenance[];
  seed: number;
  node: string;
}

/** The full result of an audit. */
export interface AuditResult {
  schemaVersion: string;
  createdAt: string;
  task: Task;
  rows: number;
  settings: AuditSettings;
  /** Per-group and overall metric values, tidy. */
  metrics: MetricRecord[];
  disparities: DisparityRecord[];
  aif360: Aif360Record[];
  calibration: CalibrationRecord[];
  roc: RocRecord[];
  data: DataSection;
  warnings: WarningRecord[];
  /** Methods used where choices exist (e.g. `roc_auc: exact` or the binned bound). */
  methods: Record<string, string>;
  provenance: Provenance;
  /** The model run over the data (null for a prediction log). */
  model?: ModelSummary | null;
  /** Filled by the robustness stage when it runs (`RobustnessSection` of `src/robustness`). */
  robustness?: unknown;
  /** Filled by the obligations stage when a profile is given (`ObligationsSection` of `src/obligations`). */
  obligations?: unknown;
}
