import type { Counts } from '../metrics/confusion.js';
import { countsOf } from '../metrics/confusion.js';
import { NAMED_DISPARITIES, difference, ratio, type GroupValue } from '../metrics/disparities.js';
import { groupDelong } from '../metrics/score-store.js';
import {
  benjaminiHochberg,
  chiSquareTest,
  clopperPearsonInterval,
  delongCompareOf,
  delongIntervalOf,
  holm,
  katzLogInterval,
  meanInterval,
  newcombeInterval,
  percentileInterval,
  proportionTest,
  wilsonInterval,
} from '../stats/index.js';
import type { Level } from './finalize.js';
import type { AuditSettings, DisparityRecord, Interval, MetricRecord } from './types.js';

/** Rate metrics as (successes, trials) of the confusion counts: their intervals have closed forms. */
const RATES: Record<string, (k: Counts) => [number, number]> = {
  accuracy: (k) => [k.tp + k.tn, k.tp + k.tn + k.fp + k.fn],
  precision: (k) => [k.tp, k.tp + k.fp],
  recall: (k) => [k.tp, k.tp + k.fn],
  true_positive_rate: (k) => [k.tp, k.tp + k.fn],
  false_positive_rate: (k) => [k.fp, k.fp + k.tn],
  false_negative_rate: (k) => [k.fn, k.fn + k.tp],
  true_negative_rate: (k) => [k.tn, k.tn + k.fp],
  selection_rate: (k) => [k.tp + k.fp, k.tp + k.tn + k.fp + k.fn],
};

/**
 * Confusion-based metrics evaluated on one replicate's counts (for the bootstrap), with
 * the point estimates' rules: NaN (skipped) when the replicate gives the group no weight
 * at all, 0 for an empty denominator otherwise (scikit-learn zero_division=0).
 */
const FROM_COUNTS: Record<string, (k: Counts) => number> = {
  ...Object.fromEntries(
    Object.entries(RATES).map(([name, f]) => [
      name,
      (k: Counts) => {
        if (k.tp + k.tn + k.fp + k.fn === 0) return Number.NaN;
        const [x, n] = f(k);
        return n === 0 ? 0 : x / n;
      },
    ]),
  ),
  balanced_accuracy: (k) => {
    const P = k.tp + k.fn;
    const N = k.tn + k.fp;
    if (P > 0 && N > 0) return (k.tp / P + k.tn / N) / 2;
    return P > 0 ? k.tp / P : N > 0 ? k.tn / N : Number.NaN;
  },
  f1: (k) =>
    k.tp + k.tn + k.fp + k.fn === 0 ? Number.NaN : 2 * k.tp + k.fp + k.fn === 0 ? 0 : (2 * k.tp) / (2 * k.tp + k.fp + k.fn),
  treatment_equality: (k) => (k.fp === 0 ? Number.NaN : k.fn / k.fp),
};

function key(metric: string, feature: string | null, group: string | null): string {
  return `${metric}\u0000${feature}\u0000${group}`;
}

function asInterval(b: readonly [number, number] | null | undefined): Interval | null {
  return b ? [b[0], b[1]] : null;
}

/** Which groups of a level count as sufficient evidence. */
export function sufficientGroups(level: Level, rowsOf: (g: number) => number, total: number, settings: AuditSettings): boolean[] {
  return level.groups.map((_, g) => {
    const n = rowsOf(g);
    if (n < settings.minGroupSize) return false;
    if (settings.minGroupShare !== null && total > 0 && n / total < settings.minGroupShare) return false;
    return true;
  });
}

/**
 * Adds uncertainty to the records, in place: intervals for per-group metrics (Wilson or
 * Clopper–Pearson for rates, DeLong for ROC AUC, t intervals for regression means,
 * Poisson-bootstrap percentiles for the rest when replicates were kept); for disparities
 * between groups, Newcombe / Katz intervals and a two-proportion z or Fisher test of the
 * extreme groups, a chi-square test across all groups, DeLong for AUC gaps, and
 * multiple-comparison control; and each disparity over sufficient groups only.
 */
