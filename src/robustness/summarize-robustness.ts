import type { Interval, WarningRecord } from '../audit/types.js';
import { CLASSIFICATION_METRICS, type GroupStates, type Note } from '../metrics/classification-metrics.js';
import { difference, ratio, type GroupValue } from '../metrics/disparities.js';
import { studentTQuantile } from '../stats/distributions.js';
import { collapseOutcome, type GroupLevel } from './group-levels.js';
import { CHANGE_SLOTS, createOutcomeState, mergeOutcomes, type OutcomeState } from './outcome-state.js';
import type {
  CounterfactualRecord,
  DisparityChangeRecord,
  FlipRecord,
  ImportanceRecord,
  MetricChangeRecord,
} from './robustness-section.js';
import type { ImportanceMetric } from './robustness-spec.js';
import type { ImportancePlan, PerturbationPlan } from './suite-plan.js';

/** What {@link summarizeRobustness} reads: the filled states and how to break them down. */
export interface SummaryInput {
  levels: readonly GroupLevel[];
  clean: OutcomeState;
  perturbations: readonly PerturbationPlan[];
  importance: readonly ImportancePlan[];
  importanceMetric: ImportanceMetric | null;
  /** Whether the model gives scores (ROC AUC is reported). */
  hasScore: boolean;
  minGroupSize: number;
  confidenceLevel: number;
}

/** The tidy records of the robustness section. */
export interface RobustnessSummary {
  changes: MetricChangeRecord[];
  flips: FlipRecord[];
  disparities: DisparityChangeRecord[];
  counterfactual: CounterfactualRecord[];
  importance: ImportanceRecord[];
  warnings: WarningRecord[];
}

const DEFINITIONS = new Map(CLASSIFICATION_METRICS.map((d) => [d.name, d]));

/** Collects value notes into one warning per (context, metric, feature, note), listing groups. */
class Notes {
  private readonly byKey = new Map<string, { record: WarningRecord; groups: string[] }>();
  readonly list: WarningRecord[] = [];

  note(context: string, metric: string, feature: string | null, group: string | null, note: Note | 'nan_scores', text: string): void {
    const key = [context, metric, feature, note].join('\u0000');
    let entry = this.byKey.get(key);
    if (entry === undefined) {
      entry = { record: { code: `robustness_${note}`, message: '', metric, feature }, groups: [] };
      this.byKey.set(key, entry);
      this.list.push(entry.record);
    }
    if (!entry.groups.includes(group ?? 'overall')) entry.groups.push(group ?? 'overall');
    const shown = entry.groups.slice(0, 8).join(', ') + (entry.groups.length > 8 ? `, … (${entry.groups.length} groups)` : '');
    entry.record.message = `${context}: ${metric} ${text}${feature === null ? '' : ` for ${feature}: ${shown}`}`;
  }
}

const NOTE_TEXT: Record<Note, string> = {
  zero_division: 'has a zero denominator; reported as 0',
  single_class: 'is undefined (one class only); reported as null',
  score_out_of_range: 'is undefined (scores outside [0, 1]); reported as null',
  undefined: 'is undefined; reported as null',
};

function clean(v: number | null): number | null {
  return v === null || !Number.isFinite(v) ? null : v;
}

function sub(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : clean(a - b);
}

/** One metric of group g of a collapsed state (null with a warning when undefined). */
function metricOf(state: OutcomeState, name: string, g: number, onNote: (note: Note | 'nan_scores', text: string) => void): number | null {
  if (name === 'roc_auc' && state.nanScores > 0) {
    onNote('nan_scores', `is undefined: the model returned NaN scores for ${state.nanScores} rows; reported as null`);
    return null;
  }
  const def = DEFINITIONS.get(name)!;
  const states: GroupStates = { confusion: state.confusion ?? undefined, store: state.store ?? undefined };
  if (!states.confusion || (def.needs === 'score' && !states.store)) return null;
  return clean(def.value(states, g, (note) => onNote(note, NOTE_TEXT[note])));
}

function rowsOf(state: OutcomeState, g: number): number {
  return state.confusion?.rows[g] ?? 0;
}

function flipShares(state: OutcomeState, g: number): { n: number; flip: number | null; p2n: number | null; n2p: number | null } {
  const c = state.change!;
  const b = g * CHANGE_SLOTS;
  const n = c[b] ?? 0;
  const w = c[b + 1] ?? 0;
  if (!(w > 0)) return { n, flip: null, p2n: null, n2p: null };
  const p2n = (c[b + 2] ?? 0) / w;
  const n2p = (c[b + 3] ?? 0) / w;
  return { n, flip: p2n + n2p, p2n, n2p };
}

