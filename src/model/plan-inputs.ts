import { DataType, type Schema } from 'apache-arrow';
import { AuditError } from '../core/errors.js';
import { keyword, nearest } from '../core/keyword.js';
import { arrowTypeName } from './column-strings.js';
import { shapeString, tensorTypeString, type OnnxElementType, type ValueSignature } from './onnx-types.js';

/** A data column as the model planner sees it: its name and Arrow type. */
export interface ColumnInfo {
  name: string;
  type: DataType;
  /**
   * Whether a float column holds whole numbers: 64-bit (and CSV) integers that the readers carry
   * as Float64, marked by the field metadata `assay.integer` = `true`. Read from the metadata of
   * Arrow `Field`s when absent.
   */
  integer?: boolean;
}

/** The columns of the data: an Arrow schema, or a list of `{ name, type }` (Arrow `Field`s fit). */
export type ColumnsLike = Schema | readonly ColumnInfo[];

/** What kind of values a column holds, for conversion planning. */
export type ColumnKind = 'int' | 'float' | 'bool' | 'string' | 'decimal' | 'null' | 'other';

/** How one model input is fed from the data, or why it cannot be. */
export interface InputMapping {
  /** ONNX input name. */
  input: string;
  elemType: OnnxElementType | null;
  /** ONNX spelling of the input type and shape, for messages and `assay inspect`. */
  type: string;
  shape: string;
  /** Columns feeding the input, in order (one per column of the `[N, k]` tensor); null when unmapped. */
  columns: string[] | null;
  /** How the columns were found. */
  via: 'name' | 'sanitised-name' | 'input-map' | null;
  /** Per column: `<arrow type> → <onnx type>` and the check applied while converting. */
  conversions: string[];
  /** Rank of the fed tensor: 1 feeds `[n]`, 2 feeds `[n, k]`. */
  rank: 1 | 2;
  /** Fixed batch dimension of the input, when the model declares one (e.g. `[1, 7]`). */
  fixedBatch: number | null;
  /** Why the input cannot be fed (unmapped column, lossy conversion, unsupported type); null when it can. */
  error: string | null;
}

/** Input names mapped to the ordered columns that feed them (`--input-map input=col1,col2`). */
export type InputMap = Readonly<Record<string, readonly string[]>>;

/** The columns of a schema or list, as `{ name, type }`. */
export function columnInfos(columns: ColumnsLike): ColumnInfo[] {
  // Arrow fields fit ColumnInfo; their metadata tells integer columns carried as floats.
  const list: readonly ColumnInfo[] = Array.isArray(columns) ? columns : (columns as Schema).fields;
  return list.map((f) => ({ name: f.name, type: f.type, integer: f.integer ?? isIntegerField(f) }));
}

/**
 * Whether an Arrow field is marked as holding whole numbers carried as floats (field metadata
 * `assay.integer` = `true`, set by the readers for 64-bit and CSV integers read as Float64).
 * @example isIntegerField(new Field('zip', new Float64(), true, new Map([['assay.integer', 'true']]))) // true
 */
export function isIntegerField(field: object): boolean {
  const metadata = (field as { metadata?: unknown }).metadata;
  return metadata instanceof Map && metadata.get('assay.integer') === 'true';
}

/**
 * The name skl2onnx gives a column: every character other than a letter, digit or `_` becomes
 * `_` (`education-num` → `education_num`, `sepal.length` → `sepal_length`).
 * @example sanitizeOnnxName('marital-status') // 'marital_status'
 */
export function sanitizeOnnxName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * The kind of values an Arrow type holds (dictionaries by their value type); a float column
 * marked `integer` (whole numbers carried as floats, see {@link isIntegerField}) holds integers.
 * @example columnKind(new Int32()) // 'int'
 */
export function columnKind(type: DataType, integer = false): ColumnKind {
  if (DataType.isDictionary(type)) return columnKind(type.dictionary as DataType, integer);
  if (DataType.isInt(type)) return 'int';
  if (DataType.isFloat(type)) return integer ? 'int' : 'float';
  if (DataType.isBool(type)) return 'bool';
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type)) return 'string';
  if (DataType.isDecimal(type)) return 'decimal';
  if (DataType.isNull(type)) return 'null';
  return 'other';
}

