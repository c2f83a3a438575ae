import { AuditError } from '../core/errors.js';
import { intersectionName } from './intersection-name.js';
import {
  aif360Comparisons,
  betweenGroupEntropyIndex,
  flipCounts,
  generalizedEntropyIndex,
  type Aif360Note,
} from '../metrics/aif360.js';
import {
  CLASSIFICATION_METRICS,
  REGRESSION_METRICS,
  type GroupStates,
  type MetricDefinition,
  type Note,
  type NoteReason,
} from '../metrics/classification-metrics.js';
import { countsOf, type Counts } from '../metrics/confusion.js';
import {
  NAMED_DISPARITIES,
  NO_DISPARITY,
  difference,
  extremes,
  ratio,
  type DisparityMethod,
  type GroupValue,
} from '../metrics/disparities.js';
import { MISSING_GROUP } from '../metrics/columns.js';
import { UNIT_BINS, aucOf, finishStore, groupRuns, groupScoreMass, mergeRuns } from '../metrics/score-store.js';
import { clopperPearsonInterval, wilsonInterval } from '../stats/index.js';
import type { AuditEngine, EngineStates } from './engine.js';
import { annotateUncertainty, sufficientGroups } from './uncertainty.js';
import type {
  Aif360Record,
  AuditSettings,
  CalibrationRecord,
  DataSection,
  DisparityRecord,
  GroupSummary,
  MetricRecord,
  RocRecord,
  WarningRecord,
} from './types.js';

/** A way of grouping rows: overall, one feature, or the intersection of features. */
export interface Level {
  feature: string | null;
  groups: (string | null)[];
  /** `map[cell] = group index`. */
  map: Int32Array;
  states: EngineStates;
}

/** Orders group names: numbers numerically, text by code point, the missing group last. */
export function compareGroups(a: string, b: string): number {
  if (a === b) return 0;
  if (a === MISSING_GROUP) return 1;
  if (b === MISSING_GROUP) return -1;
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a < b ? -1 : 1;
}

/** The levels to report: overall, each sensitive feature, and their intersection. */
export function levelsOf(engine: AuditEngine, intersect: boolean): Level[] {
  const tuples = engine.cells.tuples;
  const cells = Math.max(tuples.length, 1);
  const levels: Level[] = [];
  const overall = new Int32Array(cells);
  levels.push({ feature: null, groups: [null], map: overall, states: engine.collapse(overall, 1) });
  const features = engine.spec.sensitive;
  const ranks: Int32Array[] = [];
  features.forEach((feature, f) => {
    const names = engine.dictionaries[f].names;
    const present = [...new Set(tuples.map((t) => t[f]))].sort((a, b) => compareGroups(names[a], names[b]));
    const rank = new Int32Array(names.length).fill(-1);
    present.forEach((code, r) => (rank[code] = r));
    ranks.push(rank);
    const map = Int32Array.from(tuples, (t) => rank[t[f]]);
    levels.push({ feature, groups: present.map((c) => names[c]), map, states: engine.collapse(map, present.length) });
  });
  if (intersect && features.length >= 2) {
    // each cell's key (its features' ranks), and the first cell of each key
    const cellKeys = tuples.map((t) => t.map((code, f) => ranks[f][code]).join(','));
    const firstCell = new Map<string, number>();
    cellKeys.forEach((k, cell) => {
      if (!firstCell.has(k)) firstCell.set(k, cell);
    });
    const keys = [...firstCell.keys()];
    const ranked = keys.map((k) => k.split(',').map(Number));
    const order = ranked
      .map((r, i) => ({ r, i }))
      .sort((a, b) => {
        for (let f = 0; f < a.r.length; f++) if (a.r[f] !== b.r[f]) return a.r[f] - b.r[f];
        return 0;
      });
    const index = new Map<string, number>();
    order.forEach(({ i }, g) => index.set(keys[i], g));
    const map = Int32Array.from(cellKeys, (k) => index.get(k)!);
    const groups = order.map(({ i }) => {
      const tuple = tuples[firstCell.get(keys[i])!];
      return intersectionName(tuple.map((code, f) => engine.groupName(f, code)));
    });
    levels.push({ feature: features.join(' & '), groups, map, states: engine.collapse(map, groups.length) });
  }
  return levels;
}

/** Collects value notes into grouped warnings. */
class Warnings {
  private readonly byKey = new Map<string, { record: WarningRecord; groups: string[] }>();
  readonly list: WarningRecord[] = [];

