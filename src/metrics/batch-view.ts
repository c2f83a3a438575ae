/**
 * The columns of one batch as the accumulators see them: plain typed arrays, already
 * validated, one entry per row. `cell` is the row's finest group (the combination of
 * all sensitive features), dictionary-encoded once per batch by the runner.
 */
export interface BatchView {
  length: number;
  /** Global index of the batch's first row (rows are numbered 0, 1, 2, … across the input). */
  rowOffset: number;
  /** Finest group index of each row. */
  cell: Int32Array;
  /** Classification: 1 when the label is the positive class. */
  label: Uint8Array | null;
  /** Classification: 1 when the prediction is the positive class. */
  pred: Uint8Array | null;
  /** Score (probability of the positive class), when given. */
  score: Float64Array | null;
  /** Sample weight per row, or null for all ones. */
  weight: Float64Array | null;
  /** Regression: true values and predictions. */
  yTrue: Float64Array | null;
  yPred: Float64Array | null;
}

/**
 * A mergeable accumulator over per-cell state. The runner owns the loop: it calls
 * `add` once per batch, `mergeInto` to combine partial states (batches, threads,
 * machines) and to collapse finest cells into coarser groups (`map[cell] = group`).
 */
export interface Accumulator<S> {
  readonly id: string;
  /** An empty state with no cells. */
  init(): S;
  /** Adds a batch; `cells` is the number of cells known so far (state grows to it). */
  add(state: S, view: BatchView, cells: number): void;
  /**
   * True when adding unweighted rows straight into a total gives bit for bit the state that
   * adding them to a fresh partial and merging it would (integer counts, appended scores):
   * the runner then skips the per-batch partial.
   */
  readonly exactWhenUnweighted?: boolean;
  /** Adds `source`'s cell c into `target`'s cell `map[c]` (map entries < 0 are skipped). */
  mergeInto(target: S, source: S, map: Int32Array, targetCells: number): void;
  /**
   * Optional: a state whose cell `map[c]` holds `source`'s cell c, when `map` is a one-to-one
   * renumbering of all of `source`'s cells — sharing `source`'s parts instead of copying
   * them. For reading only (finalising); neither state may be added to afterwards.
   */
  renumber?(source: S, map: Int32Array, targetCells: number): S;
}

/** Grows a Float64Array to at least `size` entries, doubling, keeping contents. */
export function grow(array: Float64Array, size: number): Float64Array {
  if (array.length >= size) return array;
  const next = new Float64Array(Math.max(size, array.length * 2, 8));
  next.set(array);
  return next;
}
