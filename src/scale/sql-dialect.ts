import { AuditError } from '../core/errors.js';
import { keyword } from '../core/keyword.js';

/** SQL engines `assay sql` writes for. */
export type DialectName = 'duckdb' | 'spark' | 'trino';

export const DIALECTS: readonly DialectName[] = ['duckdb', 'spark', 'trino'];

/**
 * What differs between the SQL engines, and nothing else: the stats query otherwise uses only
 * constructs all three share (CASE WHEN, SUM, COUNT, GROUP BY, UNION ALL, LN, ABS, LOWER,
 * LEAST/GREATEST on non-null values, CAST(… AS DOUBLE / BIGINT), FLOOR, window SUM … OVER
 * (PARTITION BY …), double literals in exponent notation, which all three read as DOUBLE).
 *
 * | difference           | DuckDB              | Spark SQL          | Trino               |
 * |----------------------|---------------------|--------------------|---------------------|
 * | quoted identifier    | `"a b"`             | `` `a b` ``        | `"a b"`             |
 * | text type in CAST    | `VARCHAR`           | `STRING`           | `VARCHAR`           |
 * | NaN test             | `isnan(x)`          | `isnan(x)`         | `is_nan(x)`         |
 * | string literal quote | `'it''s'`           | `'it\'s'`          | `'it''s'`           |
 * | CTE used twice       | `AS MATERIALIZED`   | plain (cached)     | plain               |
 *
 * Spark reads `''` inside a literal as two adjacent literals, so quotes are escaped with a
 * backslash there (and backslashes doubled). `FLOOR` returns DOUBLE in DuckDB and Trino but
 * BIGINT in Spark: the query always casts it, `CAST(FLOOR(x) AS BIGINT)`, which reads the same
 * everywhere.
 *
 * To check Spark or Trino text on DuckDB, {@link toDuckDB} applies the substitutions DuckDB
 * needs (backticks → double quotes, `STRING` stays — DuckDB knows it —, `is_nan` → `isnan`,
 * backslash-escaped quotes → doubled quotes).
 */
export interface Dialect {
  name: DialectName;
  quoteIdentifier(name: string): string;
  quoteString(text: string): string;
  textType: string;
  isNaN(x: string): string;
  /** Keyword after `AS` of a CTE that several branches read (empty when none). */
  materialized: string;
}

function refuseNul(text: string): void {
  if (text.includes('\0')) throw new AuditError(`invalid sql text: ${JSON.stringify(text)} contains a NUL character`);
}

const standardQuote = (text: string): string => {
  refuseNul(text);
  return `'${text.replaceAll("'", "''")}'`;
};
const doubleQuoted = (name: string): string => {
  refuseNul(name);
  return `"${name.replaceAll('"', '""')}"`;
};

const TABLE: Record<DialectName, Dialect> = {
  duckdb: {
    name: 'duckdb',
    quoteIdentifier: doubleQuoted,
    quoteString: standardQuote,
    textType: 'VARCHAR',
    isNaN: (x) => `isnan(${x})`,
    materialized: 'MATERIALIZED ',
  },
  spark: {
    name: 'spark',
    quoteIdentifier: (name) => {
      refuseNul(name);
      return `\`${name.replaceAll('`', '``')}\``;
    },
    quoteString: (text) => {
      refuseNul(text);
      return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
    },
    textType: 'STRING',
    isNaN: (x) => `isnan(${x})`,
    materialized: '',
  },
  trino: {
    name: 'trino',
    quoteIdentifier: doubleQuoted,
    quoteString: standardQuote,
    textType: 'VARCHAR',
    isNaN: (x) => `is_nan(${x})`,
    materialized: '',
  },
};

/**
 * The dialect of a name (`duckdb`, `spark`, `trino`), or an `AuditError` with a suggestion.
 *
 * @example dialect('trino').isNaN('s') // 'is_nan(s)'
 */
export function dialect(name: string): Dialect {
  return TABLE[keyword('dialect', name, DIALECTS)];
}

/**
 * Rewrites Spark or Trino stats SQL (as {@link dialect} writes it) into DuckDB SQL by the
 * substitutions of the dialect table, so the emitted text can be checked on DuckDB.
 * Only text this module writes is supported: string literals are recognised as written.
 *
 * @example toDuckDB('SELECT is_nan(s) FROM t', 'trino') // 'SELECT isnan(s) FROM t'
 */
export function toDuckDB(sql: string, from: DialectName): string {
  if (from === 'duckdb') return sql;
  if (from === 'trino') return sql.replace(/\bis_nan\(/g, 'isnan(');
  // spark: walk literals and identifiers
  let out = '';
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'") {
      let text = '';
      for (i++; i < sql.length && sql[i] !== "'"; i++) {
        if (sql[i] === '\\') i++;
        text += sql[i];
      }
      out += standardQuote(text);
    } else if (c === '`') {
      let name = '';
      for (i++; i < sql.length; i++) {
        if (sql[i] === '`') {
          if (sql[i + 1] === '`') {
            name += '`';
            i++;
            continue;
          }
          break;
        }
        name += sql[i];
      }
      out += doubleQuoted(name);
    } else out += c;
  }
  return out;
}
