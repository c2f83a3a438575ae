import { DataType, type Vector } from 'apache-arrow';
import type { Source } from '../io/source.js';
import { columnsOf } from '../api/audit.js';
import { AuditEngine } from '../audit/engine.js';
import type { AuditSettings } from '../audit/types.js';
import { AuditError } from '../core/errors.js';
import { MISSING_GROUP, canonical, groupNames, nullMask, valid } from '../metrics/columns.js';
import { STATS_COLUMNS, STATS_VALUES, type StatsRow } from '../metrics/sql-descriptor.js';
import { UNIT_BINS } from '../metrics/score-store.js';
import { engineSpec } from '../audit/engine.js';
import { sqlAccumulators, statsMeta, type StatsMeta } from './stats-sql.js';

/** The rows of one kind of a stats table, column by column (NULL numbers are NaN). */
export class KindRows {
  length = 0;
  /** Per key column: distinct values and each row's index into them (group keys repeat a lot). */
  private readonly keyValues: unknown[][];
  private readonly keyIndex: Map<unknown, number>[];
  private readonly keyCodes: NumberColumn[];
  /** label, pred, bin, score, n. */
  private readonly fixed = FIXED.map(() => new NumberColumn());
  /** v1 … v8. */
  private readonly v = Array.from({ length: STATS_VALUES }, () => new NumberColumn());

  constructor(
    readonly kind: string,
    keyCount: number,
  ) {
    this.keyValues = Array.from({ length: keyCount }, () => []);
    this.keyIndex = Array.from({ length: keyCount }, () => new Map<unknown, number>());
    this.keyCodes = Array.from({ length: keyCount }, () => new NumberColumn());
  }

  /** The keys of row r. */
  keys(r: number): unknown[] {
    return this.keyValues.map((values, k) => values[this.keyCodes[k].get(r)]);
  }

  /** A fixed column's value in row r (NaN for NULL). */
  at(column: (typeof FIXED)[number], r: number): number {
    return this.fixed[FIXED.indexOf(column)].get(r);
  }

  /** Value v(j+1) of row r (NaN for NULL). */
  value(j: number, r: number): number {
    return this.v[j].get(r);
  }

  /** How many of v1 … v8 hold a value in some row (the last such column's number). */
  get width(): number {
    let width = 0;
    this.v.forEach((c, j) => {
      if (c.used) width = j + 1;
    });
    return width;
  }

  /** Appends row i of the batch columns. */
  push(keys: unknown[][], numbers: Float64Array[], values: Float64Array[], i: number): void {
    const r = this.length++;
    keys.forEach((column, k) => {
      const value = column[i];
      let code = this.keyIndex[k].get(value);
      if (code === undefined) {
        code = this.keyValues[k].length;
        this.keyValues[k].push(value);
        this.keyIndex[k].set(value, code);
      }
      this.keyCodes[k].set(r, code);
    });
    for (let j = 0; j < FIXED.length; j++) this.fixed[j].set(r, numbers[j][i]);
    for (let j = 0; j < values.length; j++) this.v[j].set(r, values[j][i]);
  }
}

const FIXED = ['label', 'pred', 'bin', 'score', 'n'] as const;

const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
/** NULL in an integer block. */
const NULL_INT = -2147483648;

/**
 * A column of numbers in blocks of 65,536 rows: 32-bit integers while every value of a block
 * is one (labels, bins, counts, unweighted sums), doubles from the first that is not; NULL is
 * NaN. Blocks are never copied to grow, and a column that only ever holds NULL allocates none.
 */
class NumberColumn {
  private readonly blocks: (Int32Array | Float64Array | undefined)[] = [];
  /** True once a value other than NULL was stored. */
  used = false;

  set(r: number, x: number): void {
    const b = r >>> BLOCK_BITS;
    const i = r & (BLOCK - 1);
    let block = this.blocks[b];
    if (block === undefined) {
      if (Number.isNaN(x)) return; // a missing block reads as NULL
      block = this.blocks[b] = new Int32Array(BLOCK).fill(NULL_INT);
    }
    if (!Number.isNaN(x)) this.used = true;
    if (block instanceof Int32Array) {
      if (Number.isNaN(x)) {
        block[i] = NULL_INT;
        return;
      }
      if (Number.isInteger(x) && x > NULL_INT && x <= 2147483647 && !Object.is(x, -0)) {
        block[i] = x;
        return;
      }
      const wide = new Float64Array(BLOCK);
      for (let k = 0; k < BLOCK; k++) wide[k] = block[k] === NULL_INT ? NaN : block[k];
      block = this.blocks[b] = wide;
    }
    block[i] = x;
  }

