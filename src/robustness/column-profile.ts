import { DataType, type RecordBatch } from 'apache-arrow';
import { compareGroups } from '../audit/finalize.js';
import { AuditError } from '../core/errors.js';
import { canonical, floatGroups, pythonFloatRepr } from '../metrics/columns.js';
import { columnKindOf, readBooleanCodes, readNumbers, typeName, type ColumnKind } from './column-data.js';
import { Vocabulary } from './vocabulary.js';

/** Distinct values kept per numeric column (beyond it the column has no levels: not flippable). */
export const MAX_NUMERIC_LEVELS = 1000;
/**
 * Distinct profiled values beyond which a text column is taken for an identifier, not a category:
 * it is left untouched (kind `other`: no swaps, permutation or proxy check).
 */
export const MAX_TEXT_LEVELS = 1000;

/**
 * What the robustness checks know about one column before streaming: its kind, spread and
 * categories, and its values in the profiled rows (the marginal that permutation draws from).
 */
export interface ColumnProfile {
  name: string;
  kind: ColumnKind;
  /** Arrow type in the first batch. */
  type: DataType;
  /** Profiled rows, and how many of them were missing. */
  rows: number;
  missing: number;
  /** Numeric columns: mean, sample standard deviation (n − 1), range; null otherwise or without values. */
  mean: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
  /** Numeric columns whose type is integer or whose profiled values are all whole numbers. */
  integer: boolean;
  /**
   * Distinct observed values as group names (canonical text), sorted as groups are (numbers
   * numerically, text by code point); null for a numeric column with more than
   * {@link MAX_NUMERIC_LEVELS} values or an `other` column.
   */
  levels: string[] | null;
  /** Numeric columns with levels: the values, in the order of `levels`. */
  numericLevels: number[] | null;
  /** Text columns: the codes, starting with `levels` (code i = levels[i]). */
  vocabulary: Vocabulary | null;
  /** Profiled values in row order: numbers (NaN = missing) or codes (−1 = missing; booleans 0/1). */
  sample: Float64Array | Int32Array;
  /** Why a column is left untouched, when it is (e.g. an identifier-like text column). */
  note: string | null;
}

/** Sorts group names as the audit does. */
function sortLevels(names: Iterable<string>): string[] {
  return [...names].sort(compareGroups);
}

/**
 * Profiles `names` on the first `rows` rows of `batches` (fewer when the batches hold fewer):
 * kind, missing count, mean / SD / range and integrality of numeric columns, the sorted
 * distinct categories of text, boolean and low-cardinality numeric columns, and the profiled
 * values themselves.
 *
 * Which rows are profiled depends only on row order, never on batch sizes. Throws
 * `AuditError` for a missing column or one whose kind changes between batches (text in one,
 * numbers in another). Degenerate cases: a column with no value in the profile has null
 * statistics and no levels.
 * @example const profiles = profileColumns(firstBatches, ['age', 'sex'], 10_000);
 */
export function profileColumns(batches: readonly RecordBatch[], names: readonly string[], rows: number): Map<string, ColumnProfile> {
  const out = new Map<string, ColumnProfile>();
  for (const name of names) out.set(name, profileColumn(batches, name, rows));
  return out;
}

function columnData(batch: RecordBatch, name: string) {
  const index = batch.schema.fields.findIndex((f) => f.name === name);
  if (index < 0) {
    throw new AuditError(`missing column: ${name} (columns: ${batch.schema.fields.map((f) => f.name).join(', ')})`);
  }
  return batch.data.children[index];
}

function profileColumn(batches: readonly RecordBatch[], name: string, rows: number): ColumnProfile {
  const first = batches[0];
  const type = columnData(first, name).type;
  const kind = columnKindOf(type);
  const total = Math.min(rows, batches.reduce((n, b) => n + b.numRows, 0));
  const profile: ColumnProfile = {
    name,
    kind,
    type,
    rows: total,
    missing: 0,
    mean: null,
    sd: null,
    min: null,
    max: null,
    integer: false,
    levels: null,
    numericLevels: null,
    vocabulary: null,
    note: kind === 'other' ? 'a type the perturbations do not handle' : null,
    sample: kind === 'numeric' ? new Float64Array(total) : new Int32Array(total).fill(-1),
  };
  if (kind === 'other') return profile;
  const draft = kind === 'text' ? new Vocabulary([], name) : null;
  let at = 0;
  for (const batch of batches) {
    if (at >= total) break;
    const data = columnData(batch, name);
    const k = columnKindOf(data.type);
    if (k !== kind) throw new AuditError(`column ${name} changes type between batches (${typeName(type)}, then ${typeName(data.type)})`);
    const take = Math.min(batch.numRows, total - at);
    if (kind === 'numeric') (profile.sample as Float64Array).set(readNumbers(data).subarray(0, take), at);
    else if (kind === 'boolean') (profile.sample as Int32Array).set(readBooleanCodes(data).subarray(0, take), at);
    else (profile.sample as Int32Array).set(draft!.codesOf(data).subarray(0, take), at);
    at += take;
  }
  if (kind === 'numeric') numericStats(profile, type, floatGroups(first.schema.fields.find((f) => f.name === name)));
  else if (kind === 'boolean') {
    const codes = profile.sample as Int32Array;
    const seen = [false, false];
    for (const c of codes) if (c >= 0) seen[c] = true;
    profile.missing = codes.reduce((m, c) => m + (c < 0 ? 1 : 0), 0);
    profile.levels = ['false', 'true'].filter((_, c) => seen[c]);
  } else {
    // Re-code the profiled values so that code i is the i-th sorted category.
    const codes = profile.sample as Int32Array;
    const used = new Set<number>();
    for (const c of codes) if (c >= 0) used.add(c);
    if (used.size > MAX_TEXT_LEVELS) {
      profile.kind = 'other';
      profile.note = `${used.size} distinct values in the profiled rows: taken for an identifier, left unchanged`;
      profile.sample = new Int32Array(0);
      return profile;
    }
    const levels = sortLevels([...used].map((c) => draft!.words[c]));
    const vocabulary = new Vocabulary(levels, name);
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] < 0) profile.missing++;
      else codes[i] = vocabulary.find(draft!.words[codes[i]]);
    }
    profile.levels = levels;
    profile.vocabulary = vocabulary;
  }
  return profile;
}

function numericStats(profile: ColumnProfile, type: DataType, floats: boolean): void {
  const values = profile.sample as Float64Array;
  let n = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  let distinct: Set<number> | null = new Set<number>();
  for (const v of values) {
    if (Number.isNaN(v)) {
      profile.missing++;
      continue;
    }
    // Welford's update: mean and sum of squared deviations in one pass.
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
    if (v < min) min = v;
    if (v > max) max = v;
    if (whole && !Number.isInteger(v)) whole = false;
    if (distinct !== null) {
      distinct.add(v === 0 ? 0 : v);
      if (distinct.size > MAX_NUMERIC_LEVELS) distinct = null;
    }
  }
  profile.integer = DataType.isInt(type) || (n > 0 && whole);
  if (n === 0) return;
  profile.mean = mean;
  profile.sd = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
  profile.min = min;
  profile.max = max;
  if (distinct !== null) {
    const sorted = [...distinct].sort((a, b) => a - b);
    profile.numericLevels = sorted;
    // Named as the audit names the groups (`1.0` for a float column).
    profile.levels = sorted.map((v) => (floats ? pythonFloatRepr(v) : canonical(v)));
  }
}