  note(metric: string, feature: string | null, group: string | null, note: Note, reason?: NoteReason): void {
    const code = reason ?? note;
    const key = `${metric}\u0000${feature}\u0000${code}`;
    let entry = this.byKey.get(key);
    if (entry === undefined) {
      entry = { record: { code, message: '', metric, feature }, groups: [] };
      this.byKey.set(key, entry);
      this.list.push(entry.record);
    }
    entry.groups.push(group ?? 'overall');
    entry.record.message = noteMessage(metric, reason === undefined ? NOTE_TEXT[note] : REASON_TEXT[reason], feature, entry.groups);
  }

  add(record: WarningRecord): void {
    this.list.push(record);
  }
}

const NOTE_TEXT: Record<Note, string> = {
  zero_division: 'has a zero denominator; reported as 0 (scikit-learn zero_division=0)',
  single_class: 'is undefined (only one class in the label); reported as null',
  score_out_of_range: 'is undefined (scores outside [0, 1]); reported as null',
  undefined: 'is undefined (zero denominator); reported as null',
};

const REASON_TEXT: Record<NoteReason, string> = {
  zero_weight: "is undefined (the group's weights sum to 0: 0/0, NaN in Fairlearn); reported as null and left out of disparities",
  constant_label: 'has a constant label (no variance); reported as 0 (scikit-learn force_finite)',
  constant_label_exact: 'has a constant label (no variance), predicted exactly; reported as 1 (scikit-learn force_finite)',
  too_few_rows: 'is undefined with fewer than two rows (NaN in scikit-learn); reported as null',
  not_finite: 'is not a finite number (a sum overflowed the double range); reported as null',
};

function noteMessage(metric: string, text: string, feature: string | null, groups: string[]): string {
  const shown = groups.slice(0, 8).join(', ') + (groups.length > 8 ? `, … (${groups.length} groups)` : '');
  return `${metric} ${text}${feature === null ? '' : ` for ${feature}: ${shown}`}`;
}

/**
 * Weighted sums past the largest double (1.8e308) are Infinity, and every rate then
 * 0·∞ or ∞/∞: refuse such weights with the column's name rather than report nulls.
 */
function checkWeightTotal(overall: Level, settings: AuditSettings): void {
  if (settings.weight === null) return;
  const { confusion, regression } = overall.states;
  let total = regression?.weight[0] ?? 0;
  if (confusion) {
    const k = countsOf(confusion, 0);
    total = k.tn + k.fp + k.fn + k.tp;
  }
  if (!Number.isFinite(total)) {
    throw new AuditError(
      `weights in column ${settings.weight} sum to more than the largest double (1.8e308); rescale them (e.g. divide by their maximum)`,
    );
  }
}

function groupStates(states: EngineStates): GroupStates {
  return {
    confusion: states.confusion ?? undefined,
    sums: states.sums ?? undefined,
    store: states.store ?? undefined,
    regression: states.regression ?? undefined,
  };
}

function rowsOf(states: EngineStates, g: number): number {
  return states.confusion ? (states.confusion.rows[g] ?? 0) : (states.regression?.rows[g] ?? 0);
}

/** Everything `audit()` reports, computed from a filled engine. */
export interface Finalized {
  metrics: MetricRecord[];
  disparities: DisparityRecord[];
  aif360: Aif360Record[];
  calibration: CalibrationRecord[];
  roc: RocRecord[];
  data: DataSection;
  warnings: WarningRecord[];
  methods: Record<string, string>;
}

/** Options of the finalisation that are not the engine's. */
export interface FinalizeOptions {
  settings: AuditSettings;
  /** Favourable labels for the AIF360 section (as given by the user); default the positive class. */
  favorable: string[];
  /** α of `generalized_entropy_index` (AIF360's default 2). */
  entropyAlpha: number;
}

/**
 * Warnings for features named by whole numbers beyond ±2^53: numbers are carried as 64-bit
 * floats, so distinct values there (IDs, say) may have become one group. Read from the group
 * names alone, so every engine, thread count and merge warns alike.
 */
function inexactGroupWarnings(levels: readonly Level[]): WarningRecord[] {
  const out: WarningRecord[] = [];
  for (const level of levels) {
    if (level.feature === null || level.feature.includes(' & ')) continue;
    const big = level.groups.find((g) => g !== null && /^-?\d+(\.0)?$|^-?\d(\.\d+)?e\+\d+$/.test(g) && Math.abs(Number(g)) >= 2 ** 53);
    if (big === undefined) continue;
    out.push({
      code: 'inexact_groups',
      message: `${level.feature} holds numbers beyond ±2^53 (e.g. ${big}), carried as 64-bit floats: distinct values may share a group; read the column as text (--column-type ${level.feature}=string) to keep them apart`,
      feature: level.feature,
    });
  }
  return out;
}

