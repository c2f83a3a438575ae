import type { Accumulator, BatchView } from './batch-view.js';
import { distinctCounts } from './distinct-counts.js';
import { sortFloat64 } from './sort-float64.js';
import { value, type SqlDescriptor } from './sql-descriptor.js';
import { positivePlacements, type DelongComponents } from '../stats/delong-components.js';
import { weightedSquares } from '../stats/delong-interval.js';

/** Equal-width bins on [0, 1] per list once the store is binned. */
export const UNIT_BINS = 1 << 16;
/** Bits of a float64's order-preserving key that name an overflow bin (scores outside [0, 1]). */
export const BIN_KEY_BITS = 24;

/** Sorted distinct scores with their total weights. */
export interface Run {
  values: Float64Array;
  weights: Float64Array;
}

/**
 * Scores of one cell and one label class. Exact mode: an unsorted tail of raw values
 * (weights null while all are 1) plus sorted runs of distinct values. Binned mode: a
 * histogram of {@link UNIT_BINS} equal-width bins on [0, 1], and overflow bins keyed by the
 * top {@link BIN_KEY_BITS} bits of the float's order-preserving bit pattern for scores
 * outside [0, 1] (sign, exponent and 12 mantissa bits).
 */
export interface ScoreList {
  values: Float64Array;
  weights: Float64Array | null;
  length: number;
  runs: Run[];
  /** Binned mode: counts of the {@link UNIT_BINS} bins on [0, 1], once the list is dense. */
  hist: Float64Array | null;
  /** Overflow bin key → [the smallest score in the bin, weight]. */
  overflow: Map<number, [number, number]> | null;
  /**
   * Binned mode: bin numbers on [0, 1] not yet counted into `hist`, one an entry. A list
   * without `hist` (sparse) keeps all its entries here until it holds {@link DENSE_AT} (then
   * `hist` is allocated): a list of few rows costs 2 bytes a row (10 with weights), not a
   * 512 KB histogram, so audits of many small groups stay small. A dense list buffers only
   * unweighted rows here, counted into `hist` when full ({@link PENDING}): appending is
   * sequential and counting a full buffer touches one histogram at a time, which keeps the
   * hot loop in cache. Read a list's bins with {@link sortedRuns}, or `hist` after
   * {@link flushPending}.
   */
  pending: Uint16Array | null;
  pendingLength: number;
  /**
   * A sparse list's entry weights beside `pending`, once any entry is not one row (a sample
   * weight, or a count merged at once); null while every entry is 1. Entries are added to a
   * bin in the order they came, so a list's sums are those of a histogram filled as they came.
   */
  pendingWeights: Float64Array | null;
}

/** Bin numbers buffered per dense list before they are counted into its histogram. */
const PENDING = 1 << 14;

/** A list keeps its entries raw, without a histogram, while it holds fewer than this. */
const DENSE_AT = 1 << 16;

/** Gives a list its histogram and counts its buffered entries into it, in the order they came. */
function densify(list: ScoreList): Float64Array {
  if (list.hist === null) {
    const hist = (list.hist = new Float64Array(UNIT_BINS));
    const weights = list.pendingWeights;
    const bins = list.pending;
    if (weights !== null && bins !== null) {
      for (let k = 0; k < list.pendingLength; k++) hist[bins[k]] += weights[k];
      list.pendingLength = 0;
    }
    list.pendingWeights = null;
  }
  flushPending(list);
  // from now on the buffer only batches unweighted rows between counts
  if (list.pending !== null && list.pending.length > PENDING) list.pending = new Uint16Array(PENDING);
  return list.hist;
}

/** Counts a dense list's buffered bin numbers into its histogram (a list without one keeps them). */
function flushPending(list: ScoreList): void {
  const n = list.pendingLength;
  const hist = list.hist;
  if (n === 0 || list.pending === null || hist === null) return;
  const pending = list.pending;
  for (let k = 0; k < n; k++) hist[pending[k]] += 1;
  list.pendingLength = 0;
}

/**
 * Room for one more buffered entry: a dense list's full buffer is counted, a sparse list's
 * buffers grow (doubling) until they reach {@link DENSE_AT} entries and the list becomes dense.
 */
function makeRoom(list: ScoreList): void {
  const pending = list.pending;
  if (pending === null) {
    list.pending = new Uint16Array(list.hist === null ? 64 : PENDING);
    if (list.hist === null && list.pendingWeights !== null) list.pendingWeights = new Float64Array(64);
    return;
  }
  if (list.pendingLength < pending.length) return;
  if (list.hist !== null) flushPending(list);
  else if (pending.length >= DENSE_AT) densify(list);
  else {
    const size = Math.min(2 * pending.length, DENSE_AT);
    const grown = new Uint16Array(size);
    grown.set(pending);
    list.pending = grown;
    const weights = list.pendingWeights;
    if (weights !== null) {
      const more = new Float64Array(size);
      more.set(weights);
      list.pendingWeights = more;
    }
  }
}

/** Appends one entry of `weight` in bin `bin` to a sparse list, keeping its entries' weights. */
function pushWeighted(list: ScoreList, bin: number, weight: number): void {
  if (list.pendingWeights === null) {
    // from now on every entry carries its weight: the earlier ones are 1 each
    const size = list.pending === null ? 64 : list.pending.length;
    list.pendingWeights = new Float64Array(size).fill(1, 0, list.pendingLength);
  }
  makeRoom(list);
  if (list.hist !== null) {
    list.hist[bin] += weight;
    return;
  }
  list.pending![list.pendingLength] = bin;
  list.pendingWeights[list.pendingLength++] = weight;
}

