import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AuditError, oneLine } from '../core/errors.js';

/**
 * An output: its content, or a temporary file already written by a stream (see
 * {@link tempPathFor}) that is renamed with the others.
 */
export type OutputFile = { path: string; content: string | Uint8Array } | { path: string; written: string };

/** A temporary name beside `path` (same folder, so the final rename is atomic). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes a set of files so that a reader sees all of them or none of the new ones:
 * each file goes to a temporary name in the same folder, then all are renamed.
 * On any failure the temporaries are removed and nothing is half-written.
 */
export async function writeFilesAtomic(files: OutputFile[]): Promise<void> {
  const temps: { tmp: string; path: string }[] = [];
  try {
    for (const file of files) {
      if ('written' in file) {
        temps.push({ tmp: file.written, path: file.path });
        continue;
      }
      await ensureDir(dirname(file.path));
      const tmp = tempPathFor(file.path);
      temps.push({ tmp, path: file.path });
      await writeFile(tmp, file.content);
    }
    for (const { tmp, path } of temps) await rename(tmp, path);
  } catch (error) {
    await Promise.all(temps.map(({ tmp }) => rm(tmp, { force: true }).catch(() => undefined)));
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    const target = files[temps.length - 1]?.path ?? files[0]?.path ?? '';
    const why: Record<string, string> = {
      EEXIST: 'a file of that name is in the way of the output folder',
      ENOTDIR: 'a file of that name is in the way of the output folder',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EROFS: 'read-only file system',
      ENOSPC: 'no space left on the device',
      ENOENT: 'the folder cannot be created there',
    };
    throw new AuditError(`cannot write ${target}: ${why[code] ?? oneLine(error)}`);
  }
}

/**
 * Creates a folder and its missing parents one level at a time (Node's recursive mkdir can
 * spin forever under pseudo file systems such as /proc).
 */
export async function ensureDir(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    try {
      if ((await stat(at)).isDirectory()) break;
      throw Object.assign(new Error(`not a folder: ${at}`), { code: 'ENOTDIR' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const d of missing.reverse()) await mkdir(d);
}
