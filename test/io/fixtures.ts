import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { RecordBatch } from 'apache-arrow';
import type { Source } from '../../src/io/source.js';

/** The repository root and the shared read-only data beside it. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDir = resolve(repoRoot, '../shared');

/** A fresh temporary directory and a function that removes it. */
export function tempDir(): {
  dir: string;
  file: (name: string, content?: string | Uint8Array) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'assay-io-'));
  return {
    dir,
    file(name, content) {
      const path = join(dir, name);
      if (content !== undefined) writeFileSync(path, content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

let connection: Promise<DuckDBConnection> | undefined;

/** A DuckDB connection for writing fixtures (COPY … TO) and computing expected values. */
export async function fixtureConnection(): Promise<DuckDBConnection> {
  connection ??= DuckDBInstance.create(':memory:').then((db) => db.connect());
  return connection;
}

/** Runs `COPY (select) TO 'path' (options)`. */
export async function copyTo(select: string, path: string, options: string): Promise<string> {
  const c = await fixtureConnection();
  await c.run(`COPY (${select}) TO '${path.replaceAll("'", "''")}' (${options})`);
  return path;
}

/** Everything a source yields: rows as plain objects, batch lengths and the batches. */
export async function readAll(
  source: Source,
): Promise<{ rows: Record<string, unknown>[]; sizes: number[]; batches: RecordBatch[] }> {
  const rows: Record<string, unknown>[] = [];
  const sizes: number[] = [];
  const batches: RecordBatch[] = [];
  try {
    for await (const batch of source.batches()) {
      batches.push(batch);
      sizes.push(batch.numRows);
      const names = batch.schema.fields.map((f) => f.name);
      const columns = names.map((_, j) => batch.getChildAt(j)!);
      for (let i = 0; i < batch.numRows; i++) {
        const row: Record<string, unknown> = {};
        names.forEach((name, j) => {
          row[name] = columns[j].get(i) as unknown;
        });
        rows.push(row);
      }
    }
  } finally {
    await source.close();
  }
  return { rows, sizes, batches };
}

/** Names and Arrow type names of a source's schema, e.g. `['a:Float64', 'b:Dictionary<Int32, Utf8>']`. */
export function describeSchema(source: Source): string[] {
  return source.schema.fields.map((f) => `${f.name}:${String(f.type)}`);
}
