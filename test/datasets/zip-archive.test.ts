import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditError } from '../../src/core/errors.js';
import {
  assertSafeEntry,
  extractZipEntry,
  findZipEntry,
  readZipArchive,
} from '../../src/datasets/zip-archive.js';
import { makeZip, type ZipInput } from './helpers/zip-writer.js';

const fixtures = resolve(import.meta.dirname, 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'assay-zip-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let counter = 0;
const tmp = (name = 'out'): string => join(work, `${name}-${counter++}`);
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function archiveFile(entries: ZipInput[], options?: Parameters<typeof makeZip>[1]): string {
  const path = tmp('a.zip');
  writeFileSync(path, makeZip(entries, options));
  return path;
}

describe('readZipArchive and extractZipEntry on archives made by other tools', () => {
  it('reads an Info-ZIP archive (deflated, stored, folder entries) byte for byte', async () => {
    // fixtures/info-zip.zip was made with Info-ZIP `zip -X -r -n .bin`; the sha256 values are
    // `sha256sum` of the original files (see fixtures/README.md).
    const archive = await readZipArchive(join(fixtures, 'info-zip.zip'), 'info-zip.zip');
    expect(archive.entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ['pkg/hello.txt', 8, 2600],
      ['pkg/sub/', 0, 0],
      ['pkg/sub/data.csv', 0, 12],
      ['pkg/stored.bin', 0, 256],
    ]);
    const expected: Record<string, string> = {
      'hello.txt': '631dd7ea7e96b46769a30bf4f4faca300fcc418533bc5d57a7c171a9adb84ed4',
      'data.csv': 'b9485148546419a0f6a85e8d708c923557c15d7f3c7d078ef1fa7f7c0f57d5a5',
      'stored.bin': '40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880',
    };
    for (const [member, digest] of Object.entries(expected)) {
      const dest = tmp();
      await extractZipEntry(archive, findZipEntry(archive, member), dest, 10_000);
      expect(sha256(readFileSync(dest))).toBe(digest);
    }
  });

  it('refuses an Info-ZIP archive holding a symbolic link, before extracting anything', async () => {
    await expect(readZipArchive(join(fixtures, 'info-zip-symlink.zip'), 'sym.zip')).rejects.toThrow(
      'unsafe archive entry in sym.zip: "pkg/link" (symbolic link)',
    );
  });

  it('refuses a Python zipfile archive with a ../ entry', async () => {
    await expect(readZipArchive(join(fixtures, 'python-traversal.zip'), 'trav.zip')).rejects.toThrow(
      'unsafe archive entry in trav.zip: "../../evil.txt" (path escapes the folder)',
    );
  });
});

describe('readZipArchive', () => {
  it('reads zip64 records and an archive comment', async () => {
    const data = 'x'.repeat(1000);
    for (const options of [{ zip64: true }, { comment: 'a comment with PK\u0005\u0006 inside' }]) {
      const archive = await readZipArchive(
        archiveFile(
          [
            { name: 'd/a.txt', data },
            { name: 'b.txt', data: 'b', method: 0 },
          ],
          options,
        ),
        'z',
      );
      expect(archive.entries.map((e) => [e.name, e.size])).toEqual([
        ['d/a.txt', 1000],
        ['b.txt', 1],
      ]);
      const dest = tmp();
      await extractZipEntry(archive, findZipEntry(archive, 'a.txt'), dest, 1000);
      expect(readFileSync(dest, 'utf8')).toBe(data);
    }
  });

  it.each([
    ['../x', 'path escapes the folder'],
    ['a/../../x', 'path escapes the folder'],
    ['a\\..\\..\\x', 'path escapes the folder'],
    ['/etc/passwd', 'absolute path'],
    ['\\windows\\x', 'absolute path'],
    ['C:/x', 'absolute path'],
    ['c:x', 'absolute path'],
  ])('refuses the entry %s (%s)', async (name, reason) => {
    const path = archiveFile([
      { name: 'ok.txt', data: 'ok' },
      { name, data: 'evil' },
    ]);
    await expect(readZipArchive(path, 'h.zip')).rejects.toThrow(
      `unsafe archive entry in h.zip: ${JSON.stringify(name)} (${reason})`,
    );
  });

  it('refuses symbolic links by their Unix mode, and accepts regular files and folders', async () => {
    await expect(
      readZipArchive(archiveFile([{ name: 'l', data: '/etc', unixMode: 0o120777, method: 0 }]), 'l.zip'),
    ).rejects.toThrow('(symbolic link)');
    const ok = await readZipArchive(
      archiveFile([
        { name: 'f', data: 'x', unixMode: 0o100644 },
        { name: 'd/', data: '', unixMode: 0o040755, method: 0 },
      ]),
      'ok.zip',
    );
    expect(ok.entries.map((e) => e.directory)).toEqual([false, true]);
  });

  it('accepts names with dots that do not escape', () => {
    expect(() => assertSafeEntry('a/..b/c..d/.../x', 20, 0, 'z')).not.toThrow();
  });

  it('fails on a file that is not a zip archive', async () => {
    const path = tmp('not.zip');
    writeFileSync(path, 'this is, in fact, a csv file\n');
    await expect(readZipArchive(path, 'not.zip')).rejects.toThrow('not a zip archive: not.zip');
    const empty = tmp('empty.zip');
    writeFileSync(empty, '');
    await expect(readZipArchive(empty, 'empty.zip')).rejects.toThrow('not a zip archive: empty.zip');
  });

  it('fails on a truncated archive', async () => {
    const full = makeZip([{ name: 'a.txt', data: 'hello'.repeat(100) }]);
    const path = tmp('cut.zip');
    writeFileSync(path, Buffer.concat([full.subarray(0, 20), full.subarray(full.length - 22)]));
    await expect(readZipArchive(path, 'cut.zip')).rejects.toThrow(AuditError);
  });
});

