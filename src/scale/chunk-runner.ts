import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { AuditEngine, BLOCK_ROWS } from '../audit/engine.js';
import { AuditError, oneLine } from '../core/errors.js';
import { CellIndex } from '../metrics/cell-index.js';
import { ValueDictionary } from '../metrics/columns.js';
import { scoreStore, type ScoreStoreState } from '../metrics/score-store.js';
import { exportPartial, transferList } from './partial-state.js';
import { readChunk } from './read-chunk.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-protocol.js';
import type { RecordBatch } from 'apache-arrow';
import type { Model } from '../model/model.js';
import type { Chunk } from './split-plan.js';

/** `first`, then the rest of `rest`. */
async function* prepend(first: RecordBatch, rest: AsyncIterator<RecordBatch>): AsyncGenerator<RecordBatch> {
  try {
    yield first;
    for (;;) {
      const next = await rest.next();
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    await rest.return?.(undefined); // closes the chunk's source when the consumer stops early
  }
}

/** Sends a reply (with the buffers it may transfer) to the main thread's loop. */
export type Post = (reply: WorkerReply, transfer: ArrayBuffer[]) => void;

/**
 * Reads the chunks it is sent and posts back the state of each fold block (a fresh engine per
 * block), in block order — in a worker thread (`audit-worker.ts`) or on the main thread
 * itself, which then audits chunks between merges instead of waiting.
 *
 * Its block engines number groups and cells alike (one registry), so that once the main
 * thread announces a binned store (`bin`), one binned score store takes the scores of all of
 * them; it goes to the main thread once, on `collect`, instead of a histogram per block.
 */
export class ChunkRunner {
  private database: Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> | null = null;
  private queue: Promise<void> = Promise.resolve();
  /** Set by `stop`: the current chunk ends at the next batch (never stop DuckDB mid-query). */
  private stopping = false;
  /** Set by `bin`: blocks started from now on bin their scores. */
  private binning = false;
  private readonly registry: { dictionaries: ValueDictionary[]; cells: CellIndex };
  private binnedStore: ScoreStoreState | null = null;

  /** The model of a model audit: given (this thread's), or loaded on the first chunk. */
  private model: Model | null;
  private readonly ownsModel: boolean;

  constructor(
    private readonly setup: WorkerSetup,
    private readonly post: Post,
    private readonly onStopped: () => void = () => undefined,
    model: Model | null = null,
  ) {
    this.model = model;
    this.ownsModel = model === null;
    this.registry = { dictionaries: setup.spec.sensitive.map(() => new ValueDictionary()), cells: new CellIndex() };
  }

  /** Takes one request; chunks and `collect` run in the order received. */
  handle(request: WorkerRequest): void {
    if (request.type === 'setup') return; // given to the constructor
    if (request.type === 'bin') {
      this.binning = true;
      return;
    }
    if (request.type === 'collect') {
      this.queue = this.queue.then(() => this.collect());
      return;
    }
    if (request.type === 'stop') {
      this.stopping = true;
      this.queue = this.queue.then(async () => {
        if (this.model !== null && this.ownsModel) await this.model.close();
        if (this.database) {
          const { instance, connection } = await this.database;
          connection.closeSync();
          instance.closeSync();
        }
        this.onStopped();
      });
      return;
    }
    this.queue = this.queue.then(() =>
      (this.stopping ? Promise.resolve() : this.run(request)).catch((error: unknown) => {
        this.post({ type: 'error', chunk: request.chunk.index, audit: error instanceof AuditError, message: oneLine(error) }, []);
      }),
    );
  }

  /** One DuckDB thread per runner: the runners are the parallelism. Loaded only for Parquet. */
  private async duckdb(): Promise<DuckDBConnection> {
    this.database ??= import('../io/duckdb-api.js').then(async ({ duckdbApi }) => {
      const instance = await duckdbApi.DuckDBInstance.create(':memory:', { threads: '1', autoinstall_known_extensions: 'false' });
      return { instance, connection: await instance.connect() };
    });
    return (await this.database).connection;
  }

  private emptyStore(binned: boolean): ScoreStoreState {
    const store = scoreStore(this.setup.spec.aucBudget).init();
    store.binned = binned;
    return store;
  }

  private async run(request: Extract<WorkerRequest, { type: 'chunk' }>): Promise<void> {
    const { chunk } = request;
    const { spec } = this.setup;
    const con = chunk.kind === 'parquet' ? await this.duckdb() : null;
    const blockRows = spec.blockRows ?? BLOCK_ROWS;
    let row = chunk.firstRow;
    let seq = 0;
    let engine: AuditEngine | null = null;
    let block = -1;
    const send = (): void => {
      if (engine === null) return;
      // the shared binned store is sent on `collect`; the block sends an empty one
      if (this.binnedStore !== null && engine.states.store === this.binnedStore) engine.states.store = this.emptyStore(true);
      const partial = exportPartial(engine);
      this.post({ type: 'block', chunk: chunk.index, seq: seq++, partial }, transferList(partial));
      engine = null;
    };
    for await (const batch of await this.batches(chunk, con)) {
      if (this.stopping) return; // leaving the loop closes the chunk's source
      const id = Math.floor(row / blockRows);
      if (id !== block) {
        send();
        // A fresh engine per block, starting at the block's first global row (the bootstrap
        // weights and the row numbers in messages depend on it).
        engine = new AuditEngine(spec, this.registry);
        engine.rowBase = row;
        engine.fileRowBase = row;
        // the main thread's store is binned (`bin`, only ever sent for unweighted rows): bin here too
        if (this.binning && engine.states.store !== null) {
          engine.states.store = this.binnedStore ??= this.emptyStore(true);
        }
        block = id;
      }
      engine!.add(batch);
      row += batch.numRows;
    }
    send();
    this.post({ type: 'done', chunk: chunk.index, blocks: seq, rows: row - chunk.firstRow }, []);
  }

  /** The chunk's batches, through the model for model audits (loaded against the first batch's columns). */
  private async batches(chunk: Chunk, con: DuckDBConnection | null): Promise<AsyncIterable<RecordBatch>> {
    const read = readChunk(this.setup.input, chunk, con);
    const run = this.setup.model;
    if (!run) return read;
    const { applyModel } = await import('../model/apply-model.js');
    if (this.model === null) {
      const first = await read.next();
      if (first.done === true) return read;
      const { loadOnnxModel } = await import('../model/onnx-model.js');
      // this thread runs the model itself: threads of its own per worker would outnumber the cores
      this.model = await loadOnnxModel(run.load.path, { ...run.load.options, columns: first.value.schema, inferenceThreads: 0 });
      return applyModel(this.model, prepend(first.value, read), { batchSize: run.batchSize, firstRow: chunk.firstRow });
    }
    return applyModel(this.model, read, { batchSize: run.batchSize, firstRow: chunk.firstRow });
  }

  private collect(): void {
    const engine = new AuditEngine(this.setup.spec, this.registry);
    if (this.binnedStore !== null) engine.states.store = this.binnedStore;
    const partial = exportPartial(engine);
    this.post({ type: 'store', partial }, transferList(partial));
    this.binnedStore = null;
  }
}