/** Adds `weight` in bin `bin` of [0, 1], as a histogram would (`hist[bin] += weight`). */
function addBinWeight(list: ScoreList, bin: number, weight: number): void {
  if (list.hist !== null) list.hist[bin] += weight;
  else pushWeighted(list, bin, weight);
}

/** Adds `count` unweighted rows (a whole number) in bin `bin` of [0, 1], as `hist[bin] += count` would. */
function addBinRows(list: ScoreList, bin: number, count: number): void {
  if (list.hist === null && list.pendingLength + count > DENSE_AT) densify(list);
  if (list.hist !== null) {
    list.hist[bin] += count;
    return;
  }
  // beside weighted entries, the count is one entry (adding 1 c times is not adding c to a fraction)
  if (list.pendingWeights !== null) {
    pushWeighted(list, bin, count);
    return;
  }
  for (let k = 0; k < count; k++) pushRow(list, bin);
}

/** Appends one unweighted row in bin `bin` (the hot loop of `add` writes this out). */
function pushRow(list: ScoreList, bin: number): void {
  if (list.pending === null || list.pendingLength === list.pending.length) makeRoom(list);
  list.pending![list.pendingLength++] = bin;
}

/**
 * A sparse list's bins in ascending order with their sums (each bin's entries summed in the
 * order they came, from 0: the histogram's value). Unweighted entries are counted.
 */
function sparseSums(list: ScoreList): { bins: Uint16Array; sums: Float64Array } {
  const n = list.pendingLength;
  const pending = list.pending!;
  const weights = list.pendingWeights;
  const bins = new Uint16Array(Math.min(n, UNIT_BINS));
  const sums = new Float64Array(bins.length);
  let m = 0;
  if (weights === null) {
    const sorted = pending.slice(0, n).sort();
    for (let k = 0; k < n; ) {
      const b = sorted[k];
      let count = 0;
      while (k < n && sorted[k] === b) {
        count++;
        k++;
      }
      bins[m] = b;
      sums[m++] = count;
    }
  } else {
    // a stable order by bin: keys bin · 2^17 + arrival (exact in a double)
    const keys = new Float64Array(n);
    for (let k = 0; k < n; k++) keys[k] = pending[k] * 131072 + k;
    keys.sort();
    for (let k = 0; k < n; ) {
      const b = Math.floor(keys[k] / 131072);
      let sum = 0;
      while (k < n && Math.floor(keys[k] / 131072) === b) sum += weights[keys[k++] - b * 131072];
      bins[m] = b;
      sums[m++] = sum;
    }
  }
  return { bins: bins.subarray(0, m), sums: sums.subarray(0, m) };
}

/** The bin of [0, 1] that a score in [0, 1] falls in (1 in the last). */
function unitBin(value: number): number {
  const b = Math.floor(value * UNIT_BINS);
  return b >= UNIT_BINS ? UNIT_BINS - 1 : b;
}

/**
 * Scores kept per cell and label, for ROC AUC and ROC curves. Exact while the number of
 * distinct stored scores stays within `budget`; past it every list becomes a histogram.
 * Binned AUC counts two scores in one bin as a tie, so it differs from the exact AUC by
 * at most ½ Σ_b pos_b · neg_b / (P · N) — {@link aucOf} reports that bound.
 */
export interface ScoreStoreState {
  budget: number;
  binned: boolean;
  /** `lists[2 * cell + label]`. */
  lists: ScoreList[];
  /** Values held in tails and runs (exact mode). */
  stored: number;
  /** Scores added (rows), exact or binned. */
  rows: number;
  /**
   * Scores of the input's first rows (global rows below {@link SAMPLE_ROWS}), collected by the
   * state that holds row 0 until its first fold block ends ({@link closeSample}); null when this
   * state holds no such rows or the sample is closed.
   */
  sample: Float64Array | null;
  sampleLength: number;
  /** Distinct share of the closed sample; null until closed (or when this state never held row 0). */
  sampleShare: number | null;
}

/** Rows of the input whose scores form the sample that tells continuous scores from few distinct ones. */
export const SAMPLE_ROWS = 65_536;

/** A list holding no scores (exact mode until its store is binned). */
export function emptyList(): ScoreList {
  return { values: new Float64Array(16), weights: null, length: 0, runs: [], hist: null, overflow: null, pending: null, pendingLength: 0, pendingWeights: null };
}

const keyBuffer = new DataView(new ArrayBuffer(8));

/** Order-preserving key of a float64, truncated to {@link BIN_KEY_BITS} bits. */
export function binKey(x: number): number {
  keyBuffer.setFloat64(0, x === 0 ? 0 : x); // -0 and 0 share a bin
  const hi = keyBuffer.getUint32(0);
  const sortable = hi & 0x80000000 ? ~hi >>> 0 : (hi | 0x80000000) >>> 0;
  return sortable >>> (32 - BIN_KEY_BITS);
}

function listOf(state: ScoreStoreState, index: number): ScoreList {
  for (let k = state.lists.length; k <= index; k++) state.lists.push(emptyList());
  return state.lists[index];
}