describe('findZipEntry', () => {
  it('prefers the exact path, then a unique base name outside __MACOSX/, then ignoring case', async () => {
    const archive = await readZipArchive(
      archiveFile([
        { name: 'x/data.csv', data: '1' },
        { name: '__MACOSX/x/._data.csv', data: 'junk' },
        { name: '__MACOSX/data.csv', data: 'junk' },
        { name: 'y/IDS_mapping.csv', data: '2' },
        { name: 'x/dup.txt', data: 'a' },
        { name: 'y/dup.txt', data: 'b' },
      ]),
      'f.zip',
    );
    expect(findZipEntry(archive, 'x/data.csv').name).toBe('x/data.csv');
    expect(findZipEntry(archive, 'other/data.csv').name).toBe('x/data.csv');
    expect(findZipEntry(archive, 'IDs_mapping.csv').name).toBe('y/IDS_mapping.csv');
    expect(findZipEntry(archive, 'x/dup.txt').name).toBe('x/dup.txt');
    expect(() => findZipEntry(archive, 'dup.txt')).toThrow(
      'ambiguous member dup.txt in f.zip: x/dup.txt, y/dup.txt',
    );
    expect(() => findZipEntry(archive, 'missing.csv')).toThrow('no member missing.csv in f.zip');
  });
});

describe('extractZipEntry', () => {
  const extract = async (entry: ZipInput, maxBytes = 1e6): Promise<string> => {
    const archive = await readZipArchive(archiveFile([entry]), 'e.zip');
    const dest = tmp();
    await extractZipEntry(archive, archive.entries[0], dest, maxBytes);
    return readFileSync(dest, 'utf8');
  };

  it('extracts stored and deflated entries', async () => {
    expect(await extract({ name: 'a', data: 'stored', method: 0 })).toBe('stored');
    expect(await extract({ name: 'a', data: 'deflated '.repeat(50) })).toBe('deflated '.repeat(50));
    expect(await extract({ name: 'a', data: '' })).toBe('');
  });

  it('stops a zip bomb: data inflating beyond the declared size', async () => {
    await expect(extract({ name: 'a', data: '0'.repeat(100_000), declaredSize: 10 })).rejects.toThrow(
      'a inflates beyond its declared 10 bytes',
    );
  });

  it('refuses an entry larger than the caller expects, before inflating', async () => {
    await expect(extract({ name: 'a', data: 'x'.repeat(100) }, 99)).rejects.toThrow(
      'zip entry too large: a in e.zip (100 bytes, at most 99 expected)',
    );
  });

  it('checks the CRC-32 and the declared size', async () => {
    await expect(extract({ name: 'a', data: 'hello', crc: 12345 })).rejects.toThrow(
      'a fails its CRC-32 check',
    );
    await expect(extract({ name: 'a', data: 'hello', declaredSize: 9 })).rejects.toThrow(
      'a has 5 bytes, 9 declared',
    );
  });

  it('refuses encrypted entries, unknown methods and disagreeing local headers', async () => {
    await expect(extract({ name: 'a', data: 'x', flags: 1 })).rejects.toThrow(
      'unsupported zip entry a in e.zip: encrypted',
    );
    await expect(extract({ name: 'a', data: 'x', method: 12 })).rejects.toThrow('compression method 12');
    await expect(extract({ name: 'safe.txt', localName: '../evil.txt', data: 'x' })).rejects.toThrow(
      'local header of safe.txt names another file',
    );
  });

  it('reports deflate data that does not inflate', async () => {
    const archive = makeZip([{ name: 'a', data: 'some text to compress '.repeat(20) }]);
    // Overwrite the deflate stream (it starts after the 30-byte local header and the 1-byte name) with junk.
    archive.fill(0xff, 31, 40);
    const path = tmp('bad.zip');
    writeFileSync(path, archive);
    const parsed = await readZipArchive(path, 'bad.zip');
    await expect(extractZipEntry(parsed, parsed.entries[0], tmp(), 1e6)).rejects.toThrow(
      /corrupt zip archive bad\.zip: a (does not inflate|fails|has|inflates)/,
    );
  });

  it('never writes outside the destination it is given', async () => {
    const before = readdirSync(work).length;
    await expect(extract({ name: 'safe.txt', localName: '../escape.txt', data: 'x' })).rejects.toThrow();
    expect(existsSync(join(work, '..', 'escape.txt'))).toBe(false);
    expect(readdirSync(work).length).toBe(before + 1); // only the archive itself
  });
});
