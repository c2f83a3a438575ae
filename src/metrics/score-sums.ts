import { grow, type Accumulator, type BatchView } from './batch-view.js';
import { value, type SqlDescriptor } from './sql-descriptor.js';

/** scikit-learn 1.2's `log_loss(eps='auto')` clip: float64 machine epsilon. */
export const LOG_LOSS_EPS = Number.EPSILON; // 2.220446049250313e-16

/**
 * Per-cell sums over the score: log loss, Brier score, and reliability bins
 * (`bins` equal-width bins on [0, 1]: weight, sum of scores, sum of positive labels).
 * Scores outside [0, 1] are counted in `outOfRange`; the probabilistic metrics of a
 * group holding any are undefined (null with a warning) rather than silently clipped.
 */
export interface ScoreSumsState {
  bins: number;
  weight: Float64Array;
  logLoss: Float64Array;
  brier: Float64Array;
  outOfRange: Float64Array;
  /** `calib[(cell * bins + b) * 3 + k]`, k = 0 weight, 1 sum score, 2 sum label. */
  calib: Float64Array;
}

/*
 * Log loss of one row with score p in [0, 1] and label y, as scikit-learn 1.2 computes it: clip
 * to [ε, 1 − ε], renormalise [1 − q, q], −ln of the true column. (x / 1 is x exactly, so the
 * division is skipped when the renormaliser is 1, as it nearly always is.) It is written out in
 * both loops of `add`: called as a function that V8 does not inline, it returns each row's
 * value as a heap-allocated number (16 bytes a row, and the garbage collections that follow).
 * The reliability bin, ⌊p · bins⌋ with 1 in the last bin, is written out for the same reason:
 * a call passes the score boxed. Unweighted rows sum −ln x of a cell as −ln of the product of its
 * x, folded into the sum whenever the product falls below 2^−900 and at the end of each batch:
 * Math.log is the loop's dearest step, and the sum agrees with per-row logarithms to rounding
 * (about 1e-16 relative per fold). Weighted rows need w · ln x and take a logarithm each.
 */

/** Scratch of two slots for the branch-free pick of each row's probability. */
const PICK = new Float64Array(2);

/** A cell's running product of probabilities is folded into its log loss once below this (2^−900). */
const FOLD_BELOW = 2 ** -900;

let products = new Float64Array(0);

/** A scratch product per cell, each 1. */
function unitProducts(cells: number): Float64Array {
  if (products.length < cells) products = new Float64Array(Math.max(cells, 2 * products.length));
  const out = products.subarray(0, cells);
  out.fill(1);
  return out;
}

/** Creates the score-sums accumulator with `bins` reliability bins. */
export function scoreSums(bins: number): Accumulator<ScoreSumsState> {
  return {
    id: 'score_sums',
    init: () => ({
      bins,
      weight: new Float64Array(0),
      logLoss: new Float64Array(0),
      brier: new Float64Array(0),
      outOfRange: new Float64Array(0),
      calib: new Float64Array(0),
    }),
    add(state, view: BatchView, cells) {
      const { score, label, cell, weight, length } = view;
      if (!score || !label) return;
      state.weight = grow(state.weight, cells);
      state.logLoss = grow(state.logLoss, cells);
      state.brier = grow(state.brier, cells);
      state.outOfRange = grow(state.outOfRange, cells);
      state.calib = grow(state.calib, cells * bins * 3);
      const { logLoss, brier, outOfRange, calib } = state;
      const w = state.weight;
      // The clip bounds, LOG_LOSS_EPS written as the constant V8 folds: the exported binding,
      // read inside the loops, made it box each row's clipped score (a heap number a row, and
      // the garbage collections that follow).
      const lo = Number.EPSILON;
      const hi = 1 - Number.EPSILON;
      // [1 − q, q] of the row, picked by its label without a branch (labels in random order
      // would mispredict half the rows); the same value as `y === 1 ? q : 1 − q`, bit for bit
      const pick = PICK;
      if (weight === null) {
        // Unweighted: the same sums without the weight products (x · 1 is x exactly).
        const product = unitProducts(cells);
        for (let i = 0; i < length; i++) {
          const c = cell[i];
          const p = score[i];
          w[c] += 1;
          if (!(p >= 0 && p <= 1)) {
            outOfRange[c] += 1;
            continue;
          }
          const y = label[i];
          const q = p < lo ? lo : p > hi ? hi : p;
          const a = 1 - q;
          const r = a + q;
          pick[0] = a;
          pick[1] = q;
          const x = pick[y];
          // Σ −ln x as −ln Π x: one logarithm per ~10³ rows of a cell instead of one a row (x ≥ ε
          // = 2^−52, so a product folded below 2^−900 stays a normal number)
          const v = product[c] * (r === 1 ? x : x / r);
          if (v < FOLD_BELOW) {
            logLoss[c] -= Math.log(v);
            product[c] = 1;
          } else product[c] = v;
          const d = p - y;
          brier[c] += d * d;
          let b = (p * bins) | 0;
          if (b >= bins) b = bins - 1;
          const k = (c * bins + b) * 3;
          calib[k] += 1;
          calib[k + 1] += p;
          calib[k + 2] += y;
        }
        // the products not yet folded, in cell order
        for (let c = 0; c < cells; c++) {
          if (product[c] !== 1) logLoss[c] -= Math.log(product[c]);
        }
        return;
      }
      for (let i = 0; i < length; i++) {
        const c = cell[i];
        const p = score[i];
        const wi = weight[i];
        w[c] += wi;
        if (!(p >= 0 && p <= 1)) {
          outOfRange[c] += 1;
          continue;
        }
        const y = label[i];
        const q = p < lo ? lo : p > hi ? hi : p;
        const a = 1 - q;
        const r = a + q;
        pick[0] = a;
        pick[1] = q;
        const x = pick[y];
        logLoss[c] += wi * -Math.log(r === 1 ? x : x / r);
        const d = p - y;
        brier[c] += wi * d * d;
        let b = (p * bins) | 0;
        if (b >= bins) b = bins - 1;
        const k = (c * bins + b) * 3;
        calib[k] += wi;
        calib[k + 1] += wi * p;
        calib[k + 2] += wi * y;
      }
    },
    mergeInto(target, source, map, targetCells) {
      target.weight = grow(target.weight, targetCells);
      target.logLoss = grow(target.logLoss, targetCells);
      target.brier = grow(target.brier, targetCells);
      target.outOfRange = grow(target.outOfRange, targetCells);
      target.calib = grow(target.calib, targetCells * bins * 3);
      const n = Math.min(map.length, source.weight.length);
      for (let c = 0; c < n; c++) {
        const t = map[c];
        if (t < 0) continue;
        target.weight[t] += source.weight[c];
        target.logLoss[t] += source.logLoss[c];
        target.brier[t] += source.brier[c];
        target.outOfRange[t] += source.outOfRange[c];
        for (let k = 0; k < bins * 3; k++) target.calib[t * bins * 3 + k] += source.calib[c * bins * 3 + k];
      }
    },
  };
}