function reserve(list: ScoreList, extra: number, weighted: boolean): void {
  const need = list.length + extra;
  if (need > list.values.length) {
    const size = Math.max(need, list.values.length * 2);
    const values = new Float64Array(size);
    values.set(list.values.subarray(0, list.length));
    list.values = values;
    if (list.weights) {
      const weights = new Float64Array(size);
      weights.set(list.weights.subarray(0, list.length));
      list.weights = weights;
    }
  }
  if (weighted && list.weights === null) {
    list.weights = new Float64Array(list.values.length);
    list.weights.fill(1, 0, list.length);
  }
}

function binAdd(list: ScoreList, value: number, weight: number): void {
  if (value >= 0 && value <= 1) {
    // whole counts (unweighted rows, their runs) are rows; other weights one entry each
    if (list.hist === null && Number.isInteger(weight) && weight >= 0) addBinRows(list, unitBin(value), weight);
    else addBinWeight(list, unitBin(value), weight);
    return;
  }
  list.overflow ??= new Map();
  const key = binKey(value);
  const entry = list.overflow.get(key);
  if (entry) {
    entry[1] += weight;
    // the smallest score represents the bin: the same whatever order rows arrive in
    if (value < entry[0]) entry[0] = value;
  } else list.overflow.set(key, [value, weight]);
}

/** Merges two sorted runs, summing the weights of equal values. */
export function mergeRuns(a: Run, b: Run): Run {
  const values = new Float64Array(a.values.length + b.values.length);
  const weights = new Float64Array(values.length);
  let i = 0;
  let j = 0;
  let m = 0;
  const av = a.values;
  const bv = b.values;
  const aw = a.weights;
  const bw = b.weights;
  while (i < av.length || j < bv.length) {
    let v: number;
    let w: number;
    if (j >= bv.length || (i < av.length && av[i] < bv[j])) {
      v = av[i];
      w = aw[i++];
    } else if (i >= av.length || bv[j] < av[i]) {
      v = bv[j];
      w = bw[j++];
    } else {
      v = av[i];
      w = aw[i++] + bw[j++];
    }
    if (m > 0 && values[m - 1] === v) weights[m - 1] += w;
    else {
      values[m] = v;
      weights[m++] = w;
    }
  }
  return { values: values.subarray(0, m), weights: weights.subarray(0, m) };
}

/**
 * Sorts the raw tail into a run of distinct values. The tail is sorted where it lies (the list
 * drops it next), and the run gets arrays of exactly its length: no copy of the raw values, no
 * weight per raw value while every weight is 1.
 */
function sortTail(list: ScoreList): Run | null {
  const n = list.length;
  if (n === 0) return null;
  if (list.weights === null) {
    // values that repeat are counted, and only the distinct ones sorted
    const counted = distinctCounts(list.values.subarray(0, n));
    if (counted !== null) return { values: counted.values, weights: counted.counts };
    const sorted = sortFloat64(list.values.subarray(0, n));
    let m = 1;
    for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) m++;
    const values = new Float64Array(m);
    const weights = new Float64Array(m);
    values[0] = sorted[0];
    let at = 0;
    let count = 1;
    for (let i = 1; i < n; i++) {
      if (sorted[i] === sorted[i - 1]) count++;
      else {
        weights[at++] = count;
        values[at] = sorted[i];
        count = 1;
      }
    }
    weights[at] = count;
    return { values, weights };
  }
  // Weighted: sort an index permutation (slower, only with sample weights).
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const v = list.values;
  order.sort((a, b) => v[a] - v[b]);
  const values = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    values[i] = v[order[i]];
    weights[i] = list.weights[order[i]];
  }
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (m > 0 && values[m - 1] === values[i]) weights[m - 1] += weights[i];
    else {
      values[m] = values[i];
      weights[m++] = weights[i];
    }
  }
  return { values: values.slice(0, m), weights: weights.slice(0, m) };
}

/** Turns the tail and all runs of a list into one sorted run (exact mode). */
export function compactList(list: ScoreList): Run {
  const runs = list.runs.slice();
  const tail = sortTail(list);
  if (tail) runs.push(tail);
  list.values = new Float64Array(16);
  list.weights = null;
  list.length = 0;
  if (runs.length === 0) {
    list.runs = [];
    return { values: new Float64Array(0), weights: new Float64Array(0) };
  }
  // Pairwise merging: log2(k) linear passes.
  let level = runs;
  while (level.length > 1) {
    const next: Run[] = [];
    for (let k = 0; k < level.length; k += 2) next.push(k + 1 < level.length ? mergeRuns(level[k], level[k + 1]) : level[k]);
    level = next;
  }
  list.runs = [level[0]];
  return level[0];
}

function listSize(list: ScoreList): number {
  return list.length + list.runs.reduce((a, r) => a + r.values.length, 0);
}

/** Counts every buffered bin number of a store into its histograms (before reading them, e.g. to save them). */
export function flushStore(state: ScoreStoreState): void {
  for (const list of state.lists) flushPending(list);
}

function toBins(list: ScoreList): void {
  if (list.hist !== null || list.overflow !== null) {
    if (list.length === 0 && list.runs.length === 0) return;
  }
  for (let i = 0; i < list.length; i++) binAdd(list, list.values[i], list.weights ? list.weights[i] : 1);
  for (const run of list.runs) for (let i = 0; i < run.values.length; i++) binAdd(list, run.values[i], run.weights[i]);
  list.values = new Float64Array(0);
  list.weights = null;
  list.length = 0;
  list.runs = [];
}

function makeBinned(state: ScoreStoreState): void {
  for (const list of state.lists) toBins(list);
  state.binned = true;
  state.stored = 0;
}

