import type { Data } from 'apache-arrow';
import { AuditError } from '../core/errors.js';
import type { BatchColumns } from './batch-columns.js';
import { categorySwap } from './category-swap.js';
import { typeName } from './column-data.js';
import type { ColumnProfile } from './column-profile.js';
import { counterfactualFlip } from './counterfactual-flip.js';
import { streamKey } from './counter-random.js';
import { ROBUSTNESS_EVIDENCE } from './evidence-kinds.js';
import { gaussianNoise } from './gaussian-noise.js';
import { injectMissing } from './inject-missing.js';
import { createOutcomeState, type OutcomeParts, type OutcomeState } from './outcome-state.js';
import type { PerturbationRecord } from './robustness-section.js';
import type { RobustnessSpec } from './robustness-spec.js';
import { samplePermutation } from './sample-permutation.js';

/** Most levels a counterfactual feature may have (m levels cost m − 1 copies of every row). */
export const MAX_FLIP_LEVELS = 64;

/**
 * What a copy changes in one batch: new column chunks (none: the copy equals the clean rows for
 * the model, whose clean decisions are reused without a model call) and, for a counterfactual,
 * the rows flipped.
 */
export interface CopyBuild {
  data: Map<string, Data>;
  mask: Uint8Array | null;
}

/** One perturbed copy of every batch, with the state its decisions go to. */
export interface PlannedCopy {
  state: OutcomeState;
  /** Run in model calls of its own, so a model that rejects these rows only loses this copy. */
  isolate: boolean;
  /** The changed columns of one batch. */
  build(columns: BatchColumns): CopyBuild;
}

/** One perturbation of the suite: its report record and its copies. */
export interface PerturbationPlan {
  record: PerturbationRecord;
  copies: PlannedCopy[];
  /** Counterfactual: the levels of the feature and the shift of each copy. */
  levels: string[] | null;
}

/** Permutation importance of one column: one copy per repeat. */
export interface ImportancePlan {
  column: string;
  copies: PlannedCopy[];
}

/** The copies to run on every batch. */
export interface SuitePlan {
  perturbations: PerturbationPlan[];
  importance: ImportancePlan[];
  notes: string[];
}

/** Inputs of {@link planSuite}. */
export interface SuiteContext {
  spec: RobustnessSpec;
  seed: number;
  profiles: ReadonlyMap<string, ColumnProfile>;
  /** Columns the model reads. */
  inputs: readonly string[];
  sensitive: readonly string[];
  /** Outcome parts of perturbation copies and of importance copies. */
  parts: OutcomeParts;
  importanceParts: OutcomeParts;
}

function record(id: string, kind: PerturbationRecord['kind'], strength: number | null, feature: string | null, columns: string[], note: string | null): PerturbationRecord {
  const evidence =
    kind === 'noise' ? ROBUSTNESS_EVIDENCE.noise : kind === 'swap' ? ROBUSTNESS_EVIDENCE.swap : kind === 'missing' ? ROBUSTNESS_EVIDENCE.missing : ROBUSTNESS_EVIDENCE.counterfactual;
  return { id, kind, evidence, strength, feature, columns, status: columns.length === 0 && kind !== 'counterfactual' ? 'skipped' : 'ok', note, scoredRows: 0 };
}

/** Pool of level codes and the position of each code in it, for swaps and flips. */
function poolOf(profile: ColumnProfile): { pool: Int32Array; positions: Int32Array } {
  if (profile.kind === 'boolean') {
    const pool = Int32Array.from(profile.levels!.map((l) => (l === 'true' ? 1 : 0)));
    const positions = new Int32Array(2).fill(-1);
    pool.forEach((code, p) => (positions[code] = p));
    return { pool, positions };
  }
  const m = profile.levels!.length;
  const pool = new Int32Array(m);
  for (let i = 0; i < m; i++) pool[i] = i;
  return { pool, positions: pool };
}

