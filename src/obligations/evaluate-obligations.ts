import type { AuditResult } from '../audit/types.js';
import { AuditError } from '../core/errors.js';
import { obligationById } from './catalogue.js';
import { evaluateChecks } from './evaluate-checks.js';
import { ll144Table } from './ll144-table.js';
import { emptyPolicy, OBLIGATION_STATUSES } from './load-policy.js';
import { LL144_MEASURES, resolveMeasure } from './measures.js';
import { loadProfile } from './profiles.js';
import type {
  AttestationSet,
  CheckResult,
  Obligation,
  ObligationResult,
  ObligationsSection,
  ObligationStatus,
  Policy,
  Profile,
  Threshold,
} from './types.js';

/** What {@link evaluateObligations} judges against. All optional. */
export interface EvaluateOptions {
  profile?: Profile | null;
  policy?: Policy | null;
  attestations?: AttestationSet | null;
}

/** The fixed notice every obligations section carries. */
export const DISCLAIMER =
  'Research summary, not legal advice. Statuses compare audit evidence with the thresholds of the profile and policy; they are not legal findings. Sources reach about mid-2026; details marked medium or low confidence are pending.';

/** Where a duty's not-applicable status came from. */
function notApplicable(id: string, profile: Profile | null, policy: Policy): string | null {
  if (policy.notApplicable[id] !== undefined) return policy.notApplicable[id];
  if (policy.include.includes(id)) return null;
  return profile?.notApplicable[id]?.en ?? null;
}

/** Checks that evidence a duty: its explicit list, else every check of its evidence kinds. */
function relevantChecks(o: Obligation, checks: CheckResult[]): CheckResult[] {
  if (o.checks) {
    return o.checks.map((name) => {
      const found = checks.find((c) => c.measure === name);
      if (found) return found;
      // A threshold measure the duty rests on, with no threshold set: nothing to judge.
      // (This placeholder only steers the status; it is never serialised.)
      const spec = resolveMeasure(name);
      return {
        measure: name,
        evidenceKind: spec.kind,
        threshold: { bound: spec.defaultBound ?? 'min', value: Number.NaN },
        status: 'unavailable',
        reason: 'no_threshold',
        counts: { pass: 0, fail: 0, insufficient: 0, notSignificant: 0, undefined: 0 },
        worst: null,
        findings: [],
      } satisfies CheckResult;
    });
  }
  return checks.filter(
    (c) => o.evidenceKinds.includes(c.evidenceKind) && !LL144_MEASURES.includes(c.measure),
  );
}

function judgeObligation(
  o: Obligation,
  checks: CheckResult[],
  result: AuditResult,
  profile: Profile | null,
  policy: Policy,
  attestations: AttestationSet | null,
): ObligationResult {
  const relevant = relevantChecks(o, checks);
  const attested = (attestations?.attestations ?? []).filter((a) => a.covers.includes(o.id)).map((a) => a.id);
  const base = {
    id: o.id,
    regime: o.regime,
    article: o.article,
    title: o.title.en,
    confidence: o.confidence,
    automatable: o.automatable,
    evidenceKinds: [...o.evidenceKinds],
    sources: [...o.sources],
    caveat: o.caveat?.en ?? null,
    checks: relevant.map((c) => c.measure),
    attestations: attested,
  };
  let naReason = notApplicable(o.id, profile, policy);
  let naBy: ObligationResult['notApplicableBy'] =
    naReason === null ? null : policy.notApplicable[o.id] !== undefined ? 'policy' : 'profile';
  if (naReason === null && o.requiresScore && result.settings.score === null) {
    naReason = 'the model outputs no scores';
    naBy = 'auto';
  }
  if (naReason !== null) {
    return {
      ...base,
      status: 'not_applicable',
      failedChecks: [],
      needsAttestation: false,
      notApplicableReason: naReason,
      notApplicableBy: naBy,
    };
  }
  const judged = relevant.filter((c) => c.threshold !== null && !o.publishOnly);
  const failed = judged.filter((c) => c.status === 'fail').map((c) => c.measure);
  const needsAttestation = o.automatable !== 'measured' && attested.length === 0;
  // With thresholds in play, only a passed threshold is measured evidence; otherwise info checks are.
  const thresholds = relevant.filter((c) => c.threshold !== null);
  const measured =
    thresholds.length > 0 && !o.publishOnly
      ? thresholds.some((c) => c.status === 'pass')
      : relevant.some((c) => c.status === 'info');
  let status: ObligationStatus;
  if (failed.length > 0) status = 'breached';
  else if (needsAttestation) status = 'needs_attestation';
  else if (o.automatable === 'measured' && !measured) status = 'insufficient_evidence';
  else status = 'evidenced';
  return {
    ...base,
    status,
    failedChecks: failed,
    needsAttestation,
    notApplicableReason: null,
    notApplicableBy: null,
  };
}

