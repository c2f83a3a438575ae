import { statSync } from 'node:fs';
import { autoThreads } from '../../scale/worker-pool.js';
import { Option, type Command } from 'commander';
import { collect, intOption, type SettingsCommandOptions } from '../parse-options.js';
import type { GateOptions } from '../report-outputs.js';

/** Options of `assay audit` as commander parses them (the shared audit settings and obligation inputs, and its own). */
export interface AuditCommandOptions extends SettingsCommandOptions, GateOptions {
  data: string;
  out: string;
  format?: 'csv' | 'parquet' | 'jsonl' | 'arrow';
  delimiter?: string;
  header: boolean;
  quote?: string;
  na: string[];
  skip?: string;
  columnType: string[];
  batchSize?: string;
  aucBudget?: string;
  hash: boolean;
  emitState?: string;
  threads?: string;
  engine: 'streaming' | 'duckdb';
  startRow?: string;
  robustness?: string;
  lang: 'en' | 'ko';
  html: boolean;
  bootstrap?: string;
  maxGroups?: string;
  model?: string;
  inputMap: string[];
  labelOutput?: string;
  scoreOutput?: string;
  modelPositive?: string;
  modelBatchSize?: string;
  intraOpThreads?: string;
  modelThreads?: string;
  predictionsOut?: string;
  mirror?: string;
  cacheDir?: string;
  download: boolean;
  quiet?: boolean;
  json?: boolean;
}


/** Registers `assay audit`. The work is in `../run-audit.ts`, imported when the command runs. */
export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('audit a model run over data (--model), or a prediction log: per-group metrics, disparities and evidence in <out>/audit.json and audit.html')
    .requiredOption('--data <file|id>', 'data: a CSV, Parquet, JSON Lines or Arrow IPC file, or an open dataset by id (assay datasets list)')
    .option('--mirror <dir>', 'folder (or URL) holding dataset files, for offline use (also ASSAY_DATASETS_MIRROR)')
    .option('--cache-dir <dir>', 'dataset cache folder (also ASSAY_CACHE_DIR)')
    .option('--no-download', 'never download a dataset; use the cache or the mirror only')
    .option('--model <model.onnx>', 'ONNX model to run over the data (its predictions are audited)')
    .option('--input-map <input=col,…>', 'model input fed by these columns, in order (repeatable)', collect, [])
    .option('--label-output <name>', 'model output holding the predicted label')
    .option('--score-output <name>', 'model output holding probabilities (or the regression value); none: audit a classifier on its labels alone')
    .option('--model-positive <class>', "the model's class taken as positive (default: the label's positive class, else the second class)")
    .option('--model-batch-size <n>', 'rows per model call (default 65536)')
    .option('--intra-op-threads <n>', 'onnxruntime threads inside one operator')
    .option('--model-threads <n>', 'threads running the model, each with its own onnxruntime session (default 2 with 2 cores or more; 0: the main thread); results are identical for any n')
    .option('--predictions-out <file.csv>', "also write the model's prediction and score per row (CSV)")
    .option('--robustness <spec>', 'robustness and explanation suite with --model: default, none, or e.g. "noise=0.1,0.5;swap=0.1;flip=sex;importance=5"', 'none')
    .option('--label <column>', 'ground-truth column')
    .option('--prediction <column>', 'predicted label (or value, for regression)')
    .option('--score <column>', 'score: probability of the positive class')
    .option('--weight <column>', 'sample-weight column')
    .option('--threshold <x>', 'predict score > x instead of reading --prediction')
    .option('--sensitive <column>', 'sensitive feature (repeatable)', collect, [])
    .option('--intersect', 'also audit the intersection of the sensitive features')
    .option('--positive <value>', 'positive class of label and prediction (default 1/true)')
    .option('--privileged <feature=value>', 'privileged group for AIF360-style comparisons (repeatable)', collect, [])
    .option('--favorable <value>', 'favourable label for AIF360-style comparisons (repeatable; default the positive class)', collect, [])
    .addOption(new Option('--task <task>', 'what the model does').choices(['classification', 'regression']))
    .option('--profile <id>', 'obligations profile, e.g. kr-aiba/hiring or nyc-ll144/aedt (list in the README)')
    .option('--policy <file.yaml>', 'thresholds and duties overriding the profile')
    .option('--attestations <file.yaml>', "the operator's attestations (human oversight, notices, documentation) cited in the report")
    .option('--fail-on <policy>', 'exit 1 when this policy (a YAML file or a profile id) is breached')
    .addOption(new Option('--lang <lang>', 'language of the HTML report').choices(['en', 'ko']).default('en'))
    .option('--no-html', 'write audit.json only')
    .addOption(new Option('--interval <method>', 'interval for rates (default wilson)').choices(['wilson', 'clopper-pearson']))
    .option('--bootstrap <replicates>', 'Poisson-bootstrap replicates for metrics without a closed-form interval (default 0)')
    .addOption(
      new Option('--multiple-comparison <method>', 'control across disparity tests (default holm)').choices(['holm', 'benjamini-hochberg']),
    )
    .option('--min-group-share <share>', 'groups under this share of rows are insufficient evidence (e.g. 0.02)')
    .option('--max-groups <n>', 'most groups a sensitive feature may have (default 10000)')
    .option('--out <dir>', 'output folder', 'assay-report')
    .addOption(new Option('--format <format>', 'input format (default from the extension)').choices(['csv', 'parquet', 'jsonl', 'arrow']))
    .option('--delimiter <char>', 'CSV delimiter')
    .option('--no-header', 'CSV has no header line')
    .option('--quote <char>', 'CSV quote character')
    .option('--na <string>', 'CSV missing-value marker (repeatable)', collect, [])
    .option('--column-type <column=type>', 'CSV column read as this type instead of the guessed one: string, double, bigint, integer, boolean, date or timestamp (repeatable)', collect, [])
    .option('--skip <n>', 'CSV lines to skip before the header')
    .option('--batch-size <n>', 'rows per batch')
    .option('--calibration-bins <n>', 'reliability bins (default 10)')
    .option('--auc-budget <n>', 'distinct scores kept for exact ROC AUC before bounded bins take over')
    .option('--min-group-size <n>', 'groups with fewer rows are flagged as insufficient evidence (default 30)')
    .option('--confidence <level>', 'confidence level of intervals (default 0.95)')
    .option('--entropy-alpha <a>', 'alpha of generalized_entropy_index (default 2)')
    .option('--seed <n>', 'random seed (default 0)')
    .option('--no-hash', 'do not compute the sha256 of the data file')
    .option('--emit-state <file>', 'also write the partial state of this shard, for `assay merge`')
    .option('--start-row <n>', "global index of this shard's first row (keeps bootstrap replicates of merged shards equal to the whole's)")
    .option(
      '--threads <n>',
      'threads for Parquet and Arrow IPC files: a number, or auto (default: one per two cores, for inputs of 32 million rows or more); results are identical for any n',
    )
    .addOption(
      new Option('--engine <engine>', 'streaming (default), or duckdb: compute the sufficient statistics inside DuckDB (prediction logs)')
        .choices(['streaming', 'duckdb'])
        .default('streaming'),
    )
    .option('--quiet', 'no progress or summary')
    .option('--json', 'print a machine-readable summary on stdout')
    .action(async (options: AuditCommandOptions, command: Command) => {
      // Threads start loading now, while this thread loads the audit itself.
      // onnxruntime loads in the inference threads meanwhile
      // (not with --threads n ≥ 2: each of those threads runs the model itself); the model file
      // is read and its sessions opened early too, for the audit to take over
      const early = options.model && !(Number(options.threads) >= 2) ? await openModelEarly(options.model, options) : null;
      const extra = threadsToPrestart(options);
      if (extra > 0) (await import('../../scale/worker-pool.js')).prestartWorkers(extra);
      try {
        const { runAudit } = await import('../run-audit.js');
        process.exitCode = await runAudit(options, command.parent?.args ?? []);
      } finally {
        await early?.releaseEarlyModels();
      }
    });
}