/**
 * The binning rule, a function of the data alone (so threads, shards and one pass agree on
 * it whatever order and grouping the rows arrive in): the store is binned once
 * (a) more than `budget` scores were added and the sample of the input's first rows is more
 * than half distinct values (continuous scores: de-duplicating would not bring them within
 * budget, so no sort is spent finding out), or (b) the distinct scores (per list) exceed
 * `budget`. Both conditions only ever turn true as rows are added, so applying the rule at
 * any moments, and once more at the end ({@link finishStore}), gives the same final state.
 * Raw tails are de-duplicated (sorted into runs) whenever they hold more than 2 × `budget`
 * values, which bounds memory.
 */
function enforceBudget(state: ScoreStoreState): void {
  if (state.binned) return;
  if (continuousPast(state, state.rows)) {
    makeBinned(state);
    return;
  }
  if (state.stored <= 2 * state.budget) return;
  let stored = 0;
  for (const list of state.lists) {
    compactList(list);
    stored += listSize(list);
  }
  state.stored = stored;
  if (stored > state.budget) makeBinned(state);
}

/**
 * Collects the scores of rows below {@link SAMPLE_ROWS} (global row numbers) into the sample
 * of the state that holds row 0 (the engine calls this for every batch, into its total store).
 */
export function collectSample(state: ScoreStoreState, score: Float64Array, rowOffset: number, length: number): void {
  // only the state that holds row 0 collects, batch after batch
  if (state.sampleShare !== null || rowOffset >= SAMPLE_ROWS || rowOffset !== state.sampleLength) return;
  state.sample ??= new Float64Array(SAMPLE_ROWS);
  const take = Math.min(length, SAMPLE_ROWS - rowOffset);
  state.sample.set(score.subarray(0, take), rowOffset);
  state.sampleLength += take;
  // complete: closed now rather than at the end of the first fold block (the same sample, so the same outcome)
  if (state.sampleLength === SAMPLE_ROWS) closeSample(state);
}

/**
 * Closes the sample of the input's first rows: its distinct share decides rule (a) of the
 * binning rule. The engine calls this when the fold block holding row 0 ends (and at the end
 * of the data), so the sample is the same in every run: the first min({@link SAMPLE_ROWS},
 * rows of the first block) rows.
 */
export function closeSample(state: ScoreStoreState): void {
  if (state.sampleShare !== null || state.sample === null) return;
  const n = state.sampleLength;
  state.sampleShare = n === 0 ? 0 : new Set(state.sample.subarray(0, n)).size / n;
  state.sample = null;
  enforceBudget(state);
}

/**
 * Whether a store that will have received `totalRows` scores in all is certain to end up
 * binned by rule (a) of {@link enforceBudget}, as soon as its sample is closed.
 */
export function willBin(state: ScoreStoreState, totalRows: number): boolean {
  return state.binned || continuousPast(state, totalRows);
}

/** Rule (a) of {@link enforceBudget}: the sample is over half distinct and `rows` exceed the budget. */
function continuousPast(state: ScoreStoreState, rows: number): boolean {
  return state.sampleShare !== null && state.sampleShare > 0.5 && rows > state.budget;
}

/** Bins an exact store now (its final state is the same as binning it later). */
export function binStore(state: ScoreStoreState): void {
  if (!state.binned) makeBinned(state);
}

/**
 * The store as finalising needs it: the sample closed, every exact list sorted into one run,
 * and the binning rule applied once more to the whole data (so the outcome does not depend
 * on when the rule was applied during the pass).
 */
export function finishStore(state: ScoreStoreState): void {
  closeSample(state);
  if (state.binned) return;
  compactStore(state);
  if (continuousPast(state, state.rows) || state.stored > state.budget) makeBinned(state);
}

