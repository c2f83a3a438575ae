import { AuditError, InternalError } from '../core/errors.js';

const CONVERSION =
  /Error when converting column "((?:[^"]|"")*)"\. Could not convert string "((?:[^"\\]|\\.)*)" to '([^']+)'/;
const CSV_LINE = /CSV Error on Line: (\d+)/;
const MAX_DETAIL = 400;

/**
 * Rewrites an error thrown by DuckDB while reading `name` as a one-line assay error:
 * `AuditError` for problems with the input (the usual case: bad values, malformed files, bad
 * SQL), `InternalError` for DuckDB's own `INTERNAL Error`s. assay's own errors pass through.
 *
 * A value that does not fit its column's type becomes
 * `data.csv: cannot read column score: "abc" is not a number (line 3; duckdb: could not convert string "abc" to 'DOUBLE')`,
 * with a hint when DuckDB guessed the type from the first rows. Any other message keeps its
 * first paragraph, joined on one line and cut at 400 characters. Occurrences of `aliases`
 * (the absolute or descriptor path DuckDB was given) are replaced by `name`.
 *
 * @example duckdbError(new Error('IO Error: x'), 'data.csv', []).message // 'data.csv: IO Error: x'
 */
export function duckdbError(error: unknown, name: string, aliases: readonly string[] = [], guessedColumns: readonly string[] = []): Error {
  if (error instanceof AuditError || error instanceof InternalError) return error;
  let message = error instanceof Error ? error.message : String(error);
  for (const alias of aliases) if (alias && alias !== name) message = message.split(alias).join(name);

  const conversion = CONVERSION.exec(message);
  if (conversion) {
    const [, column, value, type] = conversion;
    const line = CSV_LINE.exec(message)?.[1];
    const guessed = message.includes('auto-detected') || guessedColumns.includes(column.replaceAll('""', '"'))
      ? `; the type was guessed from the first rows: read ${column.replaceAll('""', '"')} as text with --column-type ${column.replaceAll('""', '"')}=string (csv.columnTypes in the library)`
      : '';
    return new AuditError(
      `${name}: cannot read column ${column.replaceAll('""', '"')}: "${value}" is not ${describeType(type)} ` +
        `(${line ? `line ${line}; ` : ''}duckdb: could not convert string "${value}" to '${type}'${guessed})`,
    );
  }

  if (message.includes('Error when sniffing file')) {
    return new AuditError(
      `${name}: cannot detect the csv layout (duckdb: it was not possible to automatically detect the CSV parsing dialect); ` +
        'look for rows with a different number of fields or an unclosed quote, or give --delimiter and --quote (csv.delimiter and csv.quote in the library)',
    );
  }

  // the first paragraph, without DuckDB's advice on options assay does not expose
  const paragraph = message.split(/\n\s*\n/)[0].split(/\n\s*Possible (?:fixes|solutions):/)[0];
  let detail = paragraph
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('LINE ') && !/^\^$/.test(line))
    .filter((line) => !line.startsWith('Try increasing'))
    .join('; ');
  if (detail.length > MAX_DETAIL) detail = `${detail.slice(0, MAX_DETAIL - 1)}…`;
  if (/^INTERNAL Error/i.test(detail)) return new InternalError(`${name}: duckdb ${detail}`);
  return new AuditError(`${name}: ${detail}`);
}

function describeType(type: string): string {
  const t = type.toUpperCase();
  if (/^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(t)) return 'a number';
  if (/INT/.test(t)) return 'an integer';
  if (t === 'BOOLEAN') return 'a boolean';
  if (t === 'DATE') return 'a date';
  if (t.startsWith('TIMESTAMP')) return 'a timestamp';
  if (t.startsWith('TIME')) return 'a time';
  return `a valid ${type}`;
}
