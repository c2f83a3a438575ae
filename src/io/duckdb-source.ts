import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Field, Schema, type RecordBatch } from 'apache-arrow';
import type { DuckDBConnection, DuckDBDataChunk, DuckDBPreparedStatement } from '@duckdb/node-api';
import { duckdbApi } from './duckdb-api.js';
import { AuditError, InternalError } from '../core/errors.js';
import { dedupeNames } from './dedupe-names.js';
import { DuckDBBatchAssembler } from './duckdb-batch-assembler.js';
import { duckdbColumnType, type DuckDBColumnType } from './duckdb-column-type.js';
import { duckdbConnection } from './duckdb-connection.js';
import { duckdbError } from './duckdb-error.js';
import { resolveColumns } from './resolve-columns.js';
import type { RenamedColumn, Source, SourceFormat, SourceOptions } from './source.js';
import { quoteIdentifier } from './sql-quote.js';
import { trimSql } from './trim-sql.js';
import { defaultBatchSize } from './batch-size.js';
import { tableFunctionSql, type TableFunction } from './table-function-sql.js';

export { DEFAULT_BATCH_SIZE, defaultBatchSize } from './batch-size.js';

/** Options of {@link openDuckDBQuery}. */
export interface DuckDBQueryOptions {
  /** What the query reads (a file path or a dataset id), used in messages and as `Source.name`. */
  name: string;
  /**
   * Rows per batch; every batch but the last has exactly this many. Default 65,536 (for more
   * than 64 columns, proportionally fewer, at least 2,048).
   */
  batchSize?: number;
  /** Only these result columns, in this order (pushed down into the scan). Default all. */
  columns?: string[];
  /**
   * A connection to run the query on (e.g. one where the caller created views); it stays open
   * when the source closes, and must run no other query while the source is being read. By default the source opens and closes its own connection to
   * assay's shared in-memory DuckDB.
   */
  connection?: DuckDBConnection;
  /** The `format` the source reports (default `'csv'` for files read by DuckDB). */
  format?: SourceFormat;
  /**
   * The column names as written in the file's header (null for an empty cell), when the caller
   * read them; names DuckDB changed (`a` → `a_1`, empty → `column3`) are then reported in
   * `renamedColumns`. The first `keptNames` positions were renamed by the caller on purpose.
   */
  headerNames?: readonly (string | null)[];
  keptNames?: number;
  /** Paths the query uses for `name` (replaced by `name` in messages). */
  aliases?: readonly string[];
  /** Called once when the source closes (e.g. to release a file descriptor). */
  onClose?: () => Promise<void>;
  /** See `SourceOptions.reuseBuffers`: each batch's buffers are refilled for the next. */
  reuseBuffers?: boolean;
  /**
   * Result columns read as DOUBLE whose type a text reader guessed as integers from a sample of
   * rows: they are marked as whole numbers, and a fraction in any row is an error, not rounded.
   */
  guessedIntegers?: readonly string[];
  /**
   * Count the rows once more when the stream ends (default true): a streaming result that fails
   * mid-way ends like an exhausted one. Off for an aggregation, which consumes its input before
   * its first row streams (its failures are raised then) and would be run twice.
   */
  checkRowCount?: boolean;
  /**
   * Read text columns of few distinct values as DuckDB ENUMs built from the data (one more pass
   * over those columns: cheap for a columnar file, so Parquet sets it): their rows then arrive
   * as small integer codes instead of strings. Same batches either way.
   */
  textAsEnum?: boolean;
}

/** Rows whose distinct text values decide which text columns are read as ENUMs. */
const ENUM_SAMPLE_ROWS = 16_384;
/** Most distinct values among those rows for a text column to be read as an ENUM. */
const ENUM_SAMPLE_DISTINCT = 1_024;
/** Text of at most this many bytes is stored inside DuckDB's string slots (no pointer to follow). */
const INLINE_TEXT_BYTES = 12;
/** Most distinct values in all rows for a text column to be read as an ENUM. */
const ENUM_MAX_MEMBERS = 65_536;