/** Creates the score-store accumulator with a budget of `budget` distinct stored scores. */
export function scoreStore(budget: number): Accumulator<ScoreStoreState> {
  return {
    id: 'score_store',
    init: () => ({ budget, binned: false, lists: [], stored: 0, rows: 0, sample: null, sampleLength: 0, sampleShare: null }),
    add(state, view: BatchView, cells) {
      const { score, label, cell, weight, length } = view;
      if (!score || !label) return;
      listOf(state, 2 * cells - 1);
      state.rows += length;
      const lists = state.lists;
      if (state.binned) {
        if (weight !== null) {
          for (let i = 0; i < length; i++) {
            const list = lists[2 * cell[i] + label[i]];
            const p = score[i];
            // Inline of binAdd for scores in [0, 1] of a dense list.
            if (p >= 0 && p < 1 && list.hist !== null) list.hist[(p * UNIT_BINS) | 0] += weight[i];
            else if (p >= 0 && p <= 1) addBinWeight(list, unitBin(p), weight[i]);
            else binAdd(list, p, weight[i]);
          }
          return;
        }
        for (let i = 0; i < length; i++) {
          const list = lists[2 * cell[i] + label[i]];
          const p = score[i];
          if (!(p >= 0 && p < 1)) {
            binAdd(list, p, 1);
            continue;
          }
          if (list.pending === null || list.pendingLength === list.pending.length) makeRoom(list);
          list.pending![list.pendingLength++] = (p * UNIT_BINS) | 0;
        }
        return;
      }
      // Hot loop: append (score, weight) to the row's list, growing it when full.
      for (let i = 0; i < length; i++) {
        const list = lists[2 * cell[i] + label[i]];
        if (list.length === list.values.length || (weight !== null && list.weights === null)) {
          reserve(list, 1, weight !== null);
        }
        list.values[list.length] = score[i];
        if (list.weights !== null) list.weights[list.length] = weight === null ? 1 : weight[i];
        list.length++;
      }
      state.stored += length;
      enforceBudget(state);
    },
    renumber(source, map, targetCells) {
      // the source's lists themselves, in the new order (finalising reads, never adds)
      const lists: ScoreList[] = new Array<ScoreList>(2 * targetCells);
      for (let c = 0; c < targetCells; c++) {
        lists[2 * map[c]] = source.lists[2 * c] ?? emptyList();
        lists[2 * map[c] + 1] = source.lists[2 * c + 1] ?? emptyList();
      }
      return { ...source, lists };
    },
    mergeInto(target, source, map, targetCells) {
      listOf(target, 2 * targetCells - 1);
      target.rows += source.rows;
      if (target.sampleShare === null && source.sampleShare !== null) target.sampleShare = source.sampleShare;
      if (source.binned && !target.binned) makeBinned(target);
      for (let index = 0; index < source.lists.length; index++) {
        const t = map[index >> 1];
        if (t === undefined || t < 0) continue;
        const from = source.lists[index];
        const into = target.lists[2 * t + (index & 1)];
        flushPending(from);
        if (target.binned) {
          for (let i = 0; i < from.length; i++) binAdd(into, from.values[i], from.weights ? from.weights[i] : 1);
          for (const run of from.runs) for (let i = 0; i < run.values.length; i++) binAdd(into, run.values[i], run.weights[i]);
          if (from.hist) {
            const a = densify(into);
            const h = from.hist;
            for (let b = 0; b < UNIT_BINS; b++) a[b] += h[b];
          } else if (from.pending !== null && from.pendingLength > 0) {
            // a sparse list: each bin's sum added at once, as its histogram's would be
            const { bins, sums } = sparseSums(from);
            const unweighted = from.pendingWeights === null && into.pendingWeights === null;
            if (into.hist === null && into.pendingLength + (unweighted ? from.pendingLength : bins.length) > DENSE_AT) densify(into);
            const dense = into.hist;
            if (dense !== null) for (let k = 0; k < bins.length; k++) dense[bins[k]] += sums[k];
            else if (unweighted) {
              // rows of one each (exact integers): appended as they are
              const rows = from.pending;
              for (let k = 0; k < from.pendingLength; k++) pushRow(into, rows[k]);
            } else for (let k = 0; k < bins.length; k++) pushWeighted(into, bins[k], sums[k]);
          }
          if (from.overflow) {
            into.overflow ??= new Map();
            for (const [k, [v, w]] of from.overflow) {
              const e = into.overflow.get(k);
              if (e) {
                e[1] += w;
                if (v < e[0]) e[0] = v;
              } else into.overflow.set(k, [v, w]);
            }
          }
          continue;
        }
        // Exact: sorted runs are shared (never mutated), the raw tail is copied.
        into.runs.push(...from.runs);
        if (from.length > 0) {
          reserve(into, from.length, from.weights !== null);
          into.values.set(from.values.subarray(0, from.length), into.length);
          if (into.weights) {
            if (from.weights) into.weights.set(from.weights.subarray(0, from.length), into.length);
            else into.weights.fill(1, into.length, into.length + from.length);
          }
          into.length += from.length;
        }
        target.stored += listSize(from);
      }
      enforceBudget(target);
    },
  };
}

/** Sorts every list of an exact store into one run each (done once before finalising). */
export function compactStore(state: ScoreStoreState): void {
  if (state.binned) return;
  let stored = 0;
  for (const list of state.lists) {
    compactList(list);
    stored += listSize(list);
  }
  state.stored = stored;
}

/** Sorted (score, weight) pairs of one list: distinct values, or bins in score order. */
function sortedRuns(list: ScoreList | undefined, binned: boolean): Run {
  if (list === undefined) return { values: new Float64Array(0), weights: new Float64Array(0) };
  if (!binned) return compactList(list);
  flushPending(list);
  // a sparse list's rows, sorted by bin: counted run by run below
  const sparse = list.hist === null && list.pending !== null && list.pendingLength > 0 ? sparseSums(list) : null;
  const below: [number, number][] = [];
  const above: [number, number][] = [];
  if (list.overflow) {
    for (const [, [v, w]] of list.overflow) (v < 0 ? below : above).push([v, w]);
  }
  below.sort((a, b) => a[0] - b[0]);
  above.sort((a, b) => a[0] - b[0]);
  const hist = list.hist;
  // room for every bin: trimmed (a view) once filled
  const room = below.length + above.length + (hist ? UNIT_BINS : 0) + (sparse ? sparse.bins.length : 0);
  const values = new Float64Array(room);
  const weights = new Float64Array(room);
  let m = 0;
  for (const [v, w] of below) {
    values[m] = v;
    weights[m++] = w;
  }
  if (hist) {
    for (let b = 0; b < UNIT_BINS; b++) {
      if (hist[b] > 0) {
        values[m] = (b + 0.5) / UNIT_BINS;
        weights[m++] = hist[b];
      }
    }
  }
  if (sparse) {
    for (let k = 0; k < sparse.bins.length; k++) {
      // a bin whose weights sum to 0 is no score, as an empty histogram bin
      if (!(sparse.sums[k] > 0)) continue;
      values[m] = (sparse.bins[k] + 0.5) / UNIT_BINS;
      weights[m++] = sparse.sums[k];
    }
  }
  for (const [v, w] of above) {
    values[m] = v;
    weights[m++] = w;
  }
  return { values: values.subarray(0, m), weights: weights.subarray(0, m) };
}

