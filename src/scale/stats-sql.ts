import type { AuditSettings } from '../audit/types.js';
import { InternalError } from '../core/errors.js';
import { booleanLabel, FALSE_NAMES, TRUE_NAMES } from '../metrics/boolean-names.js';
import { confusionSql } from '../metrics/confusion.js';
import { regressionMomentsSql } from '../metrics/regression-moments.js';
import { scoreStoreSql } from '../metrics/score-store.js';
import { scoreSumsSql } from '../metrics/score-sums.js';
import { STATS_VALUES, type SqlContext, type SqlDescriptor, type SqlPart } from '../metrics/sql-descriptor.js';
import type { Dialect } from './sql-dialect.js';

/** How a label or prediction column is typed (decides how its positive class is recognised). */
export type ColumnKind = 'number' | 'boolean' | 'text';

/** Options of {@link statsSql}. */
export interface StatsSqlOptions {
  dialect: Dialect;
  /** The relation to read: a table reference or a table function call, inserted as given. */
  from: string;
  labelKind: ColumnKind;
  predictionKind: ColumnKind;
  /** Scores as 65,536 bins per cell and label (bounded AUC) instead of distinct values (exact AUC). */
  binnedScores: boolean;
  /**
   * The score parts (`scores`, `score_bins`: by far the most groups) as two SELECTs each, over
   * the positive rows and over the others (label 0 or invalid): their rows together are the
   * part's rows, each aggregate built from about half the data. For engines that run the parts
   * one at a time (embedded DuckDB); default false.
   */
  scoresByLabel?: boolean;
}

/** The settings recorded in the stats table's `meta` row; a stats table finalises only under the same. */
export interface StatsMeta {
  format: 'assay-stats';
  version: 1;
  task: AuditSettings['task'];
  sensitive: string[];
  prediction: boolean;
  score: boolean;
  weight: boolean;
  positive: string | null;
  threshold: number | null;
  calibrationBins: number;
  scores: 'exact' | 'binned' | null;
}

/** The accumulators of a task, each with its SQL descriptor (the same list the streaming engine runs). */
export function sqlAccumulators(settings: AuditSettings): { id: string; sql: SqlDescriptor<unknown>; kinds: string[] }[] {
  const list: { id: string; sql: SqlDescriptor<unknown>; kinds: string[] }[] = [];
  // the engine holds each state under its id; the descriptor and the state match by construction
  const add = (id: string, sql: SqlDescriptor<never>, kinds: string[]) => list.push({ id, sql, kinds });
  if (settings.task === 'classification') {
    add('confusion', confusionSql, ['confusion']);
    if (settings.score !== null) {
      add('sums', scoreSumsSql(settings.calibrationBins), ['score_sums', 'calibration']);
      add('store', scoreStoreSql(settings.aucBudget), ['scores', 'score_bins']);
    }
  } else {
    add('regression', regressionMomentsSql, ['regression']);
  }
  return list;
}

/** The meta record of a stats table for these settings. */
export function statsMeta(settings: AuditSettings, binnedScores: boolean): StatsMeta {
  return {
    format: 'assay-stats',
    version: 1,
    task: settings.task,
    sensitive: settings.sensitive,
    prediction: settings.prediction !== null && settings.threshold === null,
    score: settings.score !== null,
    weight: settings.weight !== null,
    positive: settings.positive,
    threshold: settings.threshold,
    calibrationBins: settings.calibrationBins,
    scores: settings.task === 'classification' && settings.score !== null ? (binnedScores ? 'binned' : 'exact') : null,
  };
}


/** SQL deciding 1 (positive) / 0 (other) / NULL (missing or undecidable), as the streaming reader does. */
function binaryExpression(column: string, kind: ColumnKind, positive: string | null, d: Dialect, context: SqlContext): string {
  if (kind === 'boolean') {
    if (positive === null) return `CASE WHEN ${column} THEN 1 WHEN NOT ${column} THEN 0 END`;
    const decide = (value: boolean) => booleanLabel(value, positive);
    return `CASE WHEN ${column} THEN ${decide(true)} WHEN NOT ${column} THEN ${decide(false)} END`;
  }
  if (kind === 'text') {
    if (positive !== null) return `CASE WHEN ${column} = ${d.quoteString(positive)} THEN 1 WHEN ${column} IS NOT NULL THEN 0 END`;
    const list = (names: ReadonlySet<string>) => [...names].map((n) => d.quoteString(n)).join(', ');
    return `CASE WHEN LOWER(${column}) IN (${list(TRUE_NAMES)}) THEN 1 WHEN LOWER(${column}) IN (${list(FALSE_NAMES)}) THEN 0 END`;
  }
  if (positive === null) return `CASE WHEN ${column} = 1 THEN 1 WHEN ${column} = 0 THEN 0 END`;
  const p = Number(positive);
  const notNaN = `NOT ${d.isNaN(`CAST(${column} AS DOUBLE)`)}`;
  if (Number.isNaN(p)) return `CASE WHEN ${notNaN} THEN 0 END`;
  return `CASE WHEN CAST(${column} AS DOUBLE) = ${context.double(p)} THEN 1 WHEN ${notNaN} THEN 0 END`;
}