/**
 * Streams the result of any DuckDB `SELECT` as a {@link Source} of Arrow record batches.
 *
 * The query is prepared (not run) to learn its columns, so the schema is known before the
 * first batch; repeated result names are made unique (`a`, `a_1`) and reported in
 * `renamedColumns`. The query then runs as a streaming result, and each DuckDB chunk is copied
 * column by column into Arrow buffers (see {@link duckdbColumnType} for the type mapping:
 * integers → Int32 or Float64, floating point and decimals → Float64, text → dictionary-encoded
 * Utf8 with one dictionary per batch, NULL → Arrow null). Memory stays flat: one batch is
 * built at a time and DuckDB's streaming result holds only a few chunks.
 *
 * Errors are `AuditError`s naming `options.name`: invalid SQL, a statement that is not a
 * SELECT, several statements, unknown `columns`, and values DuckDB cannot convert (raised
 * while iterating). An empty result gives a schema and no batches.
 *
 * @example
 * const source = await openDuckDBQuery("SELECT * FROM read_parquet('log.parquet') WHERE y_true IS NOT NULL", { name: 'log.parquet' });
 * for await (const batch of source.batches()) console.log(batch.numRows);
 * await source.close();
 */
export async function openDuckDBQuery(sql: string, options: DuckDBQueryOptions): Promise<Source> {
  const { name } = options;
  const aliases = options.aliases ?? [];
  const owned = options.connection === undefined;
  let connection = options.connection;
  let prepared: DuckDBPreparedStatement | undefined;
  try {
    const requestedBatchSize = options.batchSize;
    if (
      requestedBatchSize !== undefined &&
      (!Number.isInteger(requestedBatchSize) || requestedBatchSize < 1 || requestedBatchSize > 2 ** 24)
    ) {
      throw new AuditError(
        `invalid batch size: ${requestedBatchSize} (expected an integer from 1 to 16777216)`,
      );
    }
    if (sql.includes('\0')) throw new AuditError(`invalid sql query for ${name}: contains a NUL character`);
    const body = trimSql(sql, name);
    connection ??= await duckdbConnection();
    // 1. learn the result's names and types without running it
    const probe = await connection.prepare(body);
    let originalNames: string[];
    let types: DuckDBColumnType[];
    try {
      if (probe.statementType !== duckdbApi.StatementType.SELECT) {
        throw new AuditError(
          `${name}: expected a select query, got a ${duckdbApi.StatementType[probe.statementType]} statement`,
        );
      }
      originalNames = Array.from({ length: probe.columnCount }, (_, i) => probe.columnName(i));
      types = Array.from({ length: probe.columnCount }, (_, i) => duckdbColumnType(probe.columnType(i)));
    } finally {
      probe.destroySync();
    }
    // 2. unique names, projection, casts
    const { names, renamed } = dedupeNames(originalNames);
    if (options.headerNames)
      renamed.unshift(...headerRenames(options.headerNames, names, options.keptNames ?? 0));
    const selected = resolveColumns(options.columns, names, name);
    const batchSize = requestedBatchSize ?? defaultBatchSize(selected.length);
    const guessed = new Set(options.guessedIntegers ?? []);
    const columnTypes = selected.map((i) =>
      guessed.has(names[i]) && types[i].kind === 'float64' && types[i].cast === null ? { ...types[i], kind: 'guessed-int-as-float64' as const } : types[i],
    );
    const expressions = selected.map((i) => {
      const id = quoteIdentifier(names[i]);
      const cast = types[i].cast;
      if (cast === 'JSON') return `(${id} ->> '$') AS ${id}`;
      return cast ? `CAST(${id} AS ${cast}) AS ${id}` : id;
    });
    const fromBody = `(\n${body}\n) AS "assay_query"(${names.map(quoteIdentifier).join(', ')})`;
    const enums = options.textAsEnum === true ? await textEnums(connection, fromBody, selected, names, types) : new Map<number, string>();
    selected.forEach((i, k) => {
      const enumType = enums.get(i);
      if (enumType !== undefined) expressions[k] = `CAST(${quoteIdentifier(names[i])} AS ${enumType}) AS ${quoteIdentifier(names[i])}`;
    });
    const wrapped = `SELECT ${expressions.join(', ')} FROM ${fromBody}`;
    prepared = await connection.prepare(wrapped);
    // columns read as ENUMs: codes into the members the pass found
    selected.forEach((i, k) => {
      if (enums.has(i)) columnTypes[k] = duckdbColumnType(prepared!.columnType(k));
    });
    // Whole numbers read as Float64 are marked, so their values print as integers (group names).
    const schema = new Schema(
      selected.map((i, k) => new Field(names[i], columnTypes[k].arrowType, true, integerMetadata(columnTypes[k].kind))),
    );
    return new DuckDBSource({
      name,
      sql: options.checkRowCount === false ? null : wrapped,
      guessedIntegers: options.guessedIntegers ?? [],
      format: options.format ?? 'csv',
      schema,
      renamedColumns: renamed,
      connection,
      owned,
      prepared,
      columnTypes,
      batchSize,
      aliases,
      onClose: options.onClose,
      reuseBuffers: options.reuseBuffers === true,
    });
  } catch (error) {
    prepared?.destroySync();
    if (owned) connection?.closeSync();
    await options.onClose?.();
    throw duckdbError(error, name, aliases);
  }
}

