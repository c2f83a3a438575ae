import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes a set of files so that a reader sees all of them or none of the new ones:
 * each file goes to a temporary name in the same folder, then all are renamed.
 * On any failure the temporaries are removed and nothing is half-written.
 */
export async function writeFilesAtomic(files: { path: string; content: string | Uint8Array }[]): Promise<void> {
  const temps: { tmp: string; path: string }[] = [];
  try {
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true });
      const tmp = join(dirname(file.path), `.${basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`);
      temps.push({ tmp, path: file.path });
      await writeFile(tmp, file.content);
    }
    for (const { tmp, path } of temps) await rename(tmp, path);
  } catch (error) {
    await Promise.all(temps.map(({ tmp }) => rm(tmp, { force: true })));
    throw error;
  }
}
