import { Bool, Dictionary, Float64, Int32, Utf8, makeTable, vectorFromArray, type Table } from 'apache-arrow';
import { rng } from '../helpers/synthetic.js';

/** Rows of the synthetic robustness table, as plain values (what the tests recompute from). */
export interface Rows {
  x: number[];
  z: number[];
  cat: string[];
  flag: boolean[];
  sex: (string | null)[];
  race: string[];
  sexcode: number[];
  y: number[];
  w: number[];
}

/**
 * A synthetic table: `x` uniform on [−2, 2] (the signal), `z` whole numbers 0–10 (Int32), `cat`
 * text a/b/c, `flag` booleans, `sex` F/M with ~3% missing, `race` a dictionary A/B/C, `sexcode`
 * 1 for F and 0 otherwise (a perfect numeric proxy of sex), label `y` logistic in x, weights `w`.
 */
export function syntheticRows(n: number, seed = 11): Rows {
  const r = rng(seed);
  const rows: Rows = { x: [], z: [], cat: [], flag: [], sex: [], race: [], sexcode: [], y: [], w: [] };
  for (let i = 0; i < n; i++) {
    const x = r() * 4 - 2;
    rows.x.push(x);
    rows.z.push(Math.floor(r() * 11));
    rows.cat.push(['a', 'b', 'c'][Math.floor(r() * 3)]);
    rows.flag.push(r() < 0.4);
    const s = r();
    const sex = s < 0.03 ? null : s < 0.5 ? 'F' : 'M';
    rows.sex.push(sex);
    rows.race.push(['A', 'B', 'C'][Math.floor(r() * 3)]);
    rows.sexcode.push(sex === 'F' ? 1 : 0);
    rows.y.push(r() < 1 / (1 + Math.exp(-2 * x)) ? 1 : 0);
    rows.w.push(1 + Math.floor(r() * 3));
  }
  return rows;
}

/** The rows as an Arrow table (each column one chunk). */
export function syntheticTable(rows: Rows): Table {
  return makeTable({
    x: vectorFromArray(rows.x, new Float64()).data[0],
    z: vectorFromArray(rows.z, new Int32()).data[0],
    cat: vectorFromArray(rows.cat, new Utf8()).data[0],
    flag: vectorFromArray(rows.flag, new Bool()).data[0],
    sex: vectorFromArray(rows.sex, new Utf8()).data[0],
    race: vectorFromArray(rows.race, new Dictionary(new Utf8(), new Int32())).data[0],
    sexcode: vectorFromArray(rows.sexcode, new Float64()).data[0],
    y: vectorFromArray(rows.y, new Float64()).data[0],
    w: vectorFromArray(rows.w, new Float64()).data[0],
  } as never) as unknown as Table;
}