  get(r: number): number {
    const block = this.blocks[r >>> BLOCK_BITS];
    if (block === undefined) return NaN;
    const x = block[r & (BLOCK - 1)];
    return block instanceof Int32Array && x === NULL_INT ? NaN : x;
  }
}

/** A stats table as read: its meta rows and the other rows grouped by kind. */
export interface StatsTable {
  metas: { name: string | null; n: number }[];
  kinds: Map<string, KindRows>;
}

/** A column's values as numbers (NULL → NaN; text is parsed). */
function numbers(vector: Vector, column: string, source: string): Float64Array {
  const out = new Float64Array(vector.length);
  const bad = (value: unknown) =>
    new AuditError(`${source}: column ${column} of the stats table holds ${JSON.stringify(String(value))}, not a number`);
  let k = 0;
  for (const data of vector.data) {
    const values = data.values as unknown;
    const mask = nullMask(data);
    // numbers stored as numbers are read directly; text (and dictionary-coded text) is parsed
    const plain =
      !DataType.isDictionary(data.type) &&
      (values instanceof Float64Array || values instanceof Int32Array || values instanceof Float32Array || values instanceof Int16Array || values instanceof Int8Array);
    for (let i = 0; i < data.length; i++, k++) {
      if (!valid(mask, data.offset, i)) {
        out[k] = NaN; // missing: the column is unused by the row's kind
        continue;
      }
      // NaN reads as missing: the rows' checks say which values each kind needs
      out[k] = plain ? (values as Float64Array)[i] : statsNumber(vector.get(k), bad);
    }
  }
  return out;
}

/**
 * Values (0 for `v1`) a row of each classification kind always has: its SQL part's sums that
 * are never NULL (a cell whose scores are all outside [0, 1] has no log-loss or Brier sum).
 */
const REQUIRED_VALUES: Record<string, readonly number[]> = { confusion: [0], score_sums: [0, 3], calibration: [0, 1, 2], scores: [0], score_bins: [0] };

/** Text a warehouse export writes for NULL. */
function isNullText(text: string): boolean {
  return text.trim() === '' || /^null$/i.test(text.trim());
}

/** A stats table value as a number: numbers, booleans, numeric text; NULL text is NaN (missing). */
function statsNumber(x: unknown, bad: (value: unknown) => Error): number {
  if (x === null || x === undefined) return NaN;
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'number') return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  const text = typeof x === 'string' ? x : JSON.stringify(x);
  if (isNullText(text) || /^nan$/i.test(text.trim())) return NaN;
  const n = Number(text);
  if (Number.isNaN(n)) throw bad(text);
  return n;
}

/** A column's values, dictionary entries decoded once per batch. */
function texts(vector: Vector): unknown[] {
  const out = new Array<unknown>(vector.length);
  let k = 0;
  for (const data of vector.data) {
    const mask = nullMask(data);
    if (DataType.isDictionary(data.type) && data.dictionary) {
      const dict = data.dictionary;
      const decoded = new Array<unknown>(dict.length);
      const indices = data.values as ArrayLike<number>;
      for (let i = 0; i < data.length; i++, k++) {
        if (!valid(mask, data.offset, i)) out[k] = null;
        else {
          const idx = indices[i];
          if (decoded[idx] === undefined) decoded[idx] = dict.get(idx) as unknown;
          out[k] = decoded[idx];
        }
      }
    } else {
      for (let i = 0; i < data.length; i++, k++) out[k] = valid(mask, data.offset, i) ? (vector.get(k) as unknown) : null;
    }
  }
  return out;
}


/**
 * Reads a stats table (see `statsSql` for its columns) from a source, column by column: key
 * columns `k0 … k{keys-1}` then the fixed columns, by name. A missing column is an
 * `AuditError` naming it. With `into`, the rows are added to that table (one part at a time).
 *
 * @example const table = await readStatsTable(await openSource('stats.csv'), 2);
 */
