import type { RecordBatch, Vector } from 'apache-arrow';
import { AuditError, InternalError } from '../core/errors.js';
import type { Accumulator, BatchView } from '../metrics/batch-view.js';
import { CellIndex } from '../metrics/cell-index.js';
import { MISSING_GROUP, ValueDictionary, dataColumn, floatGroups, nullMask, readBinary, readNumeric, valid, type ColumnNaming } from '../metrics/columns.js';
import { confusion, type ConfusionState } from '../metrics/confusion.js';
import { bootstrapCounts, type BootstrapState } from '../metrics/bootstrap-counts.js';
import { regressionMoments, type RegressionState } from '../metrics/regression-moments.js';
import { binStore, closeSample, collectSample, scoreStore, willBin, type ScoreStoreState } from '../metrics/score-store.js';
import { scoreSums, type ScoreSumsState } from '../metrics/score-sums.js';
import { PREDICTION_COLUMN, SCORE_COLUMN } from '../model/model-columns.js';
import type { AuditSettings, Task } from './types.js';

/** What the engine reads from each batch; validated and normalised by `audit()`. */
export interface EngineSpec {
  task: Task;
  label: string;
  prediction: string | null;
  score: string | null;
  weight: string | null;
  positive: string | null;
  /** Positive class of the prediction column when it differs from the label's (a model's own class names); null: `positive`. */
  predictionPositive?: string | null;
  /** When set, predictions are `score > threshold` (scikit-learn's strict rule at 0.5). */
  threshold: number | null;
  sensitive: string[];
  calibrationBins: number;
  aucBudget: number;
  /** Most groups a sensitive feature may have (default {@link DEFAULT_MAX_GROUPS}). */
  maxGroups?: number;
  /** Poisson-bootstrap replicates of the confusion counts (0: none). */
  bootstrap: number;
  /** Seed of the bootstrap weights. */
  seed: number;
  /** Rows per fold block (default {@link BLOCK_ROWS}); a tuning of how float sums are folded, not a setting. */
  blockRows?: number;
}

/**
 * Rows per fold block. Float sums are folded in two levels — each batch into its block, each
 * block into the total — and a batch belongs to block ⌊(its first global row) / blockRows⌋.
 * Threads read whole blocks and send each block's state; folding them in order gives the
 * single pass's sums bit for bit.
 */
export const BLOCK_ROWS = 1 << 20;

/**
 * Work arrays of one batch, reused batch after batch: allocating them anew costs page faults
 * (large typed arrays are fresh memory) and garbage collections. Shared by the engines of a
 * thread: `add` is synchronous and nothing keeps these arrays after it returns.
 */
const scratch = {
  u8: new Map<string, Uint8Array>(),
  i32: new Map<string, Int32Array>(),
  f64: new Map<string, Float64Array>(),
};

function work<T extends Uint8Array | Int32Array | Float64Array>(
  pool: Map<string, T>,
  slot: string,
  length: number,
  make: (n: number) => T,
): T {
  let array = pool.get(slot);
  if (array === undefined || array.length < length) pool.set(slot, (array = make(Math.max(length, 1024))));
  return array;
}

const u8 = (slot: string, n: number) => work(scratch.u8, slot, n, (k) => new Uint8Array(k));
const i32 = (slot: string, n: number) => work(scratch.i32, slot, n, (k) => new Int32Array(k));
const f64 = (slot: string, n: number) => work(scratch.f64, slot, n, (k) => new Float64Array(k));

/** Most groups per sensitive feature by default: more is almost always an identifier column. */
export const DEFAULT_MAX_GROUPS = 10_000;

/** The accumulator states of an engine, per finest cell. */
export interface EngineStates {
  confusion: ConfusionState | null;
  sums: ScoreSumsState | null;
  store: ScoreStoreState | null;
  regression: RegressionState | null;
  bootstrap: BootstrapState | null;
}

type AnyAccumulator = Accumulator<unknown>;

function emptyStates(): EngineStates {
  return { confusion: null, sums: null, store: null, regression: null, bootstrap: null };
}

/**
 * The streaming core: one pass over record batches fills every accumulator's per-cell
 * state. Engines over disjoint parts of the data merge (`merge`) into the engine of the
 * whole, in any order.
 */
export class AuditEngine {
  readonly dictionaries: ValueDictionary[];
  readonly cells: CellIndex;
  rows = 0;
  /** Rows whose label is the positive class (unweighted). */
  positives = 0;
  /** Global index of this engine's first row (a shard of a larger input); the bootstrap keys rows by it. */
  rowBase = 0;
  /** Row of the input file where this engine starts (a thread's block), for row numbers in messages. */
  fileRowBase = 0;
  /** Missing values per column (other than the sensitive features) per cell. */
  readonly missing = new Map<string, Float64Array>();
  /** True once a numeric label column has been seen (favourable labels are then numbers). */
  labelNumeric = false;
  private readonly accumulators: [keyof EngineStates, AnyAccumulator][];
  private readonly totals: EngineStates;
  /** Partial states of the current fold block (accumulators not added straight into the totals). */
  private block: EngineStates | null = null;
  private blockId = -1;
  /** Rows this engine will receive in all, when known before the pass (see {@link expectRows}). */
  private expectedRows: number | null = null;

