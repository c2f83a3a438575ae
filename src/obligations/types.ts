/**
 * Types of the obligations stage: the catalogue of duties, profiles, policies,
 * attestations, and the evaluated section that goes into `AuditResult.obligations`.
 *
 * Everything in {@link ObligationsSection} is plain JSON-serialisable data
 * (`null`, never `undefined` or NaN) and is described by `schema/audit-report.schema.json`.
 */

/** Languages the report is written in. */
export type Lang = 'en' | 'ko';

/** A fixed string in every report language. */
export interface LocalText {
  en: string;
  ko: string;
}

/** Legal or quasi-legal regimes in the catalogue. */
export type RegimeId = 'kr-aiba' | 'kr-pipa' | 'eu-aia' | 'nyc-ll144' | 'us-ugesp' | 'nist-ai-rmf';

/**
 * How sure the research behind a catalogue entry is: `high` = statute text or several
 * independent sources agree; `medium` = one good secondary source or a consistent reading;
 * `low` = a single weak source or recall only.
 */
export type Confidence = 'high' | 'medium' | 'low';

/**
 * What the toolkit can do for a duty: compute the evidence itself (`measured`), compute
 * supporting figures that still need a human declaration (`partially`), or only record a
 * declaration (`attestation-only`).
 */
export type Automatable = 'measured' | 'partially' | 'attestation-only';

/** Kinds of evidence a duty can rest on (the research catalogue's vocabulary). */
export type EvidenceKind =
  | 'group-fairness-metrics'
  | 'accuracy-by-group'
  | 'overall-performance'
  | 'calibration'
  | 'statistical-significance'
  | 'robustness-perturbation'
  | 'data-representation'
  | 'data-quality'
  | 'adversarial-security'
  | 'uncertainty-ood'
  | 'explainability-artifacts'
  | 'drift-monitoring'
  | 'logging-records'
  | 'content-provenance'
  | 'transparency-notice'
  | 'human-oversight-attestation'
  | 'documentation-attestation'
  | 'impact-assessment-attestation'
  | 'incident-response-attestation';

/** A regime: statute, regulation or framework. */
export interface Regime {
  id: RegimeId;
  name: LocalText;
  /** Short name for lists, e.g. `EU AI Act`. */
  short: LocalText;
  jurisdiction: string;
  /** Status in force, with dates, as far as the research reaches. */
  status: LocalText;
  sources: string[];
}

/** One duty that audit evidence bears on, in the project's own words. */
export interface Obligation {
  /** Stable id `regime/article-slug/short-name`. */
  id: string;
  regime: RegimeId;
  /** Article reference, e.g. `Art 34(1)1`. */
  article: string;
  title: LocalText;
  summary: LocalText;
  evidenceKinds: EvidenceKind[];
  automatable: Automatable;
  confidence: Confidence;
  /** What is still pending or disputed about this duty; carried into the report. */
  caveat: LocalText | null;
  sources: string[];
  /**
   * Checks that evidence this duty, when not derived from `evidenceKinds`
   * (e.g. the four-fifths rule rests on the impact ratio only).
   */
  checks?: string[];
  /**
   * True when the duty is to compute and publish figures, with no pass/fail threshold
   * (NYC LL144): failed threshold checks never breach it.
   */
  publishOnly?: boolean;
  /** The duty only applies when the model outputs scores (e.g. LL144 scoring rate). */
  requiresScore?: boolean;
}

/** A bound that counts as evidence: `min` means value ≥ threshold passes, `max` value ≤ threshold. */
export interface Threshold {
  bound: 'min' | 'max';
  value: number;
}

/** An EU AI Act counterpart of a Korean high-impact area. */
export interface EuCounterpart {
  point: string;
  label: LocalText;
  relation: 'equivalent' | 'partial' | 'none';
}

