import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateObligations } from '../../src/obligations/evaluate-obligations.js';
import { evaluatePolicy } from '../../src/obligations/evaluate-policy.js';
import { loadAttestations } from '../../src/obligations/load-attestations.js';
import { emptyPolicy, loadPolicy, parsePolicy, resolvePolicy } from '../../src/obligations/load-policy.js';
import { loadProfile } from '../../src/obligations/profiles.js';
import type { ObligationsSection } from '../../src/obligations/types.js';
import { adultResult, repoRoot, withSelectionRates } from '../report/fixtures.js';
import { tinyResult } from './helpers.js';

const examples = path.join(repoRoot, 'policies/examples');
const status = (s: ObligationsSection, id: string) => s.obligations.find((o) => o.id === id)?.status;

describe('evaluateObligations on an Adult-like result with kr-aiba/hiring', () => {
  const adult = adultResult();
  const section = evaluateObligations(adult, { profile: loadProfile('kr-aiba/hiring') });

  it("names Art 34's duties with their status and the figures behind the breach", () => {
    const art34 = section.obligations.filter((o) => o.article.startsWith('Art 34(1)'));
    expect(art34.map((o) => [o.article.split(';')[0], o.status])).toEqual([
      ['Art 34(1)1', 'breached'],
      ['Art 34(1)2', 'needs_attestation'],
      ['Art 34(1)3', 'needs_attestation'],
      ['Art 34(1)4', 'needs_attestation'],
      ['Art 34(1)5', 'needs_attestation'],
    ]);
    const risk = section.obligations.find((o) => o.id === 'kr-aiba/art34-1-1/risk-management-plan');
    expect(risk?.failedChecks).toContain('impact_ratio');
    const ir = section.checks.find((c) => c.measure === 'impact_ratio');
    // Worst impact ratio among groups large enough: Female & Amer-Indian-Eskimo (n = 66) at 0.0152 / 0.3074.
    expect(ir?.worst).toMatchObject({
      feature: 'sex & race',
      group: 'Female & Amer-Indian-Eskimo',
      maxGroup: 'Male & Asian-Pac-Islander',
    });
    expect(ir?.worst?.value).toBeCloseTo(0.015151515151515152 / 0.3074433656957929, 12);
    // Female & Other (n = 46 < 50) is shown but not judged.
    expect(ir?.findings.find((f) => f.group === 'Female & Other')?.judgement).toBe('insufficient');
  });

  it('produces the LL144 table and evidences the publish-only LL144 duties', () => {
    expect(section.ll144?.categories.length).toBe(6);
    expect(status(section, 'nyc-ll144/5-301b/selection-rate-impact-ratio')).toBe('evidenced');
    expect(status(section, 'nyc-ll144/5-301c/scoring-rate-impact-ratio')).toBe('evidenced');
    expect(status(section, 'nyc-ll144/5-301d/small-category-exclusion')).toBe('evidenced');
    expect(status(section, 'nyc-ll144/20-871/independent-audit')).toBe('needs_attestation');
    expect(status(section, 'us-ugesp/1607-4d/four-fifths-rule')).toBe('breached');
  });

  it("marks duties not applicable with the profile's reason, and robustness duties as insufficient without robustness results", () => {
    const fria = section.obligations.find((o) => o.id === 'eu-aia/art27/fria');
    expect(fria).toMatchObject({ status: 'not_applicable', notApplicableBy: 'profile' });
    expect(fria?.notApplicableReason).toMatch(/public bodies/);
    expect(status(section, 'eu-aia/art15/robustness')).toBe('insufficient_evidence');
    expect(
      section.summary.breached +
        section.summary.evidenced +
        section.summary.needs_attestation +
        section.summary.insufficient_evidence +
        section.summary.not_applicable,
    ).toBe(section.obligations.length);
    expect(section.breached).toBe(true);
  });

  it('turns needs_attestation into evidenced when an attestation covers the duty, and cites it', async () => {
    const attestations = await loadAttestations(path.join(examples, 'attestations.yaml'));
    const s = evaluateObligations(adult, { profile: loadProfile('kr-aiba/hiring'), attestations });
    const oversight = s.obligations.find((o) => o.id === 'kr-aiba/art34-1-4/human-oversight');
    expect(oversight).toMatchObject({
      status: 'evidenced',
      attestations: ['oversight'],
      needsAttestation: false,
    });
    // An attestation never cures a measured breach.
    const docs = s.obligations.find((o) => o.id === 'eu-aia/art11/technical-documentation');
    expect(docs).toMatchObject({ status: 'breached', attestations: ['A3'] });
    expect(s.attestations?.items).toHaveLength(3);
  });

  it('applies the policy: thresholds, not-applicable reasons, re-included duties', async () => {
    const policy = await loadPolicy(path.join(examples, 'hiring-policy.yaml'));
    const s = evaluateObligations(adult, { policy });
    expect(s.profile?.id).toBe('kr-aiba/hiring');
    expect(s.policy.thresholds.accuracy_difference).toEqual({ bound: 'max', value: 0.05 });
    expect(s.policy.thresholds.counterfactual_flip_rate).toBeUndefined();
    expect(s.obligations.find((o) => o.id === 'kr-pipa/art37-2/automated-decision-rights')).toMatchObject({
      status: 'not_applicable',
      notApplicableBy: 'policy',
    });
    const withFria = evaluateObligations(adult, {
      policy: parsePolicy('profile: kr-aiba/hiring\ninclude: [eu-aia/art27/fria]\n'),
    });
    expect(status(withFria, 'eu-aia/art27/fria')).toBe('breached');
  });

  it('refuses a policy written for another profile', () => {
    const policy = parsePolicy('profile: kr-aiba/loan\n', 'loan.yaml');
    expect(() => evaluateObligations(adult, { profile: loadProfile('kr-aiba/hiring'), policy })).toThrow(
      'policy loan.yaml is for profile kr-aiba/loan, but the profile given is kr-aiba/hiring',
    );
  });

  it('records only info checks without a profile or policy, and is never breached', () => {
    const s = evaluateObligations(adult);
    expect(s.profile).toBeNull();
    expect(s.obligations).toEqual([]);
    expect(s.checks.every((c) => c.threshold === null)).toBe(true);
    expect(s.breached).toBe(false);
    expect(s.ll144).toBeNull();
  });

  it('marks the LL144 scoring-rate duty not applicable when the model gives no scores', () => {
    const noScore = structuredClone(adult);
    noScore.settings.score = null;
    const s = evaluateObligations(noScore, { profile: loadProfile('kr-aiba/hiring') });
    expect(s.obligations.find((o) => o.id === 'nyc-ll144/5-301c/scoring-rate-impact-ratio')).toMatchObject({
      status: 'not_applicable',
      notApplicableBy: 'auto',
    });
  });
});