/** ROC AUC of one group and, when the store is binned, the bound on its error. */
export interface AucResult {
  value: number | null;
  /** Upper bound on |value − exact AUC|; 0 in exact mode. */
  bound: number;
  /** ROC curve points (FPR ascending), down-sampled to steps of about 0.01. */
  fpr: number[];
  tpr: number[];
}

/**
 * ROC AUC = P(score of a positive > score of a negative) + ½ P(tie), weighted — the
 * Mann–Whitney form of scikit-learn's `roc_auc_score`. Null when the group holds only one
 * class (scikit-learn raises; Fairlearn reports NaN).
 */
export function aucOf(state: ScoreStoreState, g: number): AucResult {
  // Finalising asks for the value and then the curve of each group: both are computed once.
  return cached(aucCache, state, g, () => computeAuc(state, g));
}

/*
 * What finalising reads from a store, per store state and group: a store is not changed once
 * it is finalised, and is read several times (AUC, curve, DeLong intervals, comparisons).
 */
const aucCache = new WeakMap<ScoreStoreState, Map<number, AucResult>>();
const runsCache = new WeakMap<ScoreStoreState, Map<number, { neg: Run; pos: Run }>>();

function cached<T>(cache: WeakMap<ScoreStoreState, Map<number, T>>, state: ScoreStoreState, g: number, compute: () => T): T {
  let perGroup = cache.get(state);
  if (perGroup === undefined) cache.set(state, (perGroup = new Map<number, T>()));
  let hit = perGroup.get(g);
  if (hit === undefined) perGroup.set(g, (hit = compute()));
  return hit;
}

/** A histogram of no rows, read-only: the other class of a group that holds one class. */
const EMPTY_HIST = new Float64Array(UNIT_BINS);

/**
 * A group's negatives and positives as plain histograms — when the store is binned and both
 * lists hold rows in [0, 1] only, counted into `hist` (no overflow bins, no sparse rows) —
 * else null. Finalising then works on the bins directly, in the order and with the
 * operations its sorted runs would take (empty bins skipped), so the values are the same to
 * the bit, without building runs. Read only.
 */
export function groupHists(state: ScoreStoreState, g: number): { neg: Float64Array; pos: Float64Array } | null {
  if (!state.binned) return null;
  const neg = plainHist(state.lists[2 * g]);
  const pos = neg === null ? null : plainHist(state.lists[2 * g + 1]);
  return neg === null || pos === null ? null : { neg, pos };
}

function plainHist(list: ScoreList | undefined): Float64Array | null {
  if (list === undefined) return EMPTY_HIST;
  flushPending(list);
  if (list.length > 0 || list.runs.length > 0 || (list.overflow !== null && list.overflow.size > 0) || list.pendingLength > 0) return null;
  return list.hist ?? EMPTY_HIST;
}

/** Placements of one class per bin, scratch of {@link histSummary}. */
const V10 = new Float64Array(UNIT_BINS);
const V01 = new Float64Array(UNIT_BINS);
const NO_RUNS = new Float64Array(0);

/**
 * {@link computeAuc} and `delongComponentsOfRuns` with `delongVariance`, over plain
 * histograms (see {@link groupHists}), in four passes over the bins: the same AUC, bound,
 * curve and DeLong variance, bit for bit (each sum takes the same terms in the same order),
 * without building runs or keeping placements (the components carry the variance instead).
 */
function histSummary(pos: Float64Array, neg: Float64Array): { auc: AucResult; delong: DelongComponents | null } {
  let P = 0;
  let N = 0;
  let lowest = -1;
  for (let b = 0; b < UNIT_BINS; b++) {
    const p = pos[b];
    const n = neg[b];
    if (p > 0) P += p;
    if (n > 0) N += n;
    if (lowest < 0 && (p > 0 || n > 0)) lowest = b;
  }
  if (P === 0 || N === 0) return { auc: { value: null, bound: 0, fpr: [], tpr: [] }, delong: null };
  // ascending: Mann–Whitney sums, and DeLong's placements of the positives (V10)
  let sum = 0;
  let tieMass = 0;
  let below = 0;
  let placed = 0;
  for (let b = lowest; b < UNIT_BINS; b++) {
    const p = pos[b];
    const n = neg[b];
    if (p > 0) {
      const equal = n > 0 ? n : 0;
      sum += p * (below + 0.5 * equal);
      tieMass += p * equal;
      const v = (below + equal / 2) / N;
      V10[b] = v;
      placed += p * v;
    }
    if (n > 0) below += n;
  }
  const auc = Math.min(1, Math.max(0, placed / P));
  // descending: the ROC curve, and the placements of the negatives (V01)
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  for (let b = UNIT_BINS - 1; b >= lowest; b--) {
    const p = pos[b];
    const n = neg[b];
    if (!(p > 0) && !(n > 0)) continue;
    if (n > 0) V01[b] = (tp + (p > 0 ? p : 0) / 2) / P;
    if (p > 0) tp += p;
    if (n > 0) fp += n;
    const x = fp / N;
    const y = tp / P;
    if (x - fpr[fpr.length - 1] >= 0.01 || y - tpr[tpr.length - 1] >= 0.01 || b === lowest) {
      fpr.push(round6(x));
      tpr.push(round6(y));
    }
  }
  let variance: number | null = null;
  if (!(P <= 1 || N <= 1)) {
    let s10 = 0;
    let s01 = 0;
    for (let b = lowest; b < UNIT_BINS; b++) {
      if (pos[b] > 0) {
        const d = V10[b] - auc;
        s10 += pos[b] * d * d;
      }
      if (neg[b] > 0) {
        const d = V01[b] - auc;
        s01 += neg[b] * d * d;
      }
    }
    variance = s10 / (P - 1) / P + s01 / (N - 1) / N;
  }
  return {
    auc: { value: sum / P / N, bound: (0.5 * tieMass) / P / N, fpr, tpr },
    delong: {
      auc,
      positive: { scores: NO_RUNS, weights: NO_RUNS, total: P, placements: NO_RUNS },
      negative: { scores: NO_RUNS, weights: NO_RUNS, total: N, placements: NO_RUNS },
      variance,
    },
  };
}

