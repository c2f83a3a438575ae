import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdbApi } from '../io/duckdb-api.js';
import { DataType, type Field } from 'apache-arrow';
import { columnsOf, hashFile, resolveSettings, type AuditOptions, type AuditState } from '../api/audit.js';
import type { AuditSettings } from '../audit/types.js';
import { AuditError } from '../core/errors.js';
import { notWhole } from '../io/duckdb-batch-assembler.js';
import { guessTypes, openDuckDBQuery, readBooleansAsText, readIntegersAsDoubles, type TypeGuesses } from '../io/duckdb-source.js';
import { duckdbError } from '../io/duckdb-error.js';
import { formatOfPath, openSource } from '../io/open-source.js';
import { quoteIdentifier } from '../io/sql-quote.js';
import { tableFunctionSql, type TableFunction } from '../io/table-function-sql.js';
import { engineFromStats, readStatsTable, type StatsTable } from './load-stats.js';
import { dialect } from './sql-dialect.js';
import { statsSqlParts, type ColumnKind } from './stats-sql.js';

/** How a column's Arrow type reads as a label: numbers, booleans, or text. */
export function columnKind(field: Field | undefined): ColumnKind {
  const type = field?.type as DataType | undefined;
  if (type === undefined) return 'text';
  if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type)) return 'number';
  if (DataType.isBool(type)) return 'boolean';
  return 'text';
}

/**
 * The streaming pass of an audit pushed down into embedded DuckDB: the sufficient statistics
 * (confusion counts, score sums, calibration bins, score counts per distinct score or bin,
 * regression moments — see `statsSql`) are computed as GROUP BY aggregates (one query per
 * accumulator part, each streamed back) over the Parquet,
 * CSV or JSON file, without moving rows into JavaScript; the small result is loaded into an
 * `AuditEngine` (`engineFromStats`) and finishes with the usual `finishAudit`.
 *
 * Same result as the streaming engine: counts exactly, float sums to rounding (≈1e-15
 * relative: DuckDB sums in its own order), ROC AUC exactly while scores are stored exactly.
 * Scores are stored exactly when the file has at most `aucBudget` rows, or when the distinct
 * (group, label, score) triples fit the budget — checked with a cheap approximate count
 * (HyperLogLog), and an exact count only when that is within 5% of the budget; otherwise in 65,536 bins per
 * group and label, with the AUC error bound reported as the streaming engine does (which may
 * itself switch to bins earlier: it decides from a sample once it holds `aucBudget` scores).
 *
 * Refused (`AuditError`): a model (inference needs the streaming engine), bootstrap
 * replicates (their Poisson weights are drawn per row), Arrow files (DuckDB reads them only
 * through an extension), sources other than a file path, and everything the streaming reader
 * refuses (missing columns, missing or invalid labels, scores, weights).
 *
 * @example
 * const state = await auditStateSql({ data: 'log.parquet', label: 'y', score: 'p', sensitive: ['sex'] });
 * const result = finishAudit(state);
 */
export async function auditStateSql(options: AuditOptions): Promise<AuditState> {
  const data = options.data;
  if (typeof data !== 'string') throw new AuditError('the duckdb engine reads a data file: give a path');
  if (options.model) throw new AuditError('the duckdb engine audits prediction logs: a model needs the streaming engine');
  if (!existsSync(data)) throw new AuditError(`file not found: ${data} (the duckdb engine reads files, not dataset ids)`);
  const settings = resolveSettings(options);
  if (settings.task === 'classification' && settings.bootstrap > 0) {
    throw new AuditError('bootstrap replicates need the streaming engine (their weights are drawn per row): drop --bootstrap or --engine duckdb');
  }
  const format = options.format ?? formatOfPath(data);
  if (format === 'arrow') throw new AuditError(`the duckdb engine reads csv, parquet and json files, not arrow: ${data}`);
  // Open as the streaming run does: same checks and errors, and the column types.
  const probe = await openSource(data, { format: options.format, csv: options.csv, columns: columnsOf(settings) });
  const fields = probe.schema.fields;
  await probe.close();
  const field = (name: string | null) => fields.find((f) => f.name === name);
  // the types the streaming reader settles: booleans as text where they are other words; the
  // columns guessed as integers are read as guessed once checked whole (checkGuessedIntegers)
  const table = tableOf(data, format ?? 'csv', options);
  const guesses = format === 'parquet' ? null : await guessTypes(table);
  if (guesses !== null) readBooleansAsText(table, guesses);
  const from = tableFunctionSql(table);
  const hashing = options.hashData !== false ? hashFile(data) : null;
  const { connection, close } = await pushdownDatabase();
  const threads = availableParallelism();
  let binned: boolean;
  try {
    if (guesses !== null) await checkGuessedIntegers(connection, data, table, guesses, columnsOf(settings));
    binned = settings.task === 'classification' && settings.score !== null ? await needsBins(connection, from, settings) : false;
  } catch (error) {
    close();
    throw duckdbError(error, data, [resolve(data)]);
  }
  // One statement per part into a temporary table (faster than one UNION ALL), then read back.
  let rows: StatsTable;
  try {
    const { common, selects, kinds } = statsSqlParts(settings, {
      dialect: dialect('duckdb'),
      from,
      labelKind: columnKind(field(settings.label)),
      predictionKind: columnKind(field(settings.prediction)),
      binnedScores: binned,
      scoresByLabel: true,
    });
    // One query per part, each streamed into the table, which keeps
    // DuckDB's memory to one aggregate at a time.
    rows = { metas: [], kinds: new Map() };
    for (const [i, select] of selects.entries()) {
      // Scores per distinct value or bin make by far the most groups: one DuckDB thread builds
      // one hash table instead of one per thread (about half the memory, a few seconds more),
      // and positives and the other rows come in two parts (`scoresByLabel`: half the table each).
      const many = kinds[i] === 'scores' || kinds[i] === 'score_bins';
      await connection.run(`SET threads = ${many ? 1 : threads}`);
      // an aggregation: its input is read (and any failure raised) before its first row streams
      const source = await openDuckDBQuery(`${common}\n${select}`, { name: data, format: format ?? 'csv', connection, aliases: [resolve(data)], checkRowCount: false });
      try {
        await readStatsTable(source, settings.sensitive.length, rows);
      } finally {
        await source.close();
      }
    }
  } finally {
    close();
  }
  const { engine } = engineFromStats(settings, rows, { name: data, labelNumeric: columnKind(field(settings.label)) === 'number' });
  options.onProgress?.(engine.rows);
  const h = hashing ? await hashing : null;
  return {
    engine,
    settings,
    favorable: options.favorable ?? [],
    entropyAlpha: options.entropyAlpha ?? 2,
    inputs: [{ role: 'data', path: data, sha256: h?.sha256 ?? null, bytes: h?.bytes ?? null }],
    command: options.command ?? null,
    model: null,
  };
}

