import { AuditError } from '../core/errors.js';

/**
 * Quotes `name` as a DuckDB SQL identifier: wrapped in double quotes, inner double quotes doubled.
 *
 * Any text is a valid identifier once quoted (spaces, quotes, `<script>`, keywords), except
 * the NUL character, which the C API would treat as the end of the statement: it is refused.
 *
 * @example quoteIdentifier('my "odd" col') // '"my ""odd"" col"'
 */
export function quoteIdentifier(name: string): string {
  refuseNul(name, 'column name');
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Quotes `text` as a DuckDB SQL string literal: wrapped in single quotes, inner single quotes
 * doubled. Backslashes need no escaping in standard SQL strings. NUL is refused as above.
 *
 * @example quoteString("it's.csv") // "'it''s.csv'"
 */
export function quoteString(text: string, what = 'value'): string {
  refuseNul(text, what);
  return `'${text.replaceAll("'", "''")}'`;
}

function refuseNul(text: string, what: string): void {
  if (text.includes('\0')) {
    throw new AuditError(`invalid ${what}: ${JSON.stringify(text)} contains a NUL character`);
  }
}
