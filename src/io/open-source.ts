import { stat } from 'node:fs/promises';
import { AuditError } from '../core/errors.js';
import { keyword } from '../core/keyword.js';
import type { Source, SourceFormat, SourceOptions } from './source.js';

const FORMATS: readonly SourceFormat[] = ['csv', 'parquet', 'jsonl', 'arrow'];

/** File extensions and the format each one means (compressed forms end in `.gz` / `.zst`). */
const EXTENSIONS: readonly (readonly [string, SourceFormat])[] = [
  ['.csv', 'csv'],
  ['.tsv', 'csv'],
  ['.txt', 'csv'],
  ['.parquet', 'parquet'],
  ['.pq', 'parquet'],
  ['.jsonl', 'jsonl'],
  ['.ndjson', 'jsonl'],
  ['.json', 'jsonl'],
  ['.arrow', 'arrow'],
  ['.feather', 'arrow'],
  ['.ipc', 'arrow'],
  ['.arrows', 'arrow'],
];
const COMPRESSIBLE = new Set<SourceFormat>(['csv', 'jsonl']);
const EXPECTED =
  '.csv, .tsv, .txt, .parquet, .pq, .jsonl, .ndjson, .json, .arrow, .feather, .ipc, .arrows; ' +
  'csv and json files may end in .gz or .zst; or set the format';

/**
 * The format a file name implies, or null when its extension is not one assay reads.
 * Case-insensitive; `.gz` and `.zst` are allowed after CSV and JSON extensions.
 *
 * @example formatOfPath('scores.csv.gz') // 'csv'
 */
export function formatOfPath(path: string): SourceFormat | null {
  let name = path.toLowerCase();
  let compressed = false;
  for (const suffix of ['.gz', '.zst']) {
    if (name.endsWith(suffix)) {
      name = name.slice(0, -suffix.length);
      compressed = true;
    }
  }
  for (const [extension, format] of EXTENSIONS) {
    if (name.endsWith(extension) && (!compressed || COMPRESSIBLE.has(format))) return format;
  }
  return null;
}

/**
 * Opens a data file as a {@link Source}: an `AsyncIterable<RecordBatch>` with its schema known
 * up front. Arrow IPC files and streams (`.arrow`, `.feather`, `.ipc`, `.arrows`) are read
 * natively and lazily; CSV (`.csv`, `.tsv`, `.txt`, optionally `.gz` / `.zst`), Parquet
 * (`.parquet`, `.pq`) and JSON (`.jsonl`, `.ndjson`, `.json`) through embedded DuckDB. The
 * format comes from `options.format`, else from the extension.
 *
 * Every source hands out the same column types: Bool; Int32 (small integers); Float64 (other
 * numbers, 64-bit integers exact up to 2^53); Dictionary<Utf8, Int32> (text, one dictionary
 * per batch); DateDay; Timestamp; nulls as Arrow nulls. `columns` selects and orders columns
 * (pushed down into the reader); DuckDB sources cut batches of `batchSize` rows (default
 * 65,536), Arrow files keep theirs unless `batchSize` is given. Columns with a repeated (or
 * empty) name are renamed `a_1`, … and listed in `renamedColumns`, never dropped.
 *
 * Errors (`AuditError`, one line, naming the file): `file not found: x.csv`, `not a file:
 * data (it is a directory)`, `empty file: x.csv`, `unsupported file format: x.xlsx (expected
 * …)`, `missing column: …`, and reading errors such as `x.csv: cannot read column score: "abc"
 * is not a number (…)`, the latter possibly while iterating.
 *
 * @example
 * const source = await openSource('predictions.csv', { columns: ['y_true', 'y_pred', 'sex'] });
 * try {
 *   for await (const batch of source.batches()) console.log(batch.numRows);
 * } finally {
 *   await source.close();
 * }
 */
export async function openSource(path: string, options: SourceOptions = {}): Promise<Source> {
  if (typeof path !== 'string' || path.trim() === '') throw new AuditError('no data file given');
  const format =
    options.format !== undefined ? keyword('format', options.format, FORMATS) : formatOfPath(path);
  if (format === null) throw new AuditError(`unsupported file format: ${path} (expected ${EXPECTED})`);
  if (options.csv !== undefined && format !== 'csv') {
    throw new AuditError(`csv options do not apply to ${path} (read as ${format})`);
  }
  if (options.columns !== undefined && !Array.isArray(options.columns)) {
    throw new AuditError(`invalid columns option for ${path}: expected a list of column names`);
  }
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AuditError(`file not found: ${path}`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new AuditError(`cannot read file: ${path} (permission denied)`);
    throw new AuditError(`cannot read file: ${path} (${code ?? String(error)})`);
  }
  if (info.isDirectory()) throw new AuditError(`not a file: ${path} (it is a directory)`);
  if (!info.isFile()) throw new AuditError(`not a regular file: ${path}`);
  if (info.size === 0) throw new AuditError(`empty file: ${path}`);
  try {
    // each reader is loaded on first use: reading Arrow never loads DuckDB's native library
    if (format === 'arrow') return await (await import('./arrow-source.js')).openArrowSource(path, options);
    return await (await import('./duckdb-source.js')).openDuckDBFile(path, format, options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM')
      throw new AuditError(`cannot read file: ${path} (permission denied)`);
    throw error;
  }
}
