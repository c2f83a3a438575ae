// writeFilesAtomic when a rename fails half-way (a failure its checks cannot foresee, e.g. a
// permission or a full disk): the files it already replaced get their previous versions back.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditError } from '../../src/core/errors.js';
import { writeFilesAtomic } from '../../src/cli/write-atomic.js';
import { tempDir } from '../helpers/cli.js';

/** Failures to inject: renames of a temporary file onto `renameOnto`, and every hard link. */
const inject = vi.hoisted(() => ({ renameOnto: '', link: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const fail = (code: string) => Object.assign(new Error(`${code}: injected`), { code });
  return {
    ...fs,
    rename: async (from: string, to: string) => {
      if (from.endsWith('.tmp') && to === inject.renameOnto) throw fail('EACCES');
      return fs.rename(from, to);
    },
    link: async (from: string, to: string) => {
      if (inject.link) throw fail('EPERM');
      return fs.link(from, to);
    },
  };
});

/** The folder's files and their contents. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('writeFilesAtomic', () => {
  beforeEach(() => {
    inject.renameOnto = '';
    inject.link = false;
  });

  it('writes every file and leaves no temporary or backup file', async () => {
    const dir = tempDir('assay-atomic-');
    writeFileSync(join(dir, 'a.txt'), 'old a');
    await writeFilesAtomic([
      { path: join(dir, 'a.txt'), content: 'new a' },
      { path: join(dir, 'sub', 'b.txt'), content: 'new b' },
    ]);
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'sub']);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('new a');
    expect(contents(join(dir, 'sub'))).toEqual({ 'b.txt': 'new b' });
  });

  it.each([
    ['hard links', false],
    ['no hard links (old files moved aside)', true],
  ])('a rename failing half-way puts back what was replaced and removes the rest (%s)', async (_name, noLinks) => {
    const dir = tempDir('assay-atomic-');
    writeFileSync(join(dir, 'a.txt'), 'old a');
    writeFileSync(join(dir, 'c.txt'), 'old c');
    inject.link = noLinks;
    inject.renameOnto = join(dir, 'c.txt');
    const written = join(dir, '.d.txt.streamed.tmp');
    writeFileSync(written, 'new d');
    const failure = writeFilesAtomic([
      { path: join(dir, 'a.txt'), content: 'new a' },
      { path: join(dir, 'b.txt'), content: 'new b' },
      { path: join(dir, 'c.txt'), content: 'new c' },
      { path: join(dir, 'd.txt'), written },
    ]);
    await expect(failure).rejects.toThrow(AuditError);
    await expect(failure).rejects.toThrow(`cannot write ${join(dir, 'c.txt')}: permission denied`);
    expect(contents(dir)).toEqual({ 'a.txt': 'old a', 'c.txt': 'old c' });
  });

  it('removes a file marked removed, and puts it back when a later rename fails', async () => {
    const dir = tempDir('assay-atomic-');
    writeFileSync(join(dir, 'stale.html'), 'old report');
    await writeFilesAtomic([
      { path: join(dir, 'a.txt'), content: 'new a' },
      { path: join(dir, 'stale.html'), removed: true },
      { path: join(dir, 'absent.html'), removed: true },
    ]);
    expect(contents(dir)).toEqual({ 'a.txt': 'new a' });

    writeFileSync(join(dir, 'stale.html'), 'old report');
    writeFileSync(join(dir, 'c.txt'), 'old c');
    inject.link = false;
    inject.renameOnto = join(dir, 'c.txt');
    await expect(
      writeFilesAtomic([
        { path: join(dir, 'stale.html'), removed: true },
        { path: join(dir, 'c.txt'), content: 'new c' },
      ]),
    ).rejects.toThrow(AuditError);
    expect(contents(dir)).toEqual({ 'a.txt': 'new a', 'c.txt': 'old c', 'stale.html': 'old report' });
  });

  it('a folder in the way of any target fails before anything is renamed', async () => {
    const dir = tempDir('assay-atomic-');
    writeFileSync(join(dir, 'a.txt'), 'old a');
    const failure = writeFilesAtomic([
      { path: join(dir, 'a.txt'), content: 'new a' },
      { path: dir, content: 'new b' },
    ]);
    await expect(failure).rejects.toThrow(`cannot write ${dir}: that is a folder, not a file`);
    expect(contents(dir)).toEqual({ 'a.txt': 'old a' });
  });
});
