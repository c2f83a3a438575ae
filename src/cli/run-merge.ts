import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finishAudit } from '../api/audit.js';
import { mergeStateFiles } from '../api/state-file.js';
import { AuditError } from '../core/errors.js';
import type { MergeCommandOptions } from './commands/merge.js';
import { reportFiles } from './report-outputs.js';
import { writeFilesAtomic } from './write-atomic.js';

/** Runs `assay merge`; returns the exit code. */
export async function runMerge(paths: string[], options: MergeCommandOptions, argv: string[]): Promise<number> {
  const files = await Promise.all(
    paths.map(async (name) => {
      try {
        return { name, bytes: new Uint8Array(await readFile(name)) };
      } catch {
        throw new AuditError(`cannot read state file: ${name}`);
      }
    }),
  );
  const state = mergeStateFiles(files, ['assay', ...argv].join(' '));
  const result = finishAudit(state);
  const jsonPath = join(options.out, 'audit.json');
  await writeFilesAtomic(await reportFiles(result, options.out, { html: options.html, lang: options.lang }));
  if (!options.quiet) process.stderr.write(`merged ${paths.length} states (${result.rows} rows) → ${jsonPath}\n`);
  return 0;
}