/**
 * ENUM types (`ENUM('a', 'b', …)`, written out in the cast) for the selected text columns of
 * few distinct values — at most {@link ENUM_SAMPLE_DISTINCT} in the first
 * {@link ENUM_SAMPLE_ROWS} rows, at most {@link ENUM_MAX_MEMBERS} in all — some of which are
 * longer than 12 bytes (shorter text is read as fast as codes); column index → type. Two
 * queries: the sample, then every candidate's distinct values in one pass.
 */
async function textEnums(
  connection: DuckDBConnection,
  fromBody: string,
  selected: readonly number[],
  names: readonly string[],
  types: readonly DuckDBColumnType[],
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const text = selected.filter((i) => types[i].kind === 'string' && types[i].cast === null);
  if (text.length === 0) return out;
  const measures = text.map((i) => `count(DISTINCT ${quoteIdentifier(names[i])}), max(strlen(${quoteIdentifier(names[i])}))`);
  const sample = (
    await connection.runAndReadAll(`SELECT ${measures.join(', ')} FROM (SELECT * FROM ${fromBody} LIMIT ${ENUM_SAMPLE_ROWS})`)
  ).getRows()[0];
  // values of at most 12 bytes sit inside DuckDB's string slots and are read fast as text
  const candidates = text.filter((_, k) => Number(sample[2 * k]) <= ENUM_SAMPLE_DISTINCT && Number(sample[2 * k + 1] ?? 0) > INLINE_TEXT_BYTES);
  if (candidates.length === 0) return out;
  const lists = (
    await connection.runAndReadAll(
      `SELECT ${candidates.map((i) => `list(DISTINCT ${quoteIdentifier(names[i])}) FILTER (WHERE ${quoteIdentifier(names[i])} IS NOT NULL)`).join(', ')} FROM ${fromBody}`,
    )
  ).getRows()[0];
  candidates.forEach((i, k) => {
    const values: unknown[] = (lists[k] as { items?: unknown[] } | null)?.items ?? [];
    // many values after all (the first rows were not typical), or text SQL cannot quote: read as text
    if (values.length === 0 || values.length > ENUM_MAX_MEMBERS) return;
    if (values.some((v) => typeof v !== 'string' || v.includes('\0'))) return;
    out.set(i, `ENUM(${(values as string[]).map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`);
  });
  return out;
}