export async function readStatsTable(source: Source, keys: number, into?: StatsTable): Promise<StatsTable> {
  const names = source.schema.fields.map((f) => f.name);
  const wanted = [...Array.from({ length: keys }, (_, i) => `k${i}`), ...STATS_COLUMNS];
  const absent = wanted.filter((c) => !names.includes(c));
  if (absent.length > 0) {
    throw new AuditError(`${source.name}: missing column in stats table: ${absent.join(', ')} (expected ${wanted.join(', ')})`);
  }
  const table: StatsTable = into ?? { metas: [], kinds: new Map() };
  for await (const batch of source.batches()) {
    const vector = (name: string) => batch.getChild(name)!;
    // keys are named as the streaming engine names groups (floats `1.0`, dates as text)
    const keyValues = Array.from({ length: keys }, (_, i) => groupNames(vector(`k${i}`), batch.schema.fields.find((f) => f.name === `k${i}`)));
    const kind = texts(vector('kind'));
    const name = texts(vector('name'));
    const fixed = ['label', 'pred', 'bin', 'score', 'n'].map((c) => numbers(vector(c), c, source.name));
    const values = Array.from({ length: STATS_VALUES }, (_, i) => numbers(vector(`v${i + 1}`), `v${i + 1}`, source.name));
    for (let i = 0; i < batch.numRows; i++) {
      const k = kind[i];
      const text = typeof k === 'string' ? k : k === null || k === undefined ? '' : JSON.stringify(k);
      if (text === 'meta') {
        const label = name[i];
        table.metas.push({ name: typeof label === 'string' ? label : null, n: fixed[4][i] });
        continue;
      }
      let rows = table.kinds.get(text);
      if (rows === undefined) table.kinds.set(text, (rows = new KindRows(text, keys)));
      rows.push(keyValues, fixed, values, i);
    }
  }
  return table;
}

/** The rows of one kind as {@link StatsRow}s (one short-lived object per row). */
function* statsRows(rows: KindRows, cells: Int32Array): Generator<StatsRow> {
  const nullable = (x: number) => (Number.isNaN(x) ? null : x);
  const width = rows.width;
  for (let r = 0; r < rows.length; r++) {
    if (cells[r] < 0) continue;
    const v = new Array<number | null>(width);
    for (let j = 0; j < width; j++) v[j] = nullable(rows.value(j, r));
    yield {
      cell: cells[r],
      kind: rows.kind,
      label: nullable(rows.at('label', r)),
      pred: nullable(rows.at('pred', r)),
      bin: nullable(rows.at('bin', r)),
      score: nullable(rows.at('score', r)),
      n: rows.at('n', r),
      v,
    };
  }
}

/**
 * Builds a filled {@link AuditEngine} from the rows of a stats table, as if the streaming
 * pass had run: per-cell confusion counts, score sums, calibration bins, the score store
 * (exact runs or bins) or regression moments, each loaded by its accumulator's SQL
 * descriptor; rows, positives and the (zero) missing-value counts of the audited columns.
 * Group names are the keys' canonical text, NULL and NaN being the missing group.
 *
 * Refuses, with a one-line `AuditError` naming `name`: a table without its `meta` row or
 * made under other settings; rows the streaming reader would refuse (missing or invalid
 * labels, predictions, scores, weights); unknown kinds or out-of-range labels and bins; and
 * groups whose parts disagree on their row count (a table with missing rows or groups).
 *
 * @example const engine = engineFromStats(settings, rows, { name: 'stats.csv', labelNumeric: true });
 */
