import {
  Dictionary,
  Field,
  Float64,
  Int32,
  RecordBatch,
  Schema,
  Struct,
  Utf8,
  makeData,
  vectorFromArray,
  type Data,
  type Vector,
} from 'apache-arrow';
import { AuditError, InternalError } from '../core/errors.js';
import type { Model, ModelOutput } from './model.js';
import { PREDICTION_COLUMN, SCORE_COLUMN } from './model-columns.js';

/** Options of {@link applyModel}. */
export interface ApplyModelOptions {
  /** Rows per model call (default 65,536): large batches are split, small ones run together. */
  batchSize?: number;
  /** Name of the prediction column (default `__prediction`). */
  predictionColumn?: string;
  /** Name of the score column (default `__score`). */
  scoreColumn?: string;
  /**
   * 0-based index in the data of the stream's first row (default 0: the stream starts at the
   * data's first row), so model errors name rows of the data, e.g. `rows 4001–5000`.
   */
  firstRow?: number;
  /**
   * Called with each input batch once all its rows have been yielded and the consumer has
   * asked for what follows (so it is done with them: it must keep no part of a yielded batch
   * past its turn): a source can then fill the batch's buffers again (`Source.recycle`).
   */
  release?: (batch: RecordBatch) => void;
}

/**
 * Model calls under way at once: with two inference threads, one running in each and the next
 * ones handed over behind them, so that neither waits while the oldest result is audited.
 */
const MAX_IN_FLIGHT = 5;
/** Beyond two calls under way, their batches may hold at most this many bytes (wide tables). */
const MAX_IN_FLIGHT_BYTES = 256 * 2 ** 20;

/** Default rows per model call. */
export const DEFAULT_MODEL_BATCH_SIZE = 65_536;

/** Prediction and score columns appended to every batch of one stream (types fixed at the first batch). */
class OutputColumns {
  private predictionType: Float64 | Dictionary<Utf8, Int32> | null = null;
  private readonly words: string[] = [];
  private readonly wordIndex = new Map<string, number>();
  private dictionary: Vector<Utf8> | null = null;
  private dictionarySize = -1;
  private readonly schemas = new WeakMap<Schema, Schema>();

  constructor(
    private readonly predictionName: string,
    private readonly scoreName: string,
  ) {}

  private schemaFor(schema: Schema): Schema {
    let out = this.schemas.get(schema);
    if (!out) {
      for (const name of [this.predictionName, this.scoreName]) {
        if (schema.fields.some((f) => f.name === name)) {
          throw new AuditError(
            `column ${name} already exists in the data; choose another name for the model's ${name === this.predictionName ? 'prediction' : 'score'} column`,
          );
        }
      }
      out = new Schema(
        [
          ...schema.fields,
          new Field(this.predictionName, this.predictionType!, false),
          new Field(this.scoreName, new Float64(), true),
        ],
        schema.metadata,
      );
      this.schemas.set(schema, out);
    }
    return out;
  }

