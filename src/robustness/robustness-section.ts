import type { Interval, WarningRecord } from '../audit/types.js';
import type { RobustnessEvidenceKind } from './evidence-kinds.js';
import type { RobustnessSpec } from './robustness-spec.js';

/** Families of perturbation. */
export type PerturbationKind = 'noise' | 'swap' | 'missing' | 'counterfactual';

/** What the profile learnt about one column, and which perturbations touched it. */
export interface ProfileRecord {
  column: string;
  /** `numeric`, `text`, `boolean` or `other` (left untouched). */
  kind: string;
  /** Profiled rows and the missing values among them. */
  rows: number;
  missing: number;
  mean: number | null;
  /** Sample standard deviation: the unit of the noise strengths. */
  sd: number | null;
  min: number | null;
  max: number | null;
  /** Whole-number column (noisy values are rounded). */
  integer: boolean;
  /** Distinct categories seen in the profile (null for continuous numbers). */
  categories: number | null;
  /** Ids of the perturbations that changed this column. */
  perturbedBy: string[];
  /** Whether the column is a model input. */
  modelInput: boolean;
  /** Why the column is left untouched, when it is. */
  note: string | null;
}

/** One perturbation of the suite. */
export interface PerturbationRecord {
  /** e.g. `noise_0.1`, `swap_0.1`, `missing_0.05`, `counterfactual_sex`. */
  id: string;
  kind: PerturbationKind;
  evidence: RobustnessEvidenceKind;
  /** Noise strength in SDs (noise), rate (swap, missing), null (counterfactual). */
  strength: number | null;
  /** Counterfactual: the flipped feature. */
  feature: string | null;
  /** Columns the perturbation changed. */
  columns: string[];
  /** `ok`; `skipped` (nothing to perturb); `unsupported` (the model rejected the perturbed rows). */
  status: 'ok' | 'skipped' | 'unsupported';
  note: string | null;
  /** Rows the model scored for this perturbation (over all its copies). */
  scoredRows: number;
}

/** A metric of one group, clean and under one perturbation. */
export interface MetricChangeRecord {
  perturbation: string;
  /** `accuracy`, `roc_auc` or `selection_rate`. */
  metric: string;
  feature: string | null;
  group: string | null;
  n: number;
  clean: number | null;
  perturbed: number | null;
  /** perturbed − clean. */
  change: number | null;
  insufficient?: boolean;
}

/** How many decisions of one group a perturbation changed. */
export interface FlipRecord {
  perturbation: string;
  feature: string | null;
  group: string | null;
  /** Rows compared (for a counterfactual: row × target pairs). */
  n: number;
  /** Share (weighted) of rows whose decision changed = positive_to_negative + negative_to_positive. */
  flip_rate: number | null;
  /** Share of rows positive when clean and negative when perturbed. */
  positive_to_negative: number | null;
  /** Share of rows negative when clean and positive when perturbed. */
  negative_to_positive: number | null;
  insufficient?: boolean;
}

/** A disparity across the groups of one feature, clean and under one perturbation. */
export interface DisparityChangeRecord {
  perturbation: string;
  /** e.g. `demographic_parity_difference`, `equalized_odds_difference`, `accuracy_difference`. */
  metric: string;
  feature: string;
  method: 'between_groups';
  clean: number | null;
  perturbed: number | null;
  change: number | null;
}

/** Counterfactual flips of one sensitive feature from one value to another (or to any other). */
export interface CounterfactualRecord {
  feature: string;
  from: string;
  /** The value substituted; null for all other values together. */
  to: string | null;
  n: number;
  flip_rate: number | null;
  positive_to_negative: number | null;
  negative_to_positive: number | null;
  insufficient?: boolean;
}

/** Permutation importance of one column, overall or within one group. */
export interface ImportanceRecord {
  column: string;
  /** `accuracy` or `roc_auc`. */
  metric: string;
  feature: string | null;
  group: string | null;
  n: number;
  /** The metric on the clean rows. */
  clean: number | null;
  /** Mean drop (clean − permuted) over the repeats; positive when the column matters. */
  importance: number | null;
  /** t-interval of the mean drop at the audit's confidence level (null with fewer than 2 repeats). */
  ci: Interval | null;
  min: number | null;
  max: number | null;
  /** Drop in each repeat (null where undefined). */
  repeats: (number | null)[];
  insufficient?: boolean;
}

/** Association of one model input with one sensitive feature. */
export interface ProxyRecord {
  column: string;
  feature: string;
  /** `cramers_v` (categorical input) or `correlation_ratio` (η, numeric input). */
  measure: 'cramers_v' | 'correlation_ratio';
  value: number | null;
  /** Rows with both values present. */
  n: number;
  /** value ≥ the spec's threshold: a likely proxy of the sensitive feature. */
  flagged: boolean;
  note: string | null;
}

/**
 * The robustness and explanation evidence of an audit (`AuditResult.robustness`): plain,
 * JSON-serialisable data (no NaN: undefined values are null, with a warning).
 */
export interface RobustnessSection {
  /** Evidence identifiers present (see `ROBUSTNESS_EVIDENCE`). */
  evidence: RobustnessEvidenceKind[];
  spec: RobustnessSpec;
  seed: number;
  /** Rows of the data. */
  rows: number;
  /** Rows the model scored in all (clean + every perturbed copy). */
  scoredRows: number;
  /** Rows profiled (spreads, categories, marginals). */
  profileRows: number;
  profile: ProfileRecord[];
  perturbations: PerturbationRecord[];
  changes: MetricChangeRecord[];
  flips: FlipRecord[];
  disparities: DisparityChangeRecord[];
  counterfactual: CounterfactualRecord[];
  importance: ImportanceRecord[];
  proxies: ProxyRecord[];
  /** How each figure was computed (choices made). */
  methods: Record<string, string>;
  warnings: WarningRecord[];
}