export function engineFromStats(
  settings: AuditSettings,
  table: StatsTable,
  options: { name: string; labelNumeric: boolean },
): { engine: AuditEngine; meta: StatsMeta } {
  const { name } = options;
  const { metas } = table;
  if (metas.length !== 1) throw new AuditError(`${name}: not an assay stats table (${metas.length} meta rows; expected 1)`);
  let meta: StatsMeta;
  try {
    meta = JSON.parse(metas[0].name ?? '') as StatsMeta;
  } catch {
    throw new AuditError(`${name}: not an assay stats table (unreadable meta row)`);
  }
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) throw new AuditError(`${name}: not an assay stats table (unreadable meta row)`);
  if (meta.format !== 'assay-stats' || meta.version !== 1) throw new AuditError(`${name}: not an assay stats table (format ${String(meta.format)} ${String(meta.version)})`);
  const expected = statsMeta(settings, meta.scores === 'binned');
  for (const key of Object.keys(expected) as (keyof StatsMeta)[]) {
    if (JSON.stringify(expected[key]) !== JSON.stringify(meta[key])) {
      throw new AuditError(`${name}: stats table made with different settings: ${key} is ${JSON.stringify(meta[key])}, the audit has ${JSON.stringify(expected[key])}`);
    }
  }
  const check = table.kinds.get('check');
  if (check) checkRows(check, settings, name);
  const engine = new AuditEngine(engineSpec(settings));
  const groupName = (v: unknown) => (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? MISSING_GROUP : canonical(v));
  const describe = (keys: unknown[]) => (keys.length === 0 ? 'all rows' : settings.sensitive.map((f, i) => `${f}=${groupName(keys[i])}`).join(', '));
  const accumulators = sqlAccumulators(settings);
  const kinds = new Set(['check', ...accumulators.flatMap((a) => a.kinds)]);
  const firstKeys: unknown[][] = [];
  const cellsOf = new Map<string, Int32Array>();
  for (const [kind, rows] of table.kinds) {
    if (!kinds.has(kind)) throw new AuditError(`${name}: unknown kind in stats table: ${JSON.stringify(kind)} (expected one of: ${[...kinds].join(', ')})`);
    const cells = new Int32Array(rows.length);
    const memo = new Map<string, number>();
    for (let r = 0; r < rows.length; r++) {
      const keys = rows.keys(r);
      const n = rows.at('n', r);
      const bad = (what: string) => new AuditError(`${name}: invalid ${what} in stats table (kind ${kind}, ${describe(keys)})`);
      if (n === 0) {
        cells[r] = -1; // an aggregate over no rows (no sensitive features, empty input)
        continue;
      }
      if (!(Number.isInteger(n) && n > 0)) throw bad(`n ${n}`);
      const names = keys.map(groupName);
      const memoKey = JSON.stringify(names);
      let cell = memo.get(memoKey);
      if (cell === undefined) {
        cell = engine.cells.cellOf(names.map((g, f) => engine.dictionaries[f].code(g)));
        memo.set(memoKey, cell);
        firstKeys[cell] ??= keys;
      }
      cells[r] = cell;
      const label = rows.at('label', r);
      const bin = rows.at('bin', r);
      const score = rows.at('score', r);
      if ((kind === 'confusion' || kind === 'scores' || kind === 'score_bins') && label !== 0 && label !== 1) throw bad(`label ${label}`);
      if (kind === 'confusion' && rows.at('pred', r) !== 0 && rows.at('pred', r) !== 1) throw bad(`pred ${rows.at('pred', r)}`);
      if (kind === 'calibration' && !(Number.isInteger(bin) && bin >= 0 && bin < settings.calibrationBins)) throw bad(`bin ${bin}`);
      if (kind === 'score_bins' && !Number.isNaN(bin) && !(Number.isInteger(bin) && bin >= 0 && bin < UNIT_BINS)) throw bad(`bin ${bin}`);
      if ((kind === 'scores' || (kind === 'score_bins' && Number.isNaN(bin))) && Number.isNaN(score)) throw bad('score');
      if (kind !== 'regression') {
        // every classification row carries its sums (weight first); they are never negative
        for (const j of REQUIRED_VALUES[kind] ?? []) {
          if (Number.isNaN(rows.value(j, r))) throw bad(`v${j + 1} (missing or NaN)`);
        }
        for (let j = 0; j < rows.width; j++) {
          const v = rows.value(j, r);
          if (!Number.isNaN(v) && !(v >= 0 && v < Infinity)) throw bad(`v${j + 1} ${v}`);
        }
      }
    }
    cellsOf.set(kind, cells);
  }
  const cells = engine.cells.size;
  // every part must see every row of every group
  const perCell = (kind: string) => {
    const out = new Float64Array(cells);
    const rows = table.kinds.get(kind);
    const at = cellsOf.get(kind);
    if (rows && at) for (let r = 0; r < rows.length; r++) if (at[r] >= 0) out[at[r]] += rows.at('n', r);
    return out;
  };
  const reference = settings.task === 'classification' ? 'confusion' : 'regression';
  const rowsPer = perCell(reference);
  const compare = (kind: string, counts: Float64Array) => {
    for (let c = 0; c < cells; c++) {
      if (counts[c] !== rowsPer[c]) {
        throw new AuditError(
          `${name}: stats table is inconsistent: group ${describe(firstKeys[c] ?? [])} has ${rowsPer[c]} rows in ${reference} but ${counts[c]} in ${kind} (missing rows or groups?)`,
        );
      }
    }
  };
  compare('check', perCell('check'));
  if (settings.task === 'classification' && settings.score !== null) {
    const binned = meta.scores === 'binned';
    if (table.kinds.has(binned ? 'scores' : 'score_bins')) throw new AuditError(`${name}: stats table mixes exact and binned scores`);
    compare('score_sums', perCell('score_sums'));
    compare(binned ? 'score_bins' : 'scores', perCell(binned ? 'score_bins' : 'scores'));
    const inRange = perCell('calibration');
    const sums = table.kinds.get('score_sums');
    const at = cellsOf.get('score_sums');
    if (sums && at) for (let r = 0; r < sums.length; r++) if (at[r] >= 0) inRange[at[r]] += sums.value(3, r) || 0;
    compare('calibration', inRange);
  }
  const states = engine.states as unknown as Record<string, unknown>;
  for (const acc of accumulators) {
    const parts = acc.kinds.filter((k) => table.kinds.has(k));
    function* rows(): Generator<StatsRow> {
      for (const kind of parts) yield* statsRows(table.kinds.get(kind)!, cellsOf.get(kind)!);
    }
    acc.sql.load(states[acc.id], rows(), cells);
  }
  let total = 0;
  for (let c = 0; c < cells; c++) total += rowsPer[c];
  if (total !== metas[0].n) throw new AuditError(`${name}: stats table is inconsistent: ${total} rows in groups, ${metas[0].n} in the meta row (missing groups?)`);
  engine.rows = total;
  let positives = 0;
  const confusionRows = table.kinds.get('confusion');
  if (settings.task === 'classification' && confusionRows) {
    for (let r = 0; r < confusionRows.length; r++) if (confusionRows.at('label', r) === 1) positives += confusionRows.at('n', r);
  }
  engine.positives = positives;
  engine.labelNumeric = options.labelNumeric;
  for (const column of columnsOf(settings)) {
    if (!settings.sensitive.includes(column)) engine.missing.set(column, new Float64Array(Math.max(cells, 8)));
  }
  return { engine, meta };
}

