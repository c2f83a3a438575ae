import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { RecordBatch } from 'apache-arrow';
import { AuditError, oneLine } from '../core/errors.js';
import { Worker } from 'node:worker_threads';
import { VERSION } from '../core/version.js';
import { AuditEngine, engineSpec } from '../audit/engine.js';
import { finalize } from '../audit/finalize.js';
import {
  SCHEMA_VERSION,
  type AuditResult,
  type AuditSettings,
  type InputProvenance,
  type WarningRecord,
  type ModelSummary,
  type Task,
} from '../audit/types.js';
import type { OnnxModel, OnnxModelOptions } from '../model/onnx-model.js';
import type { OpenedOnnxModel } from '../model/open-model.js';
import { DEFAULT_MODEL_BATCH_SIZE } from '../model/apply-model.js';
import { PREDICTION_COLUMN, SCORE_COLUMN, isModelColumn } from '../model/model-columns.js';
import type { RobustnessSection } from '../robustness/index.js';
import { openSource } from '../io/open-source.js';
import type { ResolvedDataset } from '../datasets/index.js';
import type { CsvOptions, Source, SourceFormat } from '../io/source.js';

/** Options of {@link audit}. Only `data` and `label` are required. */
export interface AuditOptions {
  /**
   * A file path (CSV, Parquet, JSON Lines, Arrow IPC), an open dataset by id (`adult`,
   * `compas:violent`, … — label, positive class and sensitive features then default from
   * its card), an open Source, or batches.
   */
  data: string | Source | AsyncIterable<RecordBatch>;
  /** An ONNX model (path) to run over the data; its predictions and scores are audited. */
  model?: string | null;
  /** Model input → data columns, where names differ (`{ input: ['age', 'sex'] }`). */
  inputMap?: Record<string, string[]>;
  /** Model outputs to read, when the signature does not tell. */
  labelOutput?: string;
  scoreOutput?: string;
  /** The model's class to take as positive (default: the label's positive class when the model has it, else its second class). */
  modelPositive?: string;
  /** Robustness and explanation suite run with the model: `default`, `none` (default) or a spec (see `parseRobustnessSpec`). */
  robustness?: string | null;
  /** Rows per model call (default 65,536). */
  modelBatchSize?: number;
  /** Threads onnxruntime uses inside one operator. */
  intraOpThreads?: number;
  /** Worker threads running the model, a session each (default: 2 with 2 cores or more); 0: this thread. */
  inferenceThreads?: number;
  /** Label (ground truth) column; defaults from the card of a named dataset. */
  label?: string;
  /** Where named datasets are found: a mirror folder (or URL), the cache, and whether to download. */
  datasets?: { mirror?: string; cacheDir?: string; download?: boolean; filters?: boolean };
  /** Prediction column; for classification it may be omitted when `score` is given. */
  prediction?: string | null;
  /** Score column: probability of the positive class. */
  score?: string | null;
  /** Sample-weight column. */
  weight?: string | null;
  /** Positive class of label and prediction (default 1 / true). */
  positive?: string | number | boolean | null;
  /** Predict `score > threshold` instead of reading the prediction column. */
  threshold?: number | null;
  /** Sensitive features (columns). */
  sensitive?: string[];
  /** Also report the intersection of all sensitive features. */
  intersect?: boolean;
  /** Privileged groups for the AIF360 comparisons, e.g. `[{ feature: 'sex', value: 'Male' }]`. */
  privileged?: { feature: string; value: string }[];
  /** Favourable labels for the AIF360 comparisons (default the positive class). */
  favorable?: string[];
  task?: Task;
  /** Reliability bins (default 10). */
  calibrationBins?: number;
  /** Distinct scores kept for exact ROC AUC (default 4,194,304). */
  aucBudget?: number;
  /** α of `generalized_entropy_index` (default 2). */
  entropyAlpha?: number;
  confidenceLevel?: number;
  /** Interval for per-group rates (default Wilson). */
  interval?: 'wilson' | 'clopper-pearson';
  /** Poisson-bootstrap replicates for metrics without a closed-form interval (default 0: off). */
  bootstrap?: number;
  /** Multiple-comparison control across disparities (default Holm). */
  multipleComparison?: 'holm' | 'benjamini-hochberg';
  /** Groups with fewer rows are flagged insufficient (default 30). */
  minGroupSize?: number;
  /** Groups with a smaller share of the rows are flagged insufficient too (e.g. 0.02, NYC LL144's rule). */
  minGroupShare?: number | null;
  /** Most groups a sensitive feature may have (default 10,000): more is usually an identifier column. */
  maxGroups?: number;
  seed?: number;
  /** File format, when `data` is a path whose extension does not tell. */
  format?: SourceFormat;
  csv?: CsvOptions;
  batchSize?: number;
  /** Recorded in the provenance (the CLI passes its command line). */
  command?: string | null;
  /** Skip hashing the data file (provenance then has sha256 null). */
  hashData?: boolean;
  /** Global index of the first row (a shard of a larger log): bootstrap replicates then match the whole's. */
  startRow?: number;
  /**
   * Rows per fold block (tuning; default `BLOCK_ROWS`, 1,048,576): float sums fold batch →
   * block → total, and threads split the input in whole blocks. Runs compared byte for byte
   * must use the same value.
   */
  blockRows?: number;
  /** Called with each batch as audited (with `__prediction` / `__score` when a model ran). */
  onBatch?: (batch: RecordBatch, firstRow: number) => void;
  /** Called after each batch with the rows read so far. */
  onProgress?: (rows: number) => void;
  /** Current time, injectable for reproducible tests. */
  now?: () => Date;
}