/** {@link histSummary} of a group with plain histograms, computed once for both caches; null otherwise. */
function histResults(state: ScoreStoreState, g: number): { auc: AucResult; delong: DelongComponents | null } | null {
  const hists = groupHists(state, g);
  if (hists === null) return null;
  const results = histSummary(hists.pos, hists.neg);
  cached(aucCache, state, g, () => results.auc);
  cached(delongCache, state, g, () => results.delong);
  return results;
}

function computeAuc(state: ScoreStoreState, g: number): AucResult {
  return summaryOf(state, g).auc;
}

/** A group's AUC and DeLong components, computed together once (from its histograms or its runs) for both caches. */
function summaryOf(state: ScoreStoreState, g: number): { auc: AucResult; delong: DelongComponents | null } {
  const hists = histResults(state, g);
  if (hists !== null) return hists;
  const { neg, pos } = groupRuns(state, g);
  const results = runsSummary(pos, neg, state.binned);
  cached(aucCache, state, g, () => results.auc);
  cached(delongCache, state, g, () => results.delong);
  return results;
}

/**
 * The Mann–Whitney AUC (with its bound when `binned`), the ROC curve and DeLong's components
 * and variance of sorted runs, in three sweeps: the values of separate sweeps for each
 * (`delongComponentsOfRuns`, `delongVariance`), bit for bit — every sum takes the same terms
 * in the same order.
 */
function runsSummary(pos: Run, neg: Run, binned: boolean): { auc: AucResult; delong: DelongComponents | null } {
  // arrays read through locals: V8 reloads them from the objects on every row otherwise
  const posValues = pos.values;
  const posWeights = pos.weights;
  const negValues = neg.values;
  const negWeights = neg.weights;
  const m = posValues.length;
  const n = negValues.length;
  let P = 0;
  let N = 0;
  for (let i = 0; i < m; i++) P += posWeights[i];
  for (let i = 0; i < n; i++) N += negWeights[i];
  if (P === 0 || N === 0) return { auc: { value: null, bound: 0, fpr: [], tpr: [] }, delong: null };
  // Ascending: positives against the negatives strictly below (1) and equal (½); V10.
  if (placements.length < Math.max(m, n)) placements = new Float64Array(Math.max(m, n, 2 * placements.length));
  const v10 = placements;
  const { placed, sum, tieMass } = positivePlacements(posValues, posWeights, negValues, negWeights, N, v10);
  const auc = Math.min(1, Math.max(0, placed / P));
  // Descending, threshold by threshold: the ROC curve, and V01 (positives strictly above, ½ equal).
  // V10 is summed into s10 first: V01 reuses its scratch.
  const s10 = P <= 1 || N <= 1 ? 0 : weightedSquares(v10, posWeights, m, auc);
  const v01 = placements;
  const fpr = [0];
  const tpr = [0];
  let i = m - 1;
  let j = n - 1;
  let tp = 0;
  let fp = 0;
  while (i >= 0 || j >= 0) {
    // Next threshold: the largest remaining score; take all rows at it.
    const t = Math.max(i >= 0 ? posValues[i] : -Infinity, j >= 0 ? negValues[j] : -Infinity);
    if (j >= 0 && negValues[j] === t) v01[j] = (tp + (i >= 0 && posValues[i] === t ? posWeights[i] : 0) / 2) / P;
    while (i >= 0 && posValues[i] === t) tp += posWeights[i--];
    while (j >= 0 && negValues[j] === t) fp += negWeights[j--];
    const x = fp / N;
    const y = tp / P;
    if (x - fpr[fpr.length - 1] >= 0.01 || y - tpr[tpr.length - 1] >= 0.01 || (i < 0 && j < 0)) {
      fpr.push(round6(x));
      tpr.push(round6(y));
    }
  }
  const variance = P <= 1 || N <= 1 ? null : s10 / (P - 1) / P + weightedSquares(v01, negWeights, n, auc) / (N - 1) / N;
  return {
    auc: { value: sum / P / N, bound: binned ? (0.5 * tieMass) / P / N : 0, fpr, tpr },
    delong: {
      auc,
      // the variance is kept, not the placements (no caller of a group's components reads them)
      positive: { scores: posValues, weights: posWeights, total: P, placements: NO_RUNS },
      negative: { scores: negValues, weights: negWeights, total: N, placements: NO_RUNS },
      variance,
    },
  };
}

/** Scratch of {@link runsSummary}'s placements, grown as groups need. */
let placements = new Float64Array(0);

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * A group's total score weight and the weight of its scores strictly above `threshold`
 * (summed over its positives' scores ascending, then its negatives'), e.g. for scoring rates.
 */
