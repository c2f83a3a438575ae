import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { EventEmitter } from 'node:events';
import { ChunkRunner } from './chunk-runner.js';
import { releaseWorkers, takeWorker } from './worker-pool.js';
import { auditState, blockRowsOf, columnsOf, modelAuditColumns, resolveSettings, type AuditOptions, type AuditState } from '../api/audit.js';
import type { AuditEngine } from '../audit/engine.js';
import { AuditError, InternalError, oneLine } from '../core/errors.js';
import type { Model } from '../model/model.js';
import { importPartial, type PartialState } from './partial-state.js';
import { planSplit, type SplitPlan } from './split-plan.js';
import { binStore, willBin } from '../metrics/score-store.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-protocol.js';

/** The default thread count: the machine's available parallelism. */
export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * The streaming pass of {@link auditState} spread over `threads` worker threads, with a
 * result identical, byte for byte, to the single-threaded run.
 *
 * The input is cut into chunks of whole fold blocks — the very batches, boundaries and global
 * row numbers the single-threaded reader produces: Parquet by row ranges (DuckDB's
 * `file_row_number`), Arrow IPC files by record batch (random access through the footer).
 * This thread runs chunks too (between merges), worker threads the others; each runner fills
 * a fresh engine per fold block (starting at the block's global row, which seeds the
 * bootstrap) and posts its state back; the main thread folds these block states into the
 * total in global order, exactly as `AuditEngine` folds each block of a single pass, so even
 * float sums come out bit-identical. Scores kept for the AUC are the same multiset whichever
 * thread adds them, and the store's binning rule depends on the data alone (see
 * `enforceBudget` in `metrics/score-store.ts`); once the main thread's store is binned (and
 * rows are unweighted) runners bin their blocks' scores themselves into one store each, sent
 * at the end: bin counts are integers, which add up the same in any order, and an overflow
 * bin keeps its smallest score. Each runner has at most two chunks queued and at most
 * 3 × `threads` chunks are in flight, so memory stays bounded. `tuning.chunkRows` sets the
 * least rows per chunk (default `CHUNK_ROWS` of `split-plan.ts`, in whole blocks).
 *
 * Model audits (`options.model`) run a copy of the model in each runner, with the same
 * onnxruntime settings as one thread would (scores are then identical); their fold blocks are four model
 * batches (see `blockRowsOf`), so each chunk starts on a model-batch boundary and the model
 * sees the batches of the single pass.
 *
 * Falls back to `auditState(options)` (one thread) when `threads` ≤ 1, the input has fewer
 * than `tuning.minRows` rows or fewer than two chunks (threads start in a few hundred
 * milliseconds: small inputs are done sooner on one), or the input cannot be split exactly:
 * CSV and JSON (their batches depend on the parser's sequential pass), compressed or
 * glob-like paths, Arrow IPC streams, open Sources and batch iterables, named datasets, and
 * robustness runs, `onBatch` callbacks and shards given a start row.
 *
 * Workers run the compiled `dist/scale/audit-worker.js` (resolved next to this module, or
 * under `dist/` when this module runs from TypeScript sources, e.g. under vitest).
 *
 * @example
 * const state = await auditStateParallel({ data: 'log.parquet', label: 'y', prediction: 'p', sensitive: ['sex'] }, 2);
 * const result = finishAudit(state);
 */
export async function auditStateParallel(
  options: AuditOptions,
  threads: number = defaultThreads(),
  tuning: { chunkRows?: number; minRows?: number } = {},
): Promise<AuditState> {
  if (!Number.isInteger(threads) || threads < 1) throw new AuditError(`invalid thread count: ${threads} (expected an integer ≥ 1)`);
  const data = options.data;
  const robustness = options.robustness && options.robustness !== 'none';
  if (threads === 1 || typeof data !== 'string' || robustness || options.onBatch || options.startRow || !existsSync(data)) {
    releaseWorkers();
    return auditState(options);
  }
  const model = Boolean(options.model);
  const blockRows = blockRowsOf(options);
  const plan = await planSplit(data, {
    // a model reads every column
    columns: model ? null : columnsOf(resolveSettings(options)),
    batchSize: options.batchSize,
    format: options.format,
    chunkRows: tuning.chunkRows ?? (model ? blockRows : undefined),
    blockRows,
  });
  // A model re-cuts batches to its own size from each chunk's start: chunks must start on whole blocks.
  const aligned = plan !== null && (!model || plan.chunks.every((c) => c.firstRow % blockRows! === 0));
  if (plan === null || !aligned || options.csv !== undefined || plan.rows < (tuning.minRows ?? 0) || plan.chunks.length < 2) {
    releaseWorkers();
    return auditState(options);
  }
  // onnxruntime keeps its own thread setting (`intraOpThreads`): a tree ensemble sums its trees
  // per thread, so another count would change the scores in the last digits.
  return auditState(options, async ({ engine, settings, source, modelLoad, model: loaded }) => {
    // a model audit reads the model's inputs and the audit's columns, as the single thread does
    const columns = loaded ? modelAuditColumns(loaded, settings) : model ? source.schema.fields.map((f) => f.name) : columnsOf(settings);
    const setup: WorkerSetup = {
      spec: engine.spec,
      // a runner's engine is done with each batch before the next; a model keeps them a while
      input: { path: plan.path, columns, batchSize: plan.batchSize, reuseBuffers: !model },
      model: modelLoad ? { load: modelLoad, batchSize: options.modelBatchSize } : null,
    };
    const runners = startRunners(setup, Math.min(threads, plan.chunks.length), loaded);
    await runWorkers(plan, engine, runners, options.onProgress);
  });
}

interface Pending {
  partials: (PartialState | undefined)[];
  blocks: number | null;
}

/** What the main loop needs of a chunk runner: a worker thread, or {@link LocalRunner}. */
interface Runner {
  postMessage(request: WorkerRequest): void;
  on(event: 'message', listener: (reply: WorkerReply) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
  removeAllListeners(event: 'message'): unknown;
  unref(): void;
}

/** A {@link ChunkRunner} on the main thread, behind the same messages (and `exit` once stopped) as a worker thread. */
class LocalRunner extends EventEmitter implements Runner {
  private readonly runner: ChunkRunner;

  constructor(setup: WorkerSetup, model: Model | null) {
    super();
    this.runner = new ChunkRunner(
      setup,
      (reply) => {
      // as a worker's message would be: delivered later, a snapshot of the groups known now
      const copy: WorkerReply =
        reply.type === 'block' || reply.type === 'store'
          ? { ...reply, partial: { ...reply.partial, dictionaries: reply.partial.dictionaries.map((n) => n.slice()), cells: reply.partial.cells.slice() } }
          : reply;
        setImmediate(() => this.emit('message', copy));
      },
      () => setImmediate(() => this.emit('exit', 0)),
      model,
    );
  }

  postMessage(request: WorkerRequest): void {
    this.runner.handle(request);
  }

  unref(): void {}
}

/** `count` chunk runners: this thread's own and `count − 1` worker threads (pre-started ones first). */
function startRunners(setup: WorkerSetup, count: number, model: Model | null): Runner[] {
  const runners: Runner[] = [new LocalRunner(setup, model)];
  for (let k = 1; k < count; k++) {
    const worker = takeWorker();
    worker.postMessage({ type: 'setup', setup } satisfies WorkerRequest);
    runners.push(worker);
  }
  releaseWorkers();
  return runners;
}

/** How long a finished run waits for its runners to stop (each ends within a batch). */
const STOP_PATIENCE_MS = 10_000;

/** Runs the chunks of `plan` on `runners` and folds their block states into `engine` in order. */
function runWorkers(plan: SplitPlan, engine: AuditEngine, workers: Runner[], onProgress: ((rows: number) => void) | undefined): Promise<void> {
  const count = workers.length;
  // Chunks queued per runner: two, so that a runner never waits for the main thread (busy
  // auditing a batch of its own) to hand it the next chunk.
  const queued = new Map<Runner, number>(workers.map((w) => [w, 0]));
  const depth = 2;
  const pending = new Map<number, Pending>();
  let next = 0;
  let mergeAt = 0;
  let seqAt = 0;
  const window = (depth + 1) * count;

  return new Promise<void>((resolvePromise, reject) => {
    let finished = false;
    const finish = (error?: unknown): void => {
      if (finished) return;
      finished = true;
      // Never terminate() a runner, and wait for every one to stop before settling: the process
      // may exit right after, and a thread ended inside a DuckDB call aborts it. `stop` ends a
      // runner's chunk at the next batch and closes its DuckDB first.
      const stopped = workers.map((w) => new Promise<void>((done) => w.once('exit', () => done())));
      for (const w of workers) {
        w.removeAllListeners('message');
        w.postMessage({ type: 'stop' } satisfies WorkerRequest);
      }
      const settle = (): void => {
        if (error === undefined) resolvePromise();
        else reject(error instanceof Error ? error : new InternalError(oneLine(error)));
      };
      // a runner stuck past this is left behind (and no longer keeps the process alive)
      const patience = setTimeout(() => {
        for (const w of workers) w.unref();
        settle();
      }, STOP_PATIENCE_MS);
      void Promise.all(stopped).then(() => {
        clearTimeout(patience);
        settle();
      });
    };
    // Once the store will certainly end up binned (see `willBin`), bin it now and have the
    // workers bin their blocks: the binned multiset is the same, found with less work here.
    let announced = false;
    let collecting = false;
    let collected = 0;
    const announceBins = (): void => {
      const store = engine.states.store;
      if (announced || store === null || engine.spec.weight !== null || !willBin(store, plan.rows)) return;
      announced = true;
      binStore(store);
      for (const w of workers) w.postMessage({ type: 'bin' } satisfies WorkerRequest);
    };
    const assign = (): void => {
      for (let round = 0; round < depth; round++) {
        for (const w of workers) {
          if (next >= plan.chunks.length || next - mergeAt >= window) return;
          if (queued.get(w)! > round) continue;
          const chunk = plan.chunks[next++];
          pending.set(chunk.index, { partials: [], blocks: null });
          queued.set(w, queued.get(w)! + 1);
          w.postMessage({ type: 'chunk', chunk } satisfies WorkerRequest);
        }
      }
    };
    const drain = (): void => {
      for (;;) {
        const p = pending.get(mergeAt);
        if (p === undefined) break;
        const partial = p.partials[seqAt];
        if (partial !== undefined) {
          p.partials[seqAt++] = undefined;
          engine.merge(importPartial(engine.spec, partial));
          onProgress?.(engine.rows);
          announceBins();
          continue;
        }
        if (p.blocks === null || seqAt < p.blocks) break;
        pending.delete(mergeAt++);
        seqAt = 0;
      }
      if (mergeAt === plan.chunks.length) {
        if (engine.rows !== plan.rows) finish(new InternalError(`threads read ${engine.rows} rows of ${plan.rows} in ${plan.path}`));
        else if (!announced || collected === workers.length) finish();
        else if (!collecting) {
          // the workers' binned stores, one each (integer counts: their order does not matter)
          collecting = true;
          for (const w of workers) w.postMessage({ type: 'collect' } satisfies WorkerRequest);
        }
        return;
      }
      assign();
    };
    for (const w of workers) {
      w.on('message', (reply: WorkerReply) => {
        if (finished) return;
        try {
          if (reply.type === 'error') {
            finish(reply.audit ? new AuditError(reply.message) : new InternalError(reply.message));
            return;
          }
          if (reply.type === 'store') {
            engine.merge(importPartial(engine.spec, reply.partial));
            collected++;
            drain();
            return;
          }
          const p = pending.get(reply.chunk);
          if (p === undefined) throw new InternalError(`unexpected reply for chunk ${reply.chunk}`);
          if (reply.type === 'block') p.partials[reply.seq] = reply.partial;
          else {
            p.blocks = reply.blocks;
            queued.set(w, queued.get(w)! - 1);
          }
          drain();
        } catch (error) {
          finish(error);
        }
      });
      w.on('error', (error) => finish(error));
      w.on('exit', (code) => {
        if (!finished) finish(new InternalError(`audit worker exited with code ${code}`));
      });
    }
    if (plan.chunks.length === 0) finish();
    else assign();
  });
}