/** Turns a filled engine into values: metrics per group, disparities, AIF360, data section. */
export function finalize(engine: AuditEngine, options: FinalizeOptions): Finalized {
  const { settings } = options;
  const warnings = new Warnings();
  if (settings.task === 'classification' && settings.positive !== null && engine.positives === 0 && engine.rows > 0) {
    // as scikit-learn refuses a pos_label that is not a label: most likely a typo
    throw new AuditError(
      `the positive class ${settings.positive} (--positive) never occurs in column ${settings.label}; labels are matched exactly, case included`,
    );
  }
  // Sort each cell's scores once; groups then merge sorted runs instead of re-sorting.
  if (engine.states.store) finishStore(engine.states.store);
  const levels = levelsOf(engine, settings.intersect);
  checkWeightTotal(levels[0], settings);
  for (const record of inexactGroupWarnings(levels)) warnings.add(record);
  const definitions: MetricDefinition[] = (
    settings.task === 'classification' ? CLASSIFICATION_METRICS : REGRESSION_METRICS
  ).filter((m) => m.needs === 'prediction' || settings.score !== null);

  const metrics: MetricRecord[] = [];
  const valuesByLevel = new Map<Level, Map<string, (number | null)[]>>();
  for (const level of levels) {
    const s = groupStates(level.states);
    const table = new Map<string, (number | null)[]>();
    valuesByLevel.set(level, table);
    for (const def of definitions) table.set(def.name, []);
    const sufficient = sufficientGroups(level, (g) => rowsOf(level.states, g), engine.rows, settings);
    level.groups.forEach((group, g) => {
      const n = rowsOf(level.states, g);
      for (const def of definitions) {
        const note = (n: Note, reason?: NoteReason) => warnings.note(def.name, level.feature, group, n, reason);
        const value = def.value(s, g, note);
        const clean = value === null || !Number.isFinite(value) ? null : value;
        if (value !== null && clean === null) note('undefined', 'not_finite');
        table.get(def.name)!.push(clean);
        const record: MetricRecord = { metric: def.name, feature: level.feature, group, value: clean, n };
        if (level.feature !== null && !sufficient[g]) record.insufficient = true;
        metrics.push(record);
      }
    });
  }

  if (settings.task === 'classification' && settings.score !== null) {
    metrics.push(...scoringRates(levels, settings, engine.rows, warnings));
  }

  const disparities: DisparityRecord[] = [];
  const overallLevel = levels[0];
  const overallValues = valuesByLevel.get(overallLevel)!;
  const methods: DisparityMethod[] = ['between_groups', 'to_overall'];
  for (const level of levels.slice(1)) {
    const feature = level.feature!;
    const table = valuesByLevel.get(level)!;
    const valuesOf = (metric: string): GroupValue[] =>
      level.groups.map((group, g) => ({ group: group!, value: table.get(metric)?.[g] ?? null }));
    const compositions = [
      ...NAMED_DISPARITIES.filter((d) => d.task === settings.task && d.bases.every((b) => table.has(b))),
      ...definitions
        .filter((d) => !NO_DISPARITY.has(d.name))
        .map((d) => ({ name: d.name, bases: [d.name], task: settings.task })),
    ];
    for (const comp of compositions) {
      for (const kind of ['difference', 'ratio'] as const) {
        for (const method of methods) {
          const parts = comp.bases.map((b) => {
            const fn = kind === 'difference' ? difference : ratio;
            return fn(valuesOf(b), overallValues.get(b)![0], method);
          });
          const defined = parts.filter((p): p is number => p !== null);
          // Several bases (equalized odds): the worst one — largest difference, smallest ratio.
          const value =
            defined.length === 0 ? null : kind === 'difference' ? Math.max(...defined) : Math.min(...defined);
          const record: DisparityRecord = { metric: `${comp.name}_${kind}`, feature, method, value };
          if (comp.bases.length === 1) {
            const { min, max } = extremes(valuesOf(comp.bases[0]));
            record.base = comp.bases[0];
            record.min_group = min?.group ?? null;
            record.max_group = max?.group ?? null;
          }
          disparities.push(record);
          if (value === null) {
            warnings.add({
              code: 'undefined_disparity',
              message: `${comp.name}_${kind} (${method}) is undefined for ${feature}`,
              metric: `${comp.name}_${kind}`,
              feature,
            });
          }
        }
      }
    }
    for (const def of definitions.filter((d) => !NO_DISPARITY.has(d.name))) {
      const { min, max } = extremes(valuesOf(def.name));
      disparities.push({
        metric: `${def.name}_group_min`,
        feature,
        method: 'between_groups',
        value: min?.value ?? null,
        base: def.name,
        min_group: min?.group ?? null,
        max_group: max?.group ?? null,
      });
      disparities.push({
        metric: `${def.name}_group_max`,
        feature,
        method: 'between_groups',
        value: max?.value ?? null,
        base: def.name,
        min_group: min?.group ?? null,
        max_group: max?.group ?? null,
      });
    }
  }

  const aif360 = settings.task === 'classification' ? aif360Records(engine, levels, options, warnings) : [];
  const calibration: CalibrationRecord[] = [];
  const roc: RocRecord[] = [];
  let maxBound = 0;
  if (settings.task === 'classification' && settings.score !== null) {
    for (const level of levels) {
      const sums = level.states.sums!;
      level.groups.forEach((group, g) => {
        const bins = [];
        for (let b = 0; b < sums.bins; b++) {
          const k = (g * sums.bins + b) * 3;
          const w = sums.calib[k];
          bins.push({
            lower: b / sums.bins,
            upper: (b + 1) / sums.bins,
            count: w,
            meanScore: w > 0 ? sums.calib[k + 1] / w : null,
            observedRate: w > 0 ? sums.calib[k + 2] / w : null,
          });
        }
        calibration.push({ feature: level.feature, group, bins });
        const auc = aucOf(level.states.store!, g);
        maxBound = Math.max(maxBound, auc.bound);
        if (auc.value !== null) roc.push({ feature: level.feature, group, fpr: auc.fpr, tpr: auc.tpr });
      });
    }
  }

  const methodNotes: Record<string, string> = {};
  if (settings.task === 'classification') {
    methodNotes.prediction =
      settings.prediction !== null && settings.threshold === null
        ? `column ${settings.prediction}`
        : `score > ${settings.threshold ?? 0.5} (strict, as scikit-learn's predict)`;
    methodNotes.zero_division = '0 for precision, recall, f1 and the rates (scikit-learn zero_division=0; Fairlearn)';
    if (settings.weight !== null) {
      methodNotes.zero_division += '; null for a group whose weights sum to 0 (Fairlearn NaN), which disparities skip';
    }
    if (settings.score !== null) {
      const store = levels[0].states.store!;
      methodNotes.roc_auc = store.binned
        ? `binned: ${UNIT_BINS} equal-width bins on [0, 1] (scores outside [0, 1]: bins of relative width 2^-12) as the distinct scores exceed ${settings.aucBudget}, or more than ${settings.aucBudget} scores arrive and over half of the first rows' scores are distinct; ties within a bin count ½; largest error bound over groups ${maxBound}`
        : 'exact (Mann–Whitney U with ties counted ½, equal to scikit-learn roc_auc_score)';
      methodNotes.log_loss = 'natural log, p clipped to [2.22e-16, 1 − 2.22e-16] (scikit-learn 1.2)';
      methodNotes.expected_calibration_error = `${settings.calibrationBins} equal-width bins on [0, 1]`;
      methodNotes.scoring_rate = store.binned
        ? `share of each group scoring above the full-sample median, computed on ${UNIT_BINS} score bins (approximate)`
        : 'share of each group scoring strictly above the exact full-sample median (NYC LL144 scoring rate)';
      if (store.binned) {
        warnings.add({
          code: 'roc_auc_binned',
          message: `roc_auc is approximate: scores binned past the AUC budget of ${settings.aucBudget} (too many distinct, or continuous, scores); error at most ${maxBound}`,
          metric: 'roc_auc',
        });
      }
    }
  }
  methodNotes.disparities =
    'difference: max − min (between_groups) or max |group − overall| (to_overall); ratio: min / max or min of group/overall inverted above 1 (Fairlearn 0.9)';


  Object.assign(methodNotes, annotateUncertainty(levels, metrics, disparities, settings, engine.rows));
  return {
    metrics,
    disparities,
    aif360,
    calibration,
    roc,
    data: dataSection(engine, levels, settings),
    warnings: warnings.list,
    methods: methodNotes,
  };
}