/**
 * SQL side of {@link scoreSums}: rows of kind `score_sums` per cell (`v1` Σ weight, `v2` Σ w·log
 * loss and `v3` Σ w·(s − y)² over scores in [0, 1], `v4` rows with a score outside [0, 1]) and
 * of kind `calibration` per cell and reliability bin `bin` = min(⌊s · bins⌋, bins − 1) (`v1` Σ
 * w, `v2` Σ w·s, `v3` Σ w·y). The log loss is scikit-learn 1.2's: q = clip(s, ε, 1 − ε),
 * −ln((y ? q : 1 − q) / ((1 − q) + q)) with ε = {@link LOG_LOSS_EPS}. Float sums agree with the
 * streaming engine to rounding (about 1e-15 relative), not bit for bit: SQL engines sum in
 * their own order.
 *
 * @example scoreSumsSql(10).parts(context).map((p) => p.kind) // ['score_sums', 'calibration']
 */
export function scoreSumsSql(bins: number): SqlDescriptor<ScoreSumsState> {
  return {
    parts(context) {
      const eps = context.double(LOG_LOSS_EPS);
      const q = `LEAST(GREATEST(s, ${eps}), ${context.double(1 - LOG_LOSS_EPS)})`;
      const inRange = 's >= 0 AND s <= 1';
      const logLoss = `-LN(CASE WHEN y = 1 THEN ${q} ELSE 1 - ${q} END / ((1 - ${q}) + ${q}))`;
      return [
        {
          kind: 'score_sums',
          values: [
            'SUM(w)',
            `SUM(CASE WHEN ${inRange} THEN w * ${logLoss} END)`,
            `SUM(CASE WHEN ${inRange} THEN w * (s - y) * (s - y) END)`,
            `SUM(CASE WHEN ${inRange} THEN 0 ELSE 1 END)`,
          ],
        },
        {
          kind: 'calibration',
          bin: `LEAST(${context.floorInt(`s * ${bins}`)}, ${bins - 1})`,
          where: inRange,
          values: ['SUM(w)', 'SUM(w * s)', 'SUM(w * y)'],
        },
      ];
    },
    load(state, rows, cells) {
      for (const key of ['weight', 'logLoss', 'brier', 'outOfRange'] as const) state[key] = grow(state[key], cells);
      state.calib = grow(state.calib, cells * bins * 3);
      for (const row of rows) {
        const c = row.cell;
        if (row.kind === 'score_sums') {
          state.weight[c] += value(row, 0);
          state.logLoss[c] += value(row, 1);
          state.brier[c] += value(row, 2);
          state.outOfRange[c] += value(row, 3);
        } else {
          const k = (c * bins + row.bin!) * 3;
          for (let j = 0; j < 3; j++) state.calib[k + j] += value(row, j);
        }
      }
    },
  };
}