/** A Korean high-impact area (AI Basic Act Art 2(4)) with its obligations and default thresholds. */
export interface Profile {
  /** `kr-aiba/hiring`, `kr-aiba/loan`, … */
  id: string;
  title: LocalText;
  description: LocalText;
  /** The statutory item, e.g. `Art 2(4)(g)`, or null for non-Korean profiles. */
  area: { item: string | null; label: LocalText; confidence: Confidence } | null;
  euCounterparts: EuCounterpart[];
  /** Catalogue ids of the duties that apply, in report order. */
  obligations: string[];
  /** Default thresholds by measure name (see `MEASURE_NAMES`). */
  thresholds: Record<string, Threshold>;
  /** Duties listed but not applicable by default, with the reason (a policy can re-include them). */
  notApplicable: Record<string, LocalText>;
  /** Whether the NYC LL144 bias-audit table is produced. */
  ll144: boolean;
  /** Profile-specific caveats (pending rules, deemed compliance under sector laws, …). */
  caveats: LocalText[];
}

/** Statuses an obligation can get. */
export type ObligationStatus =
  'evidenced' | 'breached' | 'needs_attestation' | 'insufficient_evidence' | 'not_applicable';

/** NYC LL144 table options. */
export interface Ll144Options {
  /** Sensitive feature holding sex; null → detected from the feature names. */
  sex: string | null;
  /** Sensitive feature holding race/ethnicity; null → detected. */
  race: string | null;
  /** Categories under this share of the audit data may be left out of impact ratios (6 RCNY 5-301(d)). */
  minCategoryShare: number;
  /** Whether the optional exclusion is applied. */
  excludeSmallCategories: boolean;
}

/** A parsed, validated policy file (thresholds and judgement options on top of a profile). */
export interface Policy {
  /** Where it came from: a file path, or null when built in code. */
  source: string | null;
  sha256: string | null;
  /** Base profile id, if the policy names one. */
  profile: string | null;
  /** Threshold overrides; `null` removes a profile threshold. */
  thresholds: Record<string, Threshold | null>;
  /** Extra catalogue duties to evaluate (also re-includes a profile's not-applicable duty). */
  include: string[];
  /** Duties the operator declares not applicable, with the operator's reason. */
  notApplicable: Record<string, string>;
  /** When true, a threshold failure only breaches if the engine found the disparity significant. */
  requireSignificance: boolean;
  /** Statuses that make `breached` true (default `['breached']`). */
  failOn: ObligationStatus[];
  ll144: Ll144Options;
}

/** A declaration by the operator that the report cites (not verified by assay). */
export interface Attestation {
  /** `A1`, `A2`, … in file order, or the id given in the file. */
  id: string;
  /** Catalogue ids of the duties this declaration bears on. */
  covers: string[];
  statement: string;
  /** Who makes the declaration (name, role). */
  by: string;
  /** ISO date `YYYY-MM-DD`. */
  date: string;
  /** References to documents (paths or URLs). */
  evidence: string[];
}

/** A parsed attestations file. */
export interface AttestationSet {
  source: string | null;
  sha256: string | null;
  organisation: string | null;
  attestations: Attestation[];
}

/**
 * How one figure was judged: `pass`/`fail` against the threshold; `insufficient` when the
 * group is under the minimum size (never a breach); `not_significant` when the policy asks for
 * significance and the engine's test did not find it; `undefined` when the value is not
 * defined (e.g. 0/0); `info` for evidence without a threshold.
 */
export type Judgement = 'pass' | 'fail' | 'insufficient' | 'not_significant' | 'undefined' | 'info';

/** One figure behind a check: a group's value, a feature's disparity, or an overall value. */
export interface Finding {
  feature: string | null;
  group: string | null;
  /** What the value is when feature and group do not say it: a metric, column or input role. */
  label: string | null;
  value: number | null;
  /** Rows behind the value (group size, or the smallest group compared). */
  n: number | null;
  judgement: Judgement;
  /** Interval of the value when the engine gives one. */
  ci: [number, number] | null;
  /** For ratios and differences: the groups with the lowest and highest base value. */
  minGroup: string | null;
  maxGroup: string | null;
  /** Groups left out of a feature-level figure because they were under the minimum size. */
  excludedGroups: number;
  /** p-value (adjusted when available) from the engine's disparity record. */
  pValue: number | null;
}

/** Status of a check over all its findings. */
export type CheckStatus = 'pass' | 'fail' | 'insufficient' | 'unavailable' | 'info';

