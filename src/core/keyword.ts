import { AuditError } from './errors.js';

/** Edit distance between two short strings (for "did you mean" suggestions). */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The candidates nearest to `name`, best first (at most `limit`). */
export function nearest(name: string, candidates: readonly string[], limit = 3): string[] {
  return candidates
    .map((c) => ({ c, d: editDistance(name.toLowerCase(), c.toLowerCase()) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(c.length / 2)))
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1))
    .slice(0, limit)
    .map(({ c }) => c);
}

/**
 * Resolves `name` among `allowed`, or throws `unknown <what>: <name> (expected one of: …)`.
 * @example keyword('metric', 'accuracy', ['accuracy', 'f1']) // 'accuracy'
 */
export function keyword<T extends string>(what: string, name: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(name)) return name as T;
  const near = nearest(name, allowed);
  const hint = near.length > 0 ? `did you mean ${near.join(' or ')}? ` : '';
  throw new AuditError(`unknown ${what}: ${name} (${hint}expected one of: ${allowed.join(', ')})`);
}
