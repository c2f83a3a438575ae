import { grow, type Accumulator, type BatchView } from './batch-view.js';
import { value, type SqlDescriptor } from './sql-descriptor.js';

/**
 * Per-cell weighted moments for regression: total weight, mean and M2 of the label
 * (Welford / Chan et al., merged exactly as parallel variances), sums of predictions,
 * of absolute and squared errors.
 */
export interface RegressionState {
  weight: Float64Array;
  rows: Float64Array;
  meanY: Float64Array;
  m2Y: Float64Array;
  sumPred: Float64Array;
  sumAbs: Float64Array;
  sumSq: Float64Array;
  /** Σ w·ŷ² and Σ w·e⁴, for intervals of the mean prediction and of the MSE. */
  sumPredSq: Float64Array;
  sumE4: Float64Array;
}

const FIELDS = ['weight', 'rows', 'meanY', 'm2Y', 'sumPred', 'sumAbs', 'sumSq', 'sumPredSq', 'sumE4'] as const;

function ensure(state: RegressionState, cells: number): void {
  for (const f of FIELDS) state[f] = grow(state[f], cells);
}

export const regressionMoments: Accumulator<RegressionState> = {
  id: 'regression_moments',
  init: () => ({
    weight: new Float64Array(0),
    rows: new Float64Array(0),
    meanY: new Float64Array(0),
    m2Y: new Float64Array(0),
    sumPred: new Float64Array(0),
    sumAbs: new Float64Array(0),
    sumSq: new Float64Array(0),
    sumPredSq: new Float64Array(0),
    sumE4: new Float64Array(0),
  }),
  add(state, view: BatchView, cells) {
    const { yTrue, yPred, cell, weight, length } = view;
    if (!yTrue || !yPred) return;
    ensure(state, cells);
    const { rows, meanY, m2Y, sumPred, sumAbs, sumSq, sumPredSq, sumE4 } = state;
    const w = state.weight;
    for (let i = 0; i < length; i++) {
      const c = cell[i];
      const wi = weight === null ? 1 : weight[i];
      const y = yTrue[i];
      const p = yPred[i];
      rows[c] += 1;
      if (wi === 0) continue;
      const total = w[c] + wi;
      const delta = y - meanY[c];
      meanY[c] += (wi * delta) / total;
      m2Y[c] += wi * delta * (y - meanY[c]);
      w[c] = total;
      sumPred[c] += wi * p;
      const e = y - p;
      sumAbs[c] += wi * Math.abs(e);
      sumSq[c] += wi * e * e;
      sumPredSq[c] += wi * p * p;
      sumE4[c] += wi * e * e * e * e;
    }
  },
  mergeInto(target, source, map, targetCells) {
    ensure(target, targetCells);
    const n = Math.min(map.length, source.weight.length);
    for (let c = 0; c < n; c++) {
      const t = map[c];
      if (t < 0) continue;
      target.rows[t] += source.rows[c];
      const wa = target.weight[t];
      const wb = source.weight[c];
      if (wb === 0) continue;
      const total = wa + wb;
      const delta = source.meanY[c] - target.meanY[t];
      target.meanY[t] = wa === 0 ? source.meanY[c] : target.meanY[t] + (delta * wb) / total;
      target.m2Y[t] += source.m2Y[c] + (wa === 0 ? 0 : (delta * delta * wa * wb) / total);
      target.weight[t] = total;
      target.sumPred[t] += source.sumPred[c];
      target.sumAbs[t] += source.sumAbs[c];
      target.sumSq[t] += source.sumSq[c];
      target.sumPredSq[t] += source.sumPredSq[c];
      target.sumE4[t] += source.sumE4[c];
    }
  },
};

/**
 * SQL side of {@link regressionMoments}: one row of kind `regression` per cell with `n` rows,
 * `v1` Σ w, `v2` Σ w·y, `v3` Σ w·(y − μ)² (μ the cell's weighted mean, a window aggregate:
 * two passes, no cancellation), `v4` Σ w·ŷ, `v5` Σ w·|e|, `v6` Σ w·e², `v7` Σ w·ŷ², `v8` Σ w·e⁴
 * (e = y − ŷ). Loading sets meanY = v2 / v1 (0 when v1 = 0); rows of one cell arriving twice
 * merge as parallel variances (Chan et al.).
 *
 * @example regressionMomentsSql.parts(context)[0].kind // 'regression'
 */
export const regressionMomentsSql: SqlDescriptor<RegressionState> = {
  parts: () => [
    {
      kind: 'regression',
      needsMean: true,
      values: [
        'SUM(w)',
        'SUM(w * yt)',
        'SUM(w * (yt - mu) * (yt - mu))',
        'SUM(w * yp)',
        'SUM(w * ABS(yt - yp))',
        'SUM(w * (yt - yp) * (yt - yp))',
        'SUM(w * yp * yp)',
        'SUM(w * (yt - yp) * (yt - yp) * (yt - yp) * (yt - yp))',
      ],
    },
  ],
  load(state, rows, cells) {
    ensure(state, cells);
    const one = regressionMoments.init();
    ensure(one, 1);
    const map = Int32Array.of(0);
    for (const row of rows) {
      const w = value(row, 0);
      one.rows[0] = row.n;
      one.weight[0] = w;
      one.meanY[0] = w > 0 ? value(row, 1) / w : 0;
      one.m2Y[0] = value(row, 2);
      one.sumPred[0] = value(row, 3);
      one.sumAbs[0] = value(row, 4);
      one.sumSq[0] = value(row, 5);
      one.sumPredSq[0] = value(row, 6);
      one.sumE4[0] = value(row, 7);
      map[0] = row.cell;
      regressionMoments.mergeInto(state, one, map, cells);
    }
  },
};