/**
 * Starts the inference threads and opens the model in them, with the options the audit will
 * give (parsed as the audit parses them; nothing is opened when they are invalid: the audit
 * reports them). Returns the module that releases what the audit did not take.
 */
async function openModelEarly(model: string, options: AuditCommandOptions): Promise<typeof import('../../model/open-model.js')> {
  const sessions = await import('../../model/model-session.js');
  let inferenceThreads: number | undefined;
  let intraOpThreads: number | undefined;
  try {
    inferenceThreads = intOption('model-threads', options.modelThreads);
    intraOpThreads = intOption('intra-op-threads', options.intraOpThreads);
  } catch {
    inferenceThreads = intraOpThreads = -1;
  }
  const wanted = inferenceThreads ?? sessions.defaultInferenceThreads(modelSize(model));
  if (wanted > 0 && wanted <= 64) sessions.prestartInferenceWorkers(wanted);
  const early = await import('../../model/open-model.js');
  if (wanted >= 0 && wanted <= 64 && (intraOpThreads ?? 0) >= 0) early.openOnnxModelEarly(model, { intraOpThreads, inferenceThreads });
  return early;
}

/** The model file's size in bytes, or 0 when it cannot be read (the audit reports that). */
function modelSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Worker threads worth starting before the audit is even loaded: `--threads` minus this
 * thread, for a streaming audit of a Parquet or Arrow IPC file (with `auto`, a log audit of
 * a file of at least {@link AUTO_MIN_BYTES}). A guess from the command line alone; the audit may still run on
 * one thread (then the spares are stopped, unused).
 */
function threadsToPrestart(options: AuditCommandOptions): number {
  const robustness = options.robustness !== undefined && options.robustness !== 'none';
  if (options.engine === 'duckdb' || robustness || options.predictionsOut || options.startRow !== undefined) return 0;
  if (!options.data || !/\.(parquet|arrow|feather|ipc)$/i.test(options.data)) return 0;
  const auto = options.threads === undefined || options.threads === 'auto';
  const threads = auto ? autoThreads() : Number(options.threads);
  if (!Number.isInteger(threads) || threads < 2) return 0;
  if (auto && options.model) return 0; // auto keeps model audits on one thread (onnxruntime has its own)
  if (auto) {
    try {
      if (statSync(options.data).size < AUTO_MIN_BYTES) return 0;
    } catch {
      return 0;
    }
  }
  return threads - 1;
}

/** Files smaller than this do not get threads started early under `--threads auto`. */
const AUTO_MIN_BYTES = 256 * 2 ** 20;
