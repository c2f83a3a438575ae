import { AuditError } from '../core/errors.js';
import { keyword } from '../core/keyword.js';
import type { CsvColumnType, CsvOptions } from './source.js';
import { quoteString } from './sql-quote.js';

/** What DuckDB reads and how (the `FROM` part of the query). */
export interface TableFunction {
  /** `read_csv`, `read_parquet` or `read_json`. */
  reader: 'csv' | 'parquet' | 'json' | 'jsonl';
  /** The path DuckDB opens (may be a `/proc/self/fd/N` alias of the user's file). */
  path: string;
  /** `gzip` / `zstd` when the path has lost its extension; otherwise DuckDB detects it. */
  compression?: 'gzip' | 'zstd';
  /** CSV options (CSV only). */
  csv?: CsvOptions;
  /** Default delimiter when `csv.delimiter` is not given (tab for `.tsv`). */
  defaultDelimiter?: string;
  /** JSON only: every column's name and DuckDB type, instead of DuckDB's guess (`columns=`). */
  jsonColumns?: readonly (readonly [string, string])[];
}

const CSV_TYPES: readonly CsvColumnType[] = [
  'boolean',
  'integer',
  'bigint',
  'double',
  'string',
  'date',
  'timestamp',
];
const SQL_TYPE: Record<CsvColumnType, string> = {
  boolean: 'BOOLEAN',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  string: 'VARCHAR',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

/**
 * The DuckDB table function call that reads a file: `read_csv(…)`, `read_parquet(…)` or
 * `read_json(…, format='newline_delimited')` (`format='auto'` for `.json`, which may also hold
 * one JSON array). Every path and option is quoted as a SQL literal, so any file name or
 * column name is safe.
 *
 * CSV options map to DuckDB's: `delimiter` → `delim`, `header` (default true) → `header`,
 * `quote` (default `"`) → `quote`, `naStrings` → `nullstr`, `skip` (default 0) → `skip`,
 * `comment` (default none) → `comment`, `columnNames` → `names`, `columnTypes` → `types`.
 * `skip` and `comment` are never left to DuckDB's sniffer, which would silently drop lines
 * (a ragged first row taken as preamble, rows starting with `#` taken as comments). The rest is
 * sniffed by DuckDB (delimiter, escape, line ending including CRLF, column types from the
 * first 20,480 rows).
 * Validation failures (negative `skip`, repeated or empty `columnNames`, unknown column type)
 * throw `AuditError`. With `probeHeader`, the call instead reads every field as text without
 * a header, so its first row shows the header exactly as written.
 *
 * @example tableFunctionSql({ reader: 'csv', path: "it's.csv", csv: { delimiter: ';' } })
 * // "read_csv('it''s.csv', header=true, quote='\"', delim=';', skip=0, comment='')"
 */
export function tableFunctionSql(table: TableFunction, probeHeader = false): string {
  const path = quoteString(table.path, 'file path');
  const compression = table.compression ? `, compression=${quoteString(table.compression)}` : '';
  switch (table.reader) {
    case 'parquet':
      return `read_parquet(${path})`;
    case 'json':
      return `read_json(${path}, format='auto'${jsonColumns(table)}${compression})`;
    case 'jsonl':
      return `read_json(${path}, format='newline_delimited'${jsonColumns(table)}${compression})`;
    case 'csv':
      return `read_csv(${path}${csvParameters(table.csv ?? {}, table.defaultDelimiter, probeHeader)}${compression})`;
  }
}

function jsonColumns(table: TableFunction): string {
  if (table.jsonColumns === undefined || table.jsonColumns.length === 0) return '';
  // types come from DuckDB's own DESCRIBE; only names are the file's, quoted
  const fields = table.jsonColumns.map(([name, type]) => `${quoteString(name, 'column name')}: ${quoteString(type, 'column type')}`);
  return `, columns={${fields.join(', ')}}`;
}

function csvParameters(csv: CsvOptions, defaultDelimiter: string | undefined, probeHeader: boolean): string {
  const parts: string[] = [];
  const header = csv.header ?? true;
  if (typeof header !== 'boolean')
    throw new AuditError(`invalid csv header option: ${String(header)} (expected true or false)`);
  parts.push(probeHeader ? 'header=false, all_varchar=true' : `header=${header}`);
  const quote = csv.quote ?? '"';
  parts.push(`quote=${quoteString(text(quote, 'csv quote'), 'csv quote')}`);
  const delimiter = csv.delimiter ?? defaultDelimiter;
  if (delimiter !== undefined) {
    if (text(delimiter, 'csv delimiter') === '') throw new AuditError('invalid csv delimiter: empty');
    parts.push(`delim=${quoteString(delimiter, 'csv delimiter')}`);
  }
  // skip and comment are always explicit: DuckDB's guesses silently drop lines
  const skip = csv.skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0) {
    throw new AuditError(`invalid csv skip: ${String(skip)} (expected a whole number of lines, 0 or more)`);
  }
  parts.push(`skip=${skip}`);
  parts.push(`comment=${quoteString(text(csv.comment ?? '', 'csv comment'), 'csv comment')}`);
  if (probeHeader) return `, ${parts.join(', ')}`;
  // Guessed types are booleans, numbers or text: DuckDB would also read dates and times, and
  // renamed groups would follow (a date → its epoch milliseconds). Booleans written other than
  // true/false (yes/no, T/F) are read back as text by the reader (see duckdb-source.ts), so that
  // groups keep their names; csv.columnTypes still forces a type.
  parts.push(`auto_type_candidates=['BOOLEAN', 'BIGINT', 'DOUBLE', 'VARCHAR']`);
  if (csv.naStrings !== undefined) {
    const values = list(csv.naStrings, 'csv naStrings');
    parts.push(`nullstr=[${values.map((v) => quoteString(v, 'csv na string')).join(', ')}]`);
  }
  if (csv.columnNames !== undefined) {
    const names = list(csv.columnNames, 'csv columnNames');
    if (names.length === 0) throw new AuditError('invalid csv columnNames: empty list');
    const seen = new Set<string>();
    for (const name of names) {
      if (name.trim() === '') throw new AuditError('invalid csv columnNames: empty column name');
      if (seen.has(name)) throw new AuditError(`invalid csv columnNames: ${name} appears twice`);
      seen.add(name);
    }
    parts.push(`names=[${names.map((n) => quoteString(n, 'column name')).join(', ')}]`);
  }
  if (csv.columnTypes !== undefined) {
    const entries = Object.entries(csv.columnTypes);
    if (entries.length > 0) {
      const fields = entries.map(([column, type]) => {
        const sqlType = SQL_TYPE[keyword(`column type of ${column}`, String(type), CSV_TYPES)];
        return `${quoteString(column, 'column name')}: '${sqlType}'`;
      });
      parts.push(`types={${fields.join(', ')}}`);
    }
  }
  return `, ${parts.join(', ')}`;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string')
    throw new AuditError(`invalid ${what}: ${String(value)} (expected a string)`);
  return value;
}

function list(values: unknown, what: string): string[] {
  if (!Array.isArray(values)) throw new AuditError(`invalid ${what}: expected a list of strings`);
  return values.map((v) => text(v, what));
}