  /**
   * @param shared dictionaries and cells to number groups with, shared with engines before
   *   this one (a thread's engines of successive blocks number cells alike)
   */
  constructor(
    readonly spec: EngineSpec,
    shared?: { dictionaries: ValueDictionary[]; cells: CellIndex },
  ) {
    this.dictionaries = shared?.dictionaries ?? spec.sensitive.map(() => new ValueDictionary());
    this.cells = shared?.cells ?? new CellIndex();
    const list: [keyof EngineStates, AnyAccumulator][] = [];
    if (spec.task === 'classification') {
      // Integer counts and appended scores are exact when added directly (unweighted).
      list.push(['confusion', { ...confusion, exactWhenUnweighted: true }]);
      if (spec.bootstrap > 0) list.push(['bootstrap', { ...bootstrapCounts(spec.bootstrap, spec.seed), exactWhenUnweighted: true }]);
      if (spec.score !== null) {
        list.push(['sums', scoreSums(spec.calibrationBins)]);
        list.push(['store', { ...scoreStore(spec.aucBudget), exactWhenUnweighted: true }]);
      }
    } else {
      list.push(['regression', regressionMoments]);
    }
    this.accumulators = list;
    const states = emptyStates();
    for (const [key, acc] of list) (states as unknown as Record<string, unknown>)[key] = acc.init();
    this.totals = states;
  }

  /**
   * The accumulated states. Reading them ends the current fold block (and closes the score
   * sample): read them once the pass is over.
   */
  get states(): EngineStates {
    this.flush();
    return this.totals;
  }

  /** Folds the current block's partial states into the totals, and closes the score sample (the first block's rows). */
  private flush(): void {
    const block = this.block;
    this.block = null;
    if (block !== null) {
      const cells = this.cells.size;
      const identity = this.identity(cells);
      for (const [key, acc] of this.accumulators) {
        if (block[key] !== null) acc.mergeInto(this.totals[key], block[key], identity, cells);
      }
    }
    if (this.totals.store) closeSample(this.totals.store);
  }

  /**
   * Tells the engine how many rows it will receive in all (e.g. a Parquet file's row count),
   * before the first batch. An unweighted score store that will certainly be binned (see
   * `willBin` in `metrics/score-store.ts`) is then binned as soon as its sample is complete:
   * the same final state, with no scores stored meanwhile. The count must be right: a source's
   * `countRows` is (DuckDB sources check it against the rows streamed; an Arrow IPC file's
   * reader reads the very batches it counted).
   */
  expectRows(rows: number): void {
    if (!Number.isSafeInteger(rows) || rows < 0) throw new InternalError(`invalid expected row count: ${rows}`);
    this.expectedRows = rows;
  }

  /** Adds one record batch. */
  add(batch: RecordBatch): void {
    const length = batch.numRows;
    if (length === 0) return;
    const first = this.rowBase + this.rows;
    const blockId = Math.floor(first / (this.spec.blockRows ?? BLOCK_ROWS));
    if (blockId !== this.blockId) {
      this.flush();
      this.blockId = blockId;
    }
    const view = this.view(batch);
    const codes = this.spec.sensitive.map((name, f) =>
      this.dictionaries[f].encode(column(batch, name), floatGroups(batch.schema.fields.find((x) => x.name === name)), i32(`code${f}`, length)),
    );
    const limit = this.spec.maxGroups ?? DEFAULT_MAX_GROUPS;
    this.spec.sensitive.forEach((name, f) => {
      const groups = this.dictionaries[f].names.length;
      if (groups > limit) {
        throw new AuditError(
          `sensitive feature ${name} has more than ${limit} groups (is it an identifier? raise the limit with --max-groups)`,
        );
      }
    });
    view.cell = this.cells.assign(
      codes,
      this.dictionaries.map((d) => d.names.length),
      length,
      i32('cell', length),
    );
    const cells = this.cells.size;
    const store = this.totals.store;
    if (view.score !== null && store !== null) {
      collectSample(store, view.score, view.rowOffset, length);
      // Unweighted bin counts are integers, the same whenever the store is binned: bin as
      // soon as the sample shows it will be, instead of storing scores until the budget is past.
      if (this.expectedRows !== null && view.weight === null && !store.binned && willBin(store, this.expectedRows)) binStore(store);
    }
    // Each batch fills a fresh partial state that is folded into its block's, and blocks into
    // the total, so that float sums come out bit-identical however whole blocks are spread
    // over threads (as long as block states are folded in order).
    const identity = this.identity(cells);
    for (const [key, acc] of this.accumulators) {
      if (acc.exactWhenUnweighted === true && view.weight === null) {
        acc.add(this.totals[key], view, cells);
        continue;
      }
      const partial = acc.init();
      acc.add(partial, view, cells);
      const block = (this.block ??= emptyStates()) as unknown as Record<
        string,
        unknown
      >;
      block[key] ??= acc.init();
      acc.mergeInto(block[key], partial, identity, cells);
    }
    this.countMissing(batch, view.cell);
    this.rows += length;
  }

