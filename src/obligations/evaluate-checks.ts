import type { AuditResult, CalibrationRecord, DisparityRecord, MetricRecord } from '../audit/types.js';
import { INFO_MEASURES, resolveMeasure, type MeasureSpec } from './measures.js';
import type { CheckResult, CheckStatus, Finding, Judgement, Ll144Table, Threshold } from './types.js';

/** Options of {@link evaluateChecks}. */
export interface CheckOptions {
  /** A failed threshold only counts when the engine's test found the disparity significant. */
  requireSignificance: boolean;
  /** The LL144 table when one was requested (its info checks are unavailable otherwise). */
  ll144: Ll144Table | null;
}

// Thresholds are compared with a little slack so that 0.8 computed as 0.7999999999999999 passes `min: 0.8`.
const EPS = 1e-12;

/** True for the group the engine makes of missing sensitive values (also inside intersections). */
export function isUnknownGroup(group: string | null): boolean {
  return group !== null && group.split(' & ').includes('(missing)');
}

/** A finding with every optional field empty. */
function finding(partial: Partial<Finding> & Pick<Finding, 'judgement'>): Finding {
  return {
    feature: null,
    group: null,
    label: null,
    value: null,
    n: null,
    ci: null,
    minGroup: null,
    maxGroup: null,
    excludedGroups: 0,
    pValue: null,
    ...partial,
  };
}

function judge(value: number | null, threshold: Threshold): Judgement {
  if (value === null || !Number.isFinite(value)) return 'undefined';
  return threshold.bound === 'min'
    ? value >= threshold.value - EPS
      ? 'pass'
      : 'fail'
    : value <= threshold.value + EPS
      ? 'pass'
      : 'fail';
}

function tooSmall(record: { n: number; insufficient?: boolean }, minGroupSize: number): boolean {
  return record.insufficient === true || record.n < minGroupSize;
}

/** Per-group records of one metric, by feature, in the engine's order. */
function byFeature(result: AuditResult, metric: string): Map<string, MetricRecord[]> {
  const out = new Map<string, MetricRecord[]>();
  for (const r of result.metrics) {
    if (r.metric !== metric || r.feature === null || r.group === null) continue;
    const list = out.get(r.feature);
    if (list) list.push(r);
    else out.set(r.feature, [r]);
  }
  return out;
}

function engineDisparity(result: AuditResult, metric: string, feature: string): DisparityRecord | undefined {
  return result.disparities.find(
    (d) => d.metric === metric && d.feature === feature && d.method === 'between_groups',
  );
}

/** Applies the significance rule: a failure the engine's test did not find significant is not a breach. */
function withSignificance(
  j: Judgement,
  significant: boolean | null | undefined,
  options: CheckOptions,
): Judgement {
  return j === 'fail' && options.requireSignificance && significant === false ? 'not_significant' : j;
}

/** Group scope: each group's value (or its ratio to the highest group) against the threshold. */
function groupFindings(
  result: AuditResult,
  spec: MeasureSpec,
  threshold: Threshold,
  options: CheckOptions,
): Finding[] {
  const min = result.settings.minGroupSize;
  const out: Finding[] = [];
  for (const [feature, records] of byFeature(result, spec.base[0])) {
    // The impact ratio's significance is the engine's test of the selection-rate disparity.
    const disparity =
      spec.compare === 'impact' ? engineDisparity(result, 'demographic_parity_ratio', feature) : undefined;
    let reference: MetricRecord | null = null;
    if (spec.compare === 'impact') {
      // The reference is the highest rate among groups large enough to judge.
      for (const r of records) {
        if (tooSmall(r, min) || r.value === null) continue;
        if (reference === null || (reference.value !== null && r.value > reference.value)) reference = r;
      }
    }
    for (const r of records) {
      let value = r.value;
      let ci = r.ci ?? null;
      if (spec.compare === 'impact') {
        const ref = reference?.value ?? null;
        value = r.value === null || ref === null || ref === 0 ? null : r.value / ref;
        ci = r.ci && ref !== null && ref > 0 ? [r.ci[0] / ref, r.ci[1] / ref] : null;
      }
      const j: Judgement = tooSmall(r, min)
        ? 'insufficient'
        : withSignificance(judge(value, threshold), disparity?.significant, options);
      out.push(
        finding({
          feature,
          group: r.group,
          value,
          n: r.n,
          judgement: j,
          ci,
          maxGroup: spec.compare === 'impact' ? (reference?.group ?? null) : null,
          pValue: disparity ? (disparity.p_adjusted ?? disparity.p_value ?? null) : null,
        }),
      );
    }
  }
  return out;
}