/**
 * NYC LL144's scoring rate: the share of each group whose score is strictly above the median
 * score of the whole sample (`score_median`: the middle score, the mean of the two middle
 * ones for an even count; weighted by sample weights when given). Exact while the score
 * store is; on bins once it is binned (bin centres).
 */
function scoringRates(levels: Level[], settings: AuditSettings, totalRows: number, warnings: Warnings): MetricRecord[] {
  const runs = groupRuns(levels[0].states.store!, 0);
  const all = mergeRuns(runs.pos, runs.neg);
  let total = 0;
  for (let i = 0; i < all.weights.length; i++) total += all.weights[i];
  if (total === 0) {
    warnings.add({
      code: 'zero_weight',
      message: 'score_median and scoring_rate are undefined (the weights sum to 0); left out',
      metric: 'scoring_rate',
    });
    return [];
  }
  const at = (k: number): number => {
    const { values, weights } = all;
    let cum = 0;
    for (let i = 0; i < values.length; i++) {
      cum += weights[i];
      if (cum >= k) return values[i];
    }
    return values[values.length - 1];
  };
  const median = Number.isInteger(total) ? (total % 2 === 1 ? at((total + 1) / 2) : (at(total / 2) + at(total / 2 + 1)) / 2) : at(total / 2);
  const out: MetricRecord[] = [{ metric: 'score_median', feature: null, group: null, value: median, n: totalRows }];
  for (const level of levels) {
    const store = level.states.store!;
    const sufficient = sufficientGroups(level, (g) => rowsOf(level.states, g), totalRows, settings);
    level.groups.forEach((group, g) => {
      const { weight, above } = groupScoreMass(store, g, median);
      if (!(weight > 0)) warnings.note('scoring_rate', level.feature, group, 'undefined', 'zero_weight');
      const record: MetricRecord = {
        metric: 'scoring_rate',
        feature: level.feature,
        group,
        value: weight > 0 ? above / weight : null,
        n: rowsOf(level.states, g),
      };
      if (weight > 0 && Number.isInteger(weight) && Number.isInteger(above)) {
        record.ci = wilsonOrExact(settings, above, weight);
      }
      if (level.feature !== null && !sufficient[g]) record.insufficient = true;
      out.push(record);
    });
  }
  return out;
}