/**
 * Plans the perturbed copies of the suite from the spec and the column profiles:
 *
 * - `noise_<s>`: one copy per strength, Gaussian noise of σ = s × SD on every numeric model input
 *   that is not a sensitive feature and varies in the profile;
 * - `swap_<r>`: one copy per rate, swaps on every text or boolean input (not sensitive) with two or
 *   more profiled categories;
 * - `missing_<r>`: one copy per rate, missing values in every readable input (not sensitive), run
 *   in model calls of its own;
 * - `counterfactual_<feature>`: m − 1 copies for a sensitive feature with m profiled levels (each
 *   level to each other level); a feature the model does not read gets copies equal to the clean
 *   rows (flip rate 0 by construction, no model call);
 * - permutation importance: `repeats` copies per readable model input.
 *
 * Every random draw is keyed by (seed, perturbation id, column[, repeat]) and the global row index.
 * Throws `AuditError` for a flip feature that is not a sensitive feature.
 * @example const plan = planSuite({ spec, seed, profiles, inputs: model.inputColumns, sensitive, parts, importanceParts });
 */
export function planSuite(ctx: SuiteContext): SuitePlan {
  const { spec, seed, profiles, inputs, sensitive } = ctx;
  const notes: string[] = [];
  const readable = inputs.filter((c) => profiles.get(c)?.kind !== 'other');
  const unreadable = inputs.filter((c) => profiles.get(c)?.kind === 'other');
  if (unreadable.length > 0) {
    const why = (c: string): string => {
      const p = profiles.get(c)!;
      return p.note !== null && p.note !== 'a type the perturbations do not handle' ? p.note : typeName(p.type);
    };
    notes.push(`model inputs left unchanged by every perturbation: ${unreadable.map((c) => `${c} (${why(c)})`).join(', ')}`);
  }
  const plain = readable.filter((c) => !sensitive.includes(c));
  const perturbations: PerturbationPlan[] = [];

  const numeric = plain.filter((c) => profiles.get(c)!.kind === 'numeric');
  const varying = numeric.filter((c) => (profiles.get(c)!.sd ?? 0) > 0);
  const constant = numeric.filter((c) => !varying.includes(c));
  for (const s of spec.noise) {
    const id = `noise_${s}`;
    const note = varying.length === 0 ? 'no numeric model input varies in the profile' : constant.length > 0 ? `constant in the profile, left unchanged: ${constant.join(', ')}` : null;
    const copy: PlannedCopy = {
      state: createOutcomeState(ctx.parts),
      isolate: false,
      build(cols) {
        const data = new Map<string, Data>();
        for (const c of varying) {
          const p = profiles.get(c)!;
          const noisy = gaussianNoise(cols.numbers(c), cols.offset, streamKey(seed, id, c), s * p.sd!, { min: p.min!, max: p.max!, integer: p.integer });
          data.set(c, cols.write(c, noisy));
        }
        return { data, mask: null };
      },
    };
    perturbations.push({ record: record(id, 'noise', s, null, varying, note), copies: varying.length > 0 ? [copy] : [], levels: null });
  }

  const categorical = plain.filter((c) => ['text', 'boolean'].includes(profiles.get(c)!.kind));
  const swappable = categorical.filter((c) => (profiles.get(c)!.levels?.length ?? 0) >= 2);
  for (const r of spec.swap) {
    const id = `swap_${r}`;
    const single = categorical.filter((c) => !swappable.includes(c));
    const note = swappable.length === 0 ? 'no text or boolean model input with two or more categories' : single.length > 0 ? `one category in the profile, left unchanged: ${single.join(', ')}` : null;
    const pools = new Map(swappable.map((c) => [c, poolOf(profiles.get(c)!)]));
    const copy: PlannedCopy = {
      state: createOutcomeState(ctx.parts),
      isolate: false,
      build(cols) {
        const data = new Map<string, Data>();
        for (const c of swappable) {
          const { pool, positions } = pools.get(c)!;
          data.set(c, cols.write(c, categorySwap(cols.codes(c), cols.offset, streamKey(seed, id, c), r, pool, positions)));
        }
        return { data, mask: null };
      },
    };
    perturbations.push({ record: record(id, 'swap', r, null, swappable, note), copies: swappable.length > 0 ? [copy] : [], levels: null });
  }

  for (const r of spec.missing) {
    const id = `missing_${r}`;
    const copy: PlannedCopy = {
      state: createOutcomeState(ctx.parts),
      isolate: true,
      build(cols) {
        const data = new Map<string, Data>();
        for (const c of plain) data.set(c, cols.write(c, injectMissing(cols.raw(c), cols.offset, streamKey(seed, id, c), r)));
        return { data, mask: null };
      },
    };
    const note = plain.length === 0 ? 'no model input to blank (sensitive features are left to the counterfactual check)' : null;
    perturbations.push({ record: record(id, 'missing', r, null, plain, note), copies: plain.length > 0 ? [copy] : [], levels: null });
  }

  const flips = spec.flip === 'all' ? [...sensitive] : spec.flip;
  for (const feature of flips) {
    if (!sensitive.includes(feature)) {
      throw new AuditError(`counterfactual flip of ${feature}: not a sensitive feature (sensitive: ${sensitive.join(', ') || 'none'})`);
    }
    perturbations.push(planFlip(ctx, feature));
  }

  const importance: ImportancePlan[] = [];
  if (spec.importance !== null) {
    for (const column of readable) {
      const sample = profiles.get(column)!.sample;
      const copies: PlannedCopy[] = [];
      for (let k = 0; k < spec.importance.repeats; k++) {
        const key = streamKey(seed, 'importance', column, String(k));
        copies.push({
          state: createOutcomeState(ctx.importanceParts),
          isolate: false,
          build(cols) {
            return { data: new Map([[column, cols.write(column, samplePermutation(cols.length, cols.offset, key, sample))]]), mask: null };
          },
        });
      }
      importance.push({ column, copies });
    }
  }
  return { perturbations, importance, notes };
}