/**
 * The SQL that computes an audit's sufficient statistics as one long table — the "stats
 * table" that `assay finalize` (and `auditStateSql`) turn into the full audit. It reads the
 * input once per part, GROUP BY the sensitive features `k0 … k{m-1}` (raw values; NULL is the
 * missing group) and the part's keys; the parts come from the accumulators' SQL descriptors
 * (`confusionSql`, `scoreSumsSql`, `scoreStoreSql`, `regressionMomentsSql`), plus:
 *
 * - `meta`: one row, `name` = the JSON {@link StatsMeta} of the settings, `n` = all rows;
 * - `check`: per cell, rows the streaming reader would refuse: `v1` missing labels, `v2`
 *   labels that are not 0/1 (or, for regression, not finite), `v3`/`v4` the same for the
 *   prediction, `v5` missing scores, `v6` NaN scores, `v7` missing weights, `v8` invalid
 *   weights (negative or not finite).
 *
 * Columns: `k0 … k{m-1}`, `kind`, `name`, `label`, `pred`, `bin`, `score`, `n`, `v1 … v8`.
 *
 * @example
 * statsSql(settings, { dialect: dialect('trino'), from: '"logs"."predictions"', labelKind: 'number', predictionKind: 'number', binnedScores: true });
 */
export function statsSql(settings: AuditSettings, options: StatsSqlOptions): string {
  const { common, selects } = statsSqlParts(settings, options);
  return `${common}\n${selects.join('\nUNION ALL\n')}`;
}

/**
 * {@link statsSql} as separate statements: the common `WITH …` prefix and one SELECT per
 * part, each a complete query once prefixed (`${common}\n${select}`), and each part's kind. Embedded DuckDB runs
 * them one after another into a temporary table, which is faster than one UNION ALL.
 *
 * @example const { common, selects } = statsSqlParts(settings, options); selects.length;
 */
