import { afterAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { AuditError } from '../../src/core/errors.js';
import { openSource } from '../../src/io/open-source.js';
import { describeSchema, fixtureConnection, readAll, tempDir } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const DICT = 'Dictionary<Int32, Utf8>';

describe('openSource: csv', () => {
  it('round-trips numbers, text and empty fields as nulls; booleans and dates stay text as written', async () => {
    const path = tmp.file('basic.csv', 'id,score,group,flag,day\n1,0.25,a,true,2020-01-01\n2,,b,False,2021-02-03\n3,1e-3,,yes,2020-01-01\n');
    const source = await openSource(path);
    expect(source.format).toBe('csv');
    expect(describeSchema(source)).toEqual(['id:Float64', 'score:Float64', `group:${DICT}`, `flag:${DICT}`, `day:${DICT}`]);
    const { rows, batches } = await readAll(source);
    expect(rows).toEqual([
      { id: 1, score: 0.25, group: 'a', flag: 'true', day: '2020-01-01' },
      { id: 2, score: null, group: 'b', flag: 'False', day: '2021-02-03' },
      { id: 3, score: 0.001, group: null, flag: 'yes', day: '2020-01-01' },
    ]);
    // a column of true / false only is read as booleans (it can feed a model's bool input)
    const booleans = await openSource(tmp.file('booleans.csv', 'b,c\ntrue,yes\nFALSE,no\n'));
    expect(describeSchema(booleans)).toEqual(['b:Bool', `c:${DICT}`]);
    expect((await readAll(booleans)).rows).toEqual([
      { b: true, c: 'yes' },
      { b: false, c: 'no' },
    ]);
    // a type can still be forced
    const forced = await readAll(await openSource(path, { columns: ['flag'], csv: { columnTypes: { flag: 'boolean' } } }));
    expect(forced.rows.map((r) => r.flag)).toEqual([true, false, true]);
    expect(batches[0].getChild('score')!.nullCount).toBe(1);
    expect(batches[0].getChild('group')!.nullCount).toBe(1);
    expect(batches[0].getChild('id')!.nullCount).toBe(0);
  });

  it('reads a semicolon-delimited file without header using given names', async () => {
    const path = tmp.file('semi.csv', '1;x;2.5\n2;y;3.5\n');
    const source = await openSource(path, {
      csv: { delimiter: ';', header: false, columnNames: ['n', 's', 'v'] },
    });
    const { rows } = await readAll(source);
    expect(rows).toEqual([
      { n: 1, s: 'x', v: 2.5 },
      { n: 2, s: 'y', v: 3.5 },
    ]);
  });

  it('keeps delimiters and doubled quotes inside quoted fields, with the default and a custom quote', async () => {
    const dq = tmp.file('quoted.csv', 'name,note\n"Smith, J","he said ""hi"""\nplain,x\n');
    expect((await readAll(await openSource(dq))).rows).toEqual([
      { name: 'Smith, J', note: 'he said "hi"' },
      { name: 'plain', note: 'x' },
    ]);
    const sq = tmp.file('single.csv', "name,note\n'Smith, J',ok\n");
    expect((await readAll(await openSource(sq, { csv: { quote: "'" } }))).rows).toEqual([
      { name: 'Smith, J', note: 'ok' },
    ]);
  });

  it('handles CRLF line endings', async () => {
    const path = tmp.file('crlf.csv', 'a,b\r\n1,x\r\n2,y\r\n');
    const { rows } = await readAll(await openSource(path));
    expect(rows).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });

  it('reads NA strings as nulls, so the column stays numeric', async () => {
    const path = tmp.file('na.csv', 'age,city\n30,?\nNA,Seoul\n41,NA\n');
    const source = await openSource(path, { csv: { naStrings: ['?', 'NA'] } });
    expect(describeSchema(source)).toEqual(['age:Float64', `city:${DICT}`]);
    expect((await readAll(source)).rows).toEqual([
      { age: 30, city: null },
      { age: null, city: 'Seoul' },
      { age: 41, city: null },
    ]);
  });

  it('skips lines before the header', async () => {
    const path = tmp.file('skip.csv', 'exported by tool v1\n# another note; with, commas\nx,y\n1,2\n');
    const { rows } = await readAll(await openSource(path, { csv: { skip: 2 } }));
    expect(rows).toEqual([{ x: 1, y: 2 }]);
  });

  it('never drops lines silently: rows starting with # are data, ragged rows are errors', async () => {
    const hash = tmp.file('hash.csv', 'id,v\n#1,2\n3,4\n#5,6\n');
    expect((await readAll(await openSource(hash))).rows).toEqual([
      { id: '#1', v: 2 },
      { id: '3', v: 4 },
      { id: '#5', v: 6 },
    ]);
    const commented = tmp.file('commented.csv', '# exported\na,b\n1,2\n# total\n');
    expect((await readAll(await openSource(commented, { csv: { comment: '#' } }))).rows).toEqual([
      { a: 1, b: 2 },
    ]);
    // DuckDB's sniffer would take the last line as the header and return no rows
    const ragged = tmp.file('ragged.csv', 'a,b\n1,2\n3,4,5\n');
    await expect(openSource(ragged).then(readAll)).rejects.toThrow(
      /ragged\.csv: cannot detect the csv layout .*different number of fields or an unclosed quote/,
    );
    const lines = ['a,b'];
    for (let i = 0; i < 25_000; i++) lines.push(`${i},${i}`);
    lines.push('1,2,3');
    const late = tmp.file('ragged-late.csv', lines.join('\n') + '\n');
    await expect(openSource(late).then(readAll)).rejects.toThrow(
      /^.*ragged-late\.csv: Invalid Input Error: CSV Error on Line: 25002; Original Line: 1,2,3; Expected Number of Columns: 2 Found: 3$/,
    );
  });

  it('renames repeated and empty header names, keeps every column, and reports it', async () => {
    const path = tmp.file('dup.csv', 'a,b,a,,a\n1,2,3,4,5\n');
    const source = await openSource(path);
    expect(source.schema.fields.map((f) => f.name)).toEqual(['a', 'b', 'a_1', 'column3', 'a_2']);
    expect(source.renamedColumns).toEqual([
      { original: 'a', renamed: 'a_1' },
      { original: '', renamed: 'column3' },
      { original: 'a', renamed: 'a_2' },
    ]);
    expect((await readAll(source)).rows).toEqual([{ a: 1, b: 2, a_1: 3, column3: 4, a_2: 5 }]);
  });

  it('reports no renamed columns when names are unique', async () => {
    const source = await openSource(tmp.file('uniq.csv', 'a,b\n1,2\n'));
    expect(source.renamedColumns).toEqual([]);
    await source.close();
  });

  it('selects columns in the requested order and names unknown ones', async () => {
    const path = tmp.file('proj.csv', 'a,b,income\n1,x,10\n2,y,20\n');
    const { rows } = await readAll(await openSource(path, { columns: ['income', 'a'] }));
    expect(rows).toEqual([
      { income: 10, a: 1 },
      { income: 20, a: 2 },
    ]);
    await expect(openSource(path, { columns: ['incme'] })).rejects.toThrow(
      /^missing column: incme \(in .*proj\.csv; did you mean income\? columns: a, b, income\)$/,
    );
  });

  it('cuts batches of exactly batchSize rows, in file order', async () => {
    const lines = ['id,g'];
    for (let i = 0; i < 10_000; i++) lines.push(`${i},${i % 7 === 0 ? '' : `g${i % 3}`}`);
    const path = tmp.file('many.csv', lines.join('\n') + '\n');
    for (const batchSize of [1000, 3000, 777, 65_536]) {
      const { rows, sizes } = await readAll(await openSource(path, { batchSize }));
      const full = Math.floor(10_000 / batchSize);
      expect(sizes.slice(0, full)).toEqual(Array(full).fill(batchSize));
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(10_000);
      expect(sizes.every((n) => n <= batchSize && n > 0)).toBe(true);
      expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
      expect(rows.map((r) => r.g)).toEqual(
        Array.from({ length: 10_000 }, (_, i) => (i % 7 === 0 ? null : `g${i % 3}`)),
      );
    }
  });

  it('refuses a non-numeric value in a column forced numeric, naming file, column and value', async () => {
    const path = tmp.file('bad.csv', 'id,score\n1,0.5\n2,abc\n');
    const source = await openSource(path, { csv: { columnTypes: { score: 'double' } } });
    const error = await readAll(source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as Error).message).toMatch(
      /^.*bad\.csv: cannot read column score: "abc" is not a number \(line 3; duckdb: could not convert string "abc" to 'DOUBLE'\)$/,
    );
  });

  it('explains a bad value after the rows DuckDB sampled to guess types', async () => {
    const lines = ['id,score'];
    for (let i = 0; i < 25_000; i++) lines.push(`${i},${i / 8}`);
    lines.push('25000,n/a');
    const path = tmp.file('late.csv', lines.join('\n') + '\n');
    const error = await readAll(await openSource(path)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as Error).message).toMatch(
      /late\.csv: cannot read column score: "n\/a" is not a number \(line 25002;/,
    );
    expect((error as Error).message).toMatch(/--column-type score=string \(csv\.columnTypes in the library\)/);
    expect((error as Error).message).not.toContain('\n');
    // forcing the column to text reads it
    const { rows } = await readAll(await openSource(path, { csv: { columnTypes: { score: 'string' } } }));
    expect(rows.at(-1)).toEqual({ id: 25000, score: 'n/a' });
  });

  it('never ends short: a bad value far past the first chunks is an error, not the end of the data', async () => {
    // DuckDB's streaming result ends like an exhausted one when a conversion fails mid-way
    const lines = ['id,score'];
    for (let i = 0; i < 150_000; i++) lines.push(`${i},${i / 8}`);
    lines.push('150000,n/a');
    const path = tmp.file('far.csv', lines.join('\n') + '\n');
    const error = await readAll(await openSource(path)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as Error).message).toMatch(/far\.csv: cannot read column score: "n\/a" is not a number \(line 150002;/);
    // the rows are all there when the column is read as text
    const { rows } = await readAll(await openSource(path, { columns: ['id'], csv: { columnTypes: { score: 'string' } } }));
    expect(rows).toHaveLength(150_001);
  });

  it('never rounds a fraction in a column whose sampled rows were whole: refuses it, or reads it as asked', async () => {
    const lines = ['x,g'];
    for (let i = 0; i < 30_000; i++) lines.push(`${i % 7},${i % 3}`);
    lines.push('5.5,1');
    const path = tmp.file('fraction.csv', lines.join('\n') + '\n');
    const error = await readAll(await openSource(path)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as Error).message).toMatch(
      /fraction\.csv: cannot read column x: 5\.5 is not a whole number, but the rows DuckDB sampled to guess its type were \(a CSV column is read as decimals with --column-type x=double/,
    );
    // whole-number columns stay marked as such (their groups print as integers)
    const source = await openSource(path, { columns: ['g'] });
    expect(source.schema.fields[0].metadata.get('assay.integer')).toBe('true');
    await source.close();
    const { rows } = await readAll(await openSource(path, { columns: ['x'], csv: { columnTypes: { x: 'double' } } }));
    expect(rows.at(-1)).toEqual({ x: 5.5 });
  });

  it('says so when --skip skips every line', async () => {
    const path = tmp.file('short.csv', 'a,b\n1,2\n');
    await expect(openSource(path, { csv: { skip: 100 } })).rejects.toThrow(/short\.csv: --skip 100 skips every line of the file \(it has 2\)$/);
  });

  it('reads gzip-compressed csv and tab-separated files', async () => {
    const gz = tmp.file('z.csv.gz', gzipSync('a,b\n1,x\n'));
    expect((await readAll(await openSource(gz))).rows).toEqual([{ a: 1, b: 'x' }]);
    const tsv = tmp.file('t.tsv', 'a\tb c\n1\tx,y\n');
    expect((await readAll(await openSource(tsv))).rows).toEqual([{ a: 1, 'b c': 'x,y' }]);
  });

  it('reads exactly the named file even when its path has quotes and glob characters', async () => {
    const odd = tmp.file(`it's "odd" [1] *.csv`, 'v\n1\n');
    tmp.file(`it's "odd" [1] zzz.csv`, 'v\n2\n'); // would match the glob
    const { rows } = await readAll(await openSource(odd));
    expect(rows).toEqual([{ v: 1 }]);
    const gz = tmp.file('glob*.csv.gz', gzipSync('v\n3\n'));
    expect((await readAll(await openSource(gz))).rows).toEqual([{ v: 3 }]);
  });

  it('keeps column names with spaces, quotes and markup intact', async () => {
    const path = tmp.file('names.csv', '"my col","<b>""x""</b>",\'q\'\n1,2,3\n');
    const source = await openSource(path, { columns: ['<b>"x"</b>', "'q'", 'my col'] });
    expect((await readAll(source)).rows).toEqual([{ '<b>"x"</b>': 2, "'q'": 3, 'my col': 1 }]);
  });

  it('gives a schema and no batches for a header-only file', async () => {
    const source = await openSource(tmp.file('header.csv', 'a,b\n'));
    expect(source.schema.fields.map((f) => f.name)).toEqual(['a', 'b']);
    const { sizes } = await readAll(source);
    expect(sizes).toEqual([]);
  });

  it('dictionary-encodes long and short strings exactly as DuckDB reads them, across batch boundaries', async () => {
    const lines = ['k,s'];
    const words = [
      'short',
      'exactly12byt',
      'thirteen-byte',
      'a rather longer category name',
      'ünïcödé-välüé-ß',
      '',
    ];
    for (let i = 0; i < 9_000; i++) {
      const s = i % 11 === 0 ? '' : `${words[i % words.length]}${i % 5 === 0 ? `-${i}` : ''}`;
      lines.push(`${i},${s === '' ? '' : `"${s}"`}`);
    }
    const path = tmp.file('strings.csv', lines.join('\n') + '\n');
    const c = await fixtureConnection();
    const expected = (
      await c.runAndReadAll(`SELECT s FROM read_csv('${path}', header=true, quote='"') ORDER BY k`)
    )
      .getRows()
      .map((r) => r[0]);
    for (const batchSize of [1000, 4096]) {
      const { rows, batches } = await readAll(await openSource(path, { batchSize }));
      expect(rows.map((r) => r.s)).toEqual(expected);
      for (const batch of batches) {
        const dictionary = batch.getChild('s')!.data[0].dictionary!.toArray() as string[];
        expect(new Set(dictionary).size).toBe(dictionary.length); // each value once per batch
      }
    }
  });
});