  /** Counts nulls per column and cell (columns without nulls in the batch cost one check). */
  private countMissing(batch: RecordBatch, cell: Int32Array): void {
    const cells = this.cells.size;
    for (const field of batch.schema.fields) {
      if (this.spec.sensitive.includes(field.name)) continue;
      const vector = batch.getChild(field.name)!;
      let counts = this.missing.get(field.name);
      if (counts === undefined || counts.length < cells) {
        const next = new Float64Array(Math.max(cells, 8));
        if (counts) next.set(counts);
        counts = next;
        this.missing.set(field.name, counts);
      }
      let k = 0;
      for (const data of vector.data) {
        const mask = nullMask(data);
        if (mask !== null) {
          for (let i = 0; i < data.length; i++) if (!valid(mask, data.offset, i)) counts[cell[k + i]] += 1;
        }
        k += data.length;
      }
    }
  }

  private identityMap = new Int32Array(0);

  private identity(cells: number): Int32Array {
    if (this.identityMap.length !== cells) this.identityMap = Int32Array.from({ length: cells }, (_, i) => i);
    return this.identityMap;
  }

  private view(batch: RecordBatch): BatchView {
    const { spec } = this;
    const length = batch.numRows;
    const view: BatchView = {
      length,
      rowOffset: this.rowBase + this.rows,
      cell: new Int32Array(0),
      label: null,
      pred: null,
      score: null,
      weight: null,
      yTrue: null,
      yPred: null,
    };
    // row numbers in messages count from the file's first row
    const at = this.fileRowBase + this.rows;
    if (spec.weight !== null) {
      const w = readNumeric(column(batch, spec.weight), spec.weight, at, f64('weight', length));
      for (let i = 0; i < length; i++) {
        if (!(w[i] >= 0) || !Number.isFinite(w[i])) {
          throw new AuditError(`invalid weight in column ${spec.weight}: ${w[i]} (row ${at + i + 1})`);
        }
      }
      view.weight = w;
    }
    if (spec.task === 'regression') {
      view.yTrue = finite(readNumeric(column(batch, spec.label), spec.label, at, f64('label', length)), dataColumn(spec.label), at);
      const prediction = naming(spec.prediction!);
      view.yPred = finite(readNumeric(column(batch, spec.prediction!), spec.prediction!, at, f64('prediction', length), prediction), prediction, at);
      return view;
    }
    const labelVector = column(batch, spec.label);
    if (this.rows === 0) this.labelNumeric = isNumericVector(labelVector);
    view.label = readBinary(labelVector, spec.label, spec.positive, at, u8('label', length));
    let positives = 0;
    for (let i = 0; i < length; i++) positives += view.label[i];
    this.positives += positives;
    if (spec.score !== null) {
      const shown = naming(spec.score);
      const score = readNumeric(column(batch, spec.score), spec.score, at, f64('score', length), shown);
      for (let i = 0; i < length; i++) {
        if (Number.isNaN(score[i])) throw new AuditError(`NaN in ${shown.what} (row ${at + i + 1})${shown === MODEL_SCORE ? ' (a missing or NaN value in one of its inputs?)' : ''}`);
      }
      view.score = score;
    }
    if (spec.threshold !== null || spec.prediction === null) {
      const t = spec.threshold ?? 0.5;
      const pred = u8('pred', length).subarray(0, length);
      const score = view.score!;
      // y_pred = score > t (strict, as scikit-learn's predict at 0.5)
      for (let i = 0; i < length; i++) pred[i] = score[i] > t ? 1 : 0;
      view.pred = pred;
    } else {
      view.pred = readBinary(
        column(batch, spec.prediction),
        spec.prediction,
        spec.predictionPositive ?? spec.positive,
        at,
        u8('pred', length),
        naming(spec.prediction),
      );
    }
    return view;
  }

