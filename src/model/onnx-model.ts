// ONNX models behind the narrow Model interface: reading the file, planning inputs and outputs,
// running batches through a ModelSession (onnxruntime itself is loaded only by ./onnx.ts).
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { AuditError, InternalError, oneLine } from '../core/errors.js';
import { decodeOutputs, type OutputTensor } from './decode-outputs.js';
import { fillInput, fillTextCodes, type InputData } from './fill-input.js';
import { dropInputBuffers } from './input-buffers.js';
import type { Model, ModelKind, ModelOutput } from './model.js';
import {
  type ModelSession,
  type SessionFeed,
  type SessionValue,
  type TextCodes,
} from './model-session.js';
import { shapeString, tensorTypeString, type OnnxElementType, type ValueSignature } from './onnx-types.js';
import {
  assertInputsPlanned,
  planInputs,
  type ColumnsLike,
  type InputMap,
  type InputMapping,
} from './plan-inputs.js';
import { planOutputs, type OutputOptions, type OutputPlan } from './plan-outputs.js';
import { openOnnxModel, openSession, readModel, type OpenedOnnxModel } from './open-model.js';

export { openOnnxModel, type OpenedOnnxModel } from './open-model.js';

/** Options of {@link loadOnnxModel}. */
export interface OnnxModelOptions extends OutputOptions {
  /**
   * The data's columns (an Arrow schema, or `{ name, type }` per column), so inputs are mapped and
   * conversions checked before any row is read.
   */
  columns: ColumnsLike;
  /** Model input → ordered columns, where names differ or an input packs several columns. */
  inputMap?: InputMap;
  /** Threads onnxruntime uses inside one operator (default: onnxruntime's choice, one per core). */
  intraOpThreads?: number;
  /**
   * Worker threads running the model, each with a session of its own, so that inference overlaps
   * the reading and auditing of other rows (default: two where there are two cores or more, else
   * one; one for a model of 256 MiB or more, or with external weights, since each session holds
   * the weights); 0 runs it in the calling thread. Results are the same for any number.
   */
  inferenceThreads?: number;
  /** The file already read and its session open ({@link openOnnxModel}); the model takes it over. */
  opened?: OpenedOnnxModel;
}

/** Session inputs or outputs as signatures (element types as onnxruntime names them). */
function sessionSignatures(metadata: readonly SessionValue[], declared: readonly ValueSignature[]): ValueSignature[] {
  return metadata.map((m) => {
    const graphType = declared.find((d) => d.name === m.name);
    if (!m.isTensor)
      return { name: m.name, elemType: null, shape: null, type: graphType?.type ?? 'non-tensor' };
    const known: readonly string[] = [
      'float32',
      'float64',
      'int8',
      'int16',
      'int32',
      'int64',
      'uint8',
      'uint16',
      'uint32',
      'uint64',
      'string',
      'bool',
    ];
    const elemType = (known.includes(m.type ?? '') ? m.type : 'other') as OnnxElementType;
    const type = graphType?.type ?? (elemType === 'other' ? `tensor(${m.type})` : tensorTypeString(elemType));
    return { name: m.name, elemType, shape: [...(m.shape ?? [])], type };
  });
}

/**
 * An ONNX model behind the {@link Model} interface: a batch of rows in, predictions and scores
 * out. Built by {@link loadOnnxModel}; the plans say how columns feed inputs and outputs become
 * predictions.
 */
export class OnnxModel implements Model {
  readonly kind: ModelKind;
  readonly classes: string[] | null;
  readonly inputColumns: string[];
  readonly positive: string | null;
  /** How each input is fed (columns, conversions). */
  readonly inputs: readonly InputMapping[];
  /** How outputs become predictions and scores. */
  readonly outputs: OutputPlan;
  private readonly session: ModelSession;
  private readonly opened: OpenedOnnxModel;
  private readonly file: string;
  private readonly fixedBatch: number | null;
  private closed = false;