const DEFAULT_AUC_BUDGET = 1 << 22;

/** Validates options and fills defaults (the edge; the engine takes only valid input). */
export function resolveSettings(options: AuditOptions): AuditSettings {
  if (!options.label) throw new AuditError('missing option: label (the ground-truth column)');
  const label = options.label;
  const task: Task = options.task ?? 'classification';
  const score = options.score ?? null;
  const prediction = options.prediction ?? null;
  if (options.model && (options.prediction || options.score)) {
    throw new AuditError('give either --model or --prediction/--score: the model makes the predictions');
  }
  // Without a model, predictions come from the data.
  if (!options.model && task === 'regression' && prediction === null) {
    throw new AuditError('missing option: prediction (regression needs a prediction column or a model)');
  }
  if (!options.model && task === 'classification' && prediction === null && score === null) {
    throw new AuditError('missing option: prediction or score (classification needs one of them, or a model)');
  }
  if (task === 'regression') {
    // options that only mean something for a classifier are refused, not silently ignored
    const given = [
      ['--score', score !== null],
      ['--threshold', options.threshold !== undefined && options.threshold !== null],
      ['--positive', options.positive !== undefined && options.positive !== null],
      ['--privileged', (options.privileged ?? []).length > 0],
      ['--favorable', (options.favorable ?? []).length > 0],
    ].filter(([, on]) => on);
    if (given.length > 0) {
      throw new AuditError(
        `${given.map(([name]) => name).join(', ')} ${given.length === 1 ? 'applies' : 'apply'} to classification, not to a regression audit (--task regression)`,
      );
    }
  }
  const threshold = options.threshold ?? null;
  if (threshold !== null && (!Number.isFinite(threshold) || (score === null && !options.model))) {
    throw new AuditError(score === null ? 'option threshold needs a score column' : `invalid threshold: ${threshold}`);
  }
  const sensitive = options.sensitive ?? [];
  const duplicates = sensitive.filter((s, i) => sensitive.indexOf(s) !== i);
  if (duplicates.length > 0) throw new AuditError(`sensitive feature given twice: ${duplicates[0]}`);
  const positive = options.positive === undefined || options.positive === null ? null : String(options.positive);
  const int = (name: string, v: number | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const x = v ?? fallback;
    if (!Number.isInteger(x) || x < min || x > max) {
      throw new AuditError(`invalid ${name}: ${x} (expected an integer ≥ ${min}${max < Number.MAX_SAFE_INTEGER ? ` and ≤ ${max}` : ''})`);
    }
    return x;
  };
  const level = options.confidenceLevel ?? 0.95;
  if (!(level > 0 && level < 1)) throw new AuditError(`invalid confidence level: ${level} (expected a number in (0, 1))`);
  const share = options.minGroupShare ?? null;
  if (share !== null && !(share >= 0 && share < 1)) throw new AuditError(`invalid minimum group share: ${share} (expected a number in [0, 1))`);
  if (options.interval !== undefined && options.interval !== 'wilson' && options.interval !== 'clopper-pearson') {
    throw new AuditError(`unknown interval: ${String(options.interval)} (expected one of: wilson, clopper-pearson)`);
  }
  for (const p of options.privileged ?? []) {
    if (!sensitive.includes(p.feature)) {
      throw new AuditError(`privileged feature ${p.feature} is not a sensitive feature (sensitive: ${sensitive.join(', ') || 'none'})`);
    }
  }
  return {
    task,
    label,
    prediction,
    score,
    weight: options.weight ?? null,
    positive: task === 'classification' ? positive : null,
    threshold,
    sensitive,
    intersect: options.intersect ?? false,
    privileged: options.privileged ?? [],
    // every group reports every bin: the report grows with bins × groups
    calibrationBins: int('calibration bins', options.calibrationBins, 10, 1, 1000),
    aucBudget: int('auc budget', options.aucBudget, DEFAULT_AUC_BUDGET, 1),
    confidenceLevel: level,
    interval: options.interval ?? 'wilson',
    // each replicate keeps four counts per cell and block
    bootstrap: int('bootstrap replicates', options.bootstrap, 0, 0, 100_000),
    multipleComparison: options.multipleComparison ?? 'holm',
    minGroupSize: int('minimum group size', options.minGroupSize, 30, 0),
    minGroupShare: share,
    ...(options.maxGroups !== undefined ? { maxGroups: int('maximum groups', options.maxGroups, 1, 1) } : {}),
    seed: int('seed', options.seed, 0, 0),
  };
}