interface DuckDBSourceParts {
  name: string;
  /** Columns whose type DuckDB guessed as integers (read as DOUBLE): their conversion errors say how to read them. */
  guessedIntegers: readonly string[];
  /** The streamed query, run again to check that the stream ended with the data (null: not checked). */
  sql: string | null;
  format: SourceFormat;
  schema: Schema;
  renamedColumns: RenamedColumn[];
  connection: DuckDBConnection;
  owned: boolean;
  prepared: DuckDBPreparedStatement;
  columnTypes: DuckDBColumnType[];
  batchSize: number;
  aliases: readonly string[];
  onClose: (() => Promise<void>) | undefined;
  reuseBuffers: boolean;
}

/**
 * Opens a CSV, Parquet or JSON file through DuckDB as a {@link Source} (see
 * {@link openDuckDBQuery} for batches, types and errors; {@link tableFunctionSql} for the
 * reader options). `path` must name an existing regular file (checked by `openSource`).
 *
 * CSV specifics: the first row is read as written (one extra sniff of the file's first rows) so
 * that header names DuckDB had to change are reported in `renamedColumns` — a repeated name
 * `a` becomes `a_1`, an empty one `columnN`; both columns are kept. When DuckDB's sniffer finds
 * no delimiter (the first row reads as one field) but that row contains `,` `;` tab or `|`, the
 * file is read with that delimiter, so that ragged rows or an unclosed quote are reported with
 * their line instead of yielding one wide text column. `.tsv` files default to a tab
 * delimiter; `.gz` / `.zst` files are decompressed on the fly. A path containing glob
 * characters (`*?[]{}`) is read through its open file descriptor, so DuckDB never expands it
 * into other files.
 *
 * @example const source = await openDuckDBFile('scores.csv', 'csv', { csv: { delimiter: ';' } });
 */
export async function openDuckDBFile(
  path: string,
  format: 'csv' | 'parquet' | 'jsonl',
  options: SourceOptions = {},
): Promise<Source> {
  const absolute = resolve(path);
  let name = basename(absolute).toLowerCase();
  const compression = name.endsWith('.gz') ? 'gzip' : name.endsWith('.zst') ? 'zstd' : undefined;
  if (compression) name = name.slice(0, name.lastIndexOf('.'));
  let readPath = absolute;
  let onClose: (() => Promise<void>) | undefined;
  if (/[*?[\]{}]/.test(absolute)) {
    // DuckDB would expand the pattern; read the one file through its descriptor instead
    if (!existsSync('/proc/self/fd')) {
      throw new AuditError(
        `unsupported file path: ${path} (glob characters *?[]{} are not allowed on this system)`,
      );
    }
    const handle = await open(absolute, 'r');
    readPath = `/proc/self/fd/${handle.fd}`;
    onClose = () => handle.close();
  }
  const table: TableFunction = {
    reader: format === 'jsonl' ? (name.endsWith('.json') ? 'json' : 'jsonl') : format,
    path: readPath,
    compression: readPath === absolute ? undefined : compression,
    csv: options.csv,
    defaultDelimiter: name.endsWith('.tsv') ? '\t' : undefined,
  };
  const aliases = [readPath, absolute];
  let headerNames: (string | null)[] | undefined;
  let handedOver = false;
  try {
    if (format === 'csv') {
      let firstRow = await readFirstRow(table);
      const guess =
        options.csv?.delimiter === undefined && firstRow?.length === 1 ? delimiterIn(firstRow[0]) : undefined;
      if (guess !== undefined && table.defaultDelimiter === undefined) {
        // the sniffer found no consistent delimiter (ragged rows, an unclosed quote): read with
        // the one the first line shows, so DuckDB reports the offending line instead
        table.defaultDelimiter = guess;
        firstRow = await readFirstRow(table);
      }
      if (options.csv?.header !== false) headerNames = firstRow;
    }
    let guessedIntegers: string[] = [];
    if (format !== 'parquet') {
      const guesses = await guessTypes(table);
      readBooleansAsText(table, guesses);
      readIntegersAsDoubles(table, guesses);
      guessedIntegers = guesses.integers;
    }
    const from = tableFunctionSql(table);
    handedOver = true; // from here on openDuckDBQuery runs onClose, on success (at close) or failure
    return await openDuckDBQuery(`SELECT * FROM ${from}`, {
      guessedIntegers,
      name: path,
      batchSize: options.batchSize,
      columns: options.columns,
      format,
      headerNames,
      keptNames: options.csv?.columnNames?.length ?? 0,
      aliases,
      onClose,
      reuseBuffers: options.reuseBuffers,
      textAsEnum: format === 'parquet' && options.textCodes !== false,
    });
  } catch (error) {
    if (!handedOver) await onClose?.();
    const skip = options.csv?.skip ?? 0;
    if (format === 'csv' && compression === undefined && skip > 0 && !(error instanceof AuditError && !error.message.includes('cannot detect the csv layout'))) {
      // a layout that cannot be found after skipping lines: perhaps nothing is left to read
      const lines = await countLines(absolute).catch(() => null);
      if (lines !== null && lines <= skip) throw new AuditError(`${path}: --skip ${skip} skips every line of the file (it has ${lines})`);
    }
    throw duckdbError(error, path, aliases);
  }
}

