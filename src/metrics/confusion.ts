import { grow, type Accumulator, type BatchView } from './batch-view.js';
import { value, type SqlDescriptor } from './sql-descriptor.js';

/**
 * Per-cell confusion counts for binary classification, weighted, plus the unweighted
 * row count. Layout: `counts[4 * cell + k]` with k = 0 TN, 1 FP, 2 FN, 3 TP
 * (k = 2 * label + prediction). TPR, FPR, selection rate, accuracy … all read this.
 */
export interface ConfusionState {
  counts: Float64Array;
  rows: Float64Array;
}

export const confusion: Accumulator<ConfusionState> = {
  id: 'confusion',
  init: () => ({ counts: new Float64Array(0), rows: new Float64Array(0) }),
  add(state, view: BatchView, cells) {
    state.counts = grow(state.counts, 4 * cells);
    state.rows = grow(state.rows, cells);
    const { counts, rows } = state;
    const { cell, label, pred, weight, length } = view;
    if (!label || !pred) return;
    // Hot loop: counts[4*cell + 2*label + pred] += weight; rows[cell] += 1.
    if (weight === null) {
      for (let i = 0; i < length; i++) {
        const c = cell[i];
        counts[(c << 2) | (label[i] << 1) | pred[i]] += 1;
        rows[c] += 1;
      }
    } else {
      for (let i = 0; i < length; i++) {
        const c = cell[i];
        counts[(c << 2) | (label[i] << 1) | pred[i]] += weight[i];
        rows[c] += 1;
      }
    }
  },
  mergeInto(target, source, map, targetCells) {
    target.counts = grow(target.counts, 4 * targetCells);
    target.rows = grow(target.rows, targetCells);
    const n = Math.min(map.length, source.rows.length);
    for (let c = 0; c < n; c++) {
      const t = map[c];
      if (t < 0) continue;
      for (let k = 0; k < 4; k++) target.counts[4 * t + k] += source.counts[4 * c + k];
      target.rows[t] += source.rows[c];
    }
  },
};

/**
 * SQL side of {@link confusion}: rows of kind `confusion` per cell, label `y` and prediction
 * `p` with `n` = rows and `v1` = Σ weight; loading adds `v1` into `counts[4·cell + 2·label +
 * pred]` and `n` into `rows[cell]` (exact for counts: sums of integers).
 *
 * @example confusionSql.parts(context) // [{ kind: 'confusion', label: 'y', pred: 'p', values: ['SUM(w)'] }]
 */
export const confusionSql: SqlDescriptor<ConfusionState> = {
  parts: () => [{ kind: 'confusion', label: 'y', pred: 'p', values: ['SUM(w)'] }],
  load(state, rows, cells) {
    state.counts = grow(state.counts, 4 * cells);
    state.rows = grow(state.rows, cells);
    for (const row of rows) {
      state.counts[4 * row.cell + 2 * row.label! + row.pred!] += value(row, 0);
      state.rows[row.cell] += row.n;
    }
  },
};

/** The four counts of one group. */
export interface Counts {
  tn: number;
  fp: number;
  fn: number;
  tp: number;
  rows: number;
}

export function countsOf(state: ConfusionState, g: number): Counts {
  const b = 4 * g;
  const c = state.counts;
  return { tn: c[b] ?? 0, fp: c[b + 1] ?? 0, fn: c[b + 2] ?? 0, tp: c[b + 3] ?? 0, rows: state.rows[g] ?? 0 };
}
