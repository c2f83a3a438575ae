import { compareGroups } from '../audit/finalize.js';
import { intersectionName } from '../audit/intersection-name.js';
import type { CellIndex } from '../metrics/cell-index.js';
import type { ValueDictionary } from '../metrics/columns.js';
import { MISSING_GROUP } from '../metrics/columns.js';
import { createOutcomeState, mergeOutcomes, type OutcomeState } from './outcome-state.js';

/** A way of grouping rows: overall (feature null), one sensitive feature, or their intersection. */
export interface GroupLevel {
  feature: string | null;
  /** Group names (`[null]` overall), ordered as the audit orders them. */
  groups: (string | null)[];
  /** `map[cell] = group index`. */
  map: Int32Array;
}

/**
 * The levels the robustness results are broken down by, the same as the audit's: overall, each
 * sensitive feature (groups sorted numbers-first, the missing group last) and, with `intersect`
 * and two or more features, their intersection (`sex & race`, groups `Female & Black`).
 * @example groupLevels(dictionaries, cells, ['sex', 'race'], true).map((l) => l.feature) // [null, 'sex', 'race', 'sex & race']
 */
export function groupLevels(dictionaries: readonly ValueDictionary[], cells: CellIndex, sensitive: readonly string[], intersect: boolean): GroupLevel[] {
  const tuples = cells.tuples;
  const size = Math.max(tuples.length, 1);
  const levels: GroupLevel[] = [{ feature: null, groups: [null], map: new Int32Array(size) }];
  const ranks: Int32Array[] = [];
  const nameOf = (f: number, code: number): string => dictionaries[f].names[code] ?? MISSING_GROUP;
  sensitive.forEach((feature, f) => {
    const names = dictionaries[f].names;
    const present = [...new Set(tuples.map((t) => t[f]))].sort((a, b) => compareGroups(names[a], names[b]));
    const rank = new Int32Array(names.length).fill(-1);
    present.forEach((code, r) => (rank[code] = r));
    ranks.push(rank);
    levels.push({ feature, groups: present.map((c) => nameOf(f, c)), map: Int32Array.from(tuples, (t) => rank[t[f]]) });
  });
  if (intersect && sensitive.length >= 2) {
    const keyOf = (t: number[]): string => t.map((code, f) => ranks[f][code]).join(',');
    const byKey = new Map<string, number[]>();
    for (const t of tuples) if (!byKey.has(keyOf(t))) byKey.set(keyOf(t), t);
    const order = [...byKey.entries()].sort(([a], [b]) => {
      const x = a.split(',').map(Number);
      const y = b.split(',').map(Number);
      for (let f = 0; f < x.length; f++) if (x[f] !== y[f]) return x[f] - y[f];
      return 0;
    });
    const index = new Map(order.map(([key], g) => [key, g]));
    levels.push({
      feature: sensitive.join(' & '),
      groups: order.map(([, t]) => intersectionName(t.map((code, f) => nameOf(f, code)))),
      map: Int32Array.from(tuples, (t) => index.get(keyOf(t))!),
    });
  }
  return levels;
}

/**
 * A state collapsed onto the groups of one level: cell c's counts, scores and change counts are
 * added into group `level.map[c]` (the accumulators' `mergeInto`). The state itself is unchanged.
 * @example const bySex = collapseOutcome(clean, levels[1]); // group g of sex at index g
 */
export function collapseOutcome(state: OutcomeState, level: GroupLevel): OutcomeState {
  const target = createOutcomeState({
    confusion: state.confusion !== null,
    aucBudget: state.store ? state.store.budget : null,
    change: state.change !== null,
  });
  mergeOutcomes(target, state, level.map, level.groups.length);
  return target;
}
