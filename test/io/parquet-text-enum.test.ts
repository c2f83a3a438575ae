// Parquet text columns of few distinct values are read as DuckDB ENUMs built from the data:
// the batches must be exactly those of reading the text itself (values, nulls, each batch's
// dictionary in order of first appearance), and the types must not outlive the source.
import type { RecordBatch } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { duckdbConnection } from '../../src/io/duckdb-connection.js';
import { openDuckDBQuery } from '../../src/io/duckdb-source.js';
import { openSource } from '../../src/io/open-source.js';
import { copyTo, readAll, tempDir } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/**
 * Each batch's columns as plain data: values, null count, and the dictionary's words as a set
 * (the text path gives words of over 12 bytes their codes after the shorter ones of each
 * DuckDB chunk, so only the ENUM path's order is first appearance, checked separately).
 */
function shape(batches: readonly RecordBatch[]): unknown[] {
  return batches.map((b) =>
    b.schema.fields.map((f, j) => {
      const data = b.getChildAt(j)!.data[0];
      return {
        name: f.name,
        type: String(f.type),
        values: [...b.getChildAt(j)!],
        nulls: data.nullCount,
        words: data.dictionary ? [...data.dictionary].sort() : null,
      };
    }),
  );
}

/** Whether every dictionary of the batches lists its words in order of first appearance. */
function firstAppearanceOrder(batches: readonly RecordBatch[]): boolean {
  return batches.every((b) =>
    b.schema.fields.every((_, j) => {
      const column = b.getChildAt(j)!;
      const dictionary = column.data[0].dictionary;
      if (!dictionary) return true;
      const seen = [...new Set([...column].filter((v) => v !== null))];
      return JSON.stringify(seen) === JSON.stringify([...dictionary]);
    }),
  );
}

// 10,000 rows: few-valued text with nulls, empty strings, non-ASCII, quotes and long (> 12
// bytes) values (read as an ENUM); few short values and a unique text column (read as text); a number.
const ROWS = `
  SELECT
    CASE WHEN i % 7 = 0 THEN NULL ELSE (['', 'a', 'Married-civ-spouse', 'ü€ – naïve', 'x' || repeat('y', 40), 'O''Brien, quoted "twice"'])[1 + (i * 31 % 6)] END AS few,
    CASE WHEN i % 11 = 0 THEN 'rare value ' || (i % 3) ELSE 'common' END AS skewed,
    'id-' || i AS unique_text,
    i AS n
  FROM range(10000) t(i)`;

describe('parquet text read as ENUM codes', () => {
  it('gives the batches of reading the text itself, for any batch size', async () => {
    const path = await copyTo(ROWS, tmp.file('text.parquet'), 'FORMAT parquet, ROW_GROUP_SIZE 3000');
    for (const batchSize of [1000, 4096, 10000]) {
      const viaFile = await readAll(await openSource(path, { batchSize }));
      // the same query without ENUMs: text copied string by string
      const connection = await duckdbConnection();
      const viaText = await readAll(
        await openDuckDBQuery(`SELECT * FROM read_parquet('${path}')`, { name: 'text.parquet', format: 'parquet', batchSize, connection }),
      );
      connection.closeSync();
      expect(shape(viaFile.batches)).toEqual(shape(viaText.batches));
      expect(firstAppearanceOrder(viaFile.batches)).toBe(true);
      expect(viaFile.rows.length).toBe(10000);
    }
  });

  it('reads as text a column whose first rows have few values but all rows many', async () => {
    // 65,536 rows of 'x', then 70,000 distinct values
    const path = await copyTo(
      "SELECT CASE WHEN i < 65536 THEN 'a long first value' ELSE 'v' || i END AS late, i AS n FROM range(135536) t(i)",
      tmp.file('late.parquet'),
      'FORMAT parquet',
    );
    const connection = await duckdbConnection();
    const source = await openDuckDBQuery(`SELECT * FROM read_parquet('${path}')`, { name: 'late.parquet', connection, textAsEnum: true });
    const kinds = (source as unknown as { parts: { columnTypes: { kind: string }[] } }).parts.columnTypes.map((t) => t.kind);
    const { rows } = await readAll(source);
    connection.closeSync();
    expect(kinds[0]).toBe('string');
    expect(rows.length).toBe(135536);
    expect(rows[135535].late).toBe('v135535');
  });

  it('reads ENUM columns of a query natively, as their text', async () => {
    const connection = await duckdbConnection();
    const source = await openDuckDBQuery(
      "SELECT CAST(v AS ENUM('lo', 'hi', 'ünï')) AS v FROM (VALUES ('hi'), (NULL), ('ünï'), ('hi')) t(v)",
      { name: 'query', connection },
    );
    const { rows, batches } = await readAll(source);
    connection.closeSync();
    expect(rows.map((r) => r.v)).toEqual(['hi', null, 'ünï', 'hi']);
    expect([...batches[0].getChildAt(0)!.data[0].dictionary!]).toEqual(['hi', 'ünï']);
  });

  it('reads few-valued long text as ENUM codes and leaves the rest as text, adding no types to the database', async () => {
    const path = await copyTo(ROWS, tmp.file('types.parquet'), 'FORMAT parquet');
    const connection = await duckdbConnection();
    const catalogTypes = async (): Promise<number> =>
      Number((await connection.runAndReadAll('SELECT count(*) FROM duckdb_types() WHERE NOT internal')).getRows()[0][0]);
    const before = await catalogTypes();
    const source = await openDuckDBQuery(`SELECT * FROM read_parquet('${path}')`, { name: 'types.parquet', connection, textAsEnum: true });
    const enums = (source as unknown as { parts: { columnTypes: { kind: string }[] } }).parts.columnTypes.map((t) => t.kind);
    expect(enums).toEqual(['enum', 'string', 'string', 'int64-as-float64']); // few; skewed (≤ 12 bytes) and unique_text stay text
    expect(await catalogTypes()).toBe(before);
    await readAll(source);
    connection.closeSync();
  });
});
