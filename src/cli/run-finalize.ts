import { join } from 'node:path';
import { finishAudit } from '../api/audit.js';
import { statsState } from '../scale/stats-state.js';
import type { FinalizeCommandOptions } from './commands/finalize.js';
import { intOption, numberOption, pairOption } from './parse-options.js';
import { evaluateGates, reportFiles } from './report-outputs.js';
import { writeFilesAtomic } from './write-atomic.js';

/** Runs `assay finalize`: the complete audit from a stats table; returns the exit code. */
export async function runFinalize(options: FinalizeCommandOptions, argv: string[]): Promise<number> {
  const state = await statsState({
    stats: options.stats,
    label: options.label,
    prediction: options.prediction ?? null,
    score: options.score ?? null,
    weight: options.weight ?? null,
    threshold: numberOption('threshold', options.threshold) ?? null,
    sensitive: options.sensitive,
    intersect: options.intersect ?? false,
    positive: options.positive ?? null,
    privileged: pairOption('privileged', options.privileged),
    favorable: options.favorable,
    task: options.task,
    calibrationBins: intOption('calibration-bins', options.calibrationBins),
    minGroupSize: intOption('min-group-size', options.minGroupSize),
    minGroupShare: numberOption('min-group-share', options.minGroupShare) ?? null,
    confidenceLevel: numberOption('confidence', options.confidence),
    interval: options.interval,
    multipleComparison: options.multipleComparison,
    entropyAlpha: numberOption('entropy-alpha', options.entropyAlpha),
    seed: intOption('seed', options.seed),
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