/** Columns the audit reads (projection pushdown). */
export function columnsOf(settings: AuditSettings): string[] {
  const cols = [settings.label, settings.prediction, settings.score, settings.weight, ...settings.sensitive];
  return [...new Set(cols.filter((c): c is string => c !== null))];
}

/**
 * sha256 and size of a file. Files of {@link HASH_IN_THREAD_BYTES} or more are hashed on a
 * thread of their own, which leaves this thread to the audit (the hash of a large log costs
 * about a tenth of a second per 100 MB).
 */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const { size } = await stat(path);
  if (size >= HASH_IN_THREAD_BYTES) return hashInThread(path);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { sha256: hash.digest('hex'), bytes: size };
}

/** Files from this size are hashed on a worker thread. */
export const HASH_IN_THREAD_BYTES = 16 * 2 ** 20;

/**
 * The hashing thread's code (a script: it needs nothing of assay). It runs at the lowest
 * priority where threads have their own (Linux): the hash waits for cores the audit leaves
 * free (a model's inference threads keep every core busy; the hash then runs beside the
 * report's making instead of slowing the inference).
 */
const HASH_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync, readlinkSync } = require('node:fs');
try {
  // /proc/thread-self names this thread's id; a thread's nice value is its own on Linux
  require('node:os').setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 19);
} catch {
  // elsewhere the hash runs at the audit's priority
}
try {
  const fd = openSync(workerData, 'r');
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  parentPort.postMessage({ sha256: hash.digest('hex'), bytes });
} catch (error) {
  parentPort.postMessage({ error: String((error && error.message) || error) });
}
`;

function hashInThread(path: string): Promise<{ sha256: string; bytes: number }> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(HASH_THREAD, { eval: true, workerData: path });
    worker.once('message', (reply: { sha256: string; bytes: number } | { error: string }) => {
      if ('error' in reply) reject(new AuditError(`cannot read ${path} (${reply.error})`));
      else resolvePromise(reply);
    });
    worker.once('error', (error) => reject(new AuditError(`cannot read ${path} (${oneLine(error)})`)));
  });
}

function isSource(x: unknown): x is Source {
  return typeof x === 'object' && x !== null && 'batches' in x && 'schema' in x;
}

/** A filled engine with everything needed to finalise it (what a state file carries). */
export interface AuditState {
  engine: AuditEngine;
  settings: AuditSettings;
  favorable: string[];
  entropyAlpha: number;
  inputs: InputProvenance[];
  command: string | null;
  model?: ModelSummary | null;
  /** Warnings found while reading (e.g. renamed duplicate columns), added to the result's. */
  notes?: WarningRecord[];
  /** The robustness and explanation section, when the suite ran. */
  robustness?: RobustnessSection | null;
}

/** How to load an audit's model again (e.g. in a worker thread), given the data's columns. */
export interface ModelLoad {
  path: string;
  options: Omit<OnnxModelOptions, 'columns'>;
}

/** What a custom pass over the data gets (see {@link auditState}'s `pass`). */
export interface AuditPassContext {
  /** The engine to fill (its spec holds the resolved settings). */
  engine: AuditEngine;
  settings: AuditSettings;
  /** The open source of the data file (read by the pass as it likes; closed afterwards). */
  source: Source;
  /** The loaded model, and how to load it elsewhere, for model audits. */
  model: OnnxModel | null;
  modelLoad: ModelLoad | null;
}

/**
 * Rows per fold block of an audit: `options.blockRows`, or for model audits four model
 * batches (so that threads split the data at model-batch boundaries), or the engine's default.
 */
export function blockRowsOf(options: AuditOptions): number | undefined {
  const modelBatch = options.model ? options.modelBatchSize : undefined;
  if (modelBatch !== undefined && (!Number.isSafeInteger(modelBatch) || modelBatch < 1)) {
    throw new AuditError(`invalid model batch size: ${modelBatch} (expected a whole number ≥ 1)`);
  }
  if (options.blockRows !== undefined) return options.blockRows;
  return options.model ? 4 * (options.modelBatchSize ?? DEFAULT_MODEL_BATCH_SIZE) : undefined;
}

/**
 * The streaming pass of an audit, without finalising: one pass over the data fills every
 * accumulator. {@link finishAudit} turns the state into the result; states of shards
 * merge with `state.engine.merge(other.engine)`.
 *
 * @param pass replaces the sequential loop over the batches of a data file (threads use it);
 *   it runs once the source is open, the model loaded and the settings resolved, and is not
 *   called for robustness runs, `onBatch` callbacks, or data that is not a file
 */
export async function auditState(options: AuditOptions, pass?: (context: AuditPassContext) => Promise<void>): Promise<AuditState> {
  // The model file is read and its session opened (onnxruntime loading, in a thread of its own)
  // while the data is opened; a failure surfaces when the model is bound to the data's columns.
  const opening = options.model ? openModel(options.model, options) : null;
  try {
    return await auditStateWith(options, opening, pass);
  } catch (error) {
    // a model bound to the data is closed however the audit failed (closing twice is harmless)
    if (opening !== null) await opening.then((o) => o.model?.close(), () => undefined).catch(() => undefined);
    throw error;
  } finally {
    // a session never bound to the data (the audit failed first) is released
    if (opening !== null) void opening.then((o) => (o.taken ? undefined : o.opened.session.release())).catch(() => undefined);
  }
}

/** A model being opened early, whether the audit took its session over, and the model bound to it. */
interface Opening {
  opened: OpenedOnnxModel;
  taken: boolean;
  model?: OnnxModel;
}

function openModel(path: string, options: AuditOptions): Promise<Opening> {
  const opening = import('../model/open-model.js').then(async ({ openOnnxModel }) => ({
    opened: await openOnnxModel(path, { intraOpThreads: options.intraOpThreads, inferenceThreads: options.inferenceThreads }),
    taken: false,
  }));
  opening.catch(() => undefined); // awaited when the model is bound; this only avoids an unhandled rejection
  return opening;
}

async function auditStateWith(
  options: AuditOptions,
  opening: Promise<Opening> | null,
  pass: ((context: AuditPassContext) => Promise<void>) | undefined,
): Promise<AuditState> {
  const inputs: InputProvenance[] = [];
  let source: Source | null = null;
  let batches: AsyncIterable<RecordBatch>;
  let hashing: Promise<{ sha256: string; bytes: number }> | null = null;
  let dataset: ResolvedDataset | null = null;
  // loaded here: the datasets' catalogue, downloads and archives, only for data named by id
  const datasets = typeof options.data === 'string' && !existsSync(options.data) ? await import('../datasets/index.js') : null;
  if (datasets !== null && typeof options.data === 'string' && (datasets.isDatasetId(options.data) || /^[a-z][a-z0-9-]*(:[a-z0-9-]+)?$/i.test(options.data))) {
    dataset = await datasets.resolveDataset(options.data, {
      ...options.datasets,
      label: options.label,
      positive: options.positive === undefined || options.positive === null ? undefined : String(options.positive),
      sensitive: options.sensitive && options.sensitive.length > 0 ? options.sensitive : undefined,
      batchSize: options.batchSize,
    });
    const d = dataset.defaults;
    const task = options.task ?? d.task;
    // the card's privileged groups are for its classification variants
    const privileged = task === 'regression' ? [] : d.privileged;
    options = {
      ...options,
      label: options.label ?? d.label,
      positive: options.positive ?? (d.positive === '' ? null : d.positive),
      sensitive: options.sensitive && options.sensitive.length > 0 ? options.sensitive : d.sensitive,
      privileged: options.privileged && options.privileged.length > 0 ? options.privileged : privileged,
      task,
    };
    for (const f of dataset.files) inputs.push({ role: 'data', path: `${dataset.ref}: ${f.file.name}`, sha256: f.file.sha256, bytes: f.file.bytes });
  }
  let settings = resolveSettings(options);
  const robustnessSpec = options.robustness && options.robustness !== 'none' ? options.robustness : null;
  if (robustnessSpec !== null) {
    if (!options.model) throw new AuditError('--robustness needs --model: perturbations are run through the model');
    const { parseRobustnessSpec } = await import('../robustness/index.js');
    parseRobustnessSpec(robustnessSpec); // fail on a bad spec before reading any row
  }
  if (dataset !== null) {
    source = dataset.source;
    batches = source.batches();
  } else if (typeof options.data === 'string') {
    source = await openSource(options.data, {
      format: options.format,
      csv: options.csv,
      batchSize: options.batchSize,
      // A model's input columns are known once it is bound: the file is opened again then
      // (below), with just the columns the model and the audit read.
      columns: options.model ? undefined : columnsOf(settings),
      textCodes: !options.model,
      // the engine is done with each batch before the next; a model or onBatch may keep them
      reuseBuffers: !options.model && !options.onBatch,
    });
    batches = source.batches();
    if (options.hashData !== false) hashing = hashFile(options.data);
  } else if (isSource(options.data)) {
    source = options.data;
    batches = source.batches();
  } else {
    batches = options.data;
  }
  let model: OnnxModel | null = null;
  /** Renamed columns of the file as first opened (a model audit opens it again with fewer columns). */
  let renamed: WarningRecord[] | null = null;
  let modelLoad: ModelLoad | null = null;
  let modelSummary: ModelSummary | null = null;
  let robustness: RobustnessSection | null = null;
  if (options.model) {
    if (source === null) throw new AuditError('a model needs data with a schema: give a file or a dataset id');
    const first = source;
    const loaded = await loadModel(options.model, first, settings, options, opening).catch(async (error: unknown) => {
      // a file with no rows has no column types to map (a header-only CSV reads as text): say so
      if (error instanceof AuditError && (await isEmpty(batches))) throw new AuditError(`no rows to audit in ${first.name}`);
      throw error;
    });
    model = loaded.model;
    modelLoad = loaded.load;
    modelSummary = loaded.summary;
    settings = loaded.settings;
    // A file the loop below reads is opened again with just the columns the model and the audit
    // read (threads read the file themselves, the same columns)
    if (typeof options.data === 'string' && dataset === null && !readsItself(pass, options, robustnessSpec)) {
      checkColumns(source, settings, true);
      renamed = renamedColumnWarnings(source);
      const needed = modelAuditColumns(model, settings);
      await source.close();
      source = await openSource(options.data, {
        format: options.format,
        csv: options.csv,
        batchSize: options.batchSize,
        columns: needed,
        reuseBuffers: false,
      });
      batches = source.batches();
    }
    // Imported here: onnxruntime and the ONNX protobuf code load only for model audits.
    const { applyModel } = await import('../model/apply-model.js');
    // Batches the audit is done with go back to the file's reader to be filled again (a
    // caller's onBatch may keep them: not then)
    const reader = typeof options.data === 'string' && options.onBatch === undefined ? source : null;
    const release = reader?.recycle === undefined ? undefined : (batch: RecordBatch) => reader.recycle!(batch);
    batches = applyModel(model, batches, { batchSize: options.modelBatchSize, release });
    const hash = options.hashData !== false ? await hashFile(options.model) : { sha256: null, bytes: null };
    modelSummary.sha256 = hash.sha256;
    inputs.push({ role: 'model', path: options.model, ...hash });
  }
  if (source !== null) checkColumns(source, settings, model !== null);
  const notes = renamed ?? (source === null ? [] : renamedColumnWarnings(source));
  if (modelSummary !== null && settings.predictionPositive && options.modelPositive === undefined) {
    const labelPositive = settings.positive ?? defaultPositiveClass(modelSummary.classes) ?? '1';
    if (settings.predictionPositive !== labelPositive) {
      notes.push({
        code: 'model_positive_class',
        message: `the label's positive class ${labelPositive} is not a class of the model (classes: ${(modelSummary.classes ?? []).join(', ')}); the model's class ${settings.predictionPositive} is taken as positive (set --model-positive to choose)`,
      });
    }
  }
  if (model !== null && model.kind !== 'regression' && settings.score === null && (model.outputs.scoreOutput === null || model.positive !== null)) {
    notes.push({
      code: 'model_without_score',
      message: `the model gives no probabilities${model.outputs.scoreName === null ? '' : ` it can use (output ${model.outputs.scoreName})`}; it is audited on its labels, without the metrics that need a score (roc_auc, log_loss, brier_score, calibration)`,
    });
  }
  const blockRows = blockRowsOf(options);
  if (blockRows !== undefined && (!Number.isSafeInteger(blockRows) || blockRows < 1)) {
    throw new AuditError(`invalid fold block size: ${blockRows} (expected an integer ≥ 1)`);
  }
  const engine = new AuditEngine(engineSpec(settings, blockRows));
  if (options.startRow !== undefined) {
    if (!Number.isSafeInteger(options.startRow) || options.startRow < 0) throw new AuditError(`invalid start row: ${options.startRow}`);
    engine.rowBase = options.startRow;
  }
  const custom = source !== null && typeof options.data === 'string' && dataset === null && readsItself(pass, options, robustnessSpec);
  // a known row count lets the score store bin early (unweighted scores, this pass's own reading)
  if (!custom && source !== null && settings.score !== null && settings.weight === null && source.countRows !== undefined) {
    const rows = await source.countRows();
    if (rows !== null) engine.expectRows(rows);
  }
  try {
    if (custom && pass !== undefined && source !== null) {
      await pass({ engine, settings, source, model, modelLoad });
    } else {
      for await (const batch of batches) {
        options.onBatch?.(batch, engine.rows);
        engine.add(batch);
        options.onProgress?.(engine.rows);
      }
    }
    if (robustnessSpec !== null && model !== null) {
      robustness = await runRobustnessPass(model, options, settings, robustnessSpec);
    }
  } catch (error) {
    const name = source?.name;
    if (error instanceof AuditError && name !== undefined && !error.message.startsWith(name)) {
      throw new AuditError(`${name}: ${error.message}`);
    }
    throw error;
  } finally {
    if (source !== null && typeof options.data === 'string') await source.close();
    if (model !== null) await model.close();
  }
  if (typeof options.data === 'string' && dataset === null) {
    const h = hashing ? await hashing : null;
    inputs.push({ role: 'data', path: options.data, sha256: h?.sha256 ?? null, bytes: h?.bytes ?? null });
  }
  return {
    engine,
    settings,
    favorable: options.favorable ?? [],
    entropyAlpha: options.entropyAlpha ?? 2,
    inputs,
    command: options.command ?? null,
    model: modelSummary,
    notes,
    robustness,
  };
}

/**
 * Second pass for the robustness suite: the data is read again (before the model), each
 * batch perturbed and scored with the model in one streaming pass.
 */
async function runRobustnessPass(
  model: OnnxModel,
  options: AuditOptions,
  settings: AuditSettings,
  spec: string,
): Promise<RobustnessSection> {
  const { runRobustness } = await import('../robustness/index.js');
  let source: Source;
  if (typeof options.data !== 'string') throw new AuditError('--robustness needs data given as a file or a dataset id (it is read twice)');
  if (!existsSync(options.data) && /^[a-z][a-z0-9-]*(:[a-z0-9-]+)?$/i.test(options.data)) {
    const { resolveDataset } = await import('../datasets/index.js');
    source = (await resolveDataset(options.data, { ...options.datasets, label: settings.label, batchSize: options.batchSize })).source;
  } else {
    source = await openSource(options.data, { format: options.format, csv: options.csv, batchSize: options.batchSize });
  }
  try {
    return await runRobustness({ model, batches: source.batches(), settings, spec, seed: settings.seed });
  } finally {
    await source.close();
  }
}

/** Loads the model against the data's schema and points the settings at its outputs. */
async function loadModel(
  path: string,
  source: Source,
  settings: AuditSettings,
  options: AuditOptions,
  opening: Promise<Opening> | null,
): Promise<{ model: OnnxModel; load: ModelLoad; summary: ModelSummary; settings: AuditSettings }> {
  const base = {
    columns: source.schema,
    inputMap: options.inputMap,
    labelOutput: options.labelOutput,
    scoreOutput: options.scoreOutput,
    intraOpThreads: options.intraOpThreads,
    task: settings.task === 'regression' ? ('regression' as const) : undefined,
  };
  const { loadOnnxModel } = await import('../model/onnx-model.js');
  const o = opening === null ? null : await opening;
  if (o !== null) o.taken = true;
  let model = await loadOnnxModel(path, { ...base, positive: options.modelPositive, opened: o?.opened });
  if (o !== null) o.model = model;
  let positive = options.modelPositive;
  // The label's positive class (by default 1 or true), when the model has a class of that name,
  // is the model's positive too; otherwise the model's second class is.
  const wanted = options.modelPositive ?? settings.positive ?? defaultPositiveClass(model.classes);
  if (!options.modelPositive && wanted !== null && model.classes?.includes(wanted) && model.positive !== wanted) {
    positive = wanted;
    try {
      model = model.withOutputs({ ...base, positive });
      if (o !== null) o.model = model;
    } catch (error) {
      await model.close();
      throw error;
    }
  }
  const { columns: _columns, ...reusable } = base;
  const load: ModelLoad = { path, options: { ...reusable, positive } };
  const regression = model.kind === 'regression';
  const summary: ModelSummary = {
    path,
    sha256: null,
    kind: model.kind,
    classes: model.classes,
    positive: model.positive,
    inputColumns: model.inputColumns,
  };
  return {
    model,
    load,
    summary,
    settings: {
      ...settings,
      task: regression ? 'regression' : settings.task,
      prediction: PREDICTION_COLUMN,
      // a classifier without probabilities (labels only) is audited on its labels
      score: regression || model.positive === null || model.outputs.positiveIndex < 0 ? null : SCORE_COLUMN,
      positive: regression ? null : settings.positive,
      predictionPositive: regression ? null : model.positive,
    },
  };
}

/**
 * The data columns a model audit reads: the model's inputs, then the audit's own columns
 * (label, weight, sensitive features; not the model's outputs).
 */
export function modelAuditColumns(model: { inputColumns: readonly string[] }, settings: AuditSettings): string[] {
  return [...new Set([...model.inputColumns, ...columnsOf(settings).filter((c) => !isModelColumn(c))])];
}

/** Whether `pass` replaces the sequential loop (threads): it reads the data file itself. */
function readsItself(pass: unknown, options: AuditOptions, robustnessSpec: string | null): boolean {
  return pass !== undefined && robustnessSpec === null && !options.onBatch;
}

/** Whether a stream has no rows (it is read: only for a stream that will not be used). */
async function isEmpty(batches: AsyncIterable<RecordBatch>): Promise<boolean> {
  try {
    for await (const batch of batches) if (batch.numRows > 0) return false;
    return true;
  } catch {
    return false;
  }
}

/** The model's class matching the label's default positive class (1 or true), if it has one. */
function defaultPositiveClass(classes: readonly string[] | null): string | null {
  return classes?.find((c) => c.trim() !== '' && Number(c) === 1) ?? classes?.find((c) => c.toLowerCase() === 'true') ?? null;
}

/** Finalises an audit state into the result (pure apart from the clock). */
export function finishAudit(state: AuditState, now: () => Date = () => new Date()): AuditResult {
  const { engine, settings } = state;
  if (engine.rows === 0) {
    const data = state.inputs.find((i) => i.role === 'data')?.path;
    throw new AuditError(`no rows to audit${data ? ` in ${data}` : ''}`);
  }
  const parts = finalize(engine, { settings, favorable: state.favorable, entropyAlpha: state.entropyAlpha });
  return {
    schemaVersion: SCHEMA_VERSION,
    createdAt: now().toISOString(),
    task: settings.task,
    rows: engine.rows,
    settings,
    model: state.model ?? null,
    ...parts,
    warnings: [...(state.notes ?? []), ...parts.warnings],
    ...(state.robustness ? { robustness: state.robustness } : {}),
    provenance: {
      tool: 'assay',
      version: VERSION,
      command: state.command,
      inputs: state.inputs,
      seed: settings.seed,
      node: process.versions.node,
    },
  };
}

/**
 * Audits a prediction log: one streaming pass over the data fills every accumulator;
 * the result holds per-group metrics, disparities, AIF360 comparisons, calibration,
 * ROC curves and the data section, as plain JSON-serialisable data.
 *
 * @example
 * const result = await audit({ data: 'predictions.csv', label: 'y_true', prediction: 'y_pred',
 *   score: 'score', sensitive: ['sex', 'race'], intersect: true });
 * result.metrics.find((m) => m.metric === 'accuracy' && m.feature === null)?.value;
 */
export async function audit(options: AuditOptions): Promise<AuditResult> {
  return finishAudit(await auditState(options), options.now);
}

/** Warnings for the columns a source renamed (repeated or empty names), so none goes unnoticed. */
export function renamedColumnWarnings(source: Source): WarningRecord[] {
  return (source.renamedColumns ?? []).map((r) => ({
    code: 'renamed_column',
    message: `duplicate or empty column name in ${source.name}: column ${JSON.stringify(r.original)} is read as ${JSON.stringify(r.renamed)}`,
  }));
}

function checkColumns(source: Source, settings: AuditSettings, modelled: boolean): void {
  const names = source.schema.fields.map((f) => f.name);
  for (const column of columnsOf(settings)) {
    if (modelled && isModelColumn(column)) continue;
    if (!names.includes(column)) {
      throw new AuditError(`missing column: ${column} in ${source.name} (columns: ${names.join(', ')})`);
    }
  }
}
