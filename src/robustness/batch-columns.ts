import type { Data, DataType, RecordBatch } from 'apache-arrow';
import { AuditError, InternalError } from '../core/errors.js';
import { booleanData, columnKindOf, numericData, readBooleanCodes, readNumbers, typeName } from './column-data.js';
import type { ColumnProfile } from './column-profile.js';

/**
 * The columns of one batch as the perturbations see them, read once per batch: numbers
 * (`NaN` missing) for numeric columns, codes (−1 missing) for text (the column's vocabulary
 * codes) and boolean columns (0/1) — and written back to Arrow in the batch's own types (text as
 * a dictionary over the vocabulary).
 * @example
 * const cols = BatchColumns.read(batch, rowOffset, profiles);
 * const noisy = gaussianNoise(cols.numbers('age'), cols.offset, key, sigma, bounds);
 * cols.write('age', noisy); // Data in the batch's type for `age`
 */
export class BatchColumns {
  private readonly values = new Map<string, Float64Array | Int32Array>();
  private readonly types = new Map<string, DataType>();
  private readonly indices = new Map<string, number>();

  private constructor(
    /** Global index of the batch's first row. */
    readonly offset: number,
    readonly length: number,
    private readonly profiles: ReadonlyMap<string, ColumnProfile>,
  ) {}

  /** Reads every profiled column (kind other than `other`) of `batch`. */
  static read(batch: RecordBatch, offset: number, profiles: ReadonlyMap<string, ColumnProfile>): BatchColumns {
    const out = new BatchColumns(offset, batch.numRows, profiles);
    const fields = batch.schema.fields;
    for (const [name, profile] of profiles) {
      if (profile.kind === 'other') continue;
      const index = fields.findIndex((f) => f.name === name);
      if (index < 0) throw new AuditError(`missing column: ${name} (columns: ${fields.map((f) => f.name).join(', ')})`);
      const data = batch.data.children[index];
      const kind = columnKindOf(data.type);
      if (kind !== profile.kind) {
        throw new AuditError(`column ${name} changes type between batches (${typeName(profile.type)}, then ${typeName(data.type)})`);
      }
      out.indices.set(name, index);
      out.types.set(name, data.type);
      if (kind === 'numeric') out.values.set(name, readNumbers(data));
      else if (kind === 'boolean') out.values.set(name, readBooleanCodes(data));
      else out.values.set(name, profile.vocabulary!.codesOf(data));
    }
    return out;
  }

  /** Position of the column among the batch's children. */
  index(name: string): number {
    const i = this.indices.get(name);
    if (i === undefined) throw new InternalError(`column ${name} was not read`);
    return i;
  }

  /** Numbers of a numeric column. */
  numbers(name: string): Float64Array {
    const v = this.values.get(name);
    if (!(v instanceof Float64Array)) throw new InternalError(`column ${name} is not numeric`);
    return v;
  }

  /** Codes of a text or boolean column. */
  codes(name: string): Int32Array {
    const v = this.values.get(name);
    if (!(v instanceof Int32Array)) throw new InternalError(`column ${name} is not coded`);
    return v;
  }

  /** Numbers or codes, whichever the column has. */
  raw(name: string): Float64Array | Int32Array {
    const v = this.values.get(name);
    if (v === undefined) throw new InternalError(`column ${name} was not read`);
    return v;
  }

  /** An Arrow chunk of the column holding `values` (numbers or codes, as the column is read). */
  write(name: string, values: Float64Array | Int32Array): Data {
    const profile = this.profiles.get(name)!;
    if (profile.kind === 'numeric') return numericData(this.types.get(name)!, values as Float64Array);
    if (profile.kind === 'boolean') return booleanData(values as Int32Array);
    return profile.vocabulary!.toData(values as Int32Array);
  }
}