export function statsSqlParts(settings: AuditSettings, options: StatsSqlOptions): { common: string; selects: string[]; kinds: string[] } {
  const d = options.dialect;
  const context: SqlContext = {
    floorInt: (x) => `CAST(FLOOR(${x}) AS BIGINT)`,
    double: (x) => {
      if (!Number.isFinite(x)) throw new InternalError(`not a finite number: ${x}`);
      return x.toExponential();
    },
    calibrationBins: settings.calibrationBins,
    binnedScores: options.binnedScores,
  };
  const q = (name: string) => d.quoteIdentifier(name);
  const keys = settings.sensitive.map((_, i) => `k${i}`);
  const regression = settings.task === 'regression';
  const raw: string[] = settings.sensitive.map((name, i) => `${q(name)} AS k${i}`);
  raw.push(`${q(settings.label)} AS rl`);
  const predicted = settings.prediction !== null && settings.threshold === null;
  if (predicted) raw.push(`${q(settings.prediction!)} AS rp`);
  if (settings.score !== null) raw.push(`${q(settings.score)} AS rs`);
  raw.push(settings.weight !== null ? `${q(settings.weight)} AS rw` : 'CAST(1 AS DOUBLE) AS rw');
  const derived: string[] = [...keys, 'rl', 'CAST(rw AS DOUBLE) AS w'];
  if (predicted) derived.push('rp');
  if (settings.score !== null) derived.push('rs', 'CAST(rs AS DOUBLE) AS s');
  if (regression) {
    derived.push('CAST(rl AS DOUBLE) AS yt', 'CAST(rp AS DOUBLE) AS yp');
  } else {
    derived.push(`${binaryExpression('rl', options.labelKind, settings.positive, d, context)} AS y`);
    if (predicted) derived.push(`${binaryExpression('rp', options.predictionKind, settings.positive, d, context)} AS p`);
    else derived.push(`CASE WHEN CAST(rs AS DOUBLE) > ${context.double(settings.threshold ?? 0.5)} THEN 1 ELSE 0 END AS p`);
  }
  const base =
    `b AS (\n  SELECT ${derived.join(', ')}\n  FROM (SELECT ${raw.join(', ')} FROM ${options.from}) AS r\n)`;
  const over = `OVER (${keys.length > 0 ? `PARTITION BY ${keys.join(', ')}` : ''})`;
  const means =
    `bm AS (\n  SELECT b.*, CASE WHEN SUM(w) ${over} > 0 THEN SUM(w * yt) ${over} / SUM(w) ${over} ELSE 0 END AS mu FROM b\n)`;

  const text = d.textType;
  const select = (part: SqlPart, from: string): string => {
    const groups = [...keys];
    const column = (expr: string | undefined, type: string, name: string): string => {
      if (expr === undefined) return `CAST(NULL AS ${type}) AS ${name}`;
      groups.push(expr);
      return `CAST(${expr} AS ${type}) AS ${name}`;
    };
    const cols = [
      ...keys,
      `${d.quoteString(part.kind)} AS kind`,
      `CAST(NULL AS ${text}) AS name`,
      column(part.label, 'BIGINT', 'label'),
      column(part.pred, 'BIGINT', 'pred'),
      column(part.bin, 'BIGINT', 'bin'),
      column(part.score, 'DOUBLE', 'score'),
      'COUNT(*) AS n',
      ...Array.from({ length: STATS_VALUES }, (_, i) => `CAST(${part.values[i] ?? 'NULL'} AS DOUBLE) AS v${i + 1}`),
    ];
    if (part.values.length > STATS_VALUES) throw new InternalError(`sql part ${part.kind} has more than ${STATS_VALUES} values`);
    return (
      `SELECT ${cols.join(', ')}\nFROM ${from}` +
      (part.where ? ` WHERE ${part.where}` : '') +
      (groups.length > 0 ? `\nGROUP BY ${groups.join(', ')}` : '')
    );
  };
  const count = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
  const finite = (x: string) => `${x} - ${x} = 0`;
  const checks: string[] = [count('rl IS NULL')];
  if (regression) {
    checks.push(count(`rl IS NOT NULL AND NOT (${finite('yt')})`), count('rp IS NULL'), count(`rp IS NOT NULL AND NOT (${finite('yp')})`));
  } else {
    checks.push(count('rl IS NOT NULL AND y IS NULL'));
    checks.push(predicted ? count('rp IS NULL') : '0', predicted ? count('rp IS NOT NULL AND p IS NULL') : '0');
  }
  if (settings.score !== null) checks.push(count('rs IS NULL'), count(`rs IS NOT NULL AND ${d.isNaN('s')}`));
  else checks.push('0', '0');
  checks.push(count('w IS NULL'), count(`w IS NOT NULL AND NOT (w >= 0 AND ${finite('w')})`));
  const parts: string[] = [select({ kind: 'check', values: checks }, 'b')];
  const kinds = ['check'];
  let withMeans = false;
  const both = (where: string | undefined, condition: string) => (where ? `(${where}) AND ${condition}` : condition);
  for (const acc of sqlAccumulators(settings)) {
    for (const part of acc.sql.parts(context)) {
      withMeans ||= part.needsMean === true;
      const halves =
        options.scoresByLabel === true && (part.kind === 'scores' || part.kind === 'score_bins')
          ? [{ ...part, where: both(part.where, 'y = 1') }, { ...part, where: both(part.where, 'y IS DISTINCT FROM 1') }]
          : [part];
      for (const half of halves) {
        parts.push(select(half, half.needsMean ? 'bm' : 'b'));
        kinds.push(half.kind);
      }
    }
  }
  const meta = JSON.stringify(statsMeta(settings, options.binnedScores));
  const metaColumns = [
    ...keys.map((k) => `NULL AS ${k}`),
    `'meta' AS kind`,
    `${d.quoteString(meta)} AS name`,
    'CAST(NULL AS BIGINT) AS label',
    'CAST(NULL AS BIGINT) AS pred',
    'CAST(NULL AS BIGINT) AS bin',
    'CAST(NULL AS DOUBLE) AS score',
    'COUNT(*) AS n',
    ...Array.from({ length: STATS_VALUES }, (_, i) => `CAST(NULL AS DOUBLE) AS v${i + 1}`),
  ];
  // untyped NULL keys take the key columns' types in the UNION
  parts.push(`SELECT ${metaColumns.join(', ')}\nFROM b`);
  kinds.push('meta');
  return { common: `WITH ${base}${withMeans ? `,\n${means}` : ''}`, selects: parts, kinds };
}
