import { hashFile, resolveSettings, type AuditOptions, type AuditState } from '../api/audit.js';
import { AuditError } from '../core/errors.js';
import { openSource } from '../io/open-source.js';
import { dialect } from './sql-dialect.js';
import { engineFromStats, readStatsTable } from './load-stats.js';
import { statsSql, type ColumnKind } from './stats-sql.js';

/** Options of {@link statsState}: the audit's settings, the stats table, and how the label was typed. */
export interface StatsStateOptions extends Omit<AuditOptions, 'data'> {
  /** The stats table, exported as CSV or Parquet (any format `openSource` reads). */
  stats: string;
  /** Type of the label column in the warehouse (decides the favourable-label type of AIF360 records); default number. */
  labelType?: ColumnKind;
}

/**
 * An audit state from a stats table computed elsewhere (`assay sql` run on Spark, Trino or
 * DuckDB, then exported): the table is read with `openSource`, checked against the settings
 * it was made with (its `meta` row), and loaded into an engine (`engineFromStats`), ready for
 * `finishAudit` — disparities, intervals, obligations and reports as for a streaming audit.
 *
 * Errors (`AuditError`, one line): an unreadable file, missing columns, a table made under
 * other settings, rows the streaming reader would refuse, missing groups or rows.
 *
 * @example
 * const state = await statsState({ stats: 'stats.parquet', label: 'y', prediction: 'p', sensitive: ['sex'] });
 * const result = finishAudit(state);
 */
export async function statsState(options: StatsStateOptions): Promise<AuditState> {
  if (!options.stats) throw new AuditError('missing option: stats (the stats table file)');
  const settings = resolveSettings({ ...options, data: options.stats });
  if (settings.task === 'classification' && settings.bootstrap > 0) {
    throw new AuditError('bootstrap replicates need the streaming engine: a stats table has no per-row weights');
  }
  const source = await openSource(options.stats);
  let rows;
  try {
    rows = await readStatsTable(source, settings.sensitive.length);
  } finally {
    await source.close();
  }
  const { engine } = engineFromStats(settings, rows, { name: options.stats, labelNumeric: (options.labelType ?? 'number') === 'number' });
  const hash = options.hashData !== false ? await hashFile(options.stats) : { sha256: null, bytes: null };
  return {
    engine,
    settings,
    favorable: options.favorable ?? [],
    entropyAlpha: options.entropyAlpha ?? 2,
    inputs: [{ role: 'data', path: options.stats, ...hash }],
    command: options.command ?? null,
    model: null,
  };
}

/** Options of {@link warehouseSql}. */
export interface WarehouseSqlOptions extends Omit<AuditOptions, 'data'> {
  dialect: string;
  /** Table name, optionally qualified (`catalog.schema.table`); each part is quoted. */
  table: string;
  labelType?: ColumnKind;
  predictionType?: ColumnKind;
  /** `binned` (default: bounded AUC, at most 65,536 rows per group and label) or `exact` (one row per distinct score). */
  scores?: 'exact' | 'binned';
}

/**
 * The stats-table SQL for a warehouse table (`assay sql`): the same aggregation
 * `auditStateSql` runs in embedded DuckDB, written for DuckDB, Spark SQL or Trino (see the
 * dialect table in `sql-dialect.ts`). Export its result as CSV or Parquet and finish with
 * `assay finalize --stats`.
 *
 * @example warehouseSql({ dialect: 'trino', table: 'hive.logs.preds', label: 'y', score: 'p', sensitive: ['sex'] });
 */
export function warehouseSql(options: WarehouseSqlOptions): string {
  const d = dialect(options.dialect);
  const parts = options.table.split('.');
  if (options.table.trim() === '' || parts.some((p) => p.trim() === '')) throw new AuditError(`invalid table name: ${JSON.stringify(options.table)}`);
  const settings = resolveSettings({ ...options, data: options.table });
  if (settings.task === 'classification' && settings.bootstrap > 0) {
    throw new AuditError('bootstrap replicates need the streaming engine: the stats table has no per-row weights');
  }
  const scores = options.scores ?? 'binned';
  if (scores !== 'exact' && scores !== 'binned') throw new AuditError(`unknown scores mode: ${String(scores)} (expected one of: exact, binned)`);
  const labelKind = options.labelType ?? 'number';
  return `${statsSql(settings, {
    dialect: d,
    from: parts.map((p) => d.quoteIdentifier(p)).join('.'),
    labelKind,
    predictionKind: options.predictionType ?? labelKind,
    binnedScores: scores === 'binned',
  })}\n`;
}
