import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InternalError } from '../core/errors.js';

/**
 * Threads that `--threads auto` gives a large prediction log: one per two cores. A thread keeps
 * about two cores busy — its JavaScript, and beside it the reading (DuckDB decoding Parquet,
 * the file's sha256, apache-arrow's reads) — so on 2 cores one thread is as fast as two or
 * faster (measured on this project's machine: 100M Parquet rows 10.6 s on one thread, 11.2 s
 * on two; 40M Arrow IPC rows 2.2–2.4 s on either).
 */
export function autoThreads(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}

/** The compiled worker: beside this module in `dist/`, or in `dist/scale/` when running from `src/`. */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/scale/audit-worker.js', here) : new URL('./audit-worker.js', here);
}

/** Workers started ahead of need (loading their modules meanwhile), not yet given work. */
const spare: Worker[] = [];

/**
 * Starts `count` audit workers now, so that they load their modules (a few hundred
 * milliseconds) while the main thread loads its own and plans the input; {@link takeWorker}
 * hands them out. Unclaimed workers do not keep the process alive, and are stopped by
 * {@link releaseWorkers}. Cheap to import: this module loads nothing else.
 *
 * @example prestartWorkers(1); // before importing the audit itself
 */
export function prestartWorkers(count: number): void {
  const url = workerUrl();
  if (url.protocol === 'file:' && !existsSync(url)) return; // not built: takeWorker reports it
  for (let k = 0; k < count; k++) {
    const worker = new Worker(url);
    worker.unref();
    worker.on('error', () => undefined); // a spare that fails is simply not used
    spare.push(worker);
  }
}

/** A started audit worker (a pre-started one when there is one); it waits for a `setup` message. */
export function takeWorker(): Worker {
  const worker = spare.shift();
  if (worker) {
    worker.removeAllListeners('error');
    worker.ref();
    return worker;
  }
  const url = workerUrl();
  if (url.protocol === 'file:' && !existsSync(url)) throw new InternalError(`worker not built: ${url.pathname} (npm run build)`);
  return new Worker(url);
}

/** Stops pre-started workers that were never given work (they hold no DuckDB state). */
export function releaseWorkers(): void {
  for (const worker of spare.splice(0)) void worker.terminate();
}