export function annotateUncertainty(
  levels: Level[],
  metrics: MetricRecord[],
  disparities: DisparityRecord[],
  settings: AuditSettings,
  totalRows: number,
): Record<string, string> {
  const level95 = settings.confidenceLevel;
  const byKey = new Map(metrics.map((m) => [key(m.metric, m.feature, m.group), m]));
  const rateInterval = settings.interval === 'wilson' ? wilsonInterval : clopperPearsonInterval;
  const R = settings.bootstrap;
  const classification = settings.task === 'classification';

  // Per-replicate counts of a group (bootstrap).
  const replicateCounts = (level: Level, g: number): Counts[] | null => {
    const boot = level.states.bootstrap;
    if (!boot || R === 0) return null;
    const out: Counts[] = [];
    for (let r = 0; r < R; r++) {
      const o = (g * R + r) * 4;
      const s = boot.sums;
      out.push({ tn: s[o] ?? 0, fp: s[o + 1] ?? 0, fn: s[o + 2] ?? 0, tp: s[o + 3] ?? 0, rows: 0 });
    }
    return out;
  };

  for (const level of levels) {
    level.groups.forEach((group, g) => {
      const record = (metric: string) => byKey.get(key(metric, level.feature, group));
      if (classification) {
        const k = countsOf(level.states.confusion!, g);
        for (const [metric, f] of Object.entries(RATES)) {
          const r = record(metric);
          if (!r) continue;
          const [x, n] = f(k);
          r.ci = n > 0 ? asInterval(rateInterval(x, n, level95)) : null;
        }
        const auc = record('roc_auc');
        if (auc && level.states.store) {
          const d = delongIntervalOf(groupDelong(level.states.store, g), level95);
          auc.ci = asInterval(d?.ci);
        }
        const reps = replicateCounts(level, g);
        if (reps) {
          for (const [metric, f] of Object.entries(FROM_COUNTS)) {
            const r = record(metric);
            if (!r || r.ci) continue;
            r.ci = asInterval(percentileInterval(reps.map(f), level95, { nonFinite: 'drop' }));
          }
        }
      } else {
        const s = level.states.regression!;
        const w = s.weight[g] ?? 0;
        const set = (metric: string, b: readonly [number, number] | null) => {
          const r = record(metric);
          if (r) r.ci = asInterval(b);
        };
        // Sums past the double range (huge labels or predictions) have no interval; the
        // values themselves are null with a not_finite warning.
        const interval = (sum: number, sumSq: number) =>
          Number.isFinite(w) && Number.isFinite(sum) && Number.isFinite(sumSq) ? meanInterval(w, sum, sumSq, level95) : null;
        set('mean_absolute_error', interval(s.sumAbs[g], s.sumSq[g]));
        const mse = interval(s.sumSq[g], s.sumE4[g]);
        set('mean_squared_error', mse);
        set('root_mean_squared_error', mse ? [Math.sqrt(Math.max(0, mse[0])), Math.sqrt(mse[1])] : null);
        set('mean_prediction', interval(s.sumPred[g], s.sumPredSq[g]));
        const mean = s.meanY[g];
        set('mean_label', interval(w * mean, s.m2Y[g] + w * mean * mean));
      }
    });
  }

  // Disparities.
  const overall = levels[0];
  const pForAdjust = new Map<string, { records: DisparityRecord[]; p: number | null }>();
  for (const level of levels.slice(1)) {
    const feature = level.feature!;
    const rowsOf = (g: number) =>
      level.states.confusion ? (level.states.confusion.rows[g] ?? 0) : (level.states.regression?.rows[g] ?? 0);
    const sufficient = sufficientGroups(level, rowsOf, totalRows, settings);
    const valueOf = (metric: string, g: number) => byKey.get(key(metric, feature, level.groups[g]))?.value ?? null;
    const overallOf = (metric: string) => byKey.get(key(metric, null, null))?.value ?? null;
    const excluded = level.groups.filter((_, g) => !sufficient[g]) as string[];
    const tests = new Map<string, { p: number | null; test: string | null; chi: number | null; ci: Interval | null; ratioCi: Interval | null }>();
    const groupValues = new Map<string, GroupValue[]>();

    for (const record of disparities.filter((d) => d.feature === feature)) {
      const kind = record.metric.endsWith('_difference') ? 'difference' : record.metric.endsWith('_ratio') ? 'ratio' : null;
      if (kind === null) continue;
      const name = record.metric.slice(0, -(kind.length + 1));
      const bases = NAMED_DISPARITIES.find((d) => d.name === name)?.bases ?? [name];
      const fn = kind === 'difference' ? difference : ratio;
      const values = (base: string, only: boolean[] | null): GroupValue[] => {
        // the same few bases come back for every disparity record: each list is made once
        const id = `${base}\u0000${only === null ? 'all' : 'sufficient'}`;
        let list = groupValues.get(id);
        if (list === undefined) {
          list = level.groups.map((group, g) => ({ group: group!, value: valueOf(base, g) })).filter((_, g) => only === null || only[g]);
          groupValues.set(id, list);
        }
        return list;
      };
      const worst = (parts: (number | null)[]) => {
        const defined = parts.filter((p): p is number => p !== null);
        return defined.length === 0 ? null : kind === 'difference' ? Math.max(...defined) : Math.min(...defined);
      };
      // Over sufficient groups only.
      record.excluded_groups = excluded;
      record.value_sufficient =
        excluded.length === 0
          ? record.value
          : worst(bases.map((b) => fn(values(b, sufficient), overallOf(b), record.method)));

      // Bootstrap interval of the disparity itself (confusion-based bases).
      if (R > 0 && classification && bases.every((b) => b in FROM_COUNTS)) {
        const groupReps = level.groups.map((_, g) => replicateCounts(level, g)!);
        const overallReps = replicateCounts(overall, 0)!;
        const reps: number[] = [];
        for (let r = 0; r < R; r++) {
          const parts = bases.map((b) => {
            const f = FROM_COUNTS[b];
            const gv = level.groups.map((group, g) => ({ group: group!, value: clean(f(groupReps[g][r])) }));
            return fn(gv, clean(f(overallReps[r])), record.method);
          });
          reps.push(worst(parts) ?? Number.NaN);
        }
        record.ci = asInterval(percentileInterval(reps, level95, { nonFinite: 'drop' }));
      }
      if (record.method !== 'between_groups') continue;

      // Tests between the groups with the extreme values of the base that decides the value.
      let decisive = bases[0];
      let best: number | null = null;
      for (const b of bases) {
        const v = fn(values(b, null), overallOf(b), 'between_groups');
        if (v !== null && (best === null || (kind === 'difference' ? v > best : v < best))) {
          best = v;
          decisive = b;
        }
      }
      const cacheKey = decisive;
      let t = tests.get(cacheKey);
      if (t === undefined) {
        t = { p: null, test: null, chi: null, ci: null, ratioCi: null };
        const gv = values(decisive, null);
        let lo = -1;
        let hi = -1;
        gv.forEach((v, g) => {
          if (v.value === null) return;
          if (lo < 0 || v.value < gv[lo].value!) lo = g;
          if (hi < 0 || v.value > gv[hi].value!) hi = g;
        });
        if (lo >= 0 && hi >= 0 && lo !== hi) {
          if (classification && decisive in RATES) {
            const [x1, n1] = RATES[decisive](countsOf(level.states.confusion!, hi));
            const [x2, n2] = RATES[decisive](countsOf(level.states.confusion!, lo));
            const test = proportionTest(x1, n1, x2, n2);
            t.p = test?.pValue ?? null;
            t.test = test?.method ?? null;
            t.ci = asInterval(newcombeInterval(x1, n1, x2, n2, level95));
            t.ratioCi = asInterval(katzLogInterval(x2, n2, x1, n1, level95));
            const table = level.groups
              .map((_, g) => RATES[decisive](countsOf(level.states.confusion!, g)))
              .filter(([, n]) => n > 0)
              .map(([x, n]) => [x, n - x]);
            if (table.length >= 2) t.chi = chiSquareTest(table).pValue;
          } else if (classification && decisive === 'roc_auc' && level.states.store) {
            const store = level.states.store;
            const cmp = delongCompareOf(groupDelong(store, hi), groupDelong(store, lo), level95);
            t.p = cmp?.pValue ?? null;
            t.test = cmp ? 'delong' : null;
            t.ci = asInterval(cmp?.ci);
          }
        }
        tests.set(cacheKey, t);
        pForAdjust.set(`${feature}\u0000${cacheKey}`, { records: [], p: t.p });
      }
      if (t.test !== null) {
        record.p_value = t.p;
        record.test = t.test;
        record.chi_square_p_value = t.chi;
        if (!record.ci) record.ci = kind === 'difference' ? t.ci : t.ratioCi;
        pForAdjust.get(`${feature}\u0000${cacheKey}`)!.records.push(record);
      }
    }
  }
  // One test per feature and decisive base (a difference and its ratio share it).
  const entries = [...pForAdjust.values()].filter((e) => e.p !== null);
  const raw = entries.map((e) => e.p);
  const adjusted = settings.multipleComparison === 'holm' ? holm(raw) : benjaminiHochberg(raw);
  const alpha = 1 - level95;
  entries.forEach((e, i) => {
    for (const r of e.records) {
      r.p_adjusted = adjusted[i];
      r.significant = adjusted[i] === null ? null : adjusted[i] < alpha;
    }
  });
  return {
    intervals: `${Math.round(level95 * 1000) / 10}% — rates: ${settings.interval === 'wilson' ? 'Wilson score' : 'Clopper–Pearson exact'}; ROC AUC: DeLong; regression means: t; disparities between groups: Newcombe (difference) and Katz log (ratio) for the two extreme groups${R > 0 ? `; other confusion-based metrics and disparities: Poisson bootstrap percentiles, ${R} replicates, seed ${settings.seed}` : ''}`,
    significance: `two-proportion z test, or Fisher's exact test when an expected count is below 5, between the groups with the highest and lowest rate; chi-square across all groups; DeLong for ROC AUC; ${settings.multipleComparison === 'holm' ? 'Holm' : 'Benjamini–Hochberg'} adjustment over ${raw.filter((p) => p !== null).length} tests, significant at ${Math.round(alpha * 1000) / 1000}`,
    small_groups: `groups with fewer than ${settings.minGroupSize} rows${settings.minGroupShare !== null ? ` or less than ${settings.minGroupShare * 100}% of the rows` : ''} are insufficient evidence: flagged, and left out of value_sufficient`,
  };
}

function clean(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
