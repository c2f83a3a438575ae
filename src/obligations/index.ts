// The obligations stage: catalogue, profiles, policies, attestations and their evaluation.
export { OBLIGATIONS, OBLIGATION_IDS, REGIMES, obligationById, regimeById } from './catalogue.js';
export { PROFILES, PROFILE_IDS, loadProfile } from './profiles.js';
export {
  MEASURE_NAMES,
  THRESHOLD_MEASURES,
  INFO_MEASURES,
  BASE_METRICS,
  resolveMeasure,
  type MeasureSpec,
} from './measures.js';
export {
  evaluateChecks,
  expectedCalibrationError,
  isUnknownGroup,
  type CheckOptions,
} from './evaluate-checks.js';
export { ll144Table, DEFAULT_LL144 } from './ll144-table.js';
export { parsePolicy, loadPolicy, resolvePolicy, emptyPolicy, OBLIGATION_STATUSES } from './load-policy.js';
export { parseAttestations, loadAttestations } from './load-attestations.js';
export { evaluateObligations, DISCLAIMER, type EvaluateOptions } from './evaluate-obligations.js';
export { evaluatePolicy, type PolicyVerdict } from './evaluate-policy.js';
export type * from './types.js';
