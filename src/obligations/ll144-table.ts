import type { AuditResult, MetricRecord } from '../audit/types.js';
import { keyword } from '../core/keyword.js';
import { isUnknownGroup } from './evaluate-checks.js';
import type { Ll144Category, Ll144Options, Ll144Row, Ll144Table } from './types.js';

/** Default LL144 options: detect sex and race columns, apply the optional 2% exclusion. */
export const DEFAULT_LL144: Ll144Options = {
  sex: null,
  race: null,
  minCategoryShare: 0.02,
  excludeSmallCategories: true,
};

const SEX = [/^(sex|gender)$/i, /sex|gender|성별/i];
const RACE = [/^(race|ethnicity|race_ethnicity)$/i, /race|ethnic|인종|민족/i];

function detect(features: string[], patterns: RegExp[]): string | null {
  for (const p of patterns) {
    const hit = features.find((f) => p.test(f));
    if (hit) return hit;
  }
  return null;
}

function rateRecords(result: AuditResult, metric: string, feature: string): MetricRecord[] {
  return result.metrics.filter((m) => m.metric === metric && m.feature === feature && m.group !== null);
}

/** Rows of each group of a feature: the data section when it has the feature, else the metric records. */
function groupCounts(result: AuditResult, feature: string): Map<string, number> {
  const summary = result.data.groups.find((g) => g.feature === feature);
  if (summary) return new Map(summary.groups.map((g) => [g.group, g.n]));
  const out = new Map<string, number>();
  for (const m of result.metrics)
    if (m.feature === feature && m.group !== null && !out.has(m.group)) out.set(m.group, m.n);
  return out;
}

function category(
  result: AuditResult,
  options: Ll144Options,
  dimension: Ll144Category['dimension'],
  feature: string,
  rate: 'selection' | 'scoring',
): Ll144Category | null {
  const records = rateRecords(result, rate === 'selection' ? 'selection_rate' : 'scoring_rate', feature);
  if (records.length === 0) return null;
  const total = result.rows > 0 ? result.rows : result.data.rows;
  const min = result.settings.minGroupSize;
  const rows: Ll144Row[] = records
    .filter((r) => !isUnknownGroup(r.group))
    .map((r) => {
      const share = total > 0 ? r.n / total : 0;
      return {
        group: r.group as string,
        n: r.n,
        share,
        rate: r.value,
        impactRatio: null,
        excluded: options.excludeSmallCategories && share < options.minCategoryShare,
        insufficient: r.insufficient === true || r.n < min,
      };
    });
  let reference: Ll144Row | null = null;
  for (const r of rows) {
    if (r.excluded || r.rate === null) continue;
    if (reference === null || r.rate > (reference.rate as number)) reference = r;
  }
  const ref = reference?.rate ?? null;
  for (const r of rows)
    r.impactRatio = r.excluded || r.rate === null || ref === null || ref === 0 ? null : r.rate / ref;
  return { dimension, feature, rate, referenceGroup: reference?.group ?? null, rows };
}

/**
 * The NYC Local Law 144 bias-audit table (6 RCNY 5-301): per category of sex, race/ethnicity
 * and their intersection, the selection rate (`selection_rate` records) and, for scoring
 * tools, the scoring rate (`scoring_rate` records: share of the group with a score above the
 * full sample's median, `score_median`), each with its impact ratio = rate / highest rate among
 * the categories included.
 *
 * Rows whose category is unknown (the engine's `(missing)` group, also inside intersections)
 * are left out of the rates and counted in `unknown`. With `excludeSmallCategories`, a
 * category under `minCategoryShare` of the audit data (default 2%, 6 RCNY 5-301(d)) gets no
 * impact ratio and cannot be the reference, but its count and rate stay in the table.
 * When no sex or race feature is named or detected (`sex`/`gender`, `race`/`ethnicity`), every
 * sensitive feature is tabulated and a note says so. LL144 sets no pass mark: the table is
 * published evidence, never a breach by itself.
 *
 * @example
 * const table = ll144Table(result, DEFAULT_LL144);
 * table.categories.find((c) => c.dimension === 'sex')?.rows // [{ group: 'Female', rate: 0.076, impactRatio: 0.302, … }, …]
 */
export function ll144Table(result: AuditResult, options: Ll144Options = DEFAULT_LL144): Ll144Table {
  const present = [
    ...new Set(result.metrics.filter((m) => m.feature !== null).map((m) => m.feature as string)),
  ];
  const singles = present.filter((f) => !f.includes(' & '));
  const pick = (given: string | null, what: string, patterns: RegExp[]): string | null =>
    given !== null ? keyword(`${what} feature`, given, singles) : detect(singles, patterns);
  const sex = pick(options.sex, 'sex', SEX);
  const race = pick(options.race, 'race', RACE);
  const notes: string[] = [];
  const dims: { dimension: Ll144Category['dimension']; feature: string }[] = [];
  if (sex === null && race === null) {
    notes.push('sex_race_not_identified');
    for (const f of present)
      dims.push({ dimension: f.includes(' & ') ? 'intersection' : 'other', feature: f });
  } else {
    if (sex === null) notes.push('sex_not_identified');
    if (race === null) notes.push('race_not_identified');
    if (sex !== null) dims.push({ dimension: 'sex', feature: sex });
    if (race !== null) dims.push({ dimension: 'race', feature: race });
    if (sex !== null && race !== null) {
      const inter = present.find((f) => f === `${sex} & ${race}` || f === `${race} & ${sex}`);
      if (inter) dims.push({ dimension: 'intersection', feature: inter });
      else notes.push('no_intersection');
    }
  }
  const categories: Ll144Category[] = [];
  for (const rate of ['selection', 'scoring'] as const) {
    for (const d of dims) {
      const c = category(result, options, d.dimension, d.feature, rate);
      if (c) categories.push(c);
    }
  }
  if (result.task === 'classification' && !categories.some((c) => c.rate === 'selection'))
    notes.push('no_selection_rate');
  if (result.settings.score !== null && !categories.some((c) => c.rate === 'scoring'))
    notes.push('scoring_rate_not_computed');

  // Unknown category: the (missing) group of each single feature; the exact total needs the intersection.
  const byFeature: { feature: string; n: number }[] = [];
  for (const d of dims) {
    if (d.dimension === 'intersection') continue;
    let n = 0;
    for (const [group, count] of groupCounts(result, d.feature)) if (isUnknownGroup(group)) n += count;
    byFeature.push({ feature: d.feature, n });
  }
  const inter = dims.find((d) => d.dimension === 'intersection');
  let total: number | null = null;
  if (inter) {
    total = 0;
    for (const [group, count] of groupCounts(result, inter.feature))
      if (isUnknownGroup(group)) total += count;
  } else if (byFeature.length === 1) total = byFeature[0].n;
  else if (byFeature.every((u) => u.n === 0)) total = 0;
  else notes.push('unknown_total_needs_intersection');

  const median = result.metrics.find((m) => m.metric === 'score_median' && m.feature === null);
  return {
    rows: result.rows,
    sexFeature: sex,
    raceFeature: race,
    scoreMedian: median?.value ?? null,
    minCategoryShare: options.minCategoryShare,
    excludeSmallCategories: options.excludeSmallCategories,
    unknown: { total, byFeature },
    categories,
    notes,
  };
}