export function groupScoreMass(state: ScoreStoreState, g: number, threshold: number): { weight: number; above: number } {
  let weight = 0;
  let above = 0;
  const hists = groupHists(state, g);
  if (hists !== null) {
    for (const hist of [hists.pos, hists.neg]) {
      for (let b = 0; b < UNIT_BINS; b++) {
        const w = hist[b];
        if (!(w > 0)) continue;
        weight += w;
        if ((b + 0.5) / UNIT_BINS > threshold) above += w;
      }
    }
    return { weight, above };
  }
  const { pos, neg } = groupRuns(state, g);
  for (const { values, weights } of [pos, neg]) {
    // runs ascend: the scores above the threshold are a suffix
    let k = 0;
    while (k < values.length && !(values[k] > threshold)) weight += weights[k++];
    for (; k < values.length; k++) {
      weight += weights[k];
      above += weights[k];
    }
  }
  return { weight, above };
}

/**
 * Sorted scores of a group's negatives and positives (bins in binned mode), e.g. for DeLong.
 * Read once per finalised store and group.
 */
export function groupRuns(state: ScoreStoreState, g: number): { neg: Run; pos: Run } {
  return cached(runsCache, state, g, () => ({
    neg: sortedRuns(state.lists[2 * g], state.binned),
    pos: sortedRuns(state.lists[2 * g + 1], state.binned),
  }));
}

/**
 * DeLong's components of a group's AUC from its runs (see `delongComponentsOfRuns`), for its
 * interval and for comparisons with other groups; null when the group holds only one class.
 * Computed once per finalised store and group.
 */
export function groupDelong(state: ScoreStoreState, g: number): DelongComponents | null {
  return cached(delongCache, state, g, () => summaryOf(state, g).delong);
}

const delongCache = new WeakMap<ScoreStoreState, Map<number, DelongComponents | null>>();

/**
 * SQL side of {@link scoreStore}. Exact (`context.binnedScores` false): rows of kind `scores`
 * per cell, label `y` and distinct score `s` with `v1` = Σ weight — loaded as one sorted run
 * per list, so the AUC is exactly the streaming engine's. Binned: rows of kind `score_bins`
 * per cell, label and bin min(⌊s · 65,536⌋, 65,535) of scores in [0, 1] (`bin`), and per
 * distinct score outside [0, 1] (`score`, `bin` null) — loaded as the histogram and overflow
 * bins of the binned store, whose AUC carries the same error bound as the streaming engine's
 * (an overflow bin's representative score is its smallest, where streaming keeps the first
 * seen). The caller chooses the mode (see `auditStateSql`: exact while the distinct scores fit
 * the AUC budget).
 *
 * @example scoreStoreSql(1 << 22).parts({ ...context, binnedScores: true })[0].kind // 'score_bins'
 */
export function scoreStoreSql(budget: number): SqlDescriptor<ScoreStoreState> {
  return {
    parts(context) {
      if (!context.binnedScores) return [{ kind: 'scores', label: 'y', score: 's', values: ['SUM(w)'] }];
      const inRange = 's >= 0 AND s <= 1';
      return [
        {
          kind: 'score_bins',
          label: 'y',
          bin: `CASE WHEN ${inRange} THEN LEAST(${context.floorInt(`s * ${UNIT_BINS}`)}, ${UNIT_BINS - 1}) END`,
          score: `CASE WHEN ${inRange} THEN NULL ELSE s END`,
          values: ['SUM(w)'],
        },
      ];
    },
    load(state, rows, cells) {
      state.budget = budget;
      listOf(state, 2 * cells - 1);
      const overflow: { cell: number; label: number; score: number; weight: number }[] = [];
      const byList = new Map<number, StatsRowLike[]>();
      for (const row of rows) {
        if (row.kind === 'score_bins') {
          if (!state.binned) makeBinned(state);
          const w = value(row, 0);
          if (row.bin !== null) {
            const list = state.lists[2 * row.cell + row.label!];
            // whole counts are rows; other sums one entry each
            if (list.hist === null && Number.isInteger(w) && w >= 0) addBinRows(list, row.bin, w);
            else addBinWeight(list, row.bin, w);
          } else overflow.push({ cell: row.cell, label: row.label!, score: row.score!, weight: w });
          continue;
        }
        const index = 2 * row.cell + row.label!;
        let entries = byList.get(index);
        if (entries === undefined) byList.set(index, (entries = []));
        entries.push({ score: row.score!, weight: value(row, 0) });
      }
      if (state.binned) {
        // ascending scores: an overflow bin keeps its smallest score as representative
        overflow.sort((a, b) => a.score - b.score);
        for (const o of overflow) binAdd(state.lists[2 * o.cell + o.label], o.score, o.weight);
        return;
      }
      for (const [index, entries] of byList) {
        entries.sort((a, b) => a.score - b.score);
        const own: Run = { values: Float64Array.from(entries, (e) => e.score), weights: Float64Array.from(entries, (e) => e.weight) };
        const list = state.lists[index];
        const run = list.runs.length === 0 ? mergeRuns(own, { values: new Float64Array(0), weights: new Float64Array(0) }) : mergeRuns(compactList(list), own);
        list.runs = [run];
      }
      state.stored = state.lists.reduce((a, l) => a + listSize(l), 0);
      enforceBudget(state);
    },
  };
}

interface StatsRowLike {
  score: number;
  weight: number;
}