  private predictionData(prediction: Float64Array | string[]): Data {
    const n = prediction.length;
    if (this.predictionType === null)
      this.predictionType = Array.isArray(prediction)
        ? new Dictionary(new Utf8(), new Int32())
        : new Float64();
    if (this.predictionType instanceof Float64) {
      if (Array.isArray(prediction)) {
        if (n > 0) throw new InternalError('model returned text predictions after numeric ones');
        return makeData({ type: this.predictionType, length: 0, nullCount: 0, data: new Float64Array(0) });
      }
      return makeData({ type: this.predictionType, length: n, nullCount: 0, data: prediction });
    }
    if (!Array.isArray(prediction) && n > 0)
      throw new InternalError('model returned numeric predictions after text ones');
    const indices = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const word = (prediction as string[])[i];
      let at = this.wordIndex.get(word);
      if (at === undefined) {
        at = this.words.length;
        this.words.push(word);
        this.wordIndex.set(word, at);
      }
      indices[i] = at;
    }
    if (this.dictionarySize !== this.words.length) {
      // Labels seen so far; a later batch may only add to this list, so earlier indices stay valid.
      this.dictionary = vectorFromArray([...this.words], new Utf8());
      this.dictionarySize = this.words.length;
    }
    return makeData({
      type: this.predictionType,
      length: n,
      nullCount: 0,
      data: indices,
      dictionary: this.dictionary!,
    });
  }

  /** `batch` with the prediction and score columns appended. */
  append(batch: RecordBatch, output: ModelOutput): RecordBatch {
    const n = batch.numRows;
    if (output.prediction.length !== n || (output.score !== null && output.score.length !== n)) {
      throw new InternalError(`model returned ${output.prediction.length} predictions for ${n} rows`);
    }
    const prediction = this.predictionData(output.prediction);
    const score =
      output.score !== null
        ? makeData({ type: new Float64(), length: n, nullCount: 0, data: output.score })
        : makeData({
            type: new Float64(),
            length: n,
            nullCount: n,
            nullBitmap: new Uint8Array((n + 7) >> 3),
            data: new Float64Array(n),
          });
    const schema = this.schemaFor(batch.schema);
    const children = [...batch.data.children, prediction, score];
    return new RecordBatch(
      schema,
      makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children }),
    );
  }
}

function sliceOutput(output: ModelOutput, start: number, end: number): ModelOutput {
  return {
    prediction: output.prediction.slice(start, end),
    score: output.score ? output.score.subarray(start, end) : null,
  };
}

/**
 * Runs a model over a stream of batches and yields each batch with two columns appended: the
 * prediction (`__prediction`: Float64, or a Utf8 dictionary for text labels whose dictionary only
 * grows along the stream) and the score (`__score`: Float64, null where the model gives none).
 *
 * Rows go to the model `batchSize` at a time: larger batches are sliced (zero-copy), smaller ones
 * are run together when the model supports `predictBatches` (otherwise one call per batch), so the
 * model sees rows `[0, B)`, `[B, 2B)`, … whatever the input batching. That matters because
 * onnxruntime's float kernels can differ in the last bit between batch sizes. The
 * next input batch is requested before the model runs on the current rows, so reading (DuckDB
 * scans, file I/O) overlaps inference, and up to five calls are under way at once (two when
 * their batches hold over 256 MiB): a model running in threads of its own (see `OnnxModel`)
 * works on some rows while the next are read and filled. Output batches follow the input rows in order; an error is the first one in row order.
 *
 * Degenerate cases: an empty stream yields nothing; a batch with no rows yields a batch with no
 * rows. Throws `AuditError` for a bad `batchSize` or `firstRow` or a column name already in the
 * data; errors from the source or the model pass through (the source is closed either way). The
 * model is told where its rows sit in the data (`firstRow` plus the rows passed so far), so its
 * errors name rows of the data.
 * @example
 * for await (const batch of applyModel(model, source.batches(), { batchSize: 10_000 })) {
 *   batch.getChild('__score');
 * }
 */