  /**
   * Adds another engine's state (same spec) into this one. Cells of `other` without rows that
   * this engine does not know are skipped (an engine sharing its numbering with earlier ones
   * knows cells it holds nothing of): groups and cells are created in the order of first
   * appearance of their rows, as a single pass creates them.
   */
  merge(other: AuditEngine): void {
    const mine = this.states;
    const theirs = other.states;
    const rows = theirs.confusion?.rows ?? theirs.regression?.rows ?? new Float64Array(0);
    const map = new Int32Array(other.cells.tuples.length);
    other.cells.tuples.forEach((tuple, c) => {
      const names = tuple.map((code, f) => other.dictionaries[f].names[code]);
      if (!((rows[c] ?? 0) > 0)) {
        const known = names.map((name, f) => this.dictionaries[f].find(name));
        const cell = known.includes(undefined) ? undefined : this.cells.find(known as number[]);
        map[c] = cell ?? -1;
        return;
      }
      map[c] = this.cells.cellOf(names.map((name, f) => this.dictionaries[f].code(name)));
    });
    const cells = this.cells.size;
    for (const [key, acc] of this.accumulators) acc.mergeInto(mine[key], theirs[key], map, cells);
    this.rows += other.rows;
    this.positives += other.positives;
    for (const [column, counts] of other.missing) {
      let mine = this.missing.get(column);
      if (mine === undefined || mine.length < cells) {
        const next = new Float64Array(Math.max(cells, 8));
        if (mine) next.set(mine);
        mine = next;
        this.missing.set(column, mine);
      }
      for (let c = 0; c < map.length && c < counts.length; c++) if (map[c] >= 0) mine[map[c]] += counts[c];
    }
    this.labelNumeric ||= other.labelNumeric;
  }

  /** The states collapsed onto `groups` groups (`map[cell] = group`). */
  collapse(map: Int32Array, groups: number): EngineStates {
    const out = emptyStates();
    const states = this.states;
    // each group one cell (e.g. the intersection of all features): the cells renumbered
    const oneToOne = groups === this.cells.size && isPermutation(map);
    for (const [key, acc] of this.accumulators) {
      let target: unknown;
      if (oneToOne && acc.renumber !== undefined) target = acc.renumber(states[key], map, groups);
      else {
        target = acc.init();
        acc.mergeInto(target, states[key], map, groups);
      }
      (out as unknown as Record<string, unknown>)[key] = target;
    }
    return out;
  }

  /** Name of feature f's code. */
  groupName(f: number, code: number): string {
    return this.dictionaries[f].names[code] ?? MISSING_GROUP;
  }
}

/** Whether `map` sends 0 … n − 1 to 0 … n − 1, each once. */
function isPermutation(map: Int32Array): boolean {
  const seen = new Uint8Array(map.length);
  for (const t of map) {
    if (t < 0 || t >= map.length || seen[t] === 1) return false;
    seen[t] = 1;
  }
  return true;
}

function column(batch: RecordBatch, name: string): Vector {
  const vector = batch.getChild(name);
  if (vector === null) {
    const names = batch.schema.fields.map((f) => f.name);
    throw new AuditError(`missing column: ${name} (columns: ${names.join(', ')})`);
  }
  return vector;
}

function isNumericVector(vector: Vector): boolean {
  const id = String(vector.type);
  return /^(Int|Uint|Float)/.test(id);
}

function finite(values: Float64Array, { what }: ColumnNaming, offset: number): Float64Array {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new AuditError(`non-finite value in ${what}: ${values[i]} (row ${offset + i + 1})`);
  }
  return values;
}

/** The columns a model adds (see `applyModel`), named in messages for what they are. */
const MODEL_PREDICTION: ColumnNaming = {
  what: "the model's prediction",
  hint: "pass --model-positive <class> to choose the model's positive class",
};
const MODEL_SCORE: ColumnNaming = { what: "the model's score", hint: MODEL_PREDICTION.hint };

function naming(column: string): ColumnNaming {
  return column === PREDICTION_COLUMN ? MODEL_PREDICTION : column === SCORE_COLUMN ? MODEL_SCORE : dataColumn(column);
}

/** The engine spec of an audit's settings (and a fold-block size other than {@link BLOCK_ROWS}): what shapes the accumulated state. */
export function engineSpec(settings: AuditSettings, blockRows?: number): EngineSpec {
  return {
    task: settings.task,
    label: settings.label,
    prediction: settings.prediction,
    score: settings.score,
    weight: settings.weight,
    positive: settings.positive,
    threshold: settings.threshold,
    predictionPositive: settings.predictionPositive ?? null,
    sensitive: settings.sensitive,
    calibrationBins: settings.calibrationBins,
    aucBudget: settings.aucBudget,
    bootstrap: settings.task === 'classification' ? settings.bootstrap : 0,
    seed: settings.seed,
    ...(settings.maxGroups !== undefined && settings.maxGroups !== DEFAULT_MAX_GROUPS ? { maxGroups: settings.maxGroups } : {}),
    ...(blockRows !== undefined && blockRows !== BLOCK_ROWS ? { blockRows } : {}),
  };
}