  /**
   * @internal Use {@link loadOnnxModel}. Plans the outputs of `opened` by `options` (throws
   * `AuditError` for outputs that are neither a classifier's nor a regressor's).
   */
  constructor(file: string, opened: OpenedOnnxModel, inputs: InputMapping[], options: OutputOptions) {
    this.file = file;
    this.opened = opened;
    this.session = opened.session;
    const { graph, zipMaps } = opened.read;
    const outputs = planOutputs(sessionSignatures(opened.session.outputs, graph.outputs), graph, zipMaps, options);
    this.inputs = inputs;
    this.outputs = outputs;
    this.kind = outputs.kind;
    this.classes = outputs.classes;
    this.positive = outputs.positive;
    this.inputColumns = [...new Set(inputs.flatMap((m) => m.columns ?? []))];
    const batches = [...new Set(inputs.map((m) => m.fixedBatch).filter((b): b is number => b !== null))];
    if (batches.length > 1)
      throw new AuditError(
        `model ${file} declares different fixed batch sizes on its inputs (${batches.join(', ')})`,
      );
    this.fixedBatch = batches[0] ?? null;
  }

  /**
   * The same model and session with outputs planned by other `options` (e.g. another positive
   * class); this model is closed without releasing the session, which the new one owns. Throws
   * `AuditError` as {@link loadOnnxModel} does for outputs (this model stays usable then).
   */
  withOutputs(options: OutputOptions): OnnxModel {
    if (this.closed) throw new InternalError(`model ${this.file} is closed`);
    const model = new OnnxModel(this.file, this.opened, [...this.inputs], options);
    this.closed = true;
    return model;
  }

  /**
   * Predictions and scores for the rows of one batch; `firstRow` (0-based index in the data of the
   * batch's first row), when known, lets errors name rows of the data.
   */
  predict(batch: RecordBatch, firstRow?: number): Promise<ModelOutput> {
    return this.predictBatches([batch], firstRow);
  }

  /**
   * Predictions and scores for the rows of several batches taken together (one runtime call for
   * many small batches), row-aligned with their concatenation. Errors name rows of the data
   * (`rows 4001–5000`) when `firstRow` (0-based index in the data of the first row) is given, else
   * rows of the call (`rows 1–1000 of the batch`).
   */
  async predictBatches(batches: readonly RecordBatch[], firstRow?: number): Promise<ModelOutput> {
    if (this.closed) throw new InternalError(`model ${this.file} is closed`);
    const rows = batches.reduce((n, b) => n + b.numRows, 0);
    if (rows === 0) {
      const prediction =
        this.outputs.kind !== 'regression' && this.outputs.classKind === 'string' ? [] : new Float64Array(0);
      return { prediction, score: this.outputs.positiveIndex >= 0 ? new Float64Array(0) : null };
    }
    // Text goes to the session as codes into its distinct words (cheap to pass to the inference thread).
    const feeds = this.inputs.map((m) => ({
      mapping: m,
      data: m.elemType === 'string' ? fillTextCodes(m, batches, rows, firstRow) : fillInput(m, batches, rows, firstRow),
    }));
    if (this.fixedBatch === null || this.fixedBatch === rows) return this.run(feeds, 0, rows, rows, firstRow);
    // A model with a fixed batch size runs chunk by chunk (all handed to the session at once); the
    // last chunk is padded by repeating its last row.
    const parts: Promise<ModelOutput>[] = [];
    for (let start = 0; start < rows; start += this.fixedBatch)
      parts.push(this.run(feeds, start, Math.min(rows, start + this.fixedBatch), this.fixedBatch, firstRow));
    return joinOutputs(await Promise.all(parts), rows);
  }