function merged(states: readonly OutcomeState[], cells: number): OutcomeState {
  const first = states[0];
  const out = createOutcomeState({ confusion: first.confusion !== null, aucBudget: first.store ? first.store.budget : null, change: first.change !== null });
  const identity = Int32Array.from({ length: cells }, (_, c) => c);
  for (const s of states) mergeOutcomes(out, s, identity, cells);
  return out;
}

/** Disparity definitions reported under each perturbation: name, base metrics, comparison. */
const DISPARITIES: { metric: string; bases: string[]; kind: 'difference' | 'ratio' }[] = [
  { metric: 'demographic_parity_difference', bases: ['selection_rate'], kind: 'difference' },
  { metric: 'demographic_parity_ratio', bases: ['selection_rate'], kind: 'ratio' },
  { metric: 'equalized_odds_difference', bases: ['true_positive_rate', 'false_positive_rate'], kind: 'difference' },
  { metric: 'equal_opportunity_difference', bases: ['true_positive_rate'], kind: 'difference' },
  { metric: 'accuracy_difference', bases: ['accuracy'], kind: 'difference' },
];

function disparity(level: GroupLevel, state: OutcomeState, def: (typeof DISPARITIES)[number]): number | null {
  const parts = def.bases.map((base) => {
    const values: GroupValue[] = level.groups.map((group, g) => ({ group: group!, value: metricOf(state, base, g, () => undefined) }));
    return def.kind === 'difference' ? difference(values, null, 'between_groups') : ratio(values, null, 'between_groups');
  });
  const defined = parts.filter((p): p is number => p !== null);
  if (defined.length === 0) return null;
  return def.kind === 'difference' ? Math.max(...defined) : Math.min(...defined);
}

/** Mean, t-interval, min and max of the defined values. */
function describe(values: (number | null)[], level: number): { mean: number | null; ci: Interval | null; min: number | null; max: number | null } {
  const xs = values.filter((v): v is number => v !== null);
  if (xs.length === 0) return { mean: null, ci: null, min: null, max: null };
  const k = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / k;
  let ci: Interval | null = null;
  if (k >= 2) {
    const variance = xs.reduce((a, x) => a + (x - mean) * (x - mean), 0) / (k - 1);
    const half = studentTQuantile((1 + level) / 2, k - 1) * Math.sqrt(variance / k);
    ci = [mean - half, mean + half];
  }
  return { mean, ci, min: Math.min(...xs), max: Math.max(...xs) };
}

/**
 * Turns the filled states into tidy records: for each perturbation and each group (overall, each
 * sensitive feature, the intersection when asked) the clean and perturbed accuracy, ROC AUC and
 * selection rate with their change, the decision flip rate split by direction, and how each
 * disparity moves; the counterfactual flips per `from → to` pair; permutation importance with
 * t-intervals over repeats.
 *
 * Undefined values are null, with a warning naming the metric and groups; groups with fewer rows
 * than `minGroupSize` are marked `insufficient`.
 * @example summarizeRobustness({ levels, clean, perturbations, importance, importanceMetric: 'accuracy', hasScore: true, minGroupSize: 30, confidenceLevel: 0.95 })
 */