/** A measure evaluated on the audit result: threshold checks judge, info checks record presence. */
export interface CheckResult {
  /** Measure name, e.g. `impact_ratio`, `ece`, `data_summary`. */
  measure: string;
  evidenceKind: EvidenceKind;
  threshold: Threshold | null;
  status: CheckStatus;
  /** Why the check is unavailable (a code such as `no_scores`), or null. */
  reason: string | null;
  counts: { pass: number; fail: number; insufficient: number; notSignificant: number; undefined: number };
  /** The finding furthest on the wrong side of the threshold (threshold checks only). */
  worst: Finding | null;
  findings: Finding[];
}

/** The evaluated status of one duty, with what it rests on. */
export interface ObligationResult {
  id: string;
  regime: RegimeId;
  article: string;
  /** English title, kept so the JSON reads on its own; the HTML uses the catalogue's translation. */
  title: string;
  confidence: Confidence;
  automatable: Automatable;
  evidenceKinds: EvidenceKind[];
  sources: string[];
  caveat: string | null;
  status: ObligationStatus;
  /** Measures considered for this duty. */
  checks: string[];
  /** Measures that failed with sufficient evidence (the breach). */
  failedChecks: string[];
  /** Ids of attestations that cover this duty. */
  attestations: string[];
  /** True when a human declaration is needed and none was supplied. */
  needsAttestation: boolean;
  /** Why the duty is not applicable (the operator's or the profile's words), or null. */
  notApplicableReason: string | null;
  /** Who said so: the policy file, the profile, or assay itself (e.g. no scores). */
  notApplicableBy: 'policy' | 'profile' | 'auto' | null;
}

/** One row of an LL144 table: a category with its rate and impact ratio. */
export interface Ll144Row {
  group: string;
  /** Applicants in the category. */
  n: number;
  /** Share of the audit data (rows with known and unknown category). */
  share: number;
  /** Selection rate or scoring rate. */
  rate: number | null;
  /** Rate / highest rate among included categories; null when excluded or undefined. */
  impactRatio: number | null;
  /** Left out of impact ratios by the 2% rule. */
  excluded: boolean;
  /** Under the audit's minimum group size. */
  insufficient: boolean;
}

/** Rates and impact ratios for one dimension (sex, race/ethnicity, or their intersection). */
export interface Ll144Category {
  dimension: 'sex' | 'race' | 'intersection' | 'other';
  feature: string;
  rate: 'selection' | 'scoring';
  /** Category with the highest rate among those included. */
  referenceGroup: string | null;
  rows: Ll144Row[];
}

/** The NYC Local Law 144 bias-audit table (6 RCNY 5-301). */
export interface Ll144Table {
  /** Rows in the audit data. */
  rows: number;
  /** Features used for sex and race/ethnicity (null when not found). */
  sexFeature: string | null;
  raceFeature: string | null;
  /** Median score of the full sample (scoring rates), when the engine gives it. */
  scoreMedian: number | null;
  minCategoryShare: number;
  excludeSmallCategories: boolean;
  /** Rows left out because their category is unknown (`(missing)`). */
  unknown: { total: number | null; byFeature: { feature: string; n: number }[] };
  categories: Ll144Category[];
  /** Codes of notes about the table (e.g. `sex_race_not_identified`, `scoring_rate_not_computed`). */
  notes: string[];
}

/** What `evaluateObligations` returns and `AuditResult.obligations` holds. */
export interface ObligationsSection {
  profile: {
    id: string;
    title: string;
    area: string | null;
    euCounterparts: { point: string; relation: string }[];
  } | null;
  policy: {
    source: string | null;
    sha256: string | null;
    thresholds: Record<string, Threshold>;
    requireSignificance: boolean;
    failOn: ObligationStatus[];
  };
  attestations: {
    source: string | null;
    sha256: string | null;
    organisation: string | null;
    items: Attestation[];
  } | null;
  checks: CheckResult[];
  obligations: ObligationResult[];
  summary: Record<ObligationStatus, number>;
  /** True when some duty has a status in `policy.failOn` (what `--fail-on` exits 1 on). */
  breached: boolean;
  ll144: Ll144Table | null;
  /** Fixed notice: research, not legal advice. */
  disclaimer: string;
}
