import type { Accumulator, BatchView } from './batch-view.js';

/** Bits of a float64's order-preserving key kept per bin once the store is binned. */
export const BIN_KEY_BITS = 24;

/**
 * Scores of one cell and one label class: raw values (exact mode) or a histogram of
 * order-preserving float keys (binned mode).
 */
export interface ScoreList {
  values: Float64Array;
  /** Weight per value; null while every weight is 1. */
  weights: Float64Array | null;
  length: number;
  /** Binned mode: bin key → weight. */
  bins: Map<number, number> | null;
}

/**
 * Scores kept per cell and label, for ROC AUC and ROC curves. Exact while the number of
 * stored values stays within `budget` (after de-duplicating equal scores); past it every
 * list becomes a histogram keyed by the top {@link BIN_KEY_BITS} bits of the float's
 * order-preserving bit pattern (sign, exponent and 12 mantissa bits: a relative
 * resolution of 2^-12 anywhere on the real line). Binned AUC treats a bin as a tie, so
 * its error is at most ½ Σ_b pos_b · neg_b / (P · N), which {@link aucOf} reports.
 */
export interface ScoreStoreState {
  budget: number;
  binned: boolean;
  /** `lists[2 * cell + label]`. */
  lists: ScoreList[];
  stored: number;
}

function emptyList(): ScoreList {
  return { values: new Float64Array(16), weights: null, length: 0, bins: null };
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
  let list = state.lists[index];
  if (list === undefined) {
    for (let k = state.lists.length; k <= index; k++) state.lists.push(emptyList());
    list = state.lists[index];
  }
  return list;
}

function push(state: ScoreStoreState, list: ScoreList, value: number, weight: number): void {
  if (list.bins !== null) {
    const key = binKey(value);
    list.bins.set(key, (list.bins.get(key) ?? 0) + weight);
    return;
  }
  if (list.length === list.values.length) {
    const bigger = new Float64Array(list.values.length * 2);
    bigger.set(list.values);
    list.values = bigger;
    if (list.weights) {
      const w = new Float64Array(list.values.length);
      w.set(list.weights);
      list.weights = w;
    }
  }
  if (weight !== 1 && list.weights === null) {
    list.weights = new Float64Array(list.values.length).fill(1);
  }
  list.values[list.length] = value;
  if (list.weights) list.weights[list.length] = weight;
  list.length++;
  state.stored++;
}

/** Sorts a list by value and merges equal values (weights summed). */
export function compactList(list: ScoreList): void {
  if (list.bins !== null) return;
  if (list.length === 0) {
    list.weights ??= new Float64Array(list.values.length);
    return;
  }
  const n = list.length;
  let values: Float64Array;
  let weights: Float64Array;
  if (list.weights === null) {
    values = list.values.slice(0, n).sort();
    weights = new Float64Array(n).fill(1);
  } else {
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const v = list.values;
    order.sort((a, b) => v[a] - v[b]);
    values = new Float64Array(n);
    weights = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      values[i] = v[order[i]];
      weights[i] = list.weights[order[i]];
    }
  }
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (m > 0 && values[m - 1] === values[i]) weights[m - 1] += weights[i];
    else {
      values[m] = values[i];
      weights[m] = weights[i];
      m++;
    }
  }
  list.values = values.slice(0, Math.max(m, 16));
  list.weights = weights.slice(0, Math.max(m, 16));
  list.length = m;
}

function toBins(list: ScoreList): void {
  if (list.bins !== null) return;
  const bins = new Map<number, number>();
  for (let i = 0; i < list.length; i++) {
    const key = binKey(list.values[i]);
    bins.set(key, (bins.get(key) ?? 0) + (list.weights ? list.weights[i] : 1));
  }
  list.bins = bins;
  list.values = new Float64Array(0);
  list.weights = null;
  list.length = 0;
}

/** Keeps the store within budget: de-duplicate first, bin when that is not enough. */
function enforceBudget(state: ScoreStoreState): void {
  if (state.binned || state.stored <= state.budget) return;
  let stored = 0;
  for (const list of state.lists) {
    compactList(list);
    stored += list.length;
  }
  state.stored = stored;
  if (stored <= state.budget / 2) return;
  for (const list of state.lists) toBins(list);
  state.binned = true;
  state.stored = 0;
}