export function summarizeRobustness(input: SummaryInput): RobustnessSummary {
  const { levels, minGroupSize } = input;
  const notes = new Notes();
  const cells = levels[0].map.length;
  const cleanLevels = levels.map((level) => collapseOutcome(input.clean, level));
  const metrics = ['accuracy', ...(input.hasScore ? ['roc_auc'] : []), 'selection_rate'];
  const small = (level: GroupLevel, n: number): { insufficient?: boolean } => (level.feature !== null && n < minGroupSize ? { insufficient: true } : {});
  const out: RobustnessSummary = { changes: [], flips: [], disparities: [], counterfactual: [], importance: [], warnings: notes.list };

  for (const plan of input.perturbations) {
    const { record } = plan;
    if (record.status !== 'ok' || plan.copies.length === 0) continue;
    const state = plan.copies.length === 1 ? plan.copies[0].state : merged(plan.copies.map((c) => c.state), cells);
    levels.forEach((level, l) => {
      const perturbed = collapseOutcome(state, level);
      const base = cleanLevels[l];
      level.groups.forEach((group, g) => {
        if (record.kind !== 'counterfactual') {
          const n = rowsOf(base, g);
          for (const metric of metrics) {
            const note = (context: string) => (kind: Note | 'nan_scores', text: string) => notes.note(context, metric, level.feature, group, kind, text);
            const c = metricOf(base, metric, g, note('clean'));
            const p = metricOf(perturbed, metric, g, note(record.id));
            out.changes.push({ perturbation: record.id, metric, feature: level.feature, group, n, clean: c, perturbed: p, change: sub(p, c), ...small(level, n) });
          }
        }
        const f = flipShares(perturbed, g);
        if (record.kind === 'counterfactual' && f.n === 0) return;
        out.flips.push({
          perturbation: record.id,
          feature: level.feature,
          group,
          n: f.n,
          flip_rate: f.flip,
          positive_to_negative: f.p2n,
          negative_to_positive: f.n2p,
          ...small(level, f.n),
        });
      });
      if (level.feature !== null && record.kind !== 'counterfactual') {
        for (const def of DISPARITIES) {
          const c = disparity(level, base, def);
          const p = disparity(level, perturbed, def);
          out.disparities.push({ perturbation: record.id, metric: def.metric, feature: level.feature, method: 'between_groups', clean: c, perturbed: p, change: sub(p, c) });
        }
      }
    });
    if (record.kind === 'counterfactual') {
      out.counterfactual.push(...counterfactualRecords(plan, levels, minGroupSize));
      const l = levels.findIndex((level) => level.feature === record.feature);
      const values = plan.levels ?? [];
      const left = l < 0 ? [] : levels[l].groups.filter((g) => !values.includes(g!));
      const count = left.reduce((n, g) => n + rowsOf(cleanLevels[l], levels[l].groups.indexOf(g)), 0);
      if (count > 0) {
        out.warnings.push({
          code: 'robustness_not_flipped',
          message: `${record.id}: ${count} rows not flipped (value missing or not among the profiled values: ${left.join(', ')})`,
          feature: record.feature,
        });
      }
    }
  }

  if (input.importanceMetric !== null) {
    const metric = input.importanceMetric;
    for (const plan of input.importance) {
      const repeats = plan.copies.map((c) => c.state);
      levels.forEach((level, l) => {
        const base = cleanLevels[l];
        const permuted = repeats.map((s) => collapseOutcome(s, level));
        level.groups.forEach((group, g) => {
          const n = rowsOf(base, g);
          const note = (context: string) => (kind: Note | 'nan_scores', text: string) => notes.note(context, metric, level.feature, group, kind, text);
          const c = metricOf(base, metric, g, note('clean'));
          const drops = permuted.map((s) => sub(c, metricOf(s, metric, g, note(`importance of ${plan.column}`))));
          const d = describe(drops, input.confidenceLevel);
          out.importance.push({ column: plan.column, metric, feature: level.feature, group, n, clean: c, importance: d.mean, ci: d.ci, min: d.min, max: d.max, repeats: drops, ...small(level, n) });
        });
      });
    }
  }
  return out;
}

/** `from → to` records of one counterfactual feature: one per pair, and one per `from` over all targets. */
function counterfactualRecords(plan: PerturbationPlan, levels: readonly GroupLevel[], minGroupSize: number): CounterfactualRecord[] {
  const feature = plan.record.feature!;
  const level = levels.find((l) => l.feature === feature);
  const values = plan.levels;
  if (level === undefined || values === null) return [];
  const m = values.length;
  const records: CounterfactualRecord[] = [];
  const perCopy = plan.copies.map((c) => collapseOutcome(c.state, level));
  const cells = levels[0].map.length;
  const all = collapseOutcome(merged(plan.copies.map((c) => c.state), cells), level);
  const small = (n: number): { insufficient?: boolean } => (n < minGroupSize ? { insufficient: true } : {});
  level.groups.forEach((group, g) => {
    const from = values.indexOf(group!);
    if (from < 0) return;
    const total = flipShares(all, g);
    if (total.n === 0) return;
    records.push({ feature, from: group!, to: null, n: total.n, flip_rate: total.flip, positive_to_negative: total.p2n, negative_to_positive: total.n2p, ...small(total.n) });
    // Copy k (shift k + 1) sends level `from` to level `from + k + 1`: list targets in level order.
    values.forEach((to, t) => {
      if (t === from) return;
      const f = flipShares(perCopy[(t - from + m) % m - 1], g);
      records.push({ feature, from: group!, to, n: f.n, flip_rate: f.flip, positive_to_negative: f.p2n, negative_to_positive: f.n2p, ...small(f.n) });
    });
  });
  return records;
}