function wilsonOrExact(settings: AuditSettings, x: number, n: number): [number, number] | null {
  const b = settings.interval === 'wilson' ? wilsonInterval(x, n, settings.confidenceLevel) : clopperPearsonInterval(x, n, settings.confidenceLevel);
  return b ? [b[0], b[1]] : null;
}

function aif360Records(engine: AuditEngine, levels: Level[], options: FinalizeOptions, warnings: Warnings): Aif360Record[] {
  const { settings } = options;
  const records: Aif360Record[] = [];
  const positive = settings.positive ?? '1';
  const favorables = options.favorable.length > 0 ? options.favorable : [positive];
  for (const { feature, value } of settings.privileged) {
    const level = levels.find((l) => l.feature === feature);
    if (level === undefined) {
      throw new AuditError(`privileged feature ${feature} is not a sensitive feature (sensitive: ${settings.sensitive.join(', ')})`);
    }
    const index = level.groups.indexOf(value);
    if (index < 0) {
      throw new AuditError(`privileged group ${feature}=${value} not found (groups: ${level.groups.join(', ')})`);
    }
    const others = level.groups.filter((_, g) => g !== index);
    const unprivilegedName = others.length === 1 ? others[0]! : 'others';
    const conf = level.states.confusion!;
    for (const favorable of favorables) {
      const flip = !sameLabel(favorable, positive);
      const orient = (k: Counts): Counts => (flip ? flipCounts(k) : k);
      const priv = orient(countsOf(conf, index));
      const unpriv = orient(
        level.groups.reduce<Counts>(
          (acc, _, g) => {
            if (g === index) return acc;
            const k = countsOf(conf, g);
            return { tp: acc.tp + k.tp, fp: acc.fp + k.fp, fn: acc.fn + k.fn, tn: acc.tn + k.tn, rows: acc.rows + k.rows };
          },
          { tp: 0, fp: 0, fn: 0, tn: 0, rows: 0 },
        ),
      );
      const all = orient(countsOf(levels[0].states.confusion!, 0));
      const favorableLabel: string | number = engine.labelNumeric && Number.isFinite(Number(favorable)) ? Number(favorable) : favorable;
      const base = { feature, privileged: value, unprivileged: unprivilegedName, favorable_label: favorableLabel };
      // Every null comes with a warning naming the metric and the cause.
      const push = (metric: string, v: number | null, reason: string | null): void => {
        const cleaned = clean(v);
        records.push({ metric, ...base, value: cleaned });
        if (cleaned !== null) return;
        warnings.add({
          code: 'undefined_aif360',
          message: `${metric} (AIF360) is undefined for ${feature} (privileged ${value}, favourable label ${favorable}): ${reason ?? 'not a finite number (overflow)'}; reported as null`,
          metric,
          feature,
        });
      };
      const reasons = new Map<string, string>();
      const comparisons = aif360Comparisons(priv, unpriv, (metric, reason) => reasons.set(metric, reason));
      for (const [metric, v] of Object.entries(comparisons) as [string, number | null][]) push(metric, v, reasons.get(metric) ?? null);
      const withReason = (metric: string, compute: (note: Aif360Note) => number | null): void => {
        let reason = null as string | null;
        const v = compute((r) => (reason = r));
        push(metric, v, reason);
      };
      withReason('theil_index', (note) => generalizedEntropyIndex(all, 1, note));
      withReason('generalized_entropy_index', (note) => generalizedEntropyIndex(all, options.entropyAlpha, note));
      withReason('between_group_theil_index', (note) => betweenGroupEntropyIndex([priv, unpriv], 1, note));
    }
  }
  return records;
}