const INT_RANGES: Partial<Record<OnnxElementType, [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

/** Whether every value of an Arrow integer type fits the ONNX integer type. */
function intFits(type: DataType, target: OnnxElementType): boolean {
  const t: DataType = DataType.isDictionary(type) ? (type.dictionary as DataType) : type;
  if (!DataType.isInt(t)) return false;
  const bits = t.bitWidth;
  const signed = t.isSigned;
  switch (target) {
    case 'int64':
      return !(bits === 64 && !signed);
    case 'uint64':
      return !signed;
    case 'int32':
      return bits < 32 || (bits === 32 && signed);
    case 'uint32':
      return !signed && bits <= 32;
    case 'int16':
      return bits < 16 || (bits === 16 && signed);
    case 'uint16':
      return !signed && bits <= 16;
    case 'int8':
      return bits === 8 && signed;
    case 'uint8':
      return bits === 8 && !signed;
    default:
      return false;
  }
}

/** Whether the ONNX element type is an integer type. */
export function isIntegerElement(t: OnnxElementType | null): boolean {
  return t !== null && t in INT_RANGES;
}

/** The value range of an ONNX integer type (int64 limited to exactly representable numbers). */
export function integerRange(t: OnnxElementType): [number, number] {
  return INT_RANGES[t] ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
}

/**
 * How a column of `type` converts into an ONNX element type: a description such as
 * `Float64 → tensor(int64) (checked: integer values)`, or an `error` when the conversion would lose
 * information whatever the values (text into numbers, numbers into text with a format to guess,
 * dates, lists …). Value-dependent losses (a non-integer float into int64, an out-of-range integer,
 * an integer beyond ±2^53, a missing value into a type that has none) are checked while converting.
 *
 * A float column marked `integer` (64-bit or CSV integers carried as Float64, see
 * {@link isIntegerField}) converts as an integer column — decimal text for string inputs — and is
 * named `integer (Float64)`.
 * @example conversionOf('age', new Int64(), 'int64', 'age') // { text: 'Int64 → tensor(int64)' }
 * @example conversionOf('zip', new Float64(), 'string', 'zip', true) // { text: 'integer (Float64) → tensor(string) (as decimal text)' }
 */
export function conversionOf(
  column: string,
  type: DataType,
  target: OnnxElementType,
  input: string,
  integer = false,
): { text: string; error?: string } {
  const kind = columnKind(type, integer);
  const wholeFloats = kind === 'int' && columnKind(type) === 'float';
  const from = wholeFloats ? `integer (${arrowTypeName(type)})` : arrowTypeName(type);
  const to = tensorTypeString(target);
  const text = `${from} → ${to}`;
  const refuse = (why: string): { text: string; error: string } => ({
    text,
    error: `column ${column} (${from}) cannot feed ${to} input ${input}: ${why}`,
  });
  if (target === 'other') return refuse('assay does not feed this element type');
  if (kind === 'other') return refuse('unsupported column type');
  if (target === 'string') {
    if (kind === 'string') return { text };
    if (kind === 'int') return { text: `${text} (as decimal text)` };
    if (kind === 'null') return { text: `${text} (checked: no missing values)` };
    return refuse(`${kind} values would need a text format to be guessed; convert the column to text first`);
  }
  if (kind === 'string' && target === 'bool') return { text: `${text} (checked: true/false, yes/no, t/f or 1/0)` };
  if (kind === 'string')
    return refuse('text would have to be parsed or encoded; encode the column as numbers first');
  if (target === 'float32' || target === 'float64') {
    const note = kind === 'null' || kind === 'float' || wholeFloats ? ' (missing → NaN)' : '';
    return { text: `${text}${note}` };
  }
  if (target === 'bool') {
    if (kind === 'bool') return { text };
    return { text: `${text} (checked: values 0 or 1)` };
  }
  // Integer targets.
  if (kind === 'int' && intFits(type, target)) return { text };
  if (kind === 'int' || kind === 'bool') return { text: kind === 'bool' ? text : `${text} (checked: range)` };
  return { text: `${text} (checked: integer values in range)` };
}

/**
 * Plans how each model input is fed from the data's columns, before any row is read.
 *
 * Columns are found, in order, by the explicit `inputMap` (`input → [col1, col2, …]`), by exact
 * name, or by skl2onnx's name sanitisation (`education-num` feeds `education_num`; a match must be
 * unique). One column feeds a `[N, 1]` or `[N]` input; several columns are packed, in the given
 * order, into an `[N, k]` tensor (k fixed by the model, or free). Each column's Arrow type must
 * convert to the input's element type without guessing (see {@link conversionOf}).
 *
 * Never throws for an input it cannot feed: the mapping carries an `error` (so `assay inspect` can
 * show every problem); {@link assertInputsPlanned} turns the first one into an `AuditError`.
 * Throws `AuditError` for an `inputMap` key that is not a model input.
 * @example planInputs(session inputs, schema, { input: ['age', 'priors_count'] })
 */
export function planInputs(
  inputs: readonly ValueSignature[],
  columns: ColumnsLike,
  inputMap: InputMap = {},
): InputMapping[] {
  const cols = columnInfos(columns);
  const byName = new Map(cols.map((c) => [c.name, c]));
  const inputNames = inputs.map((i) => i.name);
  for (const key of Object.keys(inputMap)) keyword('model input in the input map', key, inputNames);

  return inputs.map((sig): InputMapping => {
    const mapping: InputMapping = {
      input: sig.name,
      elemType: sig.elemType,
      type: sig.type,
      shape: shapeString(sig.shape),
      columns: null,
      via: null,
      conversions: [],
      rank: 2,
      fixedBatch: null,
      error: null,
    };
    const fail = (error: string): InputMapping => ({ ...mapping, error });
    if (sig.elemType === null || sig.elemType === 'other')
      return fail(`input ${sig.name} has type ${sig.type}, which assay cannot feed from a table`);

    // The shape decides how many columns the input takes.
    const shape = sig.shape ?? [];
    let width: number | null = null; // null: any number of columns
    if (shape.length > 2)
      return fail(`input ${sig.name} has shape ${shapeString(shape)}; assay feeds tables as [N] or [N, k]`);
    if (shape.length >= 1 && typeof shape[0] === 'number') {
      if (shape[0] < 1) return fail(`input ${sig.name} has an empty batch dimension ${shapeString(shape)}`);
      mapping.fixedBatch = shape[0];
    }
    if (shape.length === 1) {
      mapping.rank = 1;
      width = 1;
    } else if (shape.length === 2 && typeof shape[1] === 'number') {
      width = shape[1];
      if (width < 1) return fail(`input ${sig.name} has shape ${shapeString(shape)} with no columns`);
    }

    // Find the columns.
    const explicit = inputMap[sig.name];
    let found: string[];
    if (explicit) {
      if (explicit.length === 0) return fail(`the input map gives no columns for input ${sig.name}`);
      for (const c of explicit) {
        if (!byName.has(c)) {
          const near = nearest(c, [...byName.keys()]);
          const hint = near.length > 0 ? `; did you mean ${near.join(' or ')}?` : '';
          return fail(`missing column: ${c} (mapped to input ${sig.name}${hint})`);
        }
      }
      found = [...explicit];
      mapping.via = 'input-map';
    } else if (byName.has(sig.name)) {
      found = [sig.name];
      mapping.via = 'name';
    } else {
      const target = sanitizeOnnxName(sig.name);
      const matches = cols.filter((c) => sanitizeOnnxName(c.name) === target).map((c) => c.name);
      if (matches.length > 1) {
        return fail(
          `input ${sig.name} matches several columns (${matches.join(', ')}); choose one with --input-map ${sig.name}=<column>`,
        );
      }
      if (matches.length === 0) {
        if (width !== null && width > 1) {
          return fail(
            `input ${sig.name} (${sig.type} ${shapeString(shape)}) takes ${width} columns; list them in order with --input-map ${sig.name}=col1,col2,…`,
          );
        }
        const near = nearest(
          sig.name,
          cols.map((c) => c.name),
        );
        const hint = near.length > 0 ? `did you mean ${near.join(' or ')}? ` : '';
        return fail(
          `no column for model input ${sig.name} (${sig.type} ${shapeString(shape)}); ${hint}map it with --input-map ${sig.name}=<column>`,
        );
      }
      found = matches;
      mapping.via = 'sanitised-name';
    }
    if (width !== null && found.length !== width) {
      return fail(
        `input ${sig.name} (${shapeString(shape)}) takes ${width} column${width === 1 ? '' : 's'} but ${found.length} are mapped (${found.join(', ')})`,
      );
    }
    mapping.columns = found;

    for (const c of found) {
      const info = byName.get(c)!;
      const conv = conversionOf(c, info.type, sig.elemType, sig.name, info.integer);
      mapping.conversions.push(conv.text);
      if (conv.error) return { ...mapping, error: conv.error };
    }
    return mapping;
  });
}

/**
 * Throws the first planning error as an `AuditError` (one line, naming the input and column).
 * @example assertInputsPlanned(planInputs(inputs, schema))
 */
export function assertInputsPlanned(mappings: readonly InputMapping[]): void {
  const bad = mappings.find((m) => m.error !== null);
  if (bad?.error) throw new AuditError(bad.error);
}