interface Spread {
  value: number | null;
  minGroup: string | null;
  maxGroup: string | null;
}

function spread(records: MetricRecord[], compare: 'difference' | 'ratio'): Spread {
  let lo: MetricRecord | null = null;
  let hi: MetricRecord | null = null;
  for (const r of records) {
    if (r.value === null) continue;
    if (lo === null || r.value < (lo.value as number)) lo = r;
    if (hi === null || r.value > (hi.value as number)) hi = r;
  }
  if (lo === null || hi === null) return { value: null, minGroup: null, maxGroup: null };
  const l = lo.value as number;
  const h = hi.value as number;
  const value = compare === 'difference' ? h - l : h === 0 ? null : l / h;
  return { value, minGroup: lo.group, maxGroup: hi.group };
}

/** Feature scope: a disparity over the groups with enough rows (small groups are left out and counted). */
function featureFindings(
  result: AuditResult,
  spec: MeasureSpec,
  threshold: Threshold,
  options: CheckOptions,
): Finding[] {
  const min = result.settings.minGroupSize;
  const compare = spec.compare === 'ratio' ? 'ratio' : 'difference';
  const bases = spec.base.map((b) => byFeature(result, b));
  const features = [...bases[0].keys()].filter((f) => bases.every((m) => m.has(f)));
  const out: Finding[] = [];
  for (const feature of features) {
    const all = bases.map((m) => m.get(feature) as MetricRecord[]);
    const small = new Set(all[0].filter((r) => tooSmall(r, min)).map((r) => r.group));
    for (const list of all.slice(1)) for (const r of list) if (tooSmall(r, min)) small.add(r.group);
    const kept = all.map((list) => list.filter((r) => !small.has(r.group)));
    const groups = new Set(kept[0].map((r) => r.group));
    const disparity = engineDisparity(result, spec.name, feature);
    const pValue = disparity ? (disparity.p_adjusted ?? disparity.p_value ?? null) : null;
    const nMin = kept[0].length > 0 ? Math.min(...kept[0].map((r) => r.n)) : null;
    if (groups.size < 2) {
      out.push(finding({ feature, n: nMin, judgement: 'insufficient', excludedGroups: small.size, pValue }));
      continue;
    }
    // Equalized odds: the worse of the TPR and FPR spreads (largest difference, smallest ratio).
    const spreads = kept.map((list) => spread(list, compare));
    let chosen = spreads[0];
    for (const s of spreads.slice(1)) {
      if (s.value === null || chosen.value === null) {
        chosen = { value: null, minGroup: null, maxGroup: null };
        break;
      }
      if (compare === 'difference' ? s.value > chosen.value : s.value < chosen.value) chosen = s;
    }
    const j = withSignificance(judge(chosen.value, threshold), disparity?.significant, options);
    out.push(
      finding({
        feature,
        value: chosen.value,
        n: nMin,
        judgement: j,
        // The engine's interval describes all groups; it is only reused when no group was left out.
        ci: small.size === 0 ? (disparity?.ci ?? null) : null,
        minGroup: chosen.minGroup,
        maxGroup: chosen.maxGroup,
        excludedGroups: small.size,
        pValue,
      }),
    );
  }
  return out;
}

type Loose = Record<string, unknown>;

