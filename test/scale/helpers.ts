import { readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { RecordBatchFileWriter, type Table } from 'apache-arrow';
import { expect } from 'vitest';
import { SHARED } from '../helpers/fixtures.js';

/** Every `../shared/models/<id>/predictions.csv`, with the columns each audit reads. */
export interface SharedLog {
  id: string;
  path: string;
  sensitive: string[];
}

export function sharedLogs(): SharedLog[] {
  const dir = resolve(SHARED, 'models');
  return readdirSync(dir)
    .filter((id) => existsSync(join(dir, id, 'predictions.csv')))
    .map((id) => {
      const path = join(dir, id, 'predictions.csv');
      // every shared log names its sensitive features sex and race
      return { id, path, sensitive: ['sex', 'race'] };
    });
}

let connection: Promise<DuckDBConnection> | null = null;

/** A DuckDB connection for writing test inputs. */
export function duck(): Promise<DuckDBConnection> {
  connection ??= DuckDBInstance.create(':memory:').then((db) => db.connect());
  return connection;
}

/** Copies a CSV into Parquet with small row groups. */
export async function toParquet(csv: string, out: string): Promise<string> {
  const c = await duck();
  await c.run(`COPY (SELECT * FROM read_csv('${csv.replaceAll("'", "''")}')) TO '${out.replaceAll("'", "''")}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
  return out;
}

/** Writes a table as an Arrow IPC file with record batches of `size` rows. */
export function toArrowFile(table: Table, size: number, out: string): string {
  const writer = new RecordBatchFileWriter();
  writer.reset(undefined, table.schema);
  for (let start = 0; start < table.numRows; start += size) {
    for (const batch of table.slice(start, Math.min(start + size, table.numRows)).batches) writer.write(batch);
  }
  writer.finish();
  writeFileSync(out, writer.toUint8Array(true));
  return out;
}

/**
 * Expects two audit results to agree: every count and string exactly, every float to
 * `tolerance` relative (1e-12: sums computed in another order), arrays of equal length.
 */
export function expectSameAudit(actual: unknown, expected: unknown, tolerance = 1e-12, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isInteger(expected) && Number.isInteger(actual)) {
      expect(actual, path).toBe(expected);
      return;
    }
    const scale = Math.max(1, Math.abs(expected));
    expect(Math.abs(actual - expected) <= tolerance * scale, `${path}: ${actual} vs ${expected}`).toBe(true);
    return;
  }
  if (expected === null || typeof expected !== 'object' || actual === null || typeof actual !== 'object') {
    expect(actual, path).toEqual(expected);
    return;
  }
  expect(Array.isArray(actual), path).toBe(Array.isArray(expected));
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const key of keys) {
    expectSameAudit((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], tolerance, `${path}.${key}`);
  }
}

/** JSON of a result without its creation time. */
export function stable(result: { createdAt: string }): string {
  return JSON.stringify({ ...result, createdAt: '' });
}
