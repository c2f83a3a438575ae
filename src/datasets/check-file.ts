import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { AuditError, oneLine } from '../core/errors.js';
import type { DatasetFile } from './dataset-card.js';

/** The outcome of checking one file against its card entry. */
export interface FileCheck {
  /** Where the file was looked for. */
  path: string;
  /** `ok`: size and sha256 match; `missing`: no such file; `mismatch`: the bytes differ. */
  status: 'ok' | 'missing' | 'mismatch';
  /** Size found (absent when missing). */
  bytes?: number;
  /** sha256 found (absent when missing, or when the size already differs). */
  sha256?: string;
}

/**
 * The sha256 (lowercase hex) and size of a file, read as a stream (memory stays flat).
 *
 * @example await sha256File('datasets/adult.json') // { sha256: '…', bytes: 8392 }
 */
export async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    const data = chunk as Buffer;
    hash.update(data);
    bytes += data.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Checks that the file at `path` holds exactly the bytes the card records: first its size
 * (cheap), then its sha256. A missing file is a status, not an error.
 *
 * @throws AuditError when the path exists but cannot be read (e.g. it is a folder)
 * @example (await checkFile('/cache/adult/adult.data', card.files[0])).status // 'ok'
 */
export async function checkFile(path: string, file: DatasetFile): Promise<FileCheck> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AuditError(`not a file: ${path}`);
    size = info.size;
  } catch (error) {
    if (error instanceof AuditError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, status: 'missing' };
    throw new AuditError(`cannot read ${path}: ${oneLine(error)}`);
  }
  if (size !== file.bytes) return { path, status: 'mismatch', bytes: size };
  const { sha256, bytes } = await sha256File(path);
  return { path, status: sha256 === file.sha256 ? 'ok' : 'mismatch', bytes, sha256 };
}

/**
 * The one-line description of a failed check, e.g.
 * `checksum mismatch: /c/adult/adult.data (sha256 1f2e…, expected 5b00…)`.
 *
 * @example describeCheck({ path: '/c/x', status: 'missing' }, file) // 'missing file: /c/x'
 */
export function describeCheck(check: FileCheck, file: DatasetFile): string {
  if (check.status === 'missing') return `missing file: ${check.path}`;
  if (check.status === 'ok') return `ok: ${check.path}`;
  if (check.sha256 === undefined)
    return `checksum mismatch: ${check.path} (${check.bytes} bytes, expected ${file.bytes})`;
  return `checksum mismatch: ${check.path} (sha256 ${check.sha256}, expected ${file.sha256})`;
}