/** The DuckDB table function reading `path` as the streaming reader does (before its type checks). */
function tableOf(path: string, format: string, options: AuditOptions): TableFunction {
  const absolute = resolve(path);
  if (/[*?[\]{}]/.test(absolute)) throw new AuditError(`unsupported file path for the duckdb engine: ${path} (glob characters *?[]{})`);
  let name = basename(absolute).toLowerCase();
  const compression = name.endsWith('.gz') ? 'gzip' : name.endsWith('.zst') ? 'zstd' : undefined;
  if (compression) name = name.slice(0, name.lastIndexOf('.'));
  const reader = format === 'parquet' ? 'parquet' : format === 'jsonl' ? (name.endsWith('.json') ? 'json' : 'jsonl') : 'csv';
  return {
    reader,
    path: absolute,
    csv: options.csv,
    defaultDelimiter: name.endsWith('.tsv') ? '\t' : undefined,
  };
}

/**
 * Refuses a fraction in a column of a text file that DuckDB guessed as integers from its first
 * rows (it would round it), as the streaming reader does; the aggregation then reads the file as
 * guessed, whole numbers being exact.
 */
async function checkGuessedIntegers(
  connection: DuckDBConnection,
  data: string,
  table: TableFunction,
  guesses: TypeGuesses,
  columns: readonly string[],
): Promise<void> {
  const guessed = guesses.integers.filter((c) => columns.includes(c));
  if (guessed.length === 0) return;
  const decimals = { ...table };
  readIntegersAsDoubles(decimals, guesses);
  const q = quoteIdentifier;
  const found = await connection.runAndReadAll(
    `SELECT ${guessed.map((c) => `CASE WHEN ${q(c)} <> trunc(${q(c)}) THEN ${q(c)} END`).join(', ')} FROM ${tableFunctionSql(decimals)} ` +
      `WHERE ${guessed.map((c) => `${q(c)} <> trunc(${q(c)})`).join(' OR ')} LIMIT 1`,
  );
  const row = found.getRows()[0];
  if (row === undefined) return;
  const at = row.findIndex((v) => v !== null);
  const column = guessed[at];
  throw new AuditError(`${data}: ${notWhole(column, Number(row[at]))}`);
}

/**
 * Whether scores must be binned: not when the rows fit the AUC budget; otherwise when an
 * approximate count of distinct scores exceeds it, or else the exact count of distinct
 * (group, label, score) triples does.
 */
async function needsBins(connection: DuckDBConnection, from: string, settings: AuditSettings): Promise<boolean> {
  {
    const one = async (sql: string) => Number((await connection.runAndReadAll(sql)).getRows()[0][0]);
    const rows = await one(`SELECT COUNT(*) FROM ${from}`);
    if (rows <= settings.aucBudget) return false;
    // HyperLogLog first (one cheap pass); an exact count only when it is within 5% of the budget.
    const keys = [...settings.sensitive, settings.label, settings.score!].map(quoteIdentifier).join(', ');
    const approx = await one(`SELECT approx_count_distinct(hash(${keys})) FROM ${from}`);
    if (approx > 1.05 * settings.aucBudget) return true;
    if (approx < 0.95 * settings.aucBudget) return false;
    return (await one(`SELECT COUNT(*) FROM (SELECT DISTINCT ${keys} FROM ${from}) AS d`)) > settings.aucBudget;
  }
}

/** Memory DuckDB may use for the pushdown before its aggregates spill to disk. */
export const PUSHDOWN_MEMORY_LIMIT = '1GB';

/**
 * A DuckDB instance of its own for one pushdown: memory bounded ({@link PUSHDOWN_MEMORY_LIMIT};
 * larger aggregates spill to a temporary folder, removed on close), freed memory returned to
 * the system early (`allocator_flush_threshold`), no extension downloads.
 */
async function pushdownDatabase(): Promise<{ connection: DuckDBConnection; close: () => void }> {
  const spill = mkdtempSync(join(tmpdir(), 'assay-duckdb-'));
  const instance = await duckdbApi.DuckDBInstance.create(':memory:', {
    memory_limit: PUSHDOWN_MEMORY_LIMIT,
    temp_directory: spill,
    preserve_insertion_order: 'false',
    // hand freed memory back to the system sooner: the score aggregate follows the others
    allocator_flush_threshold: '16MB',
    autoinstall_known_extensions: 'false',
  });
  const connection = await instance.connect();
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
      rmSync(spill, { recursive: true, force: true });
    },
  };
}
