import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Table, Utf8, makeVector, vectorFromArray, type RecordBatch, type Vector } from 'apache-arrow';

/** Root of the repository and the shared fixtures beside it (`../shared`). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedRoot = path.resolve(repoRoot, '../shared');

/**
 * A tiny CSV reader for the fixtures (comma, header, no quoting): each column becomes Int64 when
 * every value is an integer, Float64 when every value is a number, Utf8 (or a Utf8 dictionary with
 * `dictionary: true`) otherwise — what a CSV reader like DuckDB gives.
 */
export function readCsvTable(file: string, options: { dictionary?: boolean; limit?: number } = {}): Table {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const header = lines[0].split(',');
  const rows = lines
    .slice(1, options.limit === undefined ? undefined : options.limit + 1)
    .map((l) => l.split(','));
  const columns: Record<string, Vector> = {};
  header.forEach((name, j) => {
    const raw = rows.map((r) => r[j]);
    if (raw.every((v) => /^-?\d+$/.test(v)))
      columns[name] = makeVector(BigInt64Array.from(raw, (v) => BigInt(v)));
    else if (raw.every((v) => v !== '' && Number.isFinite(Number(v))))
      columns[name] = makeVector(Float64Array.from(raw, Number));
    else columns[name] = options.dictionary ? vectorFromArray(raw) : vectorFromArray(raw, new Utf8());
  });
  return new Table(columns);
}

/** The rows of `table` as batches of `size` rows (the last one shorter). */
export function inBatches(table: Table, size: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (const batch of table.batches)
    for (let i = 0; i < batch.numRows; i += size) out.push(batch.slice(i, Math.min(batch.numRows, i + size)));
  return out;
}

/** An async stream over batches. */
export async function* stream(batches: readonly RecordBatch[]): AsyncIterable<RecordBatch> {
  for (const b of batches) yield await Promise.resolve(b);
}

/** All batches of a stream. */
export async function collect(batches: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of batches) out.push(b);
  return out;
}

/** Values of a column across batches. */
export function columnValues(batches: readonly RecordBatch[], name: string): unknown[] {
  return batches.flatMap((b) => {
    const v = b.getChild(name);
    if (!v) throw new Error(`no column ${name}`);
    return [...v] as unknown[];
  });
}
