import { afterAll, describe, expect, it } from 'vitest';
import {
  Bool,
  Dictionary,
  Field,
  Float32,
  Int16,
  Int32,
  Int64,
  Int8,
  LargeUtf8,
  Schema,
  Table,
  Uint32,
  Utf8,
  RecordBatch,
  Struct,
  makeData,
  tableFromArrays,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import { AuditError } from '../../src/core/errors.js';
import { openSource } from '../../src/io/open-source.js';
import { describeSchema, readAll, tempDir } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const DICT = 'Dictionary<Int32, Utf8>';

/** A table with one column per type that assay normalizes, nulls included. */
function typedTable(): Table {
  return new Table({
    i8: vectorFromArray([1, null, -3], new Int8()),
    i16: vectorFromArray([300, 2, null], new Int16()),
    i32: vectorFromArray([1, 2, 3], new Int32()),
    i64: vectorFromArray([2n ** 40n, null, -5n], new Int64()),
    u32: vectorFromArray([4294967295, 0, 7], new Uint32()),
    f32: vectorFromArray([0.5, null, -1.25], new Float32()),
    f64: vectorFromArray([0.1, 0.2, null]),
    s: vectorFromArray(['Female', null, 'Male'], new Utf8()),
    ls: vectorFromArray(['x', 'y', null], new LargeUtf8()),
    d8: vectorFromArray(['p', 'q', 'p'], new Dictionary(new Utf8(), new Int8())),
    b: vectorFromArray([true, false, null], new Bool()),
  });
}

const EXPECTED_ROWS = [
  {
    i8: 1,
    i16: 300,
    i32: 1,
    i64: 2 ** 40,
    u32: 4294967295,
    f32: 0.5,
    f64: 0.1,
    s: 'Female',
    ls: 'x',
    d8: 'p',
    b: true,
  },
  { i8: null, i16: 2, i32: 2, i64: null, u32: 0, f32: null, f64: 0.2, s: null, ls: 'y', d8: 'q', b: false },
  {
    i8: -3,
    i16: null,
    i32: 3,
    i64: -5,
    u32: 7,
    f32: -1.25,
    f64: null,
    s: 'Male',
    ls: null,
    d8: 'p',
    b: null,
  },
];

describe('openSource: arrow ipc', () => {
  for (const format of ['file', 'stream'] as const) {
    it(`reads the ${format} format and brings columns to assay's types`, async () => {
      const path = tmp.file(`typed-${format}.arrow`, tableToIPC(typedTable(), format));
      const source = await openSource(path);
      expect(source.format).toBe('arrow');
      expect(describeSchema(source)).toEqual([
        'i8:Int32',
        'i16:Int32',
        'i32:Int32',
        'i64:Float64',
        'u32:Float64',
        'f32:Float64',
        'f64:Float64',
        `s:${DICT}`,
        `ls:${DICT}`,
        `d8:${DICT}`,
        'b:Bool',
      ]);
      const { rows, batches } = await readAll(source);
      expect(rows).toEqual(EXPECTED_ROWS);
      const batch = batches[0];
      expect(batch.getChild('s')!.nullCount).toBe(1);
      expect(batch.getChild('i64')!.nullCount).toBe(1);
      expect(Array.from(batch.getChild('s')!.data[0].dictionary!.toArray() as string[])).toEqual([
        'Female',
        'Male',
      ]);
    });
  }

  it('keeps batches, skips empty ones, slices to batchSize and selects columns', async () => {
    const part = (from: number, n: number) =>
      tableFromArrays({
        id: Int32Array.from({ length: n }, (_, i) => from + i),
        v: Float64Array.from({ length: n }, (_, i) => (from + i) / 2),
      });
    const table = part(0, 100).concat(part(100, 0), part(100, 250), part(350, 10));
    const path = tmp.file('parts.arrows', tableToIPC(table, 'stream'));
    const own = await readAll(await openSource(path));
    expect(own.sizes).toEqual([100, 250, 10]);
    expect(own.rows.map((r) => r.id)).toEqual(Array.from({ length: 360 }, (_, i) => i));
    const sliced = await readAll(await openSource(path, { batchSize: 64, columns: ['v'] }));
    expect(sliced.sizes).toEqual([64, 36, 64, 64, 64, 58, 10]);
    expect(sliced.rows.map((r) => r.v)).toEqual(Array.from({ length: 360 }, (_, i) => i / 2));
    expect(Object.keys(sliced.rows[0])).toEqual(['v']);
  });

  it('refills converted columns with reuseBuffers, for a reader done with each batch first', async () => {
    const n = 500;
    const groups = Array.from({ length: n }, (_, i) => ['a', 'b', 'c'][i % 3]);
    const table = new Table({
      small: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 7) - 3), new Int8()),
      big: vectorFromArray(Array.from({ length: n }, (_, i) => BigInt(i * 1000)), new Int64()),
      g: vectorFromArray(groups, new Dictionary(new Utf8(), new Int8())),
    });
    const path = tmp.file('reuse.arrow', tableToIPC(table, 'file'));
    const source = await openSource(path, { batchSize: 64, reuseBuffers: true });
    const rows: unknown[][] = [];
    const buffers = new Set<ArrayBufferLike>();
    for await (const batch of source.batches()) {
      buffers.add(batch.getChild('small')!.data[0].values.buffer);
      // read each batch before asking for the next, as the audit engine does
      for (let r = 0; r < batch.numRows; r++) rows.push(['small', 'big', 'g'].map((c) => batch.getChild(c)!.get(r) as unknown));
    }
    await source.close();
    expect(rows).toEqual(Array.from({ length: n }, (_, i) => [(i % 7) - 3, i * 1000, groups[i]]));
    expect(buffers.size).toBe(1); // eight batches, one buffer refilled
  });

  it('normalizes sliced batches with nulls at unaligned offsets', async () => {
    const n = 1000;
    const values = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : `v${i % 4}`));
    const ints = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : BigInt(i)));
    const table = new Table({
      s: vectorFromArray(values, new Utf8()),
      n: vectorFromArray(ints, new Int64()),
    });
    const path = tmp.file('unaligned.feather', tableToIPC(table, 'file'));
    const { rows } = await readAll(await openSource(path, { batchSize: 99 }));
    expect(rows.map((r) => r.s)).toEqual(values);
    expect(rows.map((r) => r.n)).toEqual(ints.map((v) => (v === null ? null : Number(v))));
  });

  it('gives text columns made dictionaries ids of their own beside the file\'s dictionaries', async () => {
    // the file's ids are the ones a new dictionary type would get next in this process (a file
    // written elsewhere numbers its dictionaries from 0, as this process does at its start)
    const next = new Dictionary(new Utf8(), new Int32()).id + 1;
    const table = new Table({
      a: vectorFromArray(['M', 'F', 'M'], new Dictionary(new Utf8(), new Int32(), next)),
      b: vectorFromArray(['u', 'u', 'v'], new Utf8()),
      c: vectorFromArray(['x', 'y', 'x'], new Dictionary(new Utf8(), new Int8(), next + 1)),
    });
    for (const format of ['file', 'stream'] as const) {
      const path = tmp.file(`dicts-${format}.arrow`, tableToIPC(table, format));
      const source = await openSource(path);
      const ids = source.schema.fields.map((f) => (f.type as Dictionary).id);
      expect(new Set(ids).size).toBe(3);
      const { rows } = await readAll(source);
      expect(rows).toEqual([
        { a: 'M', b: 'u', c: 'x' },
        { a: 'F', b: 'u', c: 'y' },
        { a: 'M', b: 'v', c: 'x' },
      ]);
    }
  });

  it('renames repeated field names and keeps both columns', async () => {
    const schema = new Schema([new Field('a', new Int32()), new Field('a', new Int32())]);
    const children = [
      vectorFromArray([1, 2], new Int32()).data[0],
      vectorFromArray([3, 4], new Int32()).data[0],
    ];
    const batch = new RecordBatch(
      schema,
      makeData({ type: new Struct(schema.fields), length: 2, nullCount: 0, children }),
    );
    const dup = new Table([batch]);
    const path = tmp.file('dup.ipc', tableToIPC(dup, 'file'));
    const source = await openSource(path);
    expect(source.schema.fields.map((f) => f.name)).toEqual(['a', 'a_1']);
    expect(source.renamedColumns).toEqual([{ original: 'a', renamed: 'a_1' }]);
    expect((await readAll(source)).rows).toEqual([
      { a: 1, a_1: 3 },
      { a: 2, a_1: 4 },
    ]);
  });

  it('refuses a truncated file format at open and a truncated stream while reading', async () => {
    const big = tableFromArrays({ x: Float64Array.from({ length: 5000 }, (_, i) => i) });
    const file = tableToIPC(big, 'file');
    const cutFile = tmp.file('cut.arrow', file.subarray(0, Math.floor(file.length / 2)));
    await expect(openSource(cutFile)).rejects.toThrow(/cut\.arrow: truncated or corrupt arrow file/);
    const stream = tableToIPC(big.concat(big), 'stream');
    const cutStream = tmp.file('cut.arrows', stream.subarray(0, Math.floor(stream.length * 0.75)));
    const error = await openSource(cutStream)
      .then(readAll)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as Error).message).toMatch(/cut\.arrows: truncated or corrupt arrow file/);
  });

  it('refuses files that are not arrow ipc', async () => {
    const csv = tmp.file('text.arrow', 'a,b\n1,2\n');
    await expect(openSource(csv)).rejects.toThrow(/text\.arrow: not an arrow ipc file/);
    const v1 = tmp.file('old.feather', Buffer.concat([Buffer.from('FEA1'), Buffer.alloc(64)]));
    await expect(openSource(v1)).rejects.toThrow(/old\.feather: feather v1 files are not supported/);
  });
});
