import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  auditState,
  columnsOf,
  hashFile,
  renamedColumnWarnings,
  resolveSettings,
  type AuditOptions,
  type AuditState,
} from '../api/audit.js';
import { AuditEngine, engineSpec } from '../audit/engine.js';
import type { InputProvenance } from '../audit/types.js';
import { AuditError, InternalError, oneLine } from '../core/errors.js';
import { openSource } from '../io/open-source.js';
import { importPartial, type PartialState } from './partial-state.js';
import { planSplit, type SplitPlan } from './split-plan.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-protocol.js';

/** The default thread count: the machine's available parallelism. */
export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * The streaming pass of {@link auditState} spread over `threads` worker threads, with a
 * result identical, byte for byte, to the single-threaded run.
 *
 * The input is cut into chunks of whole batches — the very batches, boundaries and global
 * row numbers the single-threaded reader produces: Parquet by row ranges (DuckDB's
 * `file_row_number`), Arrow IPC files by record batch (random access through the footer).
 * Each worker fills a fresh engine per batch (starting at the batch's global row, which seeds
 * the bootstrap) and posts its complete state back; the main thread folds these per-batch
 * states into the total in global batch order, exactly as `AuditEngine.add` folds each
 * batch's partial state, so even float sums come out bit-identical. Once the main thread's
 * score store has switched to bins (and rows are unweighted), workers bin their chunk's
 * scores themselves and send one histogram per chunk: bin counts are integers, which add up
 * the same in any order, and an overflow bin keeps the first score seen. At most 2 × `threads`
 * chunks are in flight, so memory stays bounded. `tuning.chunkRows` sets the rows per chunk
 * (default `CHUNK_ROWS` of `split-plan.ts`, rounded to whole batches).
 *
 * Falls back to `auditState(options)` (one thread) when `threads` ≤ 1, or the input cannot
 * be split exactly: CSV and JSON (their batches depend on the parser's sequential pass),
 * compressed or glob-like paths, Arrow IPC streams, open Sources and batch iterables,
 * named datasets, model audits (inference stays on one thread in this version) and
 * `onBatch` callbacks.
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
  tuning: { chunkRows?: number } = {},
): Promise<AuditState> {
  if (!Number.isInteger(threads) || threads < 1) throw new AuditError(`invalid thread count: ${threads} (expected an integer ≥ 1)`);
  const data = options.data;
  if (threads === 1 || typeof data !== 'string' || options.model || options.onBatch || options.startRow || !existsSync(data)) {
    return auditState(options);
  }
  const settings = resolveSettings(options);
  const columns = columnsOf(settings);
  const plan = await planSplit(data, { columns, batchSize: options.batchSize, format: options.format, chunkRows: tuning.chunkRows });
  if (plan === null || options.csv !== undefined) return auditState(options);
  // Open (and close) the source as the single-threaded run does: same checks, same errors.
  const source = await openSource(data, { format: options.format, batchSize: options.batchSize, columns });
  await source.close();
  const notes = renamedColumnWarnings(source);
  const hashing = options.hashData !== false ? hashFile(data) : null;
  const engine = new AuditEngine(engineSpec(settings));
  try {
    await runWorkers(plan, engine, Math.min(threads, plan.chunks.length), columns, options.onProgress);
  } catch (error) {
    if (error instanceof AuditError && !error.message.startsWith(data)) throw new AuditError(`${data}: ${error.message}`);
    throw error;
  }
  const h = hashing ? await hashing : null;
  const inputs: InputProvenance[] = [{ role: 'data', path: data, sha256: h?.sha256 ?? null, bytes: h?.bytes ?? null }];
  return {
    engine,
    settings,
    favorable: options.favorable ?? [],
    entropyAlpha: options.entropyAlpha ?? 2,
    inputs,
    command: options.command ?? null,
    model: null,
    notes,
  };
}

/** The compiled worker: beside this module in `dist/`, or in `dist/scale/` when running from `src/`. */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/scale/audit-worker.js', here) : new URL('./audit-worker.js', here);
}

interface Pending {
  partials: (PartialState | undefined)[];
  batches: number | null;
}

/** Runs the chunks of `plan` on `count` workers and folds their per-batch states into `engine` in order. */
function runWorkers(
  plan: SplitPlan,
  engine: AuditEngine,
  count: number,
  columns: string[],
  onProgress: ((rows: number) => void) | undefined,
): Promise<void> {
  const setup: WorkerSetup = { spec: engine.spec, input: { path: plan.path, columns, batchSize: plan.batchSize } };
  const url = workerUrl();
  if (url.protocol === 'file:' && !existsSync(url)) throw new InternalError(`worker not built: ${url.pathname} (npm run build)`);
  const workers = Array.from({ length: count }, () => new Worker(url, { workerData: setup }));
  const idle = new Set(workers);
  const pending = new Map<number, Pending>();
  let next = 0;
  let mergeAt = 0;
  let seqAt = 0;
  const window = 2 * count;

  return new Promise<void>((resolvePromise, reject) => {
    let finished = false;
    const finish = (error?: unknown): void => {
      if (finished) return;
      finished = true;
      for (const w of workers) {
        // never terminate(): a worker stopped inside a DuckDB call can abort the process;
        // `stop` ends its chunk at the next batch and closes DuckDB first
        w.removeAllListeners('message');
        w.postMessage({ type: 'stop' } satisfies WorkerRequest);
        w.unref();
      }
      if (error === undefined) resolvePromise();
      else reject(error instanceof Error ? error : new InternalError(oneLine(error)));
    };
    const assign = (): void => {
      for (const w of idle) {
        if (next >= plan.chunks.length || next - mergeAt >= window) return;
        const chunk = plan.chunks[next++];
        pending.set(chunk.index, { partials: [], batches: null });
        idle.delete(w);
        const binStore = engine.states.store?.binned === true && engine.spec.weight === null;
        w.postMessage({ type: 'chunk', chunk, binStore } satisfies WorkerRequest);
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
          continue;
        }
        if (p.batches === null || seqAt < p.batches) break;
        pending.delete(mergeAt++);
        seqAt = 0;
      }
      if (mergeAt === plan.chunks.length) {
        if (engine.rows !== plan.rows) finish(new InternalError(`threads read ${engine.rows} rows of ${plan.rows} in ${plan.path}`));
        else finish();
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
          const p = pending.get(reply.chunk);
          if (p === undefined) throw new InternalError(`unexpected reply for chunk ${reply.chunk}`);
          if (reply.type === 'batch') p.partials[reply.seq] = reply.partial;
          else {
            p.batches = reply.batches;
            idle.add(w);
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