/**
 * Evaluates the duties of a profile (plus the policy's additions) on an audit result: what
 * goes into `result.obligations`.
 *
 * Thresholds are the profile's, overridden by the policy (`null` drops one). Each duty's status:
 * - `not_applicable` — the policy or profile says so (with the reason), or the duty needs scores
 *   and the model has none;
 * - `breached` — a threshold check among its evidence failed on groups with enough rows
 *   (groups under the minimum size never breach; LL144's publish-only duties never breach);
 * - `needs_attestation` — the duty needs a human declaration (not `measured`) and no attestation
 *   covers it;
 * - `insufficient_evidence` — a measured duty whose checks could not be judged (e.g. every group
 *   too small, no scores for ECE);
 * - `evidenced` — otherwise: the measured evidence passed and any needed declaration is cited.
 *
 * `breached` on the section is true when a duty's status is in `policy.failOn` (default
 * `['breached']`); with no duties at all, when a threshold check failed. Without a profile or
 * policy the section holds the info checks only.
 *
 * @example
 * const section = evaluateObligations(result, { profile: loadProfile('kr-aiba/hiring') });
 * section.obligations.find((o) => o.id === 'us-ugesp/1607-4d/four-fifths-rule')?.status // 'breached' for Adult
 */
export function evaluateObligations(result: AuditResult, options: EvaluateOptions = {}): ObligationsSection {
  const policy = options.policy ?? emptyPolicy();
  let profile = options.profile ?? null;
  if (profile && policy.profile && policy.profile !== profile.id) {
    throw new AuditError(
      `policy ${policy.source ?? '(inline)'} is for profile ${policy.profile}, but the profile given is ${profile.id}`,
    );
  }
  if (!profile && policy.profile) profile = loadProfile(policy.profile);
  const attestations = options.attestations ?? null;

  const thresholds: Record<string, Threshold> = { ...(profile?.thresholds ?? {}) };
  for (const [name, t] of Object.entries(policy.thresholds)) {
    if (t === null) delete thresholds[name];
    else thresholds[name] = t;
  }
  const ids = [...new Set([...(profile?.obligations ?? []), ...policy.include])];
  const obligations = ids.map(obligationById);
  const wantsLl144 = profile?.ll144 === true || obligations.some((o) => o.regime === 'nyc-ll144');
  const ll144 = wantsLl144 ? ll144Table(result, policy.ll144) : null;
  const checks = evaluateChecks(result, thresholds, {
    requireSignificance: policy.requireSignificance,
    ll144,
  });
  const results = obligations.map((o) => judgeObligation(o, checks, result, profile, policy, attestations));

  const summary = Object.fromEntries(OBLIGATION_STATUSES.map((s) => [s, 0])) as Record<
    ObligationStatus,
    number
  >;
  for (const r of results) summary[r.status]++;
  const breached =
    results.some((r) => policy.failOn.includes(r.status)) ||
    (results.length === 0 && policy.failOn.includes('breached') && checks.some((c) => c.status === 'fail'));

  return {
    profile: profile
      ? {
          id: profile.id,
          title: profile.title.en,
          area: profile.area ? `${profile.area.item ?? ''} ${profile.area.label.en}`.trim() : null,
          euCounterparts: profile.euCounterparts.map((e) => ({ point: e.point, relation: e.relation })),
        }
      : null,
    policy: {
      source: policy.source,
      sha256: policy.sha256,
      thresholds,
      requireSignificance: policy.requireSignificance,
      failOn: [...policy.failOn],
    },
    attestations: attestations
      ? {
          source: attestations.source,
          sha256: attestations.sha256,
          organisation: attestations.organisation,
          items: attestations.attestations,
        }
      : null,
    checks,
    obligations: results,
    summary,
    breached,
    ll144,
    disclaimer: DISCLAIMER,
  };
}
