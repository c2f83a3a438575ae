// Worker thread of `auditStateParallel`: reads the chunks it is sent and posts back one
// partial engine state per batch, in batch order.
import { parentPort, workerData } from 'node:worker_threads';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { AuditEngine } from '../audit/engine.js';
import { AuditError, oneLine } from '../core/errors.js';
import { scoreStore } from '../metrics/score-store.js';
import { exportPartial } from './partial-state.js';
import { readChunk } from './read-chunk.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-protocol.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
let database: Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> | null = null;
let queue: Promise<void> = Promise.resolve();
/** Set by `stop`: the current chunk ends at the next batch (never terminate DuckDB mid-query). */
let stopping = false;

/** One DuckDB thread per worker: the workers are the parallelism. */
async function duckdb(): Promise<DuckDBConnection> {
  database ??= DuckDBInstance.create(':memory:', { threads: '1', autoinstall_known_extensions: 'false' }).then(async (instance) => ({
    instance,
    connection: await instance.connect(),
  }));
  return (await database).connection;
}

async function run(request: Extract<WorkerRequest, { type: 'chunk' }>): Promise<void> {
  const { chunk } = request;
  const con = chunk.kind === 'parquet' ? await duckdb() : null;
  let row = chunk.firstRow;
  let seq = 0;
  // With `binStore`, the chunk's scores are binned here into one store sent at the end.
  const chunkStore = request.binStore ? new AuditEngine(setup.spec) : null;
  if (chunkStore?.states.store) chunkStore.states.store.binned = true;
  for await (const batch of readChunk(setup.input, chunk, con)) {
    if (stopping) return; // leaving the loop closes the chunk's source
    // A fresh engine per batch, starting at the batch's global row (bootstrap weights and
    // row numbers in messages depend on it); its rows are then counted from zero again.
    const engine = new AuditEngine(setup.spec);
    engine.rows = row;
    engine.add(batch);
    engine.rows -= row;
    row += batch.numRows;
    if (chunkStore !== null && engine.states.store !== null) {
      chunkStore.merge(engine);
      engine.states.store = scoreStore(setup.spec.aucBudget).init();
    }
    const reply: WorkerReply = { type: 'batch', chunk: chunk.index, seq: seq++, partial: exportPartial(engine) };
    port.postMessage(reply);
  }
  if (chunkStore !== null && chunkStore.states.store !== null) {
    // the store alone: every other state empty, no rows
    const only = exportPartial(new AuditEngine(setup.spec));
    const whole = exportPartial(chunkStore);
    const reply: WorkerReply = {
      type: 'batch',
      chunk: chunk.index,
      seq: seq++,
      partial: { ...only, dictionaries: whole.dictionaries, cells: whole.cells, states: { ...only.states, store: chunkStore.states.store } },
    };
    port.postMessage(reply);
  }
  const done: WorkerReply = { type: 'done', chunk: chunk.index, batches: seq, rows: row - chunk.firstRow };
  port.postMessage(done);
}

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'stop') {
    stopping = true;
    queue = queue.then(async () => {
      if (database) {
        const { instance, connection } = await database;
        connection.closeSync();
        instance.closeSync();
      }
      port.close();
    });
    return;
  }
  queue = queue.then(() =>
    (stopping ? Promise.resolve() : run(request)).catch((error: unknown) => {
      const reply: WorkerReply = { type: 'error', chunk: request.chunk.index, audit: error instanceof AuditError, message: oneLine(error) };
      port.postMessage(reply);
    }),
  );
});