describe('the --fail-on gate (evaluatePolicy)', () => {
  it('is breached when an impact ratio falls below the threshold, and not when none does', async () => {
    const policy = await resolvePolicy('kr-aiba/hiring');
    const adult = adultResult();
    expect(evaluatePolicy(adult, policy).breached).toBe(true);

    // Same result, selection rates evened out so that every impact ratio is ≥ 0.8 and all other
    // thresholds are dropped: the gate passes. Then one group at 0.79 of the highest: it fails.
    const quiet = parsePolicy(
      'profile: kr-aiba/hiring\nthresholds:\n  equalized_odds_difference: null\n  ece: null\n',
    );
    let fair = adult;
    for (const feature of ['sex', 'race', 'sex & race']) {
      const groups = adult.metrics
        .filter((m) => m.metric === 'selection_rate' && m.feature === feature)
        .map((m) => m.group as string);
      fair = withSelectionRates(
        fair,
        feature,
        Object.fromEntries(groups.map((g, i) => [g, i === 0 ? 0.25 : 0.2])),
      );
    }
    expect(evaluatePolicy(fair, quiet).breached).toBe(false);
    const unfair = withSelectionRates(fair, 'sex', { Female: 0.25 * 0.79, Male: 0.25 });
    const verdict = evaluatePolicy(unfair, quiet);
    expect(verdict.breached).toBe(true);
    expect(
      verdict.obligations.obligations.find((o) => o.id === 'us-ugesp/1607-4d/four-fifths-rule')?.status,
    ).toBe('breached');
  });

  it('does not breach on groups under the minimum size', () => {
    const policy = parsePolicy('thresholds:\n  impact_ratio: 0.8\n');
    const r = tinyResult([
      { feature: 'sex', group: 'A', n: 400, values: { selection_rate: 0.3 } },
      { feature: 'sex', group: 'B', n: 400, values: { selection_rate: 0.28 } },
      { feature: 'sex', group: 'C', n: 12, values: { selection_rate: 0.01 } },
    ]);
    expect(evaluatePolicy(r, policy)).toMatchObject({ breached: false });
    r.metrics.find((m) => m.group === 'C')!.n = 300; // the same group, now large enough: breach
    expect(evaluatePolicy(r, policy).breached).toBe(true);
  });

  it('fails on the statuses the policy lists', () => {
    const policy = { ...emptyPolicy(), profile: 'kr-aiba/hiring', failOn: ['needs_attestation' as const] };
    const fair = tinyResult([
      { feature: 'sex', group: 'A', n: 400, values: { selection_rate: 0.3 } },
      { feature: 'sex', group: 'B', n: 400, values: { selection_rate: 0.3 } },
    ]);
    expect(evaluatePolicy(fair, policy).breached).toBe(true);
    expect(evaluatePolicy(fair, { ...policy, failOn: ['breached'] }).breached).toBe(false);
  });
});