/** Lines of a (small enough to have failed early) text file, the last one counted even without a newline. */
async function countLines(path: string): Promise<number> {
  const { createReadStream } = await import('node:fs');
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (const byte of chunk) if (byte === 10) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1];
  }
  return last === 10 ? lines : lines + 1;
}

/**
 * What DuckDB guessed of a text file's types (from its first rows) that the readers settle:
 * every column's guessed type; CSV columns guessed BOOLEAN whose first rows hold words other than
 * `true` / `false` (DuckDB also reads yes/no, y/n and T/F as booleans, which would rename the
 * groups they name); and columns guessed as integers (BIGINT, or HUGEINT for JSON's negative
 * numbers), where DuckDB would round a later 5.5. Columns csv.columnTypes forces are left out.
 */
export interface TypeGuesses {
  described: [string, string][];
  textBooleans: string[];
  integers: string[];
}

const isGuessedInteger = (type: string) => type === 'BIGINT' || type === 'HUGEINT';

/** Describes a text file once and samples its boolean-looking CSV columns (see {@link TypeGuesses}). */
export async function guessTypes(table: TableFunction): Promise<TypeGuesses> {
  const described = await describeColumns(table);
  const forced = table.csv?.columnTypes ?? {};
  const free = described.filter(([name]) => !(name in forced));
  const integers = free.filter(([, type]) => isGuessedInteger(type)).map(([name]) => name);
  const booleans = table.reader === 'csv' ? free.filter(([, type]) => type === 'BOOLEAN').map(([name]) => name) : [];
  return { described, integers, textBooleans: booleans.length === 0 ? [] : await otherBooleans(table, booleans) };
}

/** The columns among `booleans` whose first rows hold words other than true / false. */
async function otherBooleans(table: TableFunction, booleans: string[]): Promise<string[]> {
  const asText = Object.fromEntries(booleans.map((c) => [c, 'string' as const]));
  const sample = { ...table, csv: { ...table.csv, columnTypes: { ...asText, ...table.csv?.columnTypes } } };
  const connection = await duckdbConnection();
  try {
    const columns = booleans.map((c) => quoteIdentifier(c)).join(', ');
    const rows = (await connection.runAndReadAll(`SELECT ${columns} FROM ${tableFunctionSql(sample)} LIMIT 20480`)).getRows();
    return booleans.filter((_, j) => rows.some((row) => row[j] !== null && !/^(true|false)$/i.test(String(row[j]).trim())));
  } catch {
    return []; // the reader itself will report what is wrong with the file
  } finally {
    connection.closeSync();
  }
}

/** Sets `table` to read the CSV columns of {@link TypeGuesses.textBooleans} as text. */
export function readBooleansAsText(table: TableFunction, guesses: TypeGuesses): void {
  if (guesses.textBooleans.length === 0) return;
  const text = Object.fromEntries(guesses.textBooleans.map((c) => [c, 'string' as const]));
  table.csv = { ...table.csv, columnTypes: { ...text, ...table.csv?.columnTypes } };
}

