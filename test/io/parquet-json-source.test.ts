import { afterAll, describe, expect, it } from 'vitest';
import { AuditError } from '../../src/core/errors.js';
import { openSource } from '../../src/io/open-source.js';
import { copyTo, describeSchema, readAll, tempDir } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const DICT = 'Dictionary<Int32, Utf8>';

const TYPED = `
  SELECT * FROM (VALUES
    (1::INTEGER, 10::BIGINT, 0.5::DOUBLE, 1.25::FLOAT, 12.34::DECIMAL(10,2), true, 'Female', DATE '2024-02-29', TIMESTAMP '2024-01-02 03:04:05.123456', -3::TINYINT, 18446744073709551615::UBIGINT, [1, 2]),
    (NULL, -9007199254740993::BIGINT, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (3, 2, -1e300, -0.5, -0.01, false, 'a longer text value, with a comma', DATE '1969-12-31', TIMESTAMP '1970-01-01 00:00:00', 127::TINYINT, 0::UBIGINT, [])
  ) AS t(i, big, d, f, dec, b, s, day, ts, tiny, ubig, list)`;

describe('openSource: parquet', () => {
  it('round-trips typed columns with nulls', async () => {
    const path = await copyTo(TYPED, tmp.file('typed.parquet'), 'FORMAT parquet');
    const source = await openSource(path);
    expect(source.format).toBe('parquet');
    expect(describeSchema(source)).toEqual([
      'i:Int32',
      'big:Float64',
      'd:Float64',
      'f:Float64',
      'dec:Float64',
      'b:Bool',
      `s:${DICT}`,
      'day:Date32<DAY>',
      'ts:Timestamp<MICROSECOND>',
      'tiny:Int32',
      'ubig:Float64',
      `list:${DICT}`,
    ]);
    const { rows, batches } = await readAll(source);
    expect(rows.map((r) => [r.i, r.big, r.d, r.f, r.dec, r.b, r.s, r.tiny, r.ubig, r.list])).toEqual([
      [1, 10, 0.5, 1.25, 12.34, true, 'Female', -3, 2 ** 64, '[1, 2]'],
      [null, -9007199254740992, null, null, null, null, null, null, null, null],
      [3, 2, -1e300, -0.5, -0.01, false, 'a longer text value, with a comma', 127, 0, '[]'],
    ]);
    const day = batches[0].getChild('day')!;
    expect(Array.from(day.data[0].values as Int32Array)[0]).toBe(19782); // 2024-02-29 in days since 1970
    expect(Array.from(day.data[0].values as Int32Array)[2]).toBe(-1);
    expect(day.nullCount).toBe(1);
    const ts = batches[0].getChild('ts')!.data[0].values as BigInt64Array;
    expect(ts[0]).toBe(1704164645123456n);
    expect(ts[2]).toBe(0n);
  });

  it('reads only the requested columns', async () => {
    const path = await copyTo(TYPED, tmp.file('proj.parquet'), 'FORMAT parquet');
    const source = await openSource(path, { columns: ['s', 'i'] });
    expect(describeSchema(source)).toEqual([`s:${DICT}`, 'i:Int32']);
    expect((await readAll(source)).rows.map((r) => r.i)).toEqual([1, null, 3]);
  });

  it('streams a larger file in batches of batchSize', async () => {
    const path = await copyTo(
      `SELECT i::INTEGER AS id, (i % 3 = 0) AS pos, CASE WHEN i % 4 = 0 THEN NULL ELSE 'grp-' || (i % 5)::VARCHAR END AS g FROM range(20000) t(i)`,
      tmp.file('big.pq'),
      'FORMAT parquet',
    );
    const { rows, sizes } = await readAll(await openSource(path, { batchSize: 6000 }));
    expect(sizes).toEqual([6000, 6000, 6000, 2000]);
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 20000 }, (_, i) => i));
    expect(rows.map((r) => r.pos)).toEqual(Array.from({ length: 20000 }, (_, i) => i % 3 === 0));
    expect(rows.map((r) => r.g)).toEqual(
      Array.from({ length: 20000 }, (_, i) => (i % 4 === 0 ? null : `grp-${i % 5}`)),
    );
  });

  it('refills one set of buffers with reuseBuffers, for a reader done with each batch first', async () => {
    const path = await copyTo(
      `SELECT i::INTEGER AS id, (i % 3 = 0) AS pos, i * 0.5 AS x, CASE WHEN i % 4 = 0 THEN NULL ELSE 'grp-' || (i % 5)::VARCHAR END AS g FROM range(20000) t(i)`,
      tmp.file('reuse.pq'),
      'FORMAT parquet',
    );
    const expected = Array.from({ length: 20000 }, (_, i) => [i, i % 3 === 0, i * 0.5, i % 4 === 0 ? null : `grp-${i % 5}`]);
    // whole DuckDB chunks of 2,048 rows per batch (buffers refilled), batches ending inside a chunk,
    // and several batches per chunk (never sharing buffers)
    for (const batchSize of [6144, 6000, 700]) {
      const source = await openSource(path, { batchSize, reuseBuffers: true });
      const rows: unknown[][] = [];
      const buffers = new Set<ArrayBufferLike>();
      for await (const batch of source.batches()) {
        buffers.add(batch.getChild('x')!.data[0].values.buffer);
        // read each batch before asking for the next, as the audit engine does
        for (let r = 0; r < batch.numRows; r++) {
          rows.push(['id', 'pos', 'x', 'g'].map((c) => batch.getChild(c)!.get(r) as unknown));
        }
      }
      await source.close();
      expect(rows, `batch size ${batchSize}`).toEqual(expected);
      if (batchSize === 6144) expect(buffers.size).toBeLessThan(4); // 4 batches, buffers refilled
    }
  });

  it('names the file when it is not parquet', async () => {
    const path = tmp.file('fake.parquet', 'a,b\n1,2\n');
    const error = await openSource(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as Error).message).toMatch(/fake\.parquet: Invalid Input Error: .*(Parquet|magic)/);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('openSource: json lines', () => {
  it('round-trips newline-delimited JSON with nulls and missing keys', async () => {
    const path = tmp.file(
      'rows.jsonl',
      '{"a": 1, "b": "x", "c": 0.5}\n{"a": 2, "b": null}\n{"a": 3, "b": "y", "c": 1.5}\n',
    );
    const source = await openSource(path);
    expect(source.format).toBe('jsonl');
    expect(describeSchema(source)).toEqual(['a:Float64', `b:${DICT}`, 'c:Float64']);
    expect((await readAll(source)).rows).toEqual([
      { a: 1, b: 'x', c: 0.5 },
      { a: 2, b: null, c: null },
      { a: 3, b: 'y', c: 1.5 },
    ]);
  });

  it('reads files written by DuckDB COPY and .json arrays', async () => {
    const path = await copyTo(TYPED, tmp.file('typed.ndjson'), 'FORMAT json');
    const { rows } = await readAll(await openSource(path, { columns: ['i', 's'] }));
    expect(rows).toEqual([
      { i: 1, s: 'Female' },
      { i: null, s: null },
      { i: 3, s: 'a longer text value, with a comma' },
    ]);
    const array = tmp.file('array.json', '[{"k": "a", "v": 1}, {"k": "b", "v": 2}]');
    expect((await readAll(await openSource(array))).rows).toEqual([
      { k: 'a', v: 1 },
      { k: 'b', v: 2 },
    ]);
  });

  it('reads a field holding numbers and strings as their text', async () => {
    const path = tmp.file('mixed.jsonl', '{"a": 1}\n{"a": "x"}\n{"a": null}\n{"a": [1, "b"]}\n');
    const source = await openSource(path);
    expect(describeSchema(source)).toEqual([`a:${DICT}`]);
    expect((await readAll(source)).rows.map((r) => r.a)).toEqual(['1', 'x', null, '[1,"b"]']);
  });

  it('refuses a key first seen after the sampled rows when it is asked for; others read as sampled', async () => {
    const lines = Array.from({ length: 25_000 }, (_, i) => `{"a": ${i}, "s": "t"}`);
    lines.push('{"a": 1, "s": "t", "b": "x"}');
    const path = tmp.file('late-key.jsonl', lines.join('\n') + '\n');
    await expect(openSource(path, { columns: ['a', 'b'] })).rejects.toThrow(/missing column: b /);
    expect((await readAll(await openSource(path, { columns: ['s'] }))).rows).toHaveLength(25_001);
  });

  it('never rounds a fraction in a field whose sampled rows held whole numbers', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `{"a": ${i % 7}, "s": "t"}`);
    lines.push('{"a": 5.5, "s": "u"}');
    const path = tmp.file('fraction.jsonl', lines.join('\n') + '\n');
    await expect(openSource(path).then(readAll)).rejects.toThrow(/fraction\.jsonl: cannot read column a: 5\.5 is not a whole number/);
    // whole numbers stay marked as such
    const source = await openSource(path, { columns: ['a'] });
    expect(source.schema.fields[0].metadata.get('assay.integer')).toBe('true');
    await source.close();
    expect((await readAll(await openSource(path, { columns: ['s'] }))).rows.at(-1)).toEqual({ s: 'u' });
  });

  it('checks fields of negative whole numbers too (DuckDB guesses them as HUGEINT) and names them as integers', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `{"a": ${(i % 7) - 3}}`);
    const path = tmp.file('negative.jsonl', lines.join('\n') + '\n');
    const source = await openSource(path);
    expect(source.schema.fields[0].metadata.get('assay.integer')).toBe('true');
    await source.close();
    lines.push('{"a": 5.5}');
    const late = tmp.file('negative-late.jsonl', lines.join('\n') + '\n');
    await expect(openSource(late).then(readAll)).rejects.toThrow(/negative-late\.jsonl: cannot read column a: 5\.5 is not a whole number/);
  });

  it('names the file on malformed JSON', async () => {
    const path = tmp.file('broken.jsonl', '{"a": 1}\n{"a": 2,,}\n');
    const error = await openSource(path)
      .then(readAll)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as Error).message).toMatch(/broken\.jsonl: .*[Mm]alformed JSON/);
  });
});