/** Turns the `check` rows into the streaming reader's refusals. */
function checkRows(rows: KindRows, settings: AuditSettings, name: string): void {
  const sum = (i: number) => {
    let total = 0;
    for (let r = 0; r < rows.length; r++) total += rows.value(i, r) || 0;
    return total;
  };
  const regression = settings.task === 'regression';
  const say = (count: number, text: string) => {
    if (count > 0) throw new AuditError(`${name}: ${text} (${count} row${count === 1 ? '' : 's'})`);
  };
  say(sum(0), `missing value in column ${settings.label}`);
  say(sum(1), regression ? `non-finite value in column ${settings.label}` : `column ${settings.label} has values other than 0 and 1 or the positive class; pass --positive <value> to name the positive class`);
  if (settings.prediction !== null) {
    say(sum(2), `missing value in column ${settings.prediction}`);
    say(sum(3), regression ? `non-finite value in column ${settings.prediction}` : `column ${settings.prediction} has values other than 0 and 1 or the positive class; pass --positive <value> to name the positive class`);
  }
  if (settings.score !== null) {
    say(sum(4), `missing value in column ${settings.score}`);
    say(sum(5), `NaN in column ${settings.score}`);
  }
  if (settings.weight !== null) {
    say(sum(6), `missing value in column ${settings.weight}`);
    say(sum(7), `invalid weight in column ${settings.weight}: negative or not finite`);
  }
}
