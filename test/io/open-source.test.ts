import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { AuditError } from '../../src/core/errors.js';
import { formatOfPath, openSource } from '../../src/io/open-source.js';
import { readAll, tempDir } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('formatOfPath', () => {
  it.each([
    ['a.csv', 'csv'],
    ['A.TSV', 'csv'],
    ['notes.txt', 'csv'],
    ['x.csv.gz', 'csv'],
    ['x.jsonl.zst', 'jsonl'],
    ['x.parquet', 'parquet'],
    ['x.pq', 'parquet'],
    ['x.jsonl', 'jsonl'],
    ['x.ndjson', 'jsonl'],
    ['x.json', 'jsonl'],
    ['x.arrow', 'arrow'],
    ['x.feather', 'arrow'],
    ['x.ipc', 'arrow'],
    ['x.arrows', 'arrow'],
    ['x.xlsx', null],
    ['x.parquet.gz', null],
    ['csv', null],
  ])('%s → %s', (path, format) => {
    expect(formatOfPath(path)).toBe(format);
  });
});

describe('openSource: errors', () => {
  const expectAuditError = async (promise: Promise<unknown>, message: string | RegExp) => {
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    if (typeof message === 'string') expect((error as Error).message).toBe(message);
    else expect((error as Error).message).toMatch(message);
  };

  it('names a missing file', async () => {
    const path = join(tmp.dir, 'nope.csv');
    await expectAuditError(openSource(path), `file not found: ${path}`);
  });

  it('refuses an empty file', async () => {
    const path = tmp.file('empty.parquet', '');
    await expectAuditError(openSource(path), `empty file: ${path}`);
  });

  it('refuses a directory', async () => {
    const path = join(tmp.dir, 'folder.csv');
    mkdirSync(path);
    await expectAuditError(openSource(path), `not a file: ${path} (it is a directory)`);
  });

  it('refuses an unknown extension and lists the expected ones', async () => {
    const path = tmp.file('x.xlsx', 'PK');
    await expectAuditError(
      openSource(path),
      /^unsupported file format: .*x\.xlsx \(expected \.csv, \.tsv, .*\.arrows; .*\)$/,
    );
  });

  it('refuses an unknown format name with a suggestion', async () => {
    const path = tmp.file('y.dat', 'a\n1\n');
    await expectAuditError(
      openSource(path, { format: 'parket' as never }),
      /^unknown format: parket \(did you mean parquet\?/,
    );
  });

  it('refuses csv options for other formats', async () => {
    const path = tmp.file('t.arrow', tableToIPC(tableFromArrays({ a: Int32Array.of(1) }), 'file'));
    await expectAuditError(
      openSource(path, { csv: { delimiter: ';' } }),
      /csv options do not apply to .*t\.arrow \(read as arrow\)/,
    );
  });

  it('refuses invalid csv options and batch sizes', async () => {
    const path = tmp.file('ok.csv', 'a,b\n1,2\n');
    await expectAuditError(
      openSource(path, { csv: { skip: -1 } }),
      'invalid csv skip: -1 (expected a whole number of lines, 0 or more)',
    );
    await expectAuditError(
      openSource(path, { csv: { columnNames: ['a', 'a'] } }),
      'invalid csv columnNames: a appears twice',
    );
    await expectAuditError(
      openSource(path, { csv: { columnTypes: { a: 'doubel' as never } } }),
      /^unknown column type of a: doubel \(did you mean double/,
    );
    await expectAuditError(openSource(path, { batchSize: 0 }), /^invalid batch size: 0/);
    await expectAuditError(openSource(path, { columns: [] }), /^no columns requested from/);
    await expectAuditError(
      openSource(path, { csv: { columnTypes: { zz: 'double' } } }),
      /ok\.csv: Binder Error: .*zz/,
    );
  });

  it('uses the format option over the extension', async () => {
    const path = tmp.file('data.dat', 'a;b\n1;x\n');
    const { rows } = await readAll(await openSource(path, { format: 'csv', csv: { delimiter: ';' } }));
    expect(rows).toEqual([{ a: 1, b: 'x' }]);
  });

  it('iterates once and closes twice safely', async () => {
    const source = await openSource(tmp.file('once.csv', 'a\n1\n'));
    const batches = source.batches();
    expect(() => source.batches()).toThrow(/can be iterated only once/);
    for await (const batch of batches) expect(batch.numRows).toBe(1);
    await source.close();
    await source.close();
  });

  it('stops cleanly when the consumer leaves early', async () => {
    const lines = ['i'];
    for (let i = 0; i < 50_000; i++) lines.push(String(i));
    const source = await openSource(tmp.file('early.csv', lines.join('\n')), { batchSize: 1000 });
    let seen = 0;
    for await (const batch of source.batches()) {
      seen += batch.numRows;
      if (seen >= 3000) break;
    }
    await source.close();
    expect(seen).toBe(3000);
  });
});
