import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { RecordBatchReader, type RecordBatch } from 'apache-arrow';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AuditError, oneLine } from '../core/errors.js';
import { ArrowNormalizer } from '../io/arrow-normalizer.js';
import { arrowFieldNames } from '../io/arrow-source.js';
import { dedupeNames } from '../io/dedupe-names.js';
import { resolveColumns } from '../io/resolve-columns.js';
import { quoteString } from '../io/sql-quote.js';
import type { Chunk } from './split-plan.js';

/** What a worker needs to read its chunks. */
export interface ChunkInput {
  path: string;
  /** The columns the audit reads, in the order the single-threaded reader selects them. */
  columns: string[];
  batchSize: number | null;
  /** The reader is done with each batch before the next (see `SourceOptions.reuseBuffers`). */
  reuseBuffers?: boolean;
}

/**
 * The batches of one chunk, exactly as the single-threaded reader cuts them: a Parquet row
 * range read by DuckDB (`file_row_number` filter, same projection and casts, whole batches of
 * `batchSize` rows), or a range of an Arrow IPC file's record batches (random access, empty
 * batches skipped, sliced to `batchSize`, normalised the same way).
 *
 * @example for await (const batch of readChunk(input, chunk, connection)) engine.add(batch);
 */
export async function* readChunk(input: ChunkInput, chunk: Chunk, connection: DuckDBConnection | null): AsyncGenerator<RecordBatch> {
  if (chunk.kind === 'parquet') {
    if (connection === null) throw new AuditError('internal: parquet chunk without a duckdb connection');
    // loaded here: an Arrow IPC chunk never needs DuckDB's native library
    const { openDuckDBQuery } = await import('../io/duckdb-source.js');
    const file = quoteString(resolve(input.path), 'file path');
    const sql =
      `SELECT * EXCLUDE (file_row_number) FROM read_parquet(${file}, file_row_number = true) ` +
      `WHERE file_row_number >= ${chunk.firstRow} AND file_row_number < ${chunk.endRow}`;
    const source = await openDuckDBQuery(sql, {
      name: input.path,
      batchSize: input.batchSize ?? undefined,
      columns: input.columns,
      format: 'parquet',
      connection,
      aliases: [resolve(input.path)],
      reuseBuffers: input.reuseBuffers,
    });
    try {
      yield* source.batches();
    } finally {
      await source.close();
    }
    return;
  }
  const handle = await open(input.path, 'r');
  try {
    const reader = await RecordBatchReader.from(handle);
    await reader.open();
    if (!reader.isFile()) throw new AuditError(`${input.path}: not an arrow ipc file`);
    const { names } = dedupeNames(arrowFieldNames(reader.schema));
    const indices = resolveColumns(input.columns, names, input.path);
    const normalizer = new ArrowNormalizer(reader.schema, indices, indices.map((i) => names[i]), input.reuseBuffers === true);
    const size = input.batchSize;
    for (let i = chunk.firstBatch; i < chunk.endBatch; i++) {
      let batch: RecordBatch | null;
      try {
        batch = await reader.readRecordBatch(i);
      } catch (error) {
        throw new AuditError(`${input.path}: truncated or corrupt arrow file (${oneLine(error)})`);
      }
      if (batch === null) throw new AuditError(`${input.path}: truncated or corrupt arrow file (no record batch ${i})`);
      if (batch.numRows === 0) continue;
      if (size === null || batch.numRows <= size) yield normalizer.normalize(batch);
      else for (let start = 0; start < batch.numRows; start += size) yield normalizer.normalize(batch.slice(start, start + size));
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}