  /**
   * Runs rows `[start, end)` of the filled inputs as a batch of `size` rows (padded by repeating
   * the last row). The run is handed to the session before this returns its promise.
   */
  private async run(
    feeds: { mapping: InputMapping; data: InputData | TextCodes }[],
    start: number,
    end: number,
    size: number,
    firstRow?: number,
  ): Promise<ModelOutput> {
    const inputs: SessionFeed[] = feeds.map(({ mapping, data }) => {
      const k = mapping.columns!.length;
      const dims = mapping.rank === 1 ? [size] : [size, k];
      const rows = (values: InputData | Int32Array): InputData | Int32Array =>
        padRows(start === 0 && end * k === values.length ? values : values.slice(start * k, end * k), end - start, size, k);
      const part: InputData | TextCodes =
        'codes' in data ? { codes: rows(data.codes) as Int32Array, words: data.words } : rows(data);
      return { name: mapping.input, type: mapping.elemType!, dims, data: part };
    });
    let results: Record<string, OutputTensor>;
    try {
      results = await this.session.run(inputs, this.outputs.fetches);
    } catch (error) {
      const rows =
        firstRow === undefined
          ? `rows ${start + 1}–${end} of the batch`
          : `rows ${firstRow + start + 1}–${firstRow + end}`;
      throw new AuditError(`inference failed in model ${this.file} (${rows}): ${oneLine(error)}`);
    }
    const output = decodeOutputs(this.outputs, results, size);
    if (end - start === size) return output;
    const n = end - start;
    return {
      prediction: output.prediction.slice(0, n),
      score: output.score ? output.score.slice(0, n) : null,
    };
  }

