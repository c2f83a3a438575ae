import { DataType, DateUnit, type Data, type Field, type Vector } from 'apache-arrow';
import { AuditError } from '../core/errors.js';
import { booleanLabel, booleanOf } from './boolean-names.js';

export { booleanLabel } from './boolean-names.js';

/** The name a missing value's group gets. */
export const MISSING_GROUP = '(missing)';

/**
 * The validity bitmap of `data` when it has nulls, else null. Reading `nullCount` costs a
 * scan in apache-arrow, so callers take this once per chunk, then test rows with {@link valid}.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function nullMask(data: Data<any>): Uint8Array | null {
  if (!data.nullBitmap || data.nullBitmap.length === 0 || data.nullCount === 0) return null;
  return data.nullBitmap;
}

/** True when row `i` (of a chunk starting at bit `offset`) is valid under `mask`. */
export function valid(mask: Uint8Array | null, offset: number, i: number): boolean {
  if (mask === null) return true;
  const j = offset + i;
  return (mask[j >> 3] & (1 << (j & 7))) !== 0;
}

/** True when row `i` of `data` is valid (not null). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function isValid(data: Data<any>, i: number): boolean {
  return valid(nullMask(data), data.offset, i);
}

/**
 * A float64 written as Python's `repr` writes it (how pandas, and so Fairlearn, name groups
 * of a float column): shortest round-trip digits, `1.0` for whole numbers, exponent form
 * below 1e-4 and from 1e16 (`1e-05`, `1.5e+16`).
 * @example pythonFloatRepr(27) // '27.0'
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = x.toExponential().split('e');
  const e = Number(exp);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, '0');
  const fraction = digits.slice(e + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
}

/**
 * Whether a column's numbers name their groups as floats (`1.0`, as pandas does): a float
 * column that does not carry whole numbers read as Float64 (field metadata `assay.integer`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function floatGroups(field: Field<any> | undefined): boolean {
  return field !== undefined && DataType.isFloat(field.type as DataType) && field.metadata.get('assay.integer') !== 'true';
}

const UNIT_NANOS = [1_000_000_000n, 1_000_000n, 1_000n, 1n];
const NANOS_PER_DAY = 86_400_000_000_000n;

/**
 * The text pandas gives a date, timestamp or time value (how it names such groups), from the
 * raw number of `unit`s (Arrow's TimeUnit: 0 s … 3 ns): dates `2020-01-01`; timestamps
 * `2020-01-01 12:30:00`, with `.ffffff` (or `.fffffffff` for nanoseconds) when not whole seconds
 * and, when zoned, in the zone's local time with its offset (`2020-01-01 07:30:00-05:00`);
 * times of day `12:30:00`.
 *
 * @example temporalText('timestamp', 1577836800500000n, 2, null) // '2020-01-01 00:00:00.500000'
 */
