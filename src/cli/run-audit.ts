import { join } from 'node:path';
import { auditState, finishAudit, type AuditOptions } from '../api/audit.js';
import { parseInputMap } from '../model/parse-input-map.js';
import type { RecordBatch } from 'apache-arrow';
import { AuditError } from '../core/errors.js';
import { stateToBytes } from '../api/state-file.js';
import type { CsvColumnType, CsvOptions } from '../io/source.js';
import type { AuditCommandOptions } from './commands/audit.js';
import { intOption, settingsOptions } from './parse-options.js';
import { progressReporter } from './progress.js';
import { evaluateGates, reportFiles } from './report-outputs.js';
import { cannotWrite, prepareTarget, tempPathFor, writeFilesAtomic } from './write-atomic.js';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { PREDICTION_COLUMN, SCORE_COLUMN } from '../model/model-columns.js';
import { autoThreads } from '../scale/worker-pool.js';

/**
 * Rows from which `--threads auto` (the default) audits a prediction log on several threads
 * (one per two cores, see `autoThreads`): below it, the threads' start-up (a few hundred
 * milliseconds) costs more than they save. Model audits stay on one thread under `auto`
 * (onnxruntime runs each call on its own threads); `--threads n` splits them too.
 */
export const AUTO_MIN_ROWS = 32_000_000;

/** Runs `assay audit`; returns the exit code. */
export async function runAudit(options: AuditCommandOptions, argv: string[]): Promise<number> {
  const predictions = options.predictionsOut ? await predictionsWriter(options.predictionsOut) : null;
  try {
    return await auditWith(options, argv, predictions);
  } finally {
    predictions?.discard();
  }
}

