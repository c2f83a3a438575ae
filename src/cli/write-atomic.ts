import { link, lstat, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, basename, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AuditError, oneLine } from '../core/errors.js';

/**
 * An output: its content, or a temporary file already written by a stream (see
 * {@link tempPathFor}) that is renamed with the others.
 */
export type OutputFile =
  | { path: string; content: string | Uint8Array }
  | { path: string; written: string }
  /** A file that must not be there afterwards (an earlier run's output this run does not write). */
  | { path: string; removed: true };

/** A temporary name beside `path` (same folder, so the final rename is atomic). */
export function tempPathFor(path: string): string {
  return sidePath(path, 'tmp');
}

/** A hidden name beside `path` ending in `.ext`, unique to this call. */
function sidePath(path: string, ext: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.${ext}`);
}

/**
 * Writes a set of files so that a reader sees all of them or none of the new ones.
 *
 * First every target is checked (not a folder, not named twice) and every file goes to a
 * temporary name in its target's folder (made if missing), so most failures happen before any
 * target is touched. Then each target is replaced by a rename; a file it replaces is kept under
 * a backup name until all renames have succeeded. If a rename fails, the replaced targets get
 * their backups back and new ones are removed. Temporaries are removed whatever happens.
 *
 * @throws AuditError `cannot write <path>: <reason>`, naming the output that failed.
 * @example
 * await writeFilesAtomic([{ path: 'out/audit.json', content: json }, { path: 'out/audit.html', content: html }]);
 */
export async function writeFilesAtomic(files: OutputFile[]): Promise<void> {
  const temps: { tmp: string | null; path: string }[] = [];
  let at = files[0]?.path ?? '';
  try {
    checkDistinct(files);
    for (const { path } of files) await checkTarget(path);
    for (const file of files) {
      at = file.path;
      if ('removed' in file) {
        temps.push({ tmp: null, path: file.path });
        continue;
      }
      await prepareTarget(file.path);
      if ('written' in file) {
        temps.push({ tmp: file.written, path: file.path });
        continue;
      }
      const tmp = tempPathFor(file.path);
      temps.push({ tmp, path: file.path });
      await writeFile(tmp, file.content);
    }
    const replaced: Replaced[] = [];
    try {
      for (const { tmp, path } of temps) {
        at = path;
        const entry: Replaced = { path, backup: await keepBackup(path), renamed: false };
        replaced.push(entry);
        if (tmp === null) await rm(path, { force: true }); // its backup puts it back on failure
        else await rename(tmp, path);
        entry.renamed = true;
      }
    } catch (error) {
      const kept = await restore(replaced);
      const failure = cannotWrite(at, error);
      if (kept.length === 0) throw failure;
      throw new AuditError(`${failure.message}; previous versions could not be put back and are kept as ${kept.join(', ')}`);
    }
    const backups = replaced.flatMap(({ backup }) => (backup === null ? [] : [backup]));
    await Promise.all(backups.map((backup) => rm(backup, { force: true }).catch(() => undefined)));
  } catch (error) {
    throw cannotWrite(at, error);
  } finally {
    const written = temps.flatMap(({ tmp }) => (tmp === null ? [] : [tmp]));
    await Promise.all(written.map((tmp) => rm(tmp, { force: true }).catch(() => undefined)));
  }
}

/** A target during the renames: the backup of the file it replaces (null if none), and whether the new file is in. */
interface Replaced {
  path: string;
  backup: string | null;
  renamed: boolean;
}

/**
 * Keeps the file at `path` (if any) under a backup name: a hard link, so the target never goes
 * missing, or, where the file system has no hard links, the file moved aside.
 */
async function keepBackup(path: string): Promise<string | null> {
  const backup = sidePath(path, 'bak');
  const absent = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';
  try {
    await link(path, backup);
    return backup;
  } catch (error) {
    if (absent(error)) return null;
  }
  try {
    await rename(path, backup);
    return backup;
  } catch (error) {
    if (absent(error)) return null;
    throw error;
  }
}

/** Undoes the renames, last first; returns the backups that could not be put back (they are left in place). */
async function restore(replaced: Replaced[]): Promise<string[]> {
  const kept: string[] = [];
  for (const { path, backup, renamed } of replaced.reverse()) {
    try {
      if (backup !== null) {
        await rename(backup, path);
        // A rename between two links to one file does nothing (the new file was never renamed in).
        await rm(backup, { force: true });
      } else if (renamed) await rm(path, { force: true });
    } catch {
      if (backup !== null) kept.push(backup);
    }
  }
  return kept;
}

/** Two outputs with the same path would overwrite each other (e.g. `--emit-state out/audit.json`). */
function checkDistinct(files: OutputFile[]): void {
  const seen = new Set<string>();
  for (const { path } of files) {
    const key = resolve(path);
    if (seen.has(key)) throw new AuditError(`cannot write ${path}: two outputs go to the same file`);
    seen.add(key);
  }
}

/**
 * Makes the folder of the output file `path` and checks that `path` can be a file there; for
 * outputs streamed to a temporary file, call it before the work starts.
 *
 * @throws AuditError `cannot write <path>: <reason>`.
 * @example
 * await prepareTarget('out/predictions.csv'); // makes out/ if missing
 */
export async function prepareTarget(path: string): Promise<void> {
  try {
    await ensureDir(dirname(path));
    await checkTarget(path);
  } catch (error) {
    throw cannotWrite(path, error);
  }
}

/** Throws if `path` names a folder, which a rename cannot replace (touches nothing). */
async function checkTarget(path: string): Promise<void> {
  if (/[\\/]$/.test(path)) throw new AuditError(`cannot write ${path}: expected a file name, not a folder`);
  const folder = await lstat(path).then((s) => s.isDirectory(), () => false);
  if (folder) throw new AuditError(`cannot write ${path}: that is a folder, not a file`);
}

const REASONS: Record<string, string> = {
  EEXIST: 'a file of that name is in the way of the output folder',
  ENOTDIR: 'a file of that name is in the way of the output folder',
  EISDIR: 'that is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
  ENOENT: 'the folder cannot be created there',
};

/**
 * The user-facing error for a failed write of `path`: `cannot write <path>: <reason>`. An
 * `AuditError` passes through unchanged, and an error without a file-system code (a bug) too.
 */
export function cannotWrite(path: string, error: unknown): Error {
  if (error instanceof AuditError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === undefined) return error instanceof Error ? error : new Error(String(error));
  return new AuditError(`cannot write ${path}: ${REASONS[code] ?? oneLine(error)}`);
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