export async function* applyModel(
  model: Model,
  batches: AsyncIterable<RecordBatch>,
  options: ApplyModelOptions = {},
): AsyncIterable<RecordBatch> {
  const size = options.batchSize ?? DEFAULT_MODEL_BATCH_SIZE;
  if (!Number.isInteger(size) || size < 1)
    throw new AuditError(`invalid batch size: ${size} (expected a whole number ≥ 1)`);
  const predictionName = options.predictionColumn ?? PREDICTION_COLUMN;
  const scoreName = options.scoreColumn ?? SCORE_COLUMN;
  if (predictionName === scoreName)
    throw new AuditError(`prediction and score columns have the same name: ${predictionName}`);
  // Index in the data of the next row sent to the model.
  let position = options.firstRow ?? 0;
  if (!Number.isSafeInteger(position) || position < 0)
    throw new AuditError(`invalid first row: ${position} (expected a whole number ≥ 0)`);
  const columns = new OutputColumns(predictionName, scoreName);

  const iterator = batches[Symbol.asyncIterator]();
  let exhausted = false;
  const request = (): Promise<IteratorResult<RecordBatch>> => {
    const next = iterator.next();
    next.catch(() => undefined); // awaited below; this only avoids an unhandled rejection if we stop early
    return next;
  };
  let pending: Promise<IteratorResult<RecordBatch>> | null = request();
  let carry: RecordBatch | null = null;
  // Input batches not yet released, oldest first, each with the row (counted from the stream's
  // start) where it ends; rows yielded and passed by the consumer so far.
  const unreleased: { batch: RecordBatch; end: number }[] = [];
  let read = 0;
  let passed = 0;
  const release = options.release;
  const passedOn = (rows: number): void => {
    passed += rows;
    while (release !== undefined && unreleased.length > 0 && unreleased[0].end <= passed) release(unreleased.shift()!.batch);
  };
  // Groups handed to the model and not yet yielded, oldest first: the model works on one while
  // the next is read and filled (a model in a thread of its own runs them back to back).
  const inFlight: { batches: RecordBatch[]; outputs: Promise<ModelOutput>[]; whole: boolean; bytes: number }[] = [];
  let inFlightBytes = 0;
  const settle = (outputs: Promise<ModelOutput>[]): void => {
    for (const o of outputs) o.catch(() => undefined); // awaited in order below; a later group may fail first
  };
  try {
    for (;;) {
      // Gather up to `size` rows: the rest of a sliced batch first, then new batches.
      const group: RecordBatch[] = [];
      let rows = 0;
      while (rows < size) {
        let batch: RecordBatch;
        if (carry !== null) {
          batch = carry;
          carry = null;
        } else {
          if (pending === null) break;
          const result: IteratorResult<RecordBatch> = await pending;
          if (result.done) {
            exhausted = true;
            pending = null;
            break;
          }
          // Ask for the next batch now: it is read while the model runs on this group.
          pending = request();
          batch = result.value;
          read += batch.numRows;
          if (release !== undefined) unreleased.push({ batch, end: read });
        }
        if (rows + batch.numRows > size) {
          carry = batch.slice(size - rows);
          batch = batch.slice(0, size - rows);
        }
        group.push(batch);
        rows += batch.numRows;
      }
      if (group.length > 0) {
        let outputs: Promise<ModelOutput>[];
        const whole = model.predictBatches !== undefined && group.length > 1;
        if (whole) {
          outputs = [model.predictBatches!(group, position)];
        } else {
          let at = position;
          outputs = group.map((batch) => {
            const output = model.predict(batch, at);
            at += batch.numRows;
            return output;
          });
        }
        position += rows;
        settle(outputs);
        const bytes = group.reduce((n, b) => n + b.data.byteLength, 0);
        inFlight.push({ batches: group, outputs, whole, bytes });
        inFlightBytes += bytes;
      }
      // Yield the oldest group once others are in the model's hands (or nothing is left to read).
      if (inFlight.length === 0) return;
      const room = inFlight.length < 2 || (inFlight.length < MAX_IN_FLIGHT && inFlightBytes < MAX_IN_FLIGHT_BYTES);
      if (group.length > 0 && room) continue;
      const done = inFlight.shift()!;
      inFlightBytes -= done.bytes;
      if (done.whole) {
        const output = await done.outputs[0];
        let at = 0;
        for (const batch of done.batches) {
          yield columns.append(batch, sliceOutput(output, at, at + batch.numRows));
          at += batch.numRows;
          passedOn(batch.numRows);
        }
      } else {
        for (let i = 0; i < done.batches.length; i++) {
          yield columns.append(done.batches[i], await done.outputs[i]);
          passedOn(done.batches[i].numRows);
        }
      }
    }
  } finally {
    if (!exhausted) await iterator.return?.();
  }
}
