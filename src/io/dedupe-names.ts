import type { RenamedColumn } from './source.js';

/**
 * Makes column names unique the way DuckDB does: the first `a` keeps its name, later ones
 * become `a_1`, `a_2`, … (skipping any suffix already taken). Returns the unique names, in
 * order, and the list of renamed columns (empty when all names were unique).
 *
 * @example dedupeNames(['a', 'b', 'a']) // { names: ['a', 'b', 'a_1'], renamed: [{ original: 'a', renamed: 'a_1' }] }
 */
export function dedupeNames(names: readonly string[]): { names: string[]; renamed: RenamedColumn[] } {
  const taken = new Set(names);
  const seen = new Set<string>();
  const renamed: RenamedColumn[] = [];
  const unique = names.map((name) => {
    if (!seen.has(name)) {
      seen.add(name);
      return name;
    }
    let k = 1;
    while (taken.has(`${name}_${k}`)) k++;
    const next = `${name}_${k}`;
    taken.add(next);
    seen.add(next);
    renamed.push({ original: name, renamed: next });
    return next;
  });
  return { names: unique, renamed };
}
