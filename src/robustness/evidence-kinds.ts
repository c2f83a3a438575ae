/**
 * Identifiers of the evidence the robustness stage produces, for the obligations mapping
 * (EU AI Act Art. 15 accuracy and robustness; Korea AI Basic Act Art. 34 explanation):
 *
 * - `robustness.noise`: metric and decision changes under Gaussian noise on numeric inputs;
 * - `robustness.category_swap`: the same under random category swaps;
 * - `robustness.missing`: the same under injected missing values;
 * - `robustness.counterfactual`: decision flips when a protected attribute alone is changed
 *   (evidence of its direct use);
 * - `explanation.permutation_importance`: the metric drop when each input is permuted;
 * - `explanation.proxy`: association of each input with each protected attribute.
 * @example ROBUSTNESS_EVIDENCE.counterfactual // 'robustness.counterfactual'
 */
export const ROBUSTNESS_EVIDENCE = {
  noise: 'robustness.noise',
  swap: 'robustness.category_swap',
  missing: 'robustness.missing',
  counterfactual: 'robustness.counterfactual',
  importance: 'explanation.permutation_importance',
  proxy: 'explanation.proxy',
} as const;

/** One evidence identifier (`robustness.noise`, `explanation.proxy`, …). */
export type RobustnessEvidenceKind = (typeof ROBUSTNESS_EVIDENCE)[keyof typeof ROBUSTNESS_EVIDENCE];

/** Every evidence identifier, in report order. */
export const ROBUSTNESS_EVIDENCE_KINDS: readonly RobustnessEvidenceKind[] = Object.values(ROBUSTNESS_EVIDENCE);