/** `assay audit` with the predictions writer open (removed on any failure). */
async function auditWith(
  options: AuditCommandOptions,
  argv: string[],
  predictions: PredictionsWriter | null,
): Promise<number> {
  const progress = progressReporter(!options.quiet);
  const auto = options.threads === undefined || options.threads === 'auto';
  const threads = auto ? autoThreads() : intOption('threads', options.threads)!;
  if (threads < 1) throw new AuditError(`invalid --threads: ${options.threads} (expected an integer ≥ 1, or auto)`);
  const modelThreads = intOption('model-threads', options.modelThreads);
  if (modelThreads !== undefined && modelThreads < 0) throw new AuditError(`invalid --model-threads: ${modelThreads} (expected an integer ≥ 0)`);
  const intraOpThreads = intOption('intra-op-threads', options.intraOpThreads);
  if (intraOpThreads !== undefined && intraOpThreads < 0) throw new AuditError(`invalid --intra-op-threads: ${intraOpThreads} (expected an integer ≥ 0)`);
  if (options.engine === 'duckdb' && (options.model || options.emitState || options.predictionsOut)) {
    throw new AuditError('--engine duckdb audits prediction logs only (no --model, --emit-state or --predictions-out)');
  }
  const run =
    options.engine === 'duckdb'
      ? (await import('../scale/audit-state-sql.js')).auditStateSql
      : threads > 1
        ? async (o: AuditOptions) =>
            (await import('../scale/audit-state-parallel.js')).auditStateParallel(o, auto && o.model ? 1 : threads, { minRows: auto ? AUTO_MIN_ROWS : 0 })
        : auditState;
  const state = await run({
    ...settingsOptions(options),
    data: options.data,
    model: options.model ?? null,
    robustness: options.robustness ?? null,
    inputMap: options.inputMap.length > 0 ? parseInputMap(options.inputMap) : undefined,
    labelOutput: options.labelOutput,
    scoreOutput: options.scoreOutput,
    modelPositive: options.modelPositive,
    modelBatchSize: intOption('model-batch-size', options.modelBatchSize),
    intraOpThreads,
    inferenceThreads: modelThreads,
    onBatch: predictions?.write,
    startRow: intOption('start-row', options.startRow),
    datasets: { mirror: options.mirror, cacheDir: options.cacheDir, download: options.download },
    format: options.format,
    csv: csvOptions(options),
    batchSize: intOption('batch-size', options.batchSize),
    aucBudget: intOption('auc-budget', options.aucBudget),
    maxGroups: intOption('max-groups', options.maxGroups),
    bootstrap: intOption('bootstrap', options.bootstrap),
    hashData: options.hash,
    command: ['assay', ...argv].join(' '),
    onProgress: (rows) => progress.update(rows),
  });
  progress.done();
  const result = finishAudit(state);
  const breached = await evaluateGates(result, options);

  const jsonPath = join(options.out, 'audit.json');
  const files = await reportFiles(result, options.out, { html: options.html, lang: options.lang });
  if (options.emitState) files.push({ path: options.emitState, content: stateToBytes(state) });
  if (predictions && options.predictionsOut) files.push({ path: options.predictionsOut, written: predictions.finish() });
  await writeFilesAtomic(files);
  const breaches = breached ? 1 : 0;
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: true, rows: result.rows, out: jsonPath, warnings: result.warnings.length, breaches })}\n`,
    );
  } else if (!options.quiet) {
    process.stderr.write(`audited ${result.rows} rows → ${jsonPath}${result.warnings.length ? ` (${result.warnings.length} warnings)` : ''}\n`);
    if (breached) process.stderr.write(`policy breached: ${options.failOn}\n`);
  }
  return breached ? 1 : 0;
}

/** CSV options, only those the user gave (they do not apply to other formats). */
function csvOptions(options: AuditCommandOptions): CsvOptions | undefined {
  const csv: CsvOptions = {};
  if (options.delimiter !== undefined) csv.delimiter = options.delimiter;
  if (options.header === false) csv.header = false;
  if (options.quote !== undefined) csv.quote = options.quote;
  if (options.na.length > 0) csv.naStrings = options.na;
  if (options.columnType.length > 0) {
    csv.columnTypes = {};
    for (const entry of options.columnType) {
      const at = entry.lastIndexOf('=');
      if (at <= 0 || at === entry.length - 1) throw new AuditError(`invalid --column-type: ${entry} (expected column=type)`);
      const column = entry.slice(0, at);
      if (column in csv.columnTypes) throw new AuditError(`--column-type ${column} given twice`);
      // the type is checked with the other csv options
      csv.columnTypes[column] = entry.slice(at + 1) as CsvColumnType;
    }
  }
  const skip = intOption('skip', options.skip);
  if (skip !== undefined) csv.skip = skip;
  return Object.keys(csv).length > 0 ? csv : undefined;
}

/** The `--predictions-out` CSV, streamed to a temporary file renamed with the other outputs. */
interface PredictionsWriter {
  write: (batch: RecordBatch, firstRow: number) => void;
  /** Closes the file; returns its temporary path. */
  finish: () => string;
  /** Removes the temporary file unless it was finished and renamed. */
  discard: () => void;
}

/**
 * Writes the model's prediction and score per row (`row,prediction,score`) as batches pass; an
 * empty field where a value is null (a regressor has no score). The target is checked and its
 * folder made before the audit runs, so a bad path fails at once.
 */
async function predictionsWriter(target: string): Promise<PredictionsWriter> {
  await prepareTarget(target);
  const tmp = tempPathFor(target);
  let fd: number | null = null;
  const discard = () => {
    if (fd !== null) closeSync(fd);
    fd = null;
    rmSync(tmp, { force: true });
  };
  const append = (text: string) => {
    try {
      writeSync(fd!, text);
    } catch (error) {
      discard();
      throw cannotWrite(target, error);
    }
  };
  try {
    fd = openSync(tmp, 'w');
  } catch (error) {
    throw cannotWrite(target, error);
  }
  append('row,prediction,score\n');
  return {
    write(batch, firstRow) {
      const pred = batch.getChild(PREDICTION_COLUMN);
      const score = batch.getChild(SCORE_COLUMN);
      if (pred === null) throw new AuditError('--predictions-out needs --model');
      const lines: string[] = [];
      for (let i = 0; i < batch.numRows; i++) {
        lines.push(`${firstRow + i},${csvField(pred.get(i) as Cell)},${csvField(score?.get(i) as Cell)}\n`);
      }
      append(lines.join(''));
    },
    finish() {
      if (fd !== null) closeSync(fd);
      fd = null;
      return tmp;
    },
    discard,
  };
}

/** A prediction or a score: a label (number, bigint, text or boolean), a number, or null. */
type Cell = string | number | bigint | boolean | null | undefined;

/** A CSV field: empty for null, quoted when it holds a delimiter, quote or line break. */
function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const v = String(value);
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}
