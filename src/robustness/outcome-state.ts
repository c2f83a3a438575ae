import type { BatchView } from '../metrics/batch-view.js';
import { grow } from '../metrics/batch-view.js';
import { confusion, type ConfusionState } from '../metrics/confusion.js';
import { scoreStore, type ScoreStoreState } from '../metrics/score-store.js';

/** Slots per cell of {@link OutcomeState.change}. */
export const CHANGE_SLOTS = 4;

/**
 * What one run of the model (clean or one perturbed copy) leaves per finest group (cell): the
 * confusion counts and scores the audit's accumulators keep, and, for a perturbed copy, how its
 * decisions differ from the clean ones: per cell `[rows, weight, positive → negative weight,
 * negative → positive weight]` in {@link OutcomeState.change}.
 */
export interface OutcomeState {
  confusion: ConfusionState | null;
  store: ScoreStoreState | null;
  change: Float64Array | null;
  /** Rows whose score was NaN (their scores are left out; AUC is then reported as null). */
  nanScores: number;
}

/** Which parts an outcome state keeps. */
export interface OutcomeParts {
  confusion: boolean;
  /** Keep scores for ROC AUC, with this budget of distinct scores (binned beyond); null: none. */
  aucBudget: number | null;
  change: boolean;
}

/**
 * An empty outcome state with the parts asked for.
 * @example createOutcomeState({ confusion: true, aucBudget: 1 << 24, change: true })
 */
export function createOutcomeState(parts: OutcomeParts): OutcomeState {
  return {
    confusion: parts.confusion ? confusion.init() : null,
    store: parts.aucBudget !== null ? scoreStore(parts.aucBudget).init() : null,
    change: parts.change ? new Float64Array(0) : null,
    nanScores: 0,
  };
}

/**
 * Adds one batch of decisions to a state. `view` holds cells, labels, decisions, scores and
 * weights; `clean` the clean decisions of the same rows (for the change counts); `mask`, when
 * given, limits the change counts to rows marked 1 (the rows a counterfactual copy flipped).
 * A batch with a NaN score adds no scores (ROC AUC is then reported as null, with a warning).
 * @example addOutcomes(state, view, cells.size, cleanDecisions, null)
 */
export function addOutcomes(state: OutcomeState, view: BatchView, cells: number, clean: Uint8Array | null, mask: Uint8Array | null): void {
  if (state.confusion) confusion.add(state.confusion, view, cells);
  if (state.store && view.score) {
    const { score, length } = view;
    let nan = 0;
    for (let i = 0; i < length; i++) if (Number.isNaN(score[i])) nan++;
    if (nan > 0) state.nanScores += nan;
    else scoreStore(state.store.budget).add(state.store, view, cells);
  }
  if (state.change && clean) {
    state.change = grow(state.change, CHANGE_SLOTS * cells);
    const change = state.change;
    const { cell, pred, weight, length } = view;
    // Hot loop: change[4c] += 1; change[4c+1] += w; change[4c+2+clean] += w when the decision changed.
    for (let i = 0; i < length; i++) {
      if (mask !== null && mask[i] === 0) continue;
      const w = weight === null ? 1 : weight[i];
      const b = cell[i] * CHANGE_SLOTS;
      change[b] += 1;
      change[b + 1] += w;
      if (pred![i] !== clean[i]) change[b + 2 + (clean[i] === 1 ? 0 : 1)] += w;
    }
  }
}

/**
 * Adds `source` into `target`, source cell c into target cell `map[c]` (entries < 0 skipped):
 * merges partial states and collapses cells into groups.
 * @example mergeOutcomes(byGroup, state, level.map, level.groups.length)
 */
export function mergeOutcomes(target: OutcomeState, source: OutcomeState, map: Int32Array, targetCells: number): void {
  if (target.confusion && source.confusion) confusion.mergeInto(target.confusion, source.confusion, map, targetCells);
  if (target.store && source.store) scoreStore(target.store.budget).mergeInto(target.store, source.store, map, targetCells);
  if (target.change && source.change) {
    target.change = grow(target.change, CHANGE_SLOTS * targetCells);
    const cells = Math.min(map.length, source.change.length / CHANGE_SLOTS);
    for (let c = 0; c < cells; c++) {
      const t = map[c];
      if (t < 0) continue;
      for (let k = 0; k < CHANGE_SLOTS; k++) target.change[t * CHANGE_SLOTS + k] += source.change[c * CHANGE_SLOTS + k];
    }
  }
  target.nanScores += source.nanScores;
}
