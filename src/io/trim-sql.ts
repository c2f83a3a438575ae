import { AuditError } from '../core/errors.js';

/**
 * The single SQL statement in `sql`, without the semicolons and comments that may follow it,
 * so that it can be wrapped as a subquery: `SELECT 1; -- note` → `SELECT 1`. Quoted text
 * (`'…'`, `E'…'`, `"…"`, `$tag$…$tag$`) and comments (`-- …`, `/* … *\/`) are skipped while
 * looking for semicolons. Throws `AuditError` when a semicolon is followed by more SQL
 * (several statements) or when the text holds no statement at all.
 *
 * @example trimSql('SELECT 1;\n-- done\n') // 'SELECT 1'
 */
export function trimSql(sql: string, name: string): string {
  let end = 0; // end of the last significant character before any terminating semicolon
  let terminated = false;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
      continue;
    }
    if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === ';') {
      terminated = true;
      i++;
      continue;
    }
    if (terminated)
      throw new AuditError(`invalid sql query for ${name}: expected one statement, found several`);
    i = skipToken(sql, i);
    end = i;
  }
  const body = sql.slice(0, end);
  if (body.trim() === '') throw new AuditError(`empty sql query for ${name}`);
  return body;
}

/** The index after the token (quoted text or a single character) starting at `i`. */
function skipToken(sql: string, i: number): number {
  const ch = sql[i];
  if (ch === "'" || ch === '"') {
    const escapes = ch === "'" && i > 0 && /[eE]/.test(sql[i - 1]) && !/\w/.test(sql[i - 2] ?? '');
    let j = i + 1;
    while (j < sql.length) {
      if (escapes && sql[j] === '\\') j += 2;
      else if (sql[j] === ch && sql[j + 1] === ch) j += 2;
      else if (sql[j] === ch) return j + 1;
      else j++;
    }
    return sql.length;
  }
  if (ch === '$') {
    const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64));
    if (tag) {
      const close = sql.indexOf(tag[0], i + tag[0].length);
      return close < 0 ? sql.length : close + tag[0].length;
    }
  }
  return i + 1;
}
