import { describe, expect, it } from 'vitest';
import { OBLIGATIONS, OBLIGATION_IDS, REGIMES, obligationById } from '../../src/obligations/catalogue.js';
import { MEASURE_NAMES, THRESHOLD_MEASURES, resolveMeasure } from '../../src/obligations/measures.js';
import { PROFILES, PROFILE_IDS, loadProfile } from '../../src/obligations/profiles.js';
import { AuditError } from '../../src/core/errors.js';

const KINDS = [
  'group-fairness-metrics',
  'accuracy-by-group',
  'overall-performance',
  'calibration',
  'statistical-significance',
  'robustness-perturbation',
  'data-representation',
  'data-quality',
  'adversarial-security',
  'uncertainty-ood',
  'explainability-artifacts',
  'drift-monitoring',
  'logging-records',
  'content-provenance',
  'transparency-notice',
  'human-oversight-attestation',
  'documentation-attestation',
  'impact-assessment-attestation',
  'incident-response-attestation',
];

describe('obligations catalogue', () => {
  it('has unique ids, text in both languages, http(s) sources and known evidence kinds', () => {
    expect(new Set(OBLIGATION_IDS).size).toBe(OBLIGATION_IDS.length);
    for (const o of OBLIGATIONS) {
      expect(o.id.startsWith(`${o.regime}/`), o.id).toBe(true);
      for (const t of [o.title, o.summary, ...(o.caveat ? [o.caveat] : [])]) {
        expect(t.en.length, o.id).toBeGreaterThan(5);
        expect(t.ko.length, o.id).toBeGreaterThan(2);
        expect(t.ko, o.id).toMatch(/[\uac00-\ud7a3]/); // Hangul: really translated
      }
      expect(o.sources.length, o.id).toBeGreaterThan(0);
      for (const s of o.sources) expect(s).toMatch(/^https:\/\//);
      for (const k of o.evidenceKinds) expect(KINDS).toContain(k);
      for (const c of o.checks ?? []) expect(MEASURE_NAMES).toContain(c);
    }
  });

  it('covers the duties the issue names: KR Arts 31, 33, 34(1)1-5, 35; EU Arts 9-15, 27, 50; LL144; four-fifths; NIST MEASURE', () => {
    const has = (regime: string, article: string) =>
      OBLIGATIONS.some(
        (o) => o.regime === regime && o.article.split(/; ?/).some((a) => a.startsWith(article)),
      );
    for (const a of [
      'Art 31(1)',
      'Art 33',
      'Art 34(1)1',
      'Art 34(1)2',
      'Art 34(1)3',
      'Art 34(1)4',
      'Art 34(1)5',
      'Art 35',
    ])
      expect(has('kr-aiba', a), a).toBe(true);
    for (const a of ['Art 9', 'Art 10', 'Art 11', 'Art 12', 'Art 13', 'Art 14', 'Art 15', 'Art 27', 'Art 50'])
      expect(has('eu-aia', a), a).toBe(true);
    expect(has('nyc-ll144', '6 RCNY 5-301(d)')).toBe(true);
    expect(has('us-ugesp', '29 CFR 1607.4(D)')).toBe(true);
    expect(has('nist-ai-rmf', 'MEASURE 2.11')).toBe(true);
  });

  it('every regime used has a record with both languages', () => {
    for (const o of OBLIGATIONS) expect(REGIMES.some((r) => r.id === o.regime)).toBe(true);
    for (const r of REGIMES) {
      expect(r.short.ko).toBeTruthy();
      expect(r.status.ko).toMatch(/[\uac00-\ud7a3]/);
    }
  });

  it('carries pending details as confidence below high with a caveat', () => {
    const scope = obligationById('kr-aiba/art33/high-impact-determination');
    expect(scope.confidence).toBe('medium');
    expect(scope.caveat?.en).toMatch(/single secondary source/);
  });

  it('names the nearest ids on a typo', () => {
    expect(() => obligationById('kr-aiba/art34-1-4/human-oversigth')).toThrow(AuditError);
    expect(() => obligationById('kr-aiba/art34-1-4/human-oversigth')).toThrow(
      /did you mean kr-aiba\/art34-1-4\/human-oversight/,
    );
  });
});

describe('profiles', () => {
  it('has one profile per Korean high-impact area, hiring and loan screening apart', () => {
    const areas = PROFILES.filter((p) => p.area?.item).map((p) => p.area?.item);
    for (const item of ['(a)', '(b)', '(c)', '(d)', '(e)', '(f)', '(g)', '(h)', '(i)', '(j)'])
      expect(areas.some((a) => a?.endsWith(item))).toBe(true);
    expect(PROFILE_IDS).toContain('kr-aiba/hiring');
    expect(PROFILE_IDS).toContain('kr-aiba/loan');
    expect(loadProfile('kr-aiba/loan').euCounterparts[0].point).toBe('Annex III 5(b)');
    expect(loadProfile('kr-aiba/hiring').euCounterparts[0].point).toBe('Annex III 4(a)');
  });

  it("lists only catalogue duties and resolvable thresholds with the issue's defaults", () => {
    for (const p of PROFILES) {
      for (const id of p.obligations) expect(OBLIGATION_IDS).toContain(id);
      for (const [name, t] of Object.entries(p.thresholds)) {
        expect(THRESHOLD_MEASURES.map((m) => m.name)).toContain(name);
        expect(Number.isFinite(t.value)).toBe(true);
      }
      expect(p.title.ko).toMatch(/[\uac00-\ud7a3]/);
    }
    const hiring = loadProfile('kr-aiba/hiring');
    expect(hiring.thresholds.impact_ratio).toEqual({ bound: 'min', value: 0.8 });
    expect(hiring.thresholds.equalized_odds_difference).toEqual({ bound: 'max', value: 0.1 });
    expect(hiring.thresholds.ece).toEqual({ bound: 'max', value: 0.05 });
    expect(hiring.ll144).toBe(true);
    for (const id of [
      'kr-aiba/art34-1-1/risk-management-plan',
      'kr-aiba/art34-1-4/human-oversight',
      'nyc-ll144/5-301b/selection-rate-impact-ratio',
    ]) {
      expect(hiring.obligations).toContain(id);
    }
  });

  it('returns a copy, and names the nearest profile on a typo', () => {
    const a = loadProfile('kr-aiba/hiring');
    a.thresholds.impact_ratio.value = 0.1;
    expect(loadProfile('kr-aiba/hiring').thresholds.impact_ratio.value).toBe(0.8);
    expect(() => loadProfile('kr-aiba/hirng')).toThrow(
      /unknown profile: kr-aiba\/hirng \(did you mean kr-aiba\/hiring/,
    );
  });

  it('resolves measures with their natural direction', () => {
    expect(resolveMeasure('impact_ratio').defaultBound).toBe('min');
    expect(resolveMeasure('accuracy').defaultBound).toBe('min');
    expect(resolveMeasure('false_positive_rate_by_group').defaultBound).toBe('max');
    expect(resolveMeasure('roc_auc_difference')).toMatchObject({
      scope: 'feature',
      compare: 'difference',
      defaultBound: 'max',
    });
    expect(resolveMeasure('selection_rate').defaultBound).toBeNull();
    expect(() => resolveMeasure('impact_ration')).toThrow(/did you mean impact_ratio/);
  });
});
