import { tableFromArrays, vectorFromArray, Table, Utf8, Dictionary, Int32, makeTable, type RecordBatch } from 'apache-arrow';
import { audit, type AuditOptions } from '../../src/api/audit.js';
import type { AuditResult } from '../../src/audit/types.js';

/** mulberry32: a small seeded PRNG for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A synthetic prediction log: `sex` (dictionary-encoded, with some nulls), `race` (plain
 * text), `y_true`, `y_pred`, `score` (ties included), `w` (weights) and regression
 * columns `y`, `yhat`.
 */
export function syntheticLog(rows: number, seed = 1): Table {
  const r = rng(seed);
  const sex: (string | null)[] = [];
  const race: string[] = [];
  const yTrue = new Float64Array(rows);
  const yPred = new Float64Array(rows);
  const score = new Float64Array(rows);
  const w = new Float64Array(rows);
  const y = new Float64Array(rows);
  const yhat = new Float64Array(rows);
  const races = ['A', 'B', 'C', 'D'];
  for (let i = 0; i < rows; i++) {
    const u = r();
    sex.push(u < 0.05 ? null : u < 0.5 ? 'F' : 'M');
    race.push(races[Math.floor(r() * (i % 7 === 0 ? 2 : 4))]);
    const p = Math.round(r() * 50) / 50; // ties on purpose
    score[i] = p;
    yTrue[i] = r() < p ? 1 : 0;
    yPred[i] = p > 0.5 ? 1 : 0;
    w[i] = 0.5 + Math.floor(r() * 4) / 2;
    y[i] = 10 * r() + (race[i] === 'A' ? 3 : 0);
    yhat[i] = y[i] + (r() - 0.5) * 2;
  }
  const base = tableFromArrays({ y_true: yTrue, y_pred: yPred, score, w, y, yhat, race });
  const sexVector = vectorFromArray(sex, new Dictionary(new Utf8(), new Int32()));
  const columns: Record<string, unknown> = { sex: sexVector.data[0] };
  for (const f of base.schema.fields) columns[f.name] = base.getChild(f.name as never)!.data[0];
  return makeTable(columns as never) as unknown as Table;
}

/** `table` (one record batch) with column `name` replaced by float64 `values`. */
export function withColumn(table: Table, name: string, values: Float64Array): Table {
  const replacement = tableFromArrays({ [name]: values }).getChild(name)!.data[0];
  const columns: Record<string, unknown> = {};
  for (const f of table.schema.fields) columns[f.name] = f.name === name ? replacement : table.getChild(f.name)!.data[0];
  return makeTable(columns as never) as unknown as Table;
}

/** A table's record batches as the stream `audit({ data })` takes. */
export async function* batchesOf(table: Table): AsyncGenerator<RecordBatch> {
  for (const batch of table.batches) yield await Promise.resolve(batch);
}

/**
 * `audit()` of a small table given by its columns: label `y`, prediction `p`, sensitive
 * feature `g` unless `options` says otherwise.
 */
export function auditColumns(
  columns: Record<string, Float64Array | string[]>,
  options: Partial<AuditOptions> = {},
): Promise<AuditResult> {
  return audit({ data: batchesOf(tableFromArrays(columns)), label: 'y', prediction: 'p', sensitive: ['g'], ...options });
}