/** Creates the score-store accumulator with a budget of `budget` stored scores. */
export function scoreStore(budget: number): Accumulator<ScoreStoreState> {
  return {
    id: 'score_store',
    init: () => ({ budget, binned: false, lists: [], stored: 0 }),
    add(state, view: BatchView) {
      const { score, label, cell, weight, length } = view;
      if (!score || !label) return;
      for (let i = 0; i < length; i++) {
        push(state, listOf(state, 2 * cell[i] + label[i]), score[i], weight === null ? 1 : weight[i]);
      }
      enforceBudget(state);
    },
    mergeInto(target, source, map) {
      if (source.binned && !target.binned) {
        for (const list of target.lists) toBins(list);
        target.binned = true;
        target.stored = 0;
      }
      for (let index = 0; index < source.lists.length; index++) {
        const t = map[index >> 1];
        if (t === undefined || t < 0) continue;
        const from = source.lists[index];
        const into = listOf(target, 2 * t + (index & 1));
        if (target.binned) {
          toBins(into);
          if (from.bins) for (const [k, w] of from.bins) into.bins!.set(k, (into.bins!.get(k) ?? 0) + w);
          else for (let i = 0; i < from.length; i++) push(target, into, from.values[i], from.weights ? from.weights[i] : 1);
        } else {
          for (let i = 0; i < from.length; i++) push(target, into, from.values[i], from.weights ? from.weights[i] : 1);
        }
      }
      enforceBudget(target);
    },
  };
}

/** Sorted distinct values with weights of one list (exact mode), or sorted bins. */
function sortedRuns(list: ScoreList | undefined): { keys: Float64Array; weights: Float64Array } {
  if (list === undefined) return { keys: new Float64Array(0), weights: new Float64Array(0) };
  if (list.bins !== null) {
    const keys = Float64Array.from(list.bins.keys()).sort();
    const weights = new Float64Array(keys.length);
    for (let i = 0; i < keys.length; i++) weights[i] = list.bins.get(keys[i])!;
    return { keys, weights };
  }
  compactList(list);
  return { keys: list.values.subarray(0, list.length), weights: list.weights!.subarray(0, list.length) };
}

/** ROC AUC of one group and, when the store is binned, the bound on its error. */
export interface AucResult {
  value: number | null;
  /** Upper bound on |value − exact AUC|; 0 in exact mode. */
  bound: number;
  /** ROC curve points (FPR ascending), down-sampled to about 100 points. */
  fpr: number[];
  tpr: number[];
}

/**
 * ROC AUC = P(score of a positive > score of a negative) + ½ P(tie), weighted — the
 * Mann–Whitney form of scikit-learn's `roc_auc_score`. Null when the group holds only one
 * class (scikit-learn raises; Fairlearn reports NaN).
 */
export function aucOf(state: ScoreStoreState, g: number, withCurve = false): AucResult {
  const neg = sortedRuns(state.lists[2 * g]);
  const pos = sortedRuns(state.lists[2 * g + 1]);
  let P = 0;
  let N = 0;
  for (let i = 0; i < pos.weights.length; i++) P += pos.weights[i];
  for (let i = 0; i < neg.weights.length; i++) N += neg.weights[i];
  if (P === 0 || N === 0) return { value: null, bound: 0, fpr: [], tpr: [] };
  // Sweep positives ascending: negatives strictly below count 1, equal ones ½.
  let sum = 0;
  let tieMass = 0;
  let j = 0;
  let below = 0;
  for (let i = 0; i < pos.keys.length; i++) {
    const s = pos.keys[i];
    while (j < neg.keys.length && neg.keys[j] < s) below += neg.weights[j++];
    const equal = j < neg.keys.length && neg.keys[j] === s ? neg.weights[j] : 0;
    sum += pos.weights[i] * (below + 0.5 * equal);
    tieMass += pos.weights[i] * equal;
  }
  const value = sum / P / N;
  const bound = state.binned ? (0.5 * tieMass) / P / N : 0;
  const curve = withCurve ? rocCurve(pos, neg, P, N) : { fpr: [], tpr: [] };
  return { value, bound, ...curve };
}

function rocCurve(
  pos: { keys: Float64Array; weights: Float64Array },
  neg: { keys: Float64Array; weights: Float64Array },
  P: number,
  N: number,
): { fpr: number[]; tpr: number[] } {
  const fpr = [0];
  const tpr = [0];
  let i = pos.keys.length - 1;
  let j = neg.keys.length - 1;
  let tp = 0;
  let fp = 0;
  while (i >= 0 || j >= 0) {
    // Next threshold: the largest remaining key; take all rows at it.
    const t = Math.max(i >= 0 ? pos.keys[i] : -Infinity, j >= 0 ? neg.keys[j] : -Infinity);
    while (i >= 0 && pos.keys[i] === t) tp += pos.weights[i--];
    while (j >= 0 && neg.keys[j] === t) fp += neg.weights[j--];
    const x = fp / N;
    const y = tp / P;
    const lastX = fpr[fpr.length - 1];
    const lastY = tpr[tpr.length - 1];
    if (x - lastX >= 0.01 || y - lastY >= 0.01 || (i < 0 && j < 0)) {
      fpr.push(round6(x));
      tpr.push(round6(y));
    }
  }
  return { fpr, tpr };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
