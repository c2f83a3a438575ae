import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { InternalError } from './errors.js';

/**
 * The compiled worker script `script` (its path under `dist/`, e.g. `scale/audit-worker.js`)
 * for the module at `moduleUrl`, a module one folder below the package's `src/` or `dist/`
 * (as every compiled module and every bundled chunk is, see scripts/bundle-cli.mjs): under
 * `dist/` beside it, or under `dist/` when the module runs from `src/` (vitest).
 * @example compiledWorkerUrl(import.meta.url, 'model/onnx-worker.js')
 */
export function compiledWorkerUrl(moduleUrl: string, script: string): URL {
  return moduleUrl.endsWith('.ts') ? new URL(`../../dist/${script}`, moduleUrl) : new URL(`../${script}`, moduleUrl);
}

/**
 * Worker threads of one script started ahead of need, so that they load their modules while
 * this thread loads its own. Spares do not keep the process alive; {@link take} hands one out
 * (or starts one), {@link release} stops those never taken. Cheap to import.
 * @example const workers = new SpareWorkers(compiledWorkerUrl(import.meta.url, 'scale/audit-worker.js'), 'worker');
 */
export class SpareWorkers {
  private readonly spare: Worker[] = [];

  /** `what` names the worker in the error for a script that is not built. */
  constructor(
    private readonly url: URL,
    private readonly what: string,
  ) {}

  private built(): boolean {
    return this.url.protocol !== 'file:' || existsSync(this.url);
  }

  /** Starts workers until `count` spares wait (none when the script is not built: {@link take} reports it). */
  prestart(count: number): void {
    if (!this.built()) return;
    while (this.spare.length < count) {
      const worker = new Worker(this.url);
      worker.unref();
      worker.on('error', () => undefined); // a spare that fails is simply not used
      this.spare.push(worker);
    }
  }

  /** A started worker: a spare when one is still running, else a new one. Throws `InternalError` when the script is not built. */
  take(): Worker {
    let worker = this.spare.shift();
    while (worker !== undefined && worker.threadId < 0) worker = this.spare.shift(); // it stopped
    if (worker !== undefined) {
      worker.removeAllListeners('error');
      worker.ref();
      return worker;
    }
    if (!this.built()) throw new InternalError(`${this.what} not built: ${this.url.pathname} (npm run build)`);
    return new Worker(this.url);
  }

  /** Stops the spares never taken. */
  release(): void {
    for (const worker of this.spare.splice(0)) void worker.terminate();
  }
}