  /** Releases the session; later predictions throw. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.release();
    dropInputBuffers(); // spare input buffers do not outlive the model's runs
  }
}

/** `values` (`n` rows of `k` elements) padded to `size` rows by repeating the last row. */
function padRows(values: InputData | Int32Array, n: number, size: number, k: number): InputData | Int32Array {
  if (n >= size) return values;
  const padded = (
    Array.isArray(values) ? new Array<string>(size * k) : new (values.constructor as new (length: number) => typeof values)(size * k)
  ) as unknown[];
  const from = values as ArrayLike<unknown>;
  for (let r = 0; r < size; r++) for (let j = 0; j < k; j++) padded[r * k + j] = from[Math.min(r, n - 1) * k + j];
  return padded as InputData;
}

function joinOutputs(parts: readonly ModelOutput[], rows: number): ModelOutput {
  const text = parts.length > 0 && Array.isArray(parts[0].prediction);
  const prediction: Float64Array | string[] = text ? [] : new Float64Array(rows);
  const score = parts.length > 0 && parts[0].score ? new Float64Array(rows) : null;
  let at = 0;
  for (const p of parts) {
    if (Array.isArray(prediction)) for (const label of p.prediction as string[]) prediction.push(label);
    else prediction.set(p.prediction as Float64Array, at);
    if (score && p.score) score.set(p.score, at);
    at += p.prediction.length;
  }
  return { prediction, score };
}

/**
 * Loads an ONNX model for auditing. Reads the signature from the onnxruntime session (never
 * assumed), maps the data's columns to inputs (explicit `inputMap`, exact name, or skl2onnx's
 * sanitised name) and checks every conversion up front, then decides which outputs give
 * predictions and scores (labels, probability tensors, ZipMap outputs exposed by rewriting the
 * graph in memory; overrides `labelOutput` / `scoreOutput`; `task`; `positive` class).
 *
 * Throws `AuditError` (one line, naming the file, input, column or output) for a missing or
 * unreadable file, bytes that are not ONNX or are truncated, a model onnxruntime cannot load, an
 * input with no matching column, a conversion that would lose information, and outputs that are
 * neither a classifier's nor a regressor's.
 * @example
 * const model = await loadOnnxModel('model.onnx', { columns: source.schema });
 * for await (const batch of applyModel(model, source.batches(), {})) …
 * await model.close();
 */
export async function loadOnnxModel(path: string, options: OnnxModelOptions): Promise<OnnxModel> {
  if (options?.columns === undefined)
    throw new AuditError(`loading model ${path} needs the data's columns (options.columns)`);
  const opened = options.opened ?? (await openOnnxModel(path, options));
  try {
    const inputs = sessionSignatures(opened.session.inputs, opened.read.graph.inputs);
    const mappings = planInputs(inputs, options.columns, options.inputMap ?? {});
    assertInputsPlanned(mappings);
    return new OnnxModel(basename(path), opened, mappings, options);
  } catch (error) {
    await opened.session.release();
    throw error;
  }
}

/** A model input or output for display. */
export interface InspectedValue {
  name: string;
  type: string;
  /** `[N, 7]` style; `?` when the rank is unknown, empty for non-tensors. */
  shape: string;
}

/** Everything `assay inspect` shows about a model file: plain, JSON-serialisable data. */
export interface OnnxInspection {
  file: string;
  bytes: number;
  sha256: string;
  irVersion: number;
  producer: { name: string; version: string };
  domain: string;
  modelVersion: number;
  docString: string;
  graphName: string;
  opsets: { domain: string; version: number }[];
  metadata: Record<string, string>;
  /** Operators used by the main graph, with how many nodes use each. */
  operators: { domain: string; opType: string; count: number }[];
  inputs: InspectedValue[];
  outputs: InspectedValue[];
  initializers: number;
  externalData: boolean;
  /** ZipMap outputs assay replaces by the probability tensors that feed them. */
  zipMaps: { output: string; tensor: string; classes: string[] }[];
  /** Whether onnxruntime-node loads the model, and how assay would read its outputs. */
  runtime: {
    loads: boolean;
    error: string | null;
    kind: ModelKind | null;
    classes: string[] | null;
    positive: string | null;
    labelOutput: string | null;
    scoreOutput: string | null;
  };
  /** How the data's columns would feed each input (with `columns`), or null. */
  mapping: InputMapping[] | null;
}

/**
 * Describes an ONNX model without auditing it: producer, IR version, opsets and domains, metadata,
 * inputs and outputs with types and shapes, operators, ZipMap outputs, whether onnxruntime-node
 * loads it and how assay would read its outputs; with `columns`, which columns would feed which
 * inputs (problems are reported per input, not thrown).
 *
 * Throws `AuditError` only when the file cannot be read or is not ONNX at all.
 * @example const info = await inspectOnnxModel('model.onnx', { columns: source.schema });
 */
export async function inspectOnnxModel(
  path: string,
  options: { columns?: ColumnsLike; inputMap?: InputMap } & OutputOptions = {},
): Promise<OnnxInspection> {
  const model = await readModel(path);
  const { graph } = model;
  const counts = new Map<string, { domain: string; opType: string; count: number }>();
  for (const node of graph.nodes) {
    const key = `${node.domain}\u0000${node.opType}`;
    const entry = counts.get(key) ?? { domain: node.domain, opType: node.opType, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const view = (v: ValueSignature): InspectedValue => ({
    name: v.name,
    type: v.type,
    shape: v.elemType === null ? '' : shapeString(v.shape),
  });
  const runtime: OnnxInspection['runtime'] = {
    loads: false,
    error: null,
    kind: null,
    classes: null,
    positive: null,
    labelOutput: null,
    scoreOutput: null,
  };
  let inputs: ValueSignature[] = graph.inputs;
  try {
    const session = await openSession(path, model, undefined, 0);
    try {
      runtime.loads = true;
      inputs = sessionSignatures(session.inputs, graph.inputs);
      const plan = planOutputs(
        sessionSignatures(session.outputs, graph.outputs),
        graph,
        model.zipMaps,
        options,
      );
      Object.assign(runtime, {
        kind: plan.kind,
        classes: plan.classes,
        positive: plan.positive,
        labelOutput: plan.labelName,
        scoreOutput: plan.scoreName,
      });
    } finally {
      await session.release();
    }
  } catch (error) {
    runtime.error = oneLine(error);
  }
  return {
    file: path,
    bytes: model.bytes.length,
    sha256: createHash('sha256').update(model.bytes).digest('hex'),
    irVersion: graph.irVersion,
    producer: { name: graph.producerName, version: graph.producerVersion },
    domain: graph.domain,
    modelVersion: graph.modelVersion,
    docString: graph.docString,
    graphName: graph.graphName,
    opsets: graph.opsets,
    metadata: graph.metadata,
    operators: [...counts.values()].sort((a, b) => (a.domain + a.opType < b.domain + b.opType ? -1 : 1)),
    inputs: graph.inputs.map(view),
    outputs: graph.outputs.map(view),
    initializers: graph.initializerCount,
    externalData: graph.externalData,
    zipMaps: model.zipMaps.map((z) => ({ output: z.output, tensor: z.tensor, classes: z.classes.values })),
    runtime,
    mapping: options.columns ? planInputs(inputs, options.columns, options.inputMap ?? {}) : null,
  };
}
