import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { AuditError } from '../../src/core/errors.js';
import { openDuckDBQuery } from '../../src/io/duckdb-source.js';
import { describeSchema, fixtureConnection, readAll } from './fixtures.js';

const DICT = 'Dictionary<Int32, Utf8>';

describe('openDuckDBQuery', () => {
  it('streams any select, with the schema known before the first batch', async () => {
    const source = await openDuckDBQuery(
      'SELECT i AS id, i * 0.5 AS half FROM range(5) t(i) ORDER BY i; -- trailing',
      {
        name: 'range',
      },
    );
    expect(source.name).toBe('range');
    expect(describeSchema(source)).toEqual(['id:Float64', 'half:Float64']);
    expect((await readAll(source)).rows).toEqual([0, 1, 2, 3, 4].map((i) => ({ id: i, half: i * 0.5 })));
  });

  it('maps DuckDB types to Arrow types, casting the rare ones', async () => {
    const sql = `SELECT 1::TINYINT a, 2::SMALLINT b, 3::UTINYINT c, 4::USMALLINT d, 5::UINTEGER e, 6::HUGEINT f,
      1.5::DECIMAL(38,10) g, 'x'::ENUM('x','y') h, '00000000-0000-0000-0000-000000000001'::UUID u,
      TIME '12:34:56' t, INTERVAL 3 DAY iv, {'k': 1} st, TIMESTAMPTZ '2024-01-01 00:00:00+00' tz,
      TIMESTAMP_S '2024-01-01 00:00:01' tss, TIMESTAMP_MS '2024-01-01 00:00:00.001' tms, NULL AS nothing, 'blob'::BLOB bl`;
    const source = await openDuckDBQuery(sql, { name: 'types' });
    expect(describeSchema(source)).toEqual([
      'a:Int32',
      'b:Int32',
      'c:Int32',
      'd:Int32',
      'e:Float64',
      'f:Float64',
      'g:Float64',
      `h:${DICT}`,
      `u:${DICT}`,
      't:Time64<MICROSECOND>',
      `iv:${DICT}`,
      `st:${DICT}`,
      'tz:Timestamp<MICROSECOND, UTC>',
      'tss:Timestamp<SECOND>',
      'tms:Timestamp<MILLISECOND>',
      'nothing:Int32', // an untyped NULL is an INTEGER in DuckDB
      `bl:${DICT}`,
    ]);
    const { rows, batches } = await readAll(source);
    expect(rows[0]).toMatchObject({
      a: 1,
      b: 2,
      c: 3,
      d: 4,
      e: 5,
      f: 6,
      g: 1.5,
      h: 'x',
      u: '00000000-0000-0000-0000-000000000001',
      t: 45_296_000_000n, // microseconds since midnight
      iv: '3 days',
      st: "{'k': 1}",
      nothing: null,
      bl: 'blob',
    });
    expect((batches[0].getChild('tss')!.data[0].values as BigInt64Array)[0]).toBe(1704067201n);
    expect((batches[0].getChild('tz')!.data[0].values as BigInt64Array)[0]).toBe(1704067200000000n);
  });

  it('renames repeated result names and reports them', async () => {
    const source = await openDuckDBQuery('SELECT 1 AS a, 2 AS a, 3 AS a_1', { name: 'dups' });
    expect(source.schema.fields.map((f) => f.name)).toEqual(['a', 'a_2', 'a_1']);
    expect(source.renamedColumns).toEqual([{ original: 'a', renamed: 'a_2' }]);
    expect((await readAll(source)).rows).toEqual([{ a: 1, a_2: 2, a_1: 3 }]);
  });

  it('refuses statements that are not one select, without running them', async () => {
    const c = await fixtureConnection();
    await c.run('CREATE TABLE IF NOT EXISTS keep_me AS SELECT 1 AS x');
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    await connection.run('CREATE TABLE keep_me AS SELECT 1 AS x');
    await expect(openDuckDBQuery('DROP TABLE keep_me', { name: 'q', connection })).rejects.toThrow(
      /^q: expected a select query, got a DROP statement$/,
    );
    await expect(openDuckDBQuery('SELECT 1; DROP TABLE keep_me', { name: 'q', connection })).rejects.toThrow(
      AuditError,
    );
    await expect(openDuckDBQuery('SELEC 1', { name: 'q', connection })).rejects.toThrow(
      /^q: Parser Error: syntax error/,
    );
    await expect(openDuckDBQuery('  ;  ', { name: 'q', connection })).rejects.toThrow(
      /^empty sql query for q$/,
    );
    expect((await connection.runAndReadAll('SELECT count(*) FROM keep_me')).getRows()[0][0]).toBe(1n);
    connection.closeSync();
  });

  it('reads tables of a caller connection and leaves it open', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    await connection.run(`CREATE TABLE t AS SELECT i, 'g' || (i % 2) AS "my group" FROM range(3) r(i)`);
    const source = await openDuckDBQuery('SELECT * FROM t ORDER BY i', {
      name: 't',
      connection,
      columns: ['my group'],
    });
    expect((await readAll(source)).rows).toEqual([
      { 'my group': 'g0' },
      { 'my group': 'g1' },
      { 'my group': 'g0' },
    ]);
    expect((await connection.runAndReadAll('SELECT 42')).getRows()[0][0]).toBe(42);
    connection.closeSync();
  });

  it('gives a schema and no batches for an empty result', async () => {
    const source = await openDuckDBQuery('SELECT 1 AS a WHERE false', { name: 'none' });
    expect(describeSchema(source)).toEqual(['a:Int32']);
    expect((await readAll(source)).sizes).toEqual([]);
  });

  it('yields the same values for any batch size (1, 5, 2047, 2049, default)', async () => {
    const sql = (n: number) => `SELECT i::INTEGER AS i, CASE WHEN i % 3 = 0 THEN NULL ELSE i / 7 END AS x,
      CASE WHEN i % 5 = 0 THEN NULL ELSE 'label number ' || (i % 13)::VARCHAR END AS s, i % 2 = 0 AS even
      FROM range(${n}) t(i) ORDER BY i`;
    const reference = (await readAll(await openDuckDBQuery(sql(4500), { name: 'q' }))).rows;
    expect(reference).toHaveLength(4500);
    expect(reference[3]).toEqual({ i: 3, x: null, s: 'label number 3', even: false });
    for (const [batchSize, n] of [
      [1, 300],
      [5, 4500],
      [2047, 4500],
      [2049, 4500],
    ]) {
      const { rows, sizes } = await readAll(await openDuckDBQuery(sql(n), { name: 'q', batchSize }));
      expect(rows).toEqual(reference.slice(0, n));
      expect(sizes.slice(0, -1).every((size) => size === batchSize)).toBe(true);
      expect(sizes.at(-1)).toBe(n % batchSize || batchSize);
    }
  });

  it('rewrites conversion errors raised while streaming', async () => {
    const source = await openDuckDBQuery(`SELECT CAST(v AS INTEGER) AS v FROM (VALUES ('1'), ('x')) t(v)`, {
      name: 'casts',
    });
    const error = await readAll(source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as Error).message).toMatch(/^casts: Conversion Error: .*x/);
  });
});

describe('openDuckDBQuery: default batch size', () => {
  it('is 65,536 rows, fewer for tables of more than 64 columns', async () => {
    const narrow = await openDuckDBQuery('SELECT i FROM range(70000) t(i)', { name: 'narrow' });
    expect((await readAll(narrow)).sizes).toEqual([65_536, 70_000 - 65_536]);
    const columns = Array.from({ length: 256 }, (_, k) => `i + ${k} AS c${k}`).join(', ');
    const wide = await openDuckDBQuery(`SELECT ${columns} FROM range(20000) t(i)`, { name: 'wide' });
    expect(wide.schema.fields).toHaveLength(256);
    const sizes: number[] = [];
    for await (const batch of wide.batches()) sizes.push(batch.numRows);
    await wide.close();
    expect(sizes).toEqual([16_384, 20_000 - 16_384]);
  });
});
