import { AuditError } from '../core/errors.js';

/**
 * Parses `--input-map` entries, each `input=col1,col2,…` (the columns in the order the input's
 * `[N, k]` tensor takes them), into `{ input: [col1, col2, …] }`. Names are taken as written
 * (no trimming: column names may hold spaces); the split is at the first `=`, so input names
 * cannot contain `=` and column names cannot contain `,`.
 *
 * Throws `AuditError` for an entry without `=`, with an empty input or column name, or naming the
 * same input twice.
 * @example parseInputMap(['input=age,priors_count']) // { input: ['age', 'priors_count'] }
 */
export function parseInputMap(specs: readonly string[]): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const spec of specs) {
    const at = spec.indexOf('=');
    const input = at < 0 ? '' : spec.slice(0, at);
    const columns = at < 0 ? [] : spec.slice(at + 1).split(',');
    if (input === '' || columns.some((c) => c === '')) {
      throw new AuditError(`bad --input-map entry: ${spec} (expected input=column or input=col1,col2,…)`);
    }
    if (Object.hasOwn(map, input)) throw new AuditError(`input ${input} appears twice in --input-map`);
    map[input] = columns;
  }
  return map;
}