/**
 * Sets `table` to read the columns guessed as integers as DOUBLE (CSV `types`, JSON `columns`),
 * so that a later fraction is read as it is, to be refused by the whole-number check.
 */
export function readIntegersAsDoubles(table: TableFunction, guesses: TypeGuesses): void {
  if (guesses.integers.length === 0) return;
  if (table.reader === 'csv') {
    const doubles = Object.fromEntries(guesses.integers.map((c) => [c, 'double' as const]));
    table.csv = { ...table.csv, columnTypes: { ...doubles, ...table.csv?.columnTypes } };
  } else {
    table.jsonColumns = guesses.described.map(([name, type]) => [name, isGuessedInteger(type) ? 'DOUBLE' : type] as const);
  }
}

/** The columns and DuckDB types a text file reads as (its guess); none if unreadable. */
async function describeColumns(table: TableFunction): Promise<[string, string][]> {
  const connection = await duckdbConnection();
  try {
    const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${tableFunctionSql(table)}`);
    return reader.getRows().map((row) => [String(row[0]), String(row[1])]);
  } catch {
    return []; // the reader itself will report what is wrong with the file
  } finally {
    connection.closeSync();
  }
}

/** The CSV's first row as written (read as text, without a header), or undefined if unreadable. */
async function readFirstRow(table: TableFunction): Promise<(string | null)[] | undefined> {
  const connection = await duckdbConnection();
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM ${tableFunctionSql(table, true)} LIMIT 1`);
    const row = reader.getRows()[0];
    return row?.map((value) => (value === null ? null : String(value)));
  } catch {
    return undefined; // the reader itself will report what is wrong with the file
  } finally {
    connection.closeSync();
  }
}