export function temporalText(kind: 'date' | 'timestamp' | 'time', raw: bigint, unit: number, timezone: string | null): string {
  const nanos = raw * UNIT_NANOS[unit];
  let seconds = nanos / 1_000_000_000n;
  let fraction = nanos % 1_000_000_000n;
  if (fraction < 0n) {
    fraction += 1_000_000_000n;
    seconds -= 1n;
  }
  const utc = Number(seconds) * 1000; // whole seconds: exact
  // a zoned timestamp is written in its zone's local time, with the offset (as pandas does)
  const offset = kind === 'timestamp' && timezone !== null ? zoneOffsetMinutes(timezone, utc) : 0;
  const iso = new Date(utc + offset * 60_000).toISOString();
  const date = iso.slice(0, iso.indexOf('T'));
  if (kind === 'date') return date;
  const clock = iso.slice(iso.indexOf('T') + 1, iso.indexOf('T') + 9);
  const digits = fraction === 0n ? '' : fraction % 1000n === 0n ? `.${String(fraction / 1000n).padStart(6, '0')}` : `.${String(fraction).padStart(9, '0')}`;
  if (kind === 'time') return `${clock}${digits}`;
  if (timezone === null) return `${date} ${clock}${digits}`;
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${date} ${clock}${digits}${offset < 0 ? '-' : '+'}${hours}:${minutes}`;
}

/**
 * Minutes a time zone (an IANA name such as `America/New_York`, or a fixed offset `+05:30`) is
 * ahead of UTC at the instant `utc` (milliseconds); 0 for UTC and for a zone this runtime does
 * not know.
 */
function zoneOffsetMinutes(timezone: string, utc: number): number {
  const fixed = /^([+-])(\d{2}):?(\d{2})$/.exec(timezone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  if (/^(utc|etc\/utc|gmt|z)$/i.test(timezone)) return 0;
  const format = zoneFormat(timezone);
  if (format === null) return 0; // an unknown zone: written in UTC
  const parts = format.formatToParts(new Date(utc));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  const minutes = Math.round((local - utc) / 60_000);
  return Number.isFinite(minutes) ? minutes : 0;
}

/** One formatter per zone (null: a zone this runtime does not know); building one is slow. */
const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormat(timezone: string): Intl.DateTimeFormat | null {
  let format = zoneFormats.get(timezone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      format = null;
    }
    zoneFormats.set(timezone, format);
  }
  return format;
}

/**
 * Group names of a date, timestamp or time column (see {@link temporalText}), or null for other
 * types: apache-arrow reads such values as epoch numbers.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function temporalNamer(data: Data<any>): ((i: number) => string) | null {
  const type = data.type as DataType & { unit?: number; timezone?: string | null };
  const values = data.values as ArrayLike<number | bigint>;
  if (DataType.isDate(type)) {
    // DateDay counts days, DateMillisecond milliseconds
    const perUnit = (type as { unit: DateUnit }).unit === DateUnit.DAY ? NANOS_PER_DAY : 1_000_000n;
    return (i) => temporalText('date', (BigInt(values[i]) * perUnit) / 1_000_000_000n, 0, null);
  }
  if (DataType.isTimestamp(type)) return (i) => temporalText('timestamp', BigInt(values[i]), type.unit ?? 1, type.timezone ?? null);
  if (DataType.isTime(type)) return (i) => temporalText('time', BigInt(values[i]), type.unit ?? 1, null);
  return null;
}

/**
 * The group name of every row of a column, as the streaming engine names groups (see
 * {@link ValueDictionary.encode}; floats as pandas writes them unless `field` marks whole
 * numbers, dates and timestamps as text, missing values as {@link MISSING_GROUP}).
 *
 * @example groupNames(vectorFromArray([1.5, null]), field) // ['1.5', '(missing)']
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function groupNames(vector: Vector, field: Field<any> | undefined): string[] {
  const dictionary = new ValueDictionary();
  const codes = dictionary.encode(vector, floatGroups(field));
  return Array.from(codes, (c) => dictionary.names[c]);
}

/**
 * The group name of a present value: its canonical text, except that the text `(missing)` is
 * quoted (`"(missing)"`) so that it never joins the group of missing values.
 */
function valueName(value: unknown): string {
  const text = canonical(value);
  return text === MISSING_GROUP ? `"${MISSING_GROUP}"` : text;
}

/** Canonical text of a cell value: the group name or class name it stands for. */
export function canonical(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function typeName(type: DataType): string {
  return (type as { toString(): string }).toString();
}

/** True for Arrow types whose values are plain numbers (ints, floats, decimals excluded). */
export function isNumericType(type: DataType): boolean {
  return DataType.isInt(type) || DataType.isFloat(type);
}

/**
 * How messages name a column read as a label, prediction, score or weight: `column y` by
 * default; a model's own output columns are named for what they are ("the model's score"),
 * with the option that chooses their positive class.
 */
export interface ColumnNaming {
  /** The column in a message, e.g. `column y_true`. */
  what: string;
  /** What to do about values other than 0 and 1. */
  hint: string;
}

/** The naming of a data column. */
export function dataColumn(column: string): ColumnNaming {
  return { what: `column ${column}`, hint: 'pass --positive <value> to name the positive class' };
}

/**
 * Reads a numeric column into a Float64Array (zero-copy for a single Float64 chunk
 * without nulls). Throws on strings and on missing values, naming the column and row.
 */
export function readNumeric(
  vector: Vector,
  column: string,
  rowOffset: number,
  into?: Float64Array,
  { what }: ColumnNaming = dataColumn(column),
): Float64Array {
  const type = vector.type as DataType;
  if (!isNumericType(type) && !DataType.isBool(type)) {
    // the example is a value that is not a number, where the column holds one (a text column
    // may be numbers written as text but for a few values)
    const bad = nonNumericValue(vector);
    const sample = bad === undefined ? firstValue(vector) : bad.text;
    const where = bad === undefined ? '' : ` in row ${rowOffset + bad.row + 1}`;
    throw new AuditError(
      `${what} is not numeric (type ${typeName(type)}${sample === undefined ? '' : `, e.g. ${JSON.stringify(sample)}${where}`})`,
    );
  }
  if (vector.data.length === 1 && vector.nullCount === 0 && DataType.isFloat(type)) {
    const values = vector.data[0].values as unknown;
    if (values instanceof Float64Array) return values.subarray(0, vector.length);
  }
  const out = into !== undefined && into.length >= vector.length ? into.subarray(0, vector.length) : new Float64Array(vector.length);
  let k = 0;
  for (const data of vector.data) {
    const values = data.values as ArrayLike<number | bigint>;
    const bool = DataType.isBool(data.type as DataType);
    const mask = nullMask(data);
    for (let i = 0; i < data.length; i++, k++) {
      if (!valid(mask, data.offset, i)) throw new AuditError(`missing value in ${what} (row ${rowOffset + k + 1})`);
      if (bool) {
        const j = data.offset + i;
        out[k] = (values[j >> 3] as number) & (1 << (j & 7)) ? 1 : 0;
      } else {
        const v = values[i];
        out[k] = typeof v === 'bigint' ? Number(v) : v;
      }
    }
  }
  return out;
}

/** The first present value that does not read as a number, if any, and its row in the vector. */
function nonNumericValue(vector: Vector): { text: string; row: number } | undefined {
  for (let i = 0; i < vector.length; i++) {
    const v: unknown = vector.get(i);
    if (v === null || v === undefined) continue;
    const text = canonical(v);
    if (text.trim() === '' || Number.isNaN(Number(text))) return { text, row: i };
  }
  return undefined;
}

function firstValue(vector: Vector): unknown {
  for (let i = 0; i < Math.min(vector.length, 100); i++) {
    const v: unknown = vector.get(i);
    if (v !== null && v !== undefined) return v;
  }
  return undefined;
}

/**
 * Reads a label or prediction column as 1 (positive class) / 0 (any other class).
 * With `positive` null the column must be binary 0/1 (or boolean, or text such as
 * `true`/`false`, `yes`/`no`); anything else asks for `--positive`. Missing values are errors.
 */
export function readBinary(
  vector: Vector,
  column: string,
  positive: string | null,
  rowOffset: number,
  into?: Uint8Array,
  { what, hint }: ColumnNaming = dataColumn(column),
): Uint8Array {
  // every entry is written below: a reused `into` needs no clearing
  const out = into !== undefined && into.length >= vector.length ? into.subarray(0, vector.length) : new Uint8Array(vector.length);
  const decide = (value: unknown, row: number): number => {
    if (value === null || value === undefined) {
      throw new AuditError(`missing value in ${what} (row ${rowOffset + row + 1})`);
    }
    if (typeof value === 'number' && Number.isNaN(value)) {
      throw new AuditError(`NaN in ${what} (row ${rowOffset + row + 1})`);
    }
    const text = canonical(value);
    if (positive !== null) {
      if (typeof value === 'number' || typeof value === 'bigint') {
        const p = Number(positive);
        return !Number.isNaN(p) && Number(value) === p ? 1 : 0;
      }
      if (typeof value === 'boolean') return booleanLabel(value, positive);
      return text === positive ? 1 : 0;
    }
    const bit = booleanOf(text);
    if (bit !== null) return bit;
    throw new AuditError(
      `${what} has values other than 0 and 1 (e.g. ${JSON.stringify(text)}); ${hint}`,
    );
  };
  let k = 0;
  for (const data of vector.data) {
    const type = data.type as DataType;
    if (DataType.isDictionary(type) && data.dictionary) {
      // Decide once per dictionary entry, then map the indices.
      const dict = data.dictionary;
      const decided = new Int8Array(dict.length).fill(-1);
      const indices = data.values as ArrayLike<number>;
      const mask = nullMask(data);
      for (let i = 0; i < data.length; i++, k++) {
        if (!valid(mask, data.offset, i)) decide(null, k);
        const idx = indices[i];
        let d = decided[idx];
        if (d < 0) d = decided[idx] = decide(dict.get(idx), k);
        out[k] = d;
      }
    } else if ((DataType.isInt(type) || DataType.isFloat(type)) && !(data.values instanceof BigInt64Array) && !(data.values instanceof BigUint64Array)) {
      // Numbers: 1 when equal to the positive class (default 1); without --positive only 0 and 1 are allowed.
      const values = data.values as ArrayLike<number>;
      const p = positive === null ? 1 : Number(positive);
      const mask = nullMask(data);
      if (mask === null && positive === null && copyZeroOne(values, out, k, data.length)) {
        // The common case, 0/1 without nulls: copied without a branch per row.
        k += data.length;
        continue;
      }
      for (let i = 0; i < data.length; i++, k++) {
        const v = values[i];
        if (v === p) out[k] = 1;
        else if (v === 0 || (positive !== null && v === v)) out[k] = 0;
        else out[k] = decide(valid(mask, data.offset, i) ? v : null, k);
        if (mask !== null && !valid(mask, data.offset, i)) decide(null, k);
      }
    } else if (DataType.isInt(type)) {
      const values = data.values as ArrayLike<bigint>;
      const mask = nullMask(data);
      for (let i = 0; i < data.length; i++, k++) {
        if (!valid(mask, data.offset, i)) decide(null, k);
        out[k] = decide(Number(values[i]), k);
      }
    } else {
      const vec = vector.data.length === 1 ? vector : null;
      const mask = nullMask(data);
      for (let i = 0; i < data.length; i++, k++) {
        const value: unknown = valid(mask, data.offset, i) ? (vec ? vec.get(i) : rowValue(vector, k)) : null;
        out[k] = decide(value, k);
      }
    }
  }
  return out;
}

/**
 * Copies `n` values that are all 0 or 1 into `out` from `at`, without a branch per row
 * (labels in random order would mispredict half of them); false, with `out` partly written,
 * when any value is something else (the caller then decides row by row, and refuses it).
 */
function copyZeroOne(values: ArrayLike<number>, out: Uint8Array, at: number, n: number): boolean {
  if (values instanceof Int32Array || values instanceof Int8Array || values instanceof Uint8Array || values instanceof Int16Array || values instanceof Uint16Array) {
    // whole numbers: any bit but the lowest is another value (negatives set the sign bit)
    let bits = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      bits |= v;
      out[at + i] = v;
    }
    return (bits & ~1) === 0;
  }
  if (values instanceof Float64Array || values instanceof Float32Array) {
    // v · (1 − v) is 0 exactly for 0 and 1 only (NaN stays NaN; |·| keeps tiny values from cancelling)
    let off = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      off += Math.abs(v * (1 - v));
      out[at + i] = v;
    }
    return off === 0;
  }
  return false;
}

function rowValue(vector: Vector, row: number): unknown {
  return vector.get(row);
}

/**
 * Dictionary of one sensitive feature's values, shared across batches: each distinct
 * value (its canonical text) gets a stable code, in order of first appearance; missing
 * values get the group {@link MISSING_GROUP}. Also the word list of a model's text input
 * (`fillTextCodes`).
 */
export class ValueDictionary {
  readonly names: string[] = [];
  private readonly codes = new Map<string, number>();

  /** Code of a group name, adding it when new. */
  code(name: string): number {
    let c = this.codes.get(name);
    if (c === undefined) {
      c = this.names.length;
      this.codes.set(name, c);
      this.names.push(name);
    }
    return c;
  }

  /** Code of a group name, or undefined when it has none yet. */
  find(name: string): number | undefined {
    return this.codes.get(name);
  }

  /**
   * Codes of every row of `vector`. Dictionary columns cost one lookup per entry.
   * With `floats` (see {@link floatGroups}) numbers are named as Python floats (`1.0`).
   */
  encode(vector: Vector, floats = false, into?: Int32Array): Int32Array {
    // every entry is written below: a reused `into` needs no clearing
    const out = into !== undefined && into.length >= vector.length ? into.subarray(0, vector.length) : new Int32Array(vector.length);
    let k = 0;
    let name: ((i: number) => string) | null;
    for (const data of vector.data) {
      const type = data.type as DataType;
      if (DataType.isDictionary(type) && data.dictionary) {
        const dict = data.dictionary;
        const local = new Int32Array(dict.length).fill(-1);
        const indices = data.values as ArrayLike<number>;
        const mask = nullMask(data);
        if (mask === null) {
          // no nulls: one table lookup per row
          const n = data.length;
          for (let i = 0; i < n; i++) {
            const idx = indices[i];
            let c = local[idx];
            if (c < 0) c = local[idx] = this.code(valueName(dict.get(idx)));
            out[k + i] = c;
          }
          k += n;
          continue;
        }
        for (let i = 0; i < data.length; i++, k++) {
          if (!valid(mask, data.offset, i)) {
            out[k] = this.code(MISSING_GROUP);
            continue;
          }
          const idx = indices[i];
          let c = local[idx];
          if (c < 0) c = local[idx] = this.code(valueName(dict.get(idx)));
          out[k] = c;
        }
      } else if ((DataType.isInt(type) && (type as { bitWidth: number }).bitWidth <= 32) || DataType.isBool(type)) {
        // Small integers: memoise per value.
        const memo = new Map<number, number>();
        const mask = nullMask(data);
        const bool = DataType.isBool(type);
        const values = data.values as ArrayLike<number>;
        for (let i = 0; i < data.length; i++, k++) {
          if (!valid(mask, data.offset, i)) {
            out[k] = this.code(MISSING_GROUP);
            continue;
          }
          const j = data.offset + i;
          const key = bool ? ((values[j >> 3] & (1 << (j & 7))) !== 0 ? 1 : 0) : values[i];
          let c = memo.get(key);
          if (c === undefined) {
            c = this.code(bool ? canonical(key === 1) : canonical(key));
            memo.set(key, c);
          }
          out[k] = c;
        }
      } else if ((name = temporalNamer(data)) !== null) {
        // dates and times repeat: each distinct value is named once
        const values = data.values as ArrayLike<number | bigint>;
        const memo = new Map<number | bigint, number>();
        const mask = nullMask(data);
        for (let i = 0; i < data.length; i++, k++) {
          if (!valid(mask, data.offset, i)) {
            out[k] = this.code(MISSING_GROUP);
            continue;
          }
          let c = memo.get(values[i]);
          if (c === undefined) memo.set(values[i], (c = this.code(name(i))));
          out[k] = c;
        }
      } else {
        const mask = nullMask(data);
        // Float columns name their groups as pandas does (`1.0`); whole-number columns as integers.
        for (let i = 0; i < data.length; i++, k++) {
          const v: unknown = valid(mask, data.offset, i) ? vector.get(k) : null;
          if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) out[k] = this.code(MISSING_GROUP);
          // -0.0 and 0.0 are one group, as pandas groups them (they compare equal)
          else out[k] = this.code(floats && typeof v === 'number' ? pythonFloatRepr(v === 0 ? 0 : v) : valueName(v));
        }
      }
    }
    return out;
  }
}
