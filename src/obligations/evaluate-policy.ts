import type { AuditResult } from '../audit/types.js';
import { evaluateObligations } from './evaluate-obligations.js';
import type { AttestationSet, ObligationsSection, Policy } from './types.js';

/** What {@link evaluatePolicy} returns: the evaluated section and the gate's verdict. */
export interface PolicyVerdict {
  obligations: ObligationsSection;
  /** True when some duty's status is in `policy.failOn`: `assay audit --fail-on` exits 1. */
  breached: boolean;
}

/**
 * The gate behind `--fail-on <policy>`: evaluates the policy (and the profile it names) on an
 * audit result and says whether it is breached. Groups under the minimum size never breach.
 * A policy naming no profile and no duties is breached when one of its thresholds fails.
 *
 * @example
 * const { breached } = evaluatePolicy(result, await resolvePolicy('kr-aiba/hiring'));
 * // breached: true when some group's impact ratio is under 0.8
 */
export function evaluatePolicy(
  result: AuditResult,
  policy: Policy,
  attestations: AttestationSet | null = null,
): PolicyVerdict {
  const obligations = evaluateObligations(result, { policy, attestations });
  return { obligations, breached: obligations.breached };
}