/** The most frequent of `,` `;` tab `|` in `text`, if any. */
function delimiterIn(text: string | null): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const candidate of [',', ';', '\t', '|']) {
    const count = (text ?? '').split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** A prepared DuckDB query, streamed on demand. */
class DuckDBSource implements Source {
  readonly name: string;
  readonly format: SourceFormat;
  readonly schema: Schema;
  readonly renamedColumns: readonly RenamedColumn[];
  private started = false;
  private closed = false;
  /** The fetch in flight, awaited before the connection closes. */
  private inflight: Promise<unknown> | null = null;
  /** Whether the stream has begun (its first batch was asked for). */
  private streaming = false;
  /** The rows {@link countRows} counted, if it ran. */
  private counted: number | null = null;

  constructor(private readonly parts: DuckDBSourceParts) {
    this.name = parts.name;
    this.format = parts.format;
    this.schema = parts.schema;
    this.renamedColumns = parts.renamedColumns;
  }

  batches(): AsyncIterable<RecordBatch> {
    if (this.started) throw new InternalError(`batches() of ${this.name} can be iterated only once`);
    if (this.closed) throw new InternalError(`source ${this.name} is closed`);
    this.started = true;
    return this.stream();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.inflight) await this.inflight.catch(() => undefined);
    this.parts.prepared.destroySync();
    if (this.parts.owned) this.parts.connection.closeSync();
    await this.parts.onClose?.();
  }

  /**
   * A streaming result that fails (a value that does not convert, a malformed row) ends like one
   * that is exhausted: `@duckdb/node-api` reports no error. So the rows are counted once more
   * (Parquet: from its metadata; text files: one more parse, without conversions), and a stream
   * that ended short is run once more in full to raise DuckDB's own error.
   */
  private async checkComplete(streamed: number): Promise<void> {
    const { connection, sql, name } = this.parts;
    if (sql === null) return;
    const total = this.counted ?? (await this.count(sql));
    if (streamed === total) return;
    // every value of every column is computed: the error that stopped the stream is raised
    await connection.runAndReadAll(`SELECT SUM(hash(COLUMNS(*))) FROM (\n${sql}\n)`);
    throw new AuditError(`${name}: the reader stopped after ${streamed} of ${total} rows without saying why`);
  }

  /** Rows of the query, counted by DuckDB (from the metadata alone for a Parquet scan). */
  private async count(sql: string): Promise<number> {
    const counted = await this.parts.connection.runAndReadAll(`SELECT COUNT(*) FROM (\n${sql}\n)`);
    return Number(counted.getRows()[0][0]);
  }

  /** A Parquet file's rows, from its metadata (the count that ends the stream, taken first); null for text files. */
  async countRows(): Promise<number | null> {
    const { sql } = this.parts;
    // a query on the connection would end a stream that has begun
    if (this.format !== 'parquet' || sql === null || this.streaming || this.closed) return null;
    try {
      this.counted = await this.count(sql);
    } catch {
      return null; // reading the batches reports what is wrong with the file
    }
    return this.counted;
  }

  /** The stream's assembler, whose buffers {@link recycle} hands back. */
  private assembler: DuckDBBatchAssembler | null = null;

  recycle(batch: RecordBatch): void {
    this.assembler?.recycle(batch);
  }

  private async *stream(): AsyncGenerator<RecordBatch> {
    const { prepared, name, aliases } = this.parts;
    this.streaming = true;
    const assembler = new DuckDBBatchAssembler(this.schema, this.parts.columnTypes, this.parts.batchSize, this.parts.reuseBuffers);
    this.assembler = assembler;
    let pending: Promise<DuckDBDataChunk | null> | null = null;
    try {
      const result = await prepared.stream();
      const fetch = (): Promise<DuckDBDataChunk | null> => {
        if (this.closed) return Promise.reject(new InternalError(`source ${name} was closed while reading`));
        const next = result.fetchChunk();
        next.catch(() => undefined); // handled when awaited; avoids an unhandled rejection meanwhile
        this.inflight = next;
        return next;
      };
      pending = fetch();
      let rows = 0;
      for (;;) {
        const chunk: DuckDBDataChunk | null = await pending;
        pending = null;
        if (chunk === null || chunk.rowCount === 0) break;
        rows += chunk.rowCount;
        // fetch the next chunk on DuckDB's threads while this one is converted and consumed
        pending = fetch();
        for (const batch of assembler.append(chunk.chunk, chunk.rowCount)) yield batch;
      }
      await this.checkComplete(rows);
      const last = assembler.flush();
      if (last) yield last;
    } catch (error) {
      // the assembler's own refusals name the column, not the file
      if (error instanceof AuditError && error.message.startsWith('cannot read column ')) throw new AuditError(`${name}: ${error.message}`);
      throw duckdbError(error, name, aliases, this.parts.guessedIntegers);
    } finally {
      if (pending) await pending.catch(() => undefined);
      this.inflight = null;
    }
  }
}

/**
 * Columns whose DuckDB name differs from the name in the file's header: a repeated name gets
 * `_1`, `_2`, …, an empty one `columnN`; surrounding spaces are trimmed without notice. When
 * the two lists do not line up (a different column count, or any other difference), nothing is
 * reported: the header probe saw something else than the reader.
 */
function headerRenames(
  header: readonly (string | null)[],
  names: readonly string[],
  kept: number,
): RenamedColumn[] {
  if (header.length !== names.length) return [];
  const renamed: RenamedColumn[] = [];
  for (let i = kept; i < names.length; i++) {
    const original = (header[i] ?? '').trim();
    const name = names[i];
    if (name === original) continue;
    const suffix = name.startsWith(`${original}_`) ? name.slice(original.length + 1) : '';
    if ((original !== '' && /^\d+$/.test(suffix)) || (original === '' && /^column\d+$/.test(name))) {
      renamed.push({ original, renamed: name });
    } else {
      return [];
    }
  }
  return renamed;
}

/** Field metadata marking 64-bit integers carried as Float64 (`assay.integer` = `true`). */
export function integerMetadata(kind: string): Map<string, string> | undefined {
  return kind === 'int64-as-float64' || kind === 'uint64-as-float64' || kind === 'guessed-int-as-float64' || kind === 'int32'
    ? new Map([['assay.integer', 'true']])
    : undefined;
}