/** The robustness stage's records, read structurally (its section is owned by that stage). */
function robustnessParts(
  result: AuditResult,
): { evidence: string[]; changes: Loose[]; perturbations: Loose[]; counterfactual: Loose[] } | null {
  const r = result.robustness;
  if (r === null || typeof r !== 'object' || Array.isArray(r)) return null;
  const rec = r as Loose;
  const list = (v: unknown): Loose[] =>
    Array.isArray(v) ? v.filter((x): x is Loose => x !== null && typeof x === 'object') : [];
  const evidence = Array.isArray(rec.evidence)
    ? rec.evidence.filter((x): x is string => typeof x === 'string')
    : [];
  return {
    evidence,
    changes: list(rec.changes),
    perturbations: list(rec.perturbations),
    counterfactual: list(rec.counterfactual),
  };
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Drop of a metric (clean − perturbed) under each non-counterfactual perturbation, overall and per group. */
function robustnessFindings(result: AuditResult, spec: MeasureSpec, threshold: Threshold): Finding[] {
  const parts = robustnessParts(result);
  if (!parts) return [];
  const min = result.settings.minGroupSize;
  const counterfactual = new Set(
    parts.perturbations.filter((p) => p.kind === 'counterfactual').map((p) => str(p.id)),
  );
  return parts.changes
    .filter((c) => c.metric === spec.base[0] && !counterfactual.has(str(c.perturbation)))
    .map((c) => {
      const clean = num(c.clean);
      const perturbed = num(c.perturbed);
      const value = clean === null || perturbed === null ? null : clean - perturbed;
      const n = num(c.n);
      const group = str(c.group);
      const small = group !== null && (c.insufficient === true || (n !== null && n < min));
      return finding({
        feature: str(c.feature),
        group,
        label: str(c.perturbation),
        value,
        n,
        judgement: small ? 'insufficient' : judge(value, threshold),
      });
    });
}

/** Counterfactual flip rates: share of decisions changed when only a protected attribute changes. */
function counterfactualFindings(result: AuditResult, threshold: Threshold): Finding[] {
  const parts = robustnessParts(result);
  if (!parts) return [];
  const min = result.settings.minGroupSize;
  return parts.counterfactual.map((c) => {
    const value = num(c.flip_rate);
    const n = num(c.n);
    const from = str(c.from) ?? '';
    const to = str(c.to);
    const small = c.insufficient === true || (n !== null && n < min);
    return finding({
      feature: str(c.feature),
      group: to === null ? from : `${from} → ${to}`,
      value,
      n,
      judgement: small ? 'insufficient' : judge(value, threshold),
    });
  });
}

function overallFindings(result: AuditResult, spec: MeasureSpec, threshold: Threshold): Finding[] {
  const r = result.metrics.find((m) => m.metric === spec.base[0] && m.feature === null && m.group === null);
  if (!r) return [];
  const j = tooSmall(r, result.settings.minGroupSize) ? 'insufficient' : judge(r.value, threshold);
  return [finding({ label: r.metric, value: r.value, n: r.n, judgement: j, ci: r.ci ?? null })];
}

/**
 * Expected calibration error of one reliability diagram: Σ_b (count_b / N) · |meanScore_b − observedRate_b|
 * over bins with rows; null when no bin has rows.
 * @example expectedCalibrationError({ feature: null, group: null, bins: [{ lower: 0, upper: 1, count: 10, meanScore: 0.3, observedRate: 0.2 }] }) // ≈ 0.1
 */
export function expectedCalibrationError(record: CalibrationRecord): { value: number | null; count: number } {
  let total = 0;
  let sum = 0;
  for (const b of record.bins) {
    if (b.count <= 0 || b.meanScore === null || b.observedRate === null) continue;
    total += b.count;
    sum += b.count * Math.abs(b.meanScore - b.observedRate);
  }
  return { value: total > 0 ? sum / total : null, count: total };
}

function calibrationFindings(result: AuditResult, threshold: Threshold | null): Finding[] {
  const min = result.settings.minGroupSize;
  // The engine's own ECE records (same binning, with small-group flags and intervals) come first.
  const engine = result.metrics.filter((m) => m.metric === 'expected_calibration_error');
  if (threshold !== null && engine.length > 0) {
    return engine.map((m) =>
      finding({
        feature: m.feature,
        group: m.group,
        value: m.value,
        n: m.n,
        ci: m.ci ?? null,
        judgement: m.group !== null && tooSmall(m, min) ? 'insufficient' : judge(m.value, threshold),
      }),
    );
  }
  // Group sizes from the metric records (the calibration counts may be weighted).
  const sizes = new Map<string, number>();
  for (const m of result.metrics)
    if (m.feature !== null && m.group !== null) sizes.set(JSON.stringify([m.feature, m.group]), m.n);
  return result.calibration.map((c) => {
    const { value, count } = expectedCalibrationError(c);
    const n =
      c.feature === null
        ? result.rows
        : (sizes.get(JSON.stringify([c.feature, c.group])) ?? Math.round(count));
    const j: Judgement =
      threshold === null ? 'info' : c.group !== null && n < min ? 'insufficient' : judge(value, threshold);
    return finding({ feature: c.feature, group: c.group, value, n, judgement: j });
  });
}

function missingFindings(result: AuditResult, threshold: Threshold): Finding[] {
  const min = result.settings.minGroupSize;
  return result.data.missing
    .filter((m) => m.n > 0)
    .map((m) => {
      const value = m.missing / m.n;
      const j: Judgement = m.group !== null && m.n < min ? 'insufficient' : judge(value, threshold);
      return finding({ feature: m.feature, group: m.group, label: m.column, value, n: m.n, judgement: j });
    });
}

/** Info findings: what evidence of each kind the result holds. */
function infoFindings(
  result: AuditResult,
  name: string,
  ll144: Ll144Table | null,
): { findings: Finding[]; reason: string | null } {
  const info = (partial: Partial<Finding>): Finding => finding({ ...partial, judgement: 'info' });
  const none = (reason: string) => ({ findings: [], reason });
  switch (name) {
    case 'overall_metrics': {
      const f = result.metrics
        .filter((m) => m.feature === null && m.group === null)
        .map((m) => info({ label: m.metric, value: m.value, n: m.n, ci: m.ci ?? null }));
      return f.length > 0 ? { findings: f, reason: null } : none('no_overall_metrics');
    }
    case 'group_metrics': {
      const counts = new Map<string, Set<string>>();
      for (const m of result.metrics) {
        if (m.feature === null || m.group === null) continue;
        const s = counts.get(m.feature) ?? new Set<string>();
        s.add(m.group);
        counts.set(m.feature, s);
      }
      const f = [...counts].map(([feature, groups]) => info({ feature, value: groups.size }));
      return f.length > 0 ? { findings: f, reason: null } : none('no_sensitive_features');
    }
    case 'calibration_curves': {
      // One finding per feature: how many curves (the curves and ECE values are elsewhere in the report).
      const curves = new Map<string | null, number>();
      for (const c of result.calibration) curves.set(c.feature, (curves.get(c.feature) ?? 0) + 1);
      const f = [...curves].map(([feature, count]) => info({ feature, value: count }));
      return f.length > 0
        ? { findings: f, reason: null }
        : none(result.settings.score === null ? 'no_scores' : 'no_calibration');
    }
    case 'significance_tests': {
      const f = result.disparities
        .filter((d) => d.p_value !== null && d.p_value !== undefined)
        .map((d) => info({ feature: d.feature, label: d.metric, value: d.p_adjusted ?? d.p_value ?? null }));
      return f.length > 0 ? { findings: f, reason: null } : none('no_significance_tests');
    }
    case 'robustness_results': {
      if (result.robustness === undefined || result.robustness === null) return none('robustness_not_run');
      const parts = robustnessParts(result);
      // A section without an evidence list (another shape) still records that the stage ran.
      if (!parts || parts.evidence.length === 0) return { findings: [], reason: null };
      const f = parts.evidence.filter((k) => k.startsWith('robustness.')).map((k) => info({ label: k }));
      return f.length > 0 ? { findings: f, reason: null } : none('no_perturbations');
    }
    case 'explanation_artifacts': {
      const f = (robustnessParts(result)?.evidence ?? [])
        .filter((k) => k.startsWith('explanation.'))
        .map((k) => info({ label: k }));
      return f.length > 0 ? { findings: f, reason: null } : none('no_explanations');
    }
    case 'data_summary': {
      if (result.data.rows <= 0) return none('no_rows');
      const f = result.data.groups.map((g) =>
        info({ feature: g.feature, value: g.groups.length, n: result.data.rows }),
      );
      return {
        findings: f.length > 0 ? f : [info({ value: result.data.rows, n: result.data.rows })],
        reason: null,
      };
    }
    case 'missing_values': {
      const f = result.data.missing
        .filter((m) => m.feature === null)
        .map((m) => info({ label: m.column, value: m.missing, n: m.n }));
      return { findings: f, reason: null };
    }
    case 'data_provenance': {
      const f = result.provenance.inputs
        .filter((i) => i.sha256 !== null)
        .map((i) => info({ label: i.role, group: i.path, value: i.bytes }));
      return f.length > 0 ? { findings: f, reason: null } : none('no_input_hashes');
    }
    default:
      return ll144Findings(name, result, ll144);
  }
}

function ll144Findings(
  name: string,
  result: AuditResult,
  ll144: Ll144Table | null,
): { findings: Finding[]; reason: string | null } {
  if (ll144 === null) return { findings: [], reason: 'll144_not_requested' };
  const info = (partial: Partial<Finding>): Finding => finding({ ...partial, judgement: 'info' });
  // One finding per table (feature × rate): its categories and applicants; the rows are in `ll144`.
  const tables = (rate: 'selection' | 'scoring', dims?: string[]) =>
    ll144.categories
      .filter((c) => c.rate === rate && (!dims || dims.includes(c.dimension)))
      .map((c) =>
        info({
          feature: c.feature,
          label: rate,
          value: c.rows.length,
          n: c.rows.reduce((s, r) => s + r.n, 0),
        }),
      );
  let f: Finding[] = [];
  let reason = 'll144_not_computed';
  if (name === 'll144_selection') {
    f = tables('selection');
    reason = result.task === 'regression' ? 'regression_task' : 'no_selection_rate';
  } else if (name === 'll144_scoring') {
    f = tables('scoring');
    reason = result.settings.score === null ? 'no_scores' : 'scoring_rate_not_computed';
  } else if (name === 'll144_intersection') {
    f = [...tables('selection', ['intersection']), ...tables('scoring', ['intersection'])];
    reason = 'no_intersection';
  } else if (name === 'll144_unknown') {
    f = ll144.unknown.byFeature.map((u) => info({ feature: u.feature, value: u.n, n: ll144.rows }));
    if (ll144.unknown.total !== null) f.push(info({ value: ll144.unknown.total, n: ll144.rows }));
    // No unknown group at all is itself the count (zero), as long as a category was found.
    if (f.length === 0 && ll144.categories.length > 0) f = [info({ value: 0, n: ll144.rows })];
    reason = 'no_categories';
  } else if (name === 'll144_small_categories') {
    // The rule was stated and applied: per table, how many categories it left out of the ratios.
    f = ll144.categories.map((c) =>
      info({
        feature: c.feature,
        label: c.rate,
        value: c.rows.filter((r) => r.excluded).length,
        n: c.rows.length,
      }),
    );
    reason = 'no_categories';
  }
  return f.length > 0 ? { findings: f, reason: null } : { findings: [], reason };
}

function summarise(
  measure: MeasureSpec,
  threshold: Threshold | null,
  findings: Finding[],
  reason: string | null,
): CheckResult {
  const counts = { pass: 0, fail: 0, insufficient: 0, notSignificant: 0, undefined: 0 };
  for (const f of findings) {
    if (f.judgement === 'pass') counts.pass++;
    else if (f.judgement === 'fail') counts.fail++;
    else if (f.judgement === 'insufficient') counts.insufficient++;
    else if (f.judgement === 'not_significant') counts.notSignificant++;
    else if (f.judgement === 'undefined') counts.undefined++;
  }
  let status: CheckStatus;
  if (threshold === null) status = reason === null ? 'info' : 'unavailable';
  else if (counts.fail > 0) status = 'fail';
  else if (counts.pass > 0 || counts.notSignificant > 0) status = 'pass';
  else if (counts.insufficient > 0) status = 'insufficient';
  else status = 'unavailable';
  let worst: Finding | null = null;
  if (threshold !== null) {
    for (const f of findings) {
      if (f.value === null || f.judgement === 'insufficient' || f.judgement === 'undefined') continue;
      if (
        worst === null ||
        (threshold.bound === 'min' ? f.value < (worst.value as number) : f.value > (worst.value as number))
      )
        worst = f;
    }
  }
  const why =
    status === 'unavailable' && threshold !== null
      ? (reason ?? (findings.length === 0 ? 'metric_not_computed' : 'value_undefined'))
      : reason;
  return {
    measure: measure.name,
    evidenceKind: measure.kind,
    threshold,
    status,
    reason: why,
    counts,
    worst,
    findings,
  };
}

function thresholdReason(result: AuditResult, spec: MeasureSpec): string | null {
  if (spec.scope === 'calibration')
    return result.settings.score === null
      ? 'no_scores'
      : result.calibration.length === 0
        ? 'no_calibration'
        : null;
  if (spec.scope === 'missing') return result.data.missing.length === 0 ? 'no_missing_records' : null;
  if (spec.scope === 'robustness' || spec.scope === 'counterfactual') {
    return result.robustness === undefined || result.robustness === null
      ? 'robustness_not_run'
      : spec.scope === 'counterfactual'
        ? 'no_counterfactual'
        : 'no_perturbations';
  }
  if (spec.base.includes('scoring_rate'))
    return result.settings.score === null ? 'no_scores' : 'scoring_rate_not_computed';
  if (
    result.task === 'regression' &&
    spec.base.some((b) =>
      ['selection_rate', 'true_positive_rate', 'false_positive_rate', 'accuracy', 'roc_auc'].includes(b),
    )
  )
    return 'regression_task';
  if (spec.scope !== 'overall' && result.settings.sensitive.length === 0) return 'no_sensitive_features';
  return null;
}

/**
 * Evaluates every threshold in effect and every info measure on an audit result.
 *
 * Threshold measures produce findings judged `pass`/`fail`; a group under the audit's minimum
 * group size (`insufficient: true` or `n < settings.minGroupSize`) is `insufficient` and never
 * fails. Feature-level disparities (`*_difference`, `*_ratio`, `equalized_odds_*`) are
 * recomputed from the per-group records over the groups with enough rows — with no small group
 * they equal the engine's `between_groups` disparity — and the number left out is recorded.
 * The impact ratio is each group's selection rate over the highest rate among groups with
 * enough rows (the four-fifths rule's arithmetic). A check is `fail` if any finding fails,
 * `pass` if some pass, `insufficient` if every group was too small, `unavailable` when the
 * result has nothing to judge (e.g. ECE without scores; `reason` names why).
 *
 * @example
 * const checks = evaluateChecks(result, { impact_ratio: { bound: 'min', value: 0.8 } }, { requireSignificance: false, ll144: null });
 * checks[0].status // 'fail' when some group's selection rate is under 80% of the highest
 */
export function evaluateChecks(
  result: AuditResult,
  thresholds: Record<string, Threshold>,
  options: CheckOptions,
): CheckResult[] {
  const out: CheckResult[] = [];
  for (const [name, threshold] of Object.entries(thresholds)) {
    const spec = resolveMeasure(name);
    let findings: Finding[];
    if (spec.scope === 'group') findings = groupFindings(result, spec, threshold, options);
    else if (spec.scope === 'feature') findings = featureFindings(result, spec, threshold, options);
    else if (spec.scope === 'overall') findings = overallFindings(result, spec, threshold);
    else if (spec.scope === 'calibration') findings = calibrationFindings(result, threshold);
    else if (spec.scope === 'missing') findings = missingFindings(result, threshold);
    else if (spec.scope === 'robustness') findings = robustnessFindings(result, spec, threshold);
    else if (spec.scope === 'counterfactual') findings = counterfactualFindings(result, threshold);
    else findings = [];
    out.push(
      summarise(spec, threshold, findings, findings.length === 0 ? thresholdReason(result, spec) : null),
    );
  }
  for (const spec of INFO_MEASURES) {
    const { findings, reason } = infoFindings(result, spec.name, options.ll144);
    out.push(summarise(spec, null, findings, reason));
  }
  return out;
}