function planFlip(ctx: SuiteContext, feature: string): PerturbationPlan {
  const id = `counterfactual_${feature}`;
  const profile = ctx.profiles.get(feature);
  const parts: OutcomeParts = { confusion: false, aucBudget: null, change: true };
  const levels = profile?.levels ?? null;
  const base = (note: string): PerturbationPlan => ({ record: { ...record(id, 'counterfactual', null, feature, [], note), status: 'skipped' }, copies: [], levels: null });
  if (profile === undefined || profile.kind === 'other') return base(`column ${feature} has a type the counterfactual flip does not handle`);
  if (levels === null) return base(`more than ${MAX_FLIP_LEVELS} distinct values in the profile`);
  const m = levels.length;
  if (m < 2) return base(`fewer than two values of ${feature} in the profile`);
  if (m > MAX_FLIP_LEVELS) return base(`${m} distinct values in the profile (at most ${MAX_FLIP_LEVELS} are flipped)`);
  const read = ctx.inputs.includes(feature);
  const note = read ? null : `${feature} is not a model input: a flip cannot change a decision (no direct use), so no copy was scored`;
  // Position of each row's value among the levels.
  const positionsOf = (cols: BatchColumns): Int32Array => {
    if (profile.kind === 'numeric') {
      const index = new Map(profile.numericLevels!.map((v, p) => [v, p]));
      return Int32Array.from(cols.numbers(feature), (v) => index.get(v === 0 ? 0 : v) ?? -1);
    }
    const { positions } = poolOf(profile);
    return Int32Array.from(cols.codes(feature), (c) => (c >= 0 && c < positions.length ? positions[c] : -1));
  };
  const valuesAt = (cols: BatchColumns, flipped: { positions: Int32Array; flipped: Uint8Array }): Float64Array | Int32Array => {
    const original = cols.raw(feature);
    const out = original.slice();
    const { pool } = profile.kind === 'numeric' ? { pool: null } : poolOf(profile);
    for (let i = 0; i < out.length; i++) {
      if (flipped.flipped[i] === 0) continue;
      const p = flipped.positions[i];
      out[i] = pool === null ? profile.numericLevels![p] : pool[p];
    }
    return out;
  };
  const copies: PlannedCopy[] = [];
  for (let shift = 1; shift < m; shift++) {
    copies.push({
      state: createOutcomeState(parts),
      isolate: false,
      build(cols) {
        const flipped = counterfactualFlip(positionsOf(cols), shift, m);
        if (!read) return { data: new Map(), mask: flipped.flipped };
        return { data: new Map([[feature, cols.write(feature, valuesAt(cols, flipped))]]), mask: flipped.flipped };
      },
    });
  }
  return { record: record(id, 'counterfactual', null, feature, read ? [feature] : [], note), copies, levels };
}
