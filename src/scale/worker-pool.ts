import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { SpareWorkers, compiledWorkerUrl } from '../core/spare-workers.js';

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

/** Audit workers started ahead of need (loading their modules meanwhile), not yet given work. */
const workers = new SpareWorkers(compiledWorkerUrl(import.meta.url, 'scale/audit-worker.js'), 'worker');

/**
 * Starts `count` audit workers now, so that they load their modules (a few hundred
 * milliseconds) while the main thread loads its own and plans the input; {@link takeWorker}
 * hands them out. Unclaimed workers do not keep the process alive, and are stopped by
 * {@link releaseWorkers}. Cheap to import: this module loads nothing else.
 *
 * @example prestartWorkers(1); // before importing the audit itself
 */
export function prestartWorkers(count: number): void {
  workers.prestart(count);
}

/** A started audit worker (a pre-started one when there is one); it waits for a `setup` message. */
export function takeWorker(): Worker {
  return workers.take();
}

/** Stops pre-started workers that were never given work (they hold no DuckDB state). */
export function releaseWorkers(): void {
  workers.release();
}
