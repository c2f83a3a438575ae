// A DuckDB source fills the buffers of batches its caller gave back (Source.recycle) instead of
// new ones, and what it yields afterwards is exactly what it yields without recycling: a model
// audit gives its batches back once audited (applyModel's release), with the same result.
import path from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { auditState, finishAudit } from '../../src/api/audit.js';
import { duckdbConnection } from '../../src/io/duckdb-connection.js';
import { openSource } from '../../src/io/open-source.js';
import { tempDir } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const shared = path.resolve(import.meta.dirname, '../../../shared');

/** A Parquet file of every column kind the assembler writes, with nulls. */
async function mixedParquet(): Promise<string> {
  const file = path.join(tmp.dir, 'mixed.parquet');
  const connection = await duckdbConnection();
  try {
    await connection.run(`COPY (
      SELECT i::BIGINT AS big, (i % 7)::INTEGER AS small, i / 3.0 AS x, i % 5 = 0 AS flag,
        CASE WHEN i % 11 = 0 THEN NULL ELSE 'a rather long category ' || (i % 4) END AS longtext,
        CASE WHEN i % 13 = 0 THEN NULL ELSE chr((65 + i % 3)::INTEGER) END AS shorttext,
        DATE '2020-01-01' + (i % 30)::INTEGER AS day, TIMESTAMP '2020-01-01' + to_seconds(i) AS at
      FROM range(20000) t(i)) TO '${file}' (FORMAT parquet)`);
  } finally {
    connection.closeSync();
  }
  return file;
}

/** Each batch's columns as plain values. */
function values(batch: RecordBatch): unknown[][] {
  return batch.schema.fields.map((_, j) => [...batch.getChildAt(j)!].map((v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
}

describe('Source.recycle (DuckDB sources)', () => {
  it('refills the buffers of batches given back, yielding the same batches as without', async () => {
    const file = await mixedParquet();
    const plain = await openSource(file, { batchSize: 3000 });
    const expected: unknown[][][] = [];
    for await (const batch of plain.batches()) expected.push(values(batch));
    await plain.close();

    const source = await openSource(file, { batchSize: 3000 });
    expect(typeof source.recycle).toBe('function');
    const seen: unknown[][][] = [];
    const buffers = new Set<ArrayBufferLike>();
    let reused = 0;
    let previous: RecordBatch | null = null;
    for await (const batch of source.batches()) {
      for (let j = 0; j < batch.numCols; j++) {
        const buffer = batch.getChildAt(j)!.data[0].values.buffer;
        if (buffers.has(buffer)) reused++;
        buffers.add(buffer);
      }
      seen.push(values(batch));
      // each batch is given back one batch late (as a consumer with work under way would)
      if (previous !== null) {
        source.recycle!(previous);
        source.recycle!(previous); // twice: ignored
      }
      previous = batch;
    }
    await source.close();
    expect(seen).toEqual(expected);
    expect(reused).toBeGreaterThan(0);
  });

  it('ignores batches it did not make', async () => {
    const file = await mixedParquet();
    const source = await openSource(file, { batchSize: 5000 });
    const other = await openSource(file, { batchSize: 5000 });
    const theirs: RecordBatch[] = [];
    for await (const batch of other.batches()) theirs.push(batch);
    const before = theirs.map(values);
    const mine: unknown[][][] = [];
    for await (const batch of source.batches()) {
      for (const b of theirs) source.recycle!(b);
      mine.push(values(batch));
    }
    await Promise.all([source.close(), other.close()]);
    expect(theirs.map(values)).toEqual(before);
    expect(mine).toEqual(before);
  });
});

describe('model audits give their batches back', () => {
  it('audit the same with batches recycled as without, whatever the batch sizes', async () => {
    const model = path.join(shared, 'models/adult-logreg/model.onnx');
    const csv = path.join(shared, 'models/adult-logreg/predictions.csv');
    const file = path.join(tmp.dir, 'adult.parquet');
    const connection = await duckdbConnection();
    try {
      await connection.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${file}' (FORMAT parquet)`);
    } finally {
      connection.closeSync();
    }
    const base = { data: file, model, label: 'y_true', sensitive: ['sex', 'race'], hashData: false, now: () => new Date(0) };
    for (const [batchSize, modelBatchSize] of [
      [1000, 3000],
      [4096, 1000],
      [2048, 2048],
    ]) {
      const recycled = finishAudit(await auditState({ ...base, batchSize, modelBatchSize }), () => new Date(0));
      // a caller's onBatch may keep batches: nothing is recycled then
      const kept = finishAudit(await auditState({ ...base, batchSize, modelBatchSize, onBatch: () => undefined }), () => new Date(0));
      expect(JSON.stringify(recycled)).toBe(JSON.stringify(kept));
    }
  });
});
