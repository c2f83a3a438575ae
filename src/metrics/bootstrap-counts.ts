import { PoissonBootstrap } from '../stats/poisson-bootstrap.js';
import { grow, type Accumulator, type BatchView } from './batch-view.js';

/**
 * Poisson-bootstrap replicates of the per-cell confusion counts: `sums[(cell · R + r) · 4 + k]`
 * with k = 0 TN, 1 FP, 2 FN, 3 TP, every row counted Poisson(1) times per replicate
 * (weights derived from the seed and the row's global index, so any batching or sharding
 * gives the same replicates). Any confusion-based metric or disparity evaluated per
 * replicate gives its bootstrap distribution.
 */
export interface BootstrapState {
  replicates: number;
  seed: number;
  sums: Float64Array;
}

/** Creates the bootstrap accumulator with `replicates` replicates. */
export function bootstrapCounts(replicates: number, seed: number): Accumulator<BootstrapState> {
  const block = replicates * 4;
  return {
    id: 'bootstrap',
    init: () => ({ replicates, seed, sums: new Float64Array(0) }),
    add(state, view: BatchView, cells) {
      const { label, pred, cell, weight, length } = view;
      if (!label || !pred) return;
      const kind = new Int32Array(length);
      for (let i = 0; i < length; i++) kind[i] = (label[i] << 1) | pred[i];
      const boot = new PoissonBootstrap({ replicates, seed, cells: 4, groups: cells });
      boot.addCounts(view.rowOffset, cell, kind, weight);
      state.sums = grow(state.sums, cells * block);
      const add = boot.state;
      for (let i = 0; i < add.length; i++) state.sums[i] += add[i];
    },
    mergeInto(target, source, map, targetCells) {
      target.sums = grow(target.sums, targetCells * block);
      const n = Math.min(map.length, source.sums.length / block);
      for (let c = 0; c < n; c++) {
        const t = map[c];
        if (t < 0) continue;
        for (let k = 0; k < block; k++) target.sums[t * block + k] += source.sums[c * block + k];
      }
    },
  };
}
