import { InternalError } from '../core/errors.js';
import { quoteIdentifier, quoteString } from '../io/sql-quote.js';
import type { CardFilter, CardTable, ColumnType, DatasetVariant } from './dataset-card.js';

/**
 * The DuckDB type each card column type is read as (`integer` is 32-bit: Arrow Int32 downstream).
 *
 * @example SQL_TYPES.float // 'DOUBLE'
 */
export const SQL_TYPES: Readonly<Record<ColumnType, string>> = {
  string: 'VARCHAR',
  integer: 'INTEGER',
  float: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

/** Options of {@link datasetSql}. */
export interface DatasetSqlOptions {
  /** Apply the card's standard filters (default true); parsing and derived columns always apply. */
  filters?: boolean;
}

/** The `read_csv(...)` call for one raw file, with every option explicit (nothing is sniffed). */
function readCsv(variant: DatasetVariant, table: CardTable, path: string): string {
  const f = variant.format;
  // Empty fields are always missing; the card adds its own markers (e.g. `?`).
  const nulls = [...new Set(['', ...f.missing])];
  const columns = variant.columns.map((c) => `${quoteString(c.name)}: ${quoteString(SQL_TYPES[c.type])}`);
  const options = [
    `header = ${f.header}`,
    `skip = ${table.skip ?? 0}`,
    `delim = ${quoteString(f.delimiter)}`,
    `quote = ${quoteString(f.quote)}`,
    `escape = ${quoteString(f.quote)}`,
    `new_line = ${quoteString(f.lineEnding === 'crlf' ? '\\r\\n' : '\\n')}`,
    `nullstr = [${nulls.map((s) => quoteString(s)).join(', ')}]`,
    `columns = {${columns.join(', ')}}`,
    'auto_detect = false',
    'null_padding = false',
  ];
  return `SELECT * FROM read_csv(${quoteString(path, 'file path')}, ${options.join(', ')})`;
}

function filterSql(filter: CardFilter, variant: DatasetVariant): string {
  if (filter.sql !== undefined) return `(${filter.sql})`;
  const names =
    filter.complete === '*'
      ? variant.columns.filter((c) => !c.drop).map((c) => c.name)
      : (filter.complete ?? []);
  return `(${names.map((n) => `${quoteIdentifier(n)} IS NOT NULL`).join(' AND ')})`;
}

/**
 * The DuckDB query that reads a dataset variant with its standard preprocessing:
 *
 * 1. `raw`: each table's file through `read_csv` with the card's explicit options (delimiter,
 *    quote, line ending, header, lines to skip, missing-value markers, and every column named
 *    and typed, so duplicate header names get the card's names), concatenated in card order;
 * 2. `cleaned`: per-column clean-ups (`rtrim`, e.g. Adult's `>50K.` → `>50K`);
 * 3. `derived`: the derived columns (`CASE` expressions such as AIF360's age groups);
 * 4. the standard filters (`WHERE`), then the streamed columns: raw columns not marked
 *    `drop`, in file order, then the derived ones.
 *
 * Row order is file order (DuckDB preserves insertion order for this plan).
 *
 * @param paths the local path of each table's file, by file name
 * @throws InternalError when a table's path is missing
 * @example datasetSql(card.variants.income, { 'adult.data': '/c/adult/adult.data', 'adult.test': '/c/adult/adult.test' })
 */
export function datasetSql(
  variant: DatasetVariant,
  tables: readonly CardTable[],
  paths: Readonly<Record<string, string>>,
  options: DatasetSqlOptions = {},
): string {
  if (tables.length === 0) throw new InternalError('dataset query without tables');
  const reads = tables.map((t) => {
    const path = paths[t.file];
    if (path === undefined) throw new InternalError(`no local path for ${t.file}`);
    return readCsv(variant, t, path);
  });
  const cleaned = variant.columns.map((c) =>
    c.rtrim === undefined
      ? quoteIdentifier(c.name)
      : `rtrim(${quoteIdentifier(c.name)}, ${quoteString(c.rtrim)}) AS ${quoteIdentifier(c.name)}`,
  );
  const derived = variant.derived.map(
    (d) => `CAST((${d.sql}) AS ${SQL_TYPES[d.type]}) AS ${quoteIdentifier(d.name)}`,
  );
  const streamed = [
    ...variant.columns.filter((c) => !c.drop).map((c) => c.name),
    ...variant.derived.map((d) => d.name),
  ];
  const where = options.filters === false ? [] : variant.filters.map((f) => filterSql(f, variant));
  return [
    `WITH "raw" AS (${reads.join(' UNION ALL ')}),`,
    `"cleaned" AS (SELECT ${cleaned.join(', ')} FROM "raw"),`,
    `"derived" AS (SELECT *${derived.map((d) => `, ${d}`).join('')} FROM "cleaned")`,
    `SELECT ${streamed.map(quoteIdentifier).join(', ')} FROM "derived"${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`,
  ].join('\n');
}
