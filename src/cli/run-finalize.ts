import { join } from 'node:path';
import { finishAudit } from '../api/audit.js';
import { statsState } from '../scale/stats-state.js';
import type { FinalizeCommandOptions } from './commands/finalize.js';
import { settingsOptions } from './parse-options.js';
import { evaluateGates, reportFiles } from './report-outputs.js';
import { writeFilesAtomic } from './write-atomic.js';

/** Runs `assay finalize`: the complete audit from a stats table; returns the exit code. */
export async function runFinalize(options: FinalizeCommandOptions, argv: string[]): Promise<number> {
  const state = await statsState({
    ...settingsOptions(options),
    label: options.label,
    stats: options.stats,
    labelType: options.labelType,
    command: ['assay', ...argv].join(' '),
  });
  const result = finishAudit(state);
  const breached = await evaluateGates(result, options);
  const jsonPath = join(options.out, 'audit.json');
  const files = await reportFiles(result, options.out, { html: options.html, lang: options.lang });
  await writeFilesAtomic(files);
  if (!options.quiet) {
    process.stderr.write(`finalized ${result.rows} rows from ${options.stats} → ${jsonPath}\n`);
    if (breached) process.stderr.write(`policy breached: ${options.failOn}\n`);
  }
  return breached ? 1 : 0;
}
