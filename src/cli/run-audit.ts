import { join } from 'node:path';
import { auditState, finishAudit } from '../api/audit.js';
import { stateToBytes } from '../api/state-file.js';
import type { CsvOptions } from '../io/source.js';
import type { AuditCommandOptions } from './commands/audit.js';
import { intOption, numberOption, pairOption } from './parse-options.js';
import { progressReporter } from './progress.js';
import { writeFilesAtomic } from './write-atomic.js';
import { toReportJSON } from './report-json.js';

/** Runs `assay audit`; returns the exit code. */
export async function runAudit(options: AuditCommandOptions, argv: string[]): Promise<number> {
  const progress = progressReporter(!options.quiet);
  const state = await auditState({
    data: options.data,
    label: options.label,
    datasets: { mirror: options.mirror, cacheDir: options.cacheDir, download: options.download },
    prediction: options.prediction ?? null,
    score: options.score ?? null,
    weight: options.weight ?? null,
    positive: options.positive ?? null,
    threshold: numberOption('threshold', options.threshold) ?? null,
    sensitive: options.sensitive,
    intersect: options.intersect ?? false,
    privileged: pairOption('privileged', options.privileged),
    favorable: options.favorable,
    task: options.task,
    format: options.format,
    csv: csvOptions(options),
    batchSize: intOption('batch-size', options.batchSize),
    calibrationBins: intOption('calibration-bins', options.calibrationBins),
    aucBudget: intOption('auc-budget', options.aucBudget),
    minGroupSize: intOption('min-group-size', options.minGroupSize),
    confidenceLevel: numberOption('confidence', options.confidence),
    entropyAlpha: numberOption('entropy-alpha', options.entropyAlpha),
    seed: intOption('seed', options.seed),
    hashData: options.hash,
    command: ['assay', ...argv].join(' '),
    onProgress: (rows) => progress.update(rows),
  });
  progress.done();
  const result = finishAudit(state);
  const jsonPath = join(options.out, 'audit.json');
  const files = [{ path: jsonPath, content: toReportJSON(result) as string | Uint8Array }];
  if (options.emitState) files.push({ path: options.emitState, content: stateToBytes(state) });
  await writeFilesAtomic(files);
  const breaches = 0;
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: true, rows: result.rows, out: jsonPath, warnings: result.warnings.length, breaches })}\n`,
    );
  } else if (!options.quiet) {
    process.stderr.write(`audited ${result.rows} rows → ${jsonPath}${result.warnings.length ? ` (${result.warnings.length} warnings)` : ''}\n`);
  }
  return 0;
}

/** CSV options, only those the user gave (they do not apply to other formats). */
function csvOptions(options: AuditCommandOptions): CsvOptions | undefined {
  const csv: CsvOptions = {};
  if (options.delimiter !== undefined) csv.delimiter = options.delimiter;
  if (options.header === false) csv.header = false;
  if (options.quote !== undefined) csv.quote = options.quote;
  if (options.na.length > 0) csv.naStrings = options.na;
  const skip = intOption('skip', options.skip);
  if (skip !== undefined) csv.skip = skip;
  return Object.keys(csv).length > 0 ? csv : undefined;
}
