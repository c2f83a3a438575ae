/**
 * Robustness and explanation evidence: seeded streaming perturbations (Gaussian noise, category
 * swaps, missing values, counterfactual flips of protected attributes), permutation importance and
 * the proxy check, run against a model in one pass over the data.
 */
export { runRobustness, DEFAULT_CALL_ROWS, type RobustnessSettings, type RunRobustnessOptions } from './run-robustness.js';
export {
  parseRobustnessSpec,
  DEFAULT_ROBUSTNESS_SPEC,
  DEFAULT_PROXY_THRESHOLD,
  DEFAULT_SAMPLE_ROWS,
  type ImportanceMetric,
  type RobustnessSpec,
  type RobustnessSpecInput,
} from './robustness-spec.js';
export { ROBUSTNESS_EVIDENCE, ROBUSTNESS_EVIDENCE_KINDS, type RobustnessEvidenceKind } from './evidence-kinds.js';
export type {
  CounterfactualRecord,
  DisparityChangeRecord,
  FlipRecord,
  ImportanceRecord,
  MetricChangeRecord,
  PerturbationKind,
  PerturbationRecord,
  ProfileRecord,
  ProxyRecord,
  RobustnessSection,
} from './robustness-section.js';
export { counterBits, counterNormal, counterUniform, streamKey } from './counter-random.js';
export { cramersV } from './cramers-v.js';
export { correlationRatio, type GroupMoments } from './correlation-ratio.js';
