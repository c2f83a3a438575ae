import { AuditError, InternalError } from '../core/errors.js';
import {
  poissonByTop16,
  poissonOfUniform,
  replicateKey,
  rowKey,
  seedKey,
  SPLIT_BUCKET,
} from './poisson-weight.js';

/** Options of `PoissonBootstrap`. */
export interface PoissonBootstrapOptions {
  /** Number of bootstrap replicates R (e.g. 200–1000). */
  replicates: number;
  /** Seed: any whole number from 0 to 2⁵³ − 1. */
  seed: number;
  /** Cells per group and replicate; default 4 (a confusion matrix). */
  cells?: number;
  /** Groups to allocate up front (more are added as they appear); default 1. */
  groups?: number;
}

/** Plain-data state of a `PoissonBootstrap`, for moving it between workers. */
export interface PoissonBootstrapSnapshot {
  replicates: number;
  seed: number;
  cells: number;
  groups: number;
  /** `groups × replicates × cells` sums, laid out `[group][replicate][cell]`. */
  state: Float64Array;
}

const MAX_REPLICATES = 100_000;
const MAX_CELLS = 1 << 20;

function checkWhole(what: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new AuditError(`${what} must be a whole number from ${min} to ${max}: ${String(value)}`);
  }
  return value;
}

/**
 * A streaming, seeded, mergeable Poisson bootstrap: for each of R replicates it
 * keeps per-group sums (by default the four cells of a confusion matrix) in
 * which every row counts `k` times, `k ~ Poisson(1)` drawn independently per
 * row and replicate. Any statistic of those sums (a rate, a difference or ratio
 * of two groups' rates, an MAE) evaluated per replicate gives its bootstrap
 * distribution, and `percentileInterval` an interval.
 *
 * Method: the Poisson bootstrap (Hanley & MacGibbon 2006, Comput Methods
 * Programs Biomed 83:57; Chamandy et al. 2012, "Estimating uncertainty for
 * massive data streams", Google) approximates the multinomial resample of n rows
 * with independent Poisson(1) counts, so it needs no knowledge of n and streams.
 * The count of a row in a replicate comes from `poissonWeight` — a hash of
 * (seed, global row index, replicate) — not from a sequential random stream, so
 * the state is the same whatever the batch sizes, and partial states over
 * disjoint rows merge in any order.
 *
 * Exactness: with integer contributions (counts and integer weights, totals
 * below 2⁵³) the state is bit-identical for any batching and any merge order.
 * With fractional weights or values it is bit-identical for any batching
 * (additions happen in row order) and equal up to rounding (≈1e-16 relative)
 * across merge orders; merge shards in a fixed order for byte-identical output.
 *
 * Rows: `firstRow` is the global index of a batch's first row (the caller
 * numbers rows 0, 1, 2, … across batches and shards). A negative group or cell
 * index skips the row (e.g. a missing label). The same row may be added to
 * several groups (its group and the overall group): it gets the same count in
 * each, so per-replicate comparisons between them stay coherent.
 *
 * Degenerate cases: a group with no rows has all-zero sums, and statistics such
 * as rates are then NaN in those replicates (see `percentileInterval`).
 *
 * @example
 * const boot = new PoissonBootstrap({ replicates: 200, seed: 42 });
 * // rows 0..3 of group 0; cell = 2·label + prediction (tn, fp, fn, tp)
 * boot.addCounts(0, [0, 0, 0, 0], [3, 0, 1, 3]);
 * const tpr = boot.replicateValues(0, (s, o) => s[o + 3] / (s[o + 3] + s[o + 2]));
 */
export class PoissonBootstrap {
  /** Number of replicates R. */
  readonly replicates: number;
  /** The seed the weights derive from. */
  readonly seed: number;
  /** Cells per group and replicate. */
  readonly cells: number;
  private groupCount: number;
  private buffer: Float64Array;
  /** Replicate keys as signed 32-bit integers (stays in V8's small-integer range). */
  private readonly keys: Int32Array;
  private readonly key: number;

  constructor(options: PoissonBootstrapOptions) {
    this.replicates = checkWhole('bootstrap replicates', options.replicates, 1, MAX_REPLICATES);
    this.cells = checkWhole('bootstrap cells', options.cells ?? 4, 1, MAX_CELLS);
    const groups = checkWhole('bootstrap groups', options.groups ?? 1, 0, 2 ** 31 - 1);
    this.key = seedKey(options.seed);
    this.seed = options.seed;
    this.keys = new Int32Array(this.replicates);
    for (let r = 0; r < this.replicates; r++) this.keys[r] = replicateKey(this.key, r) | 0;
    this.groupCount = groups;
    const size = Math.max(1, groups) * this.replicates * this.cells;
    if (size > 2 ** 31) {
      throw new AuditError(
        `bootstrap state too large: ${groups} groups × ${this.replicates} replicates × ${this.cells} cells`,
      );
    }
    this.buffer = new Float64Array(size);
  }