function sameLabel(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  return a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && x === y;
}

function clean(v: number | null): number | null {
  return v === null || !Number.isFinite(v) ? null : v;
}

function dataSection(engine: AuditEngine, levels: Level[], settings: AuditSettings): DataSection {
  const rows = engine.rows;
  const groups: GroupSummary[] = [];
  const smallGroups: DataSection['smallGroups'] = [];
  for (const level of levels.slice(1)) {
    const summary: GroupSummary = { feature: level.feature!, groups: [] };
    const sufficient = sufficientGroups(level, (g) => rowsOf(level.states, g), rows, settings);
    level.groups.forEach((group, g) => {
      const n = rowsOf(level.states, g);
      let weight = n;
      let baseRate: number | null = null;
      if (level.states.confusion) {
        const k = countsOf(level.states.confusion, g);
        weight = k.tp + k.fp + k.fn + k.tn;
        baseRate = weight > 0 ? (k.tp + k.fn) / weight : null;
      } else if (level.states.regression) {
        weight = level.states.regression.weight[g] ?? 0;
      }
      summary.groups.push({ group: group!, n, weight, baseRate, share: rows > 0 ? n / rows : 0 });
      if (!sufficient[g]) smallGroups.push({ feature: level.feature!, group: group!, n });
    });
    groups.push(summary);
  }
  // Missing sensitive values: overall and within each group of the other features.
  const missing: DataSection['missing'] = [];
  settings.sensitive.forEach((column, f) => {
    const level = levels.find((l) => l.feature === column)!;
    const g = level.groups.indexOf(MISSING_GROUP);
    const count = g < 0 ? 0 : rowsOf(level.states, g);
    missing.push({ column, feature: null, group: null, missing: count, n: rows });
    if (count === 0) return;
    for (const other of levels.slice(1)) {
      if (other.feature === column || other.feature!.split(' & ').includes(column)) continue;
      other.groups.forEach((group, h) => {
        let m = 0;
        engine.cells.tuples.forEach((tuple, cell) => {
          if (other.map[cell] === h && engine.groupName(f, tuple[f]) === MISSING_GROUP) {
            m += engine.states.confusion?.rows[cell] ?? engine.states.regression?.rows[cell] ?? 0;
          }
        });
        missing.push({ column, feature: other.feature, group, missing: m, n: rowsOf(other.states, h) });
      });
    }
  });
  // Missing values of the other columns, overall and per group.
  for (const [column, counts] of engine.missing) {
    const total = counts.reduce((a, b) => a + b, 0);
    missing.push({ column, feature: null, group: null, missing: total, n: rows });
    if (total === 0) continue;
    for (const level of levels.slice(1)) {
      const per = new Float64Array(level.groups.length);
      for (let c = 0; c < level.map.length && c < counts.length; c++) per[level.map[c]] += counts[c];
      level.groups.forEach((group, g) => missing.push({ column, feature: level.feature, group, missing: per[g], n: rowsOf(level.states, g) }));
    }
  }
  return { rows, groups, missing, smallGroups, minGroupSize: settings.minGroupSize };
}
