import { AuditEngine, type EngineSpec, type EngineStates } from '../audit/engine.js';
import { InternalError } from '../core/errors.js';

/**
 * The complete state of an {@link AuditEngine} as plain data that `postMessage` can clone
 * (typed arrays, arrays, maps): unlike the state-file format it keeps every accumulator's
 * internal layout as is (score-store tails, runs and weights), so an engine rebuilt from
 * it merges exactly as the original would — the basis of byte-identical thread results.
 */
export interface PartialState {
  rows: number;
  positives: number;
  labelNumeric: boolean;
  dictionaries: string[][];
  cells: number[][];
  states: EngineStates;
  missing: [string, Float64Array][];
}

/**
 * Takes an engine's state as {@link PartialState} (no copy: the engine must not be used
 * afterwards, since `postMessage` clones or the receiver owns the arrays).
 *
 * @example const partial = exportPartial(engine); port.postMessage(partial);
 */
export function exportPartial(engine: AuditEngine): PartialState {
  return {
    rows: engine.rows,
    positives: engine.positives,
    labelNumeric: engine.labelNumeric,
    dictionaries: engine.dictionaries.map((d) => d.names),
    cells: engine.cells.tuples,
    states: engine.states,
    missing: [...engine.missing.entries()],
  };
}

/**
 * The array buffers of a partial state, to transfer (not copy) with `postMessage`. The
 * sender must not use the state afterwards.
 */
export function transferList(partial: PartialState): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (x: unknown, depth: number): void => {
    if (depth > 6 || x === null || typeof x !== 'object') return;
    if (ArrayBuffer.isView(x)) {
      if (x.buffer instanceof ArrayBuffer && x.byteOffset === 0 && x.byteLength === x.buffer.byteLength) buffers.add(x.buffer);
      return;
    }
    if (x instanceof Map) {
      for (const v of x.values()) visit(v, depth + 1);
      return;
    }
    for (const v of Array.isArray(x) ? x : Object.values(x)) visit(v, depth + 1);
  };
  visit(partial.states, 0);
  for (const [, counts] of partial.missing) visit(counts, 0);
  return [...buffers];
}

/**
 * Rebuilds an engine of `spec` from a {@link PartialState}: dictionaries and cells in
 * their original order, accumulator states as they were. Throws `InternalError` when the
 * partial's accumulators do not match the spec's.
 *
 * @example const engine = importPartial(spec, message.partial); total.merge(engine);
 */
export function importPartial(spec: EngineSpec, partial: PartialState): AuditEngine {
  const engine = new AuditEngine(spec);
  partial.dictionaries.forEach((names, f) => {
    for (const name of names) engine.dictionaries[f].code(name);
  });
  for (const tuple of partial.cells) engine.cells.cellOf(tuple);
  engine.rows = partial.rows;
  engine.positives = partial.positives;
  engine.labelNumeric = partial.labelNumeric;
  const keys = ['confusion', 'sums', 'store', 'regression', 'bootstrap'] as const;
  for (const key of keys) {
    const mine = engine.states[key];
    const theirs = partial.states[key];
    if ((mine === null) !== (theirs === null)) throw new InternalError(`partial state does not match the audit settings: ${key}`);
  }
  Object.assign(engine.states, partial.states);
  for (const [column, counts] of partial.missing) engine.missing.set(column, counts);
  return engine;
}