  /** Number of group slots in use (highest group index seen + 1, at least the initial `groups`). */
  get groups(): number {
    return this.groupCount;
  }

  /** The sums, `groups × replicates × cells`, laid out `[group][replicate][cell]` (a view). */
  get state(): Float64Array {
    return this.buffer.subarray(0, this.groupCount * this.replicates * this.cells);
  }

  /** Makes room for groups `0 … count − 1`. */
  private ensureGroups(count: number): void {
    if (count <= this.groupCount) return;
    const block = this.replicates * this.cells;
    if (count * block > this.buffer.length) {
      const limit = Math.floor(2 ** 31 / block);
      if (count > limit) throw new AuditError(`bootstrap state too large: ${count} groups × ${block} sums`);
      const capacity = Math.min(limit, Math.max(count, 2 * (this.buffer.length / block)));
      const grown = new Float64Array(capacity * block);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.groupCount = count;
  }

  private checkRows(firstRow: number, length: number): void {
    if (!Number.isSafeInteger(firstRow) || firstRow < 0 || !Number.isSafeInteger(firstRow + length)) {
      throw new AuditError(
        `bootstrap row index must be a non-negative whole number below 2^53: ${String(firstRow)}`,
      );
    }
  }

  /**
   * Adds a batch of rows, each to exactly one cell: row `firstRow + i` adds
   * `k · weights[i]` (weight 1 when omitted) to cell `cells[i]` of group
   * `groups[i]` in every replicate, with `k` its Poisson count there.
   * Typical use: confusion counts with `cell = 2·label + prediction`.
   *
   * @example boot.addCounts(1000, groupIndex, cellIndex, weights) // rows 1000 … 1000 + n − 1
   */
  addCounts(
    firstRow: number,
    groups: ArrayLike<number>,
    cells: ArrayLike<number>,
    weights?: ArrayLike<number> | null,
  ): void {
    const n = groups.length;
    if (cells.length !== n || (weights != null && weights.length !== n)) {
      throw new InternalError(
        `bootstrap batch columns differ in length: ${n}, ${cells.length}, ${weights?.length ?? n}`,
      );
    }
    this.checkRows(firstRow, n);
    const R = this.replicates;
    const C = this.cells;
    const keys = this.keys;
    const table = poissonByTop16();
    for (let i = 0; i < n; i++) {
      const g = groups[i];
      const cell = cells[i];
      if (g < 0 || cell < 0) continue;
      if (!Number.isInteger(g) || !Number.isInteger(cell) || cell >= C) {
        throw new InternalError(
          `bootstrap group or cell index out of range at row ${firstRow + i}: ${g}, ${cell}`,
        );
      }
      const w = weights == null ? 1 : weights[i];
      if (!(w >= 0) || w === Infinity) {
        throw new AuditError(`bootstrap weight must be finite and non-negative at row ${firstRow + i}: ${w}`);
      }
      if (w === 0) continue;
      if (g >= this.groupCount) this.ensureGroups(g + 1);
      const state = this.buffer;
      const row = rowKey(this.key, firstRow + i) | 0;
      let at = g * R * C + cell;
      for (let r = 0; r < R; r++, at += C) {
        // k = poissonOfUniform(mix32(row ^ keys[r])), inlined and by table.
        let x = row ^ keys[r];
        x ^= x >>> 16;
        x = Math.imul(x, 0x7feb352d);
        x ^= x >>> 15;
        x = Math.imul(x, 0x846ca68b);
        x ^= x >>> 16;
        let k = table[x >>> 16];
        if (k === SPLIT_BUCKET) k = poissonOfUniform(x >>> 0);
        // Adding k·w = 0 changes nothing and avoids an unpredictable branch.
        state[at] += k * w;
      }
    }
  }

  /**
   * Adds a batch of rows with a value in every cell: row `firstRow + i` adds
   * `k · values[c][i]` to cell `c` of group `groups[i]` in every replicate.
   * Typical use: regression sums with `values = [weight, weight·loss, weight·loss²]`.
   * Values must be finite.
   *
   * @example boot.addValues(0, groupIndex, [ones, absErrors, squaredErrors])
   */
  addValues(firstRow: number, groups: ArrayLike<number>, values: readonly ArrayLike<number>[]): void {
    const n = groups.length;
    const C = this.cells;
    if (values.length !== C)
      throw new InternalError(`bootstrap expects ${C} value columns, got ${values.length}`);
    for (const column of values) {
      if (column.length !== n)
        throw new InternalError(`bootstrap batch columns differ in length: ${n}, ${column.length}`);
    }
    this.checkRows(firstRow, n);
    const R = this.replicates;
    const keys = this.keys;
    const table = poissonByTop16();
    for (let i = 0; i < n; i++) {
      const g = groups[i];
      if (g < 0) continue;
      if (!Number.isInteger(g))
        throw new InternalError(`bootstrap group index is not whole at row ${firstRow + i}: ${g}`);
      for (let c = 0; c < C; c++) {
        if (!Number.isFinite(values[c][i])) {
          throw new AuditError(
            `bootstrap value must be finite at row ${firstRow + i}, cell ${c}: ${values[c][i]}`,
          );
        }
      }
      if (g >= this.groupCount) this.ensureGroups(g + 1);
      const state = this.buffer;
      const row = rowKey(this.key, firstRow + i) | 0;
      let at = g * R * C;
      for (let r = 0; r < R; r++, at += C) {
        // k = poissonOfUniform(mix32(row ^ keys[r])), inlined and by table.
        let x = row ^ keys[r];
        x ^= x >>> 16;
        x = Math.imul(x, 0x7feb352d);
        x ^= x >>> 15;
        x = Math.imul(x, 0x846ca68b);
        x ^= x >>> 16;
        let k = table[x >>> 16];
        if (k === SPLIT_BUCKET) k = poissonOfUniform(x >>> 0);
        if (k === 0) continue; // cheaper than C additions of zero
        for (let c = 0; c < C; c++) state[at + c] += k * values[c][i];
      }
    }
  }

  /**
   * Adds another bootstrap's sums (over other rows) into this one. Both must
   * share seed, replicates and cells. Returns `this`.
   *
   * @example a.merge(b) // a now covers the rows of both
   */
  merge(other: PoissonBootstrap): this {
    if (other.seed !== this.seed || other.replicates !== this.replicates || other.cells !== this.cells) {
      throw new InternalError(
        `cannot merge bootstraps with different settings: seed ${this.seed}/${other.seed}, ` +
          `replicates ${this.replicates}/${other.replicates}, cells ${this.cells}/${other.cells}`,
      );
    }
    this.ensureGroups(other.groupCount);
    const theirs = other.state;
    const mine = this.buffer;
    for (let i = 0; i < theirs.length; i++) mine[i] += theirs[i];
    return this;
  }

  /**
   * The `replicates × cells` sums of one group (a view into the state; a group
   * never seen has zeros).
   *
   * @example boot.cellsOf(0)[r * boot.cells + 3] // group 0, replicate r, cell 3
   */
  cellsOf(group: number): Float64Array {
    checkWhole('bootstrap group', group, 0, 2 ** 31 - 1);
    this.ensureGroups(group + 1);
    const block = this.replicates * this.cells;
    return this.buffer.subarray(group * block, (group + 1) * block);
  }

  /**
   * A statistic of one group in every replicate: `statistic(sums, offset)` reads
   * that replicate's cells at `sums[offset … offset + cells − 1]`.
   *
   * @example boot.replicateValues(0, (s, o) => (s[o] + s[o + 3]) / (s[o] + s[o + 1] + s[o + 2] + s[o + 3])) // accuracy
   */
  replicateValues(group: number, statistic: (sums: Float64Array, offset: number) => number): Float64Array {
    const sums = this.cellsOf(group);
    const out = new Float64Array(this.replicates);
    for (let r = 0; r < this.replicates; r++) out[r] = statistic(sums, r * this.cells);
    return out;
  }

  /**
   * A copy of the state as plain data (structured-clone and transfer friendly).
   *
   * @example PoissonBootstrap.restore(boot.snapshot()) // an equal bootstrap
   */
  snapshot(): PoissonBootstrapSnapshot {
    return {
      replicates: this.replicates,
      seed: this.seed,
      cells: this.cells,
      groups: this.groupCount,
      state: this.state.slice(),
    };
  }

  /**
   * Rebuilds a bootstrap from `snapshot()` output.
   *
   * @example const copy = PoissonBootstrap.restore(boot.snapshot());
   */
  static restore(snapshot: PoissonBootstrapSnapshot): PoissonBootstrap {
    const boot = new PoissonBootstrap(snapshot);
    const expected = snapshot.groups * snapshot.replicates * snapshot.cells;
    if (snapshot.state.length !== expected) {
      throw new InternalError(`bootstrap snapshot has ${snapshot.state.length} sums, expected ${expected}`);
    }
    boot.buffer.set(snapshot.state);
    return boot;
  }
}
