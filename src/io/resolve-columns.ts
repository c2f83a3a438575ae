import { AuditError } from '../core/errors.js';
import { nearest } from '../core/keyword.js';

const LISTED = 30;

/**
 * Positions of the `requested` columns among `available` (in the requested order, duplicates
 * dropped); all columns when `requested` is undefined. An unknown name throws
 * `missing column: incme (in data.csv; did you mean income? columns: age, income, …)`.
 * An empty `requested` list is refused (a table needs at least one column).
 *
 * @example resolveColumns(['b'], ['a', 'b'], 'data.csv') // [1]
 */
export function resolveColumns(
  requested: readonly string[] | undefined,
  available: readonly string[],
  name: string,
): number[] {
  if (requested === undefined) return available.map((_, i) => i);
  if (requested.length === 0) throw new AuditError(`no columns requested from ${name}`);
  const position = new Map<string, number>();
  available.forEach((column, i) => {
    if (!position.has(column)) position.set(column, i);
  });
  const indices: number[] = [];
  for (const column of new Set(requested)) {
    const index = position.get(column);
    if (index === undefined) {
      const near = nearest(column, available);
      const hint = near.length > 0 ? `did you mean ${near.join(' or ')}? ` : '';
      const listed = available.slice(0, LISTED).join(', ') + (available.length > LISTED ? ', …' : '');
      throw new AuditError(`missing column: ${column} (in ${name}; ${hint}columns: ${listed})`);
    }
    indices.push(index);
  }
  return indices;
}
