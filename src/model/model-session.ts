// A model session behind a narrow interface: onnxruntime in this thread (src/model/onnx.ts), or
// in a worker thread of its own (this file, which does not load onnxruntime), so that inference
// runs beside the reading and auditing of the next rows instead of blocking them.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { InternalError } from '../core/errors.js';
import { SpareWorkers, compiledWorkerUrl } from '../core/spare-workers.js';
import type { OutputTensor } from './decode-outputs.js';
import type { InputData } from './fill-input.js';
import { giveInputBuffers } from './input-buffers.js';

/** Text input as codes into a list of words: cheap to hand to another thread. */
export interface TextCodes {
  codes: Int32Array;
  words: string[];
}

/** One input tensor of a run: element type as onnxruntime names it, dimensions, data. */
export interface SessionFeed {
  name: string;
  type: string;
  dims: number[];
  data: InputData | TextCodes;
}

/** An input or output of the session, as onnxruntime describes it (plain data). */
export interface SessionValue {
  name: string;
  isTensor: boolean;
  /** Element type (`float32`, `int64`, `string`, …) of a tensor; absent for other values. */
  type?: string;
  /** Dimensions of a tensor: numbers, or names of symbolic dimensions. */
  shape?: (number | string)[];
}

/** What a session is created from. */
export interface SessionInit {
  /** The model's bytes (possibly rewritten), or null to open `path` (weights in external files). */
  bytes: Uint8Array | null;
  path: string;
  /** Threads onnxruntime uses inside one operator (undefined: onnxruntime's choice). */
  intraOpThreads?: number;
}

/** A loaded model session: its signature, runs, release. Errors are plain `Error`s (the caller names the model). */
export interface ModelSession {
  readonly inputs: readonly SessionValue[];
  readonly outputs: readonly SessionValue[];
  run(feeds: readonly SessionFeed[], fetches: readonly string[]): Promise<Record<string, OutputTensor>>;
  release(): Promise<void>;
}

/** Messages between {@link WorkerSession} and the worker (src/model/onnx.ts `serveSessionWorker`). */
export type WorkerRequest =
  | { type: 'open'; init: SessionInit }
  | { type: 'run'; id: number; feeds: SessionFeed[]; fetches: string[] }
  | { type: 'release' };
export type WorkerReply =
  | { type: 'ready'; inputs: SessionValue[]; outputs: SessionValue[] }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; outputs: Record<string, OutputTensor>; inputs?: ArrayBuffer[] }
  | { type: 'error'; id: number; message: string }
  | { type: 'released' };

/**
 * Text codes as the strings they stand for, written into `into` when it has their length (an
 * array of an earlier run, reused rather than collected), else into a new array.
 */
export function expandText(data: InputData | TextCodes, into?: string[]): InputData {
  if (Array.isArray(data) || ArrayBuffer.isView(data)) return data;
  const { codes, words } = data;
  const out = into !== undefined && into.length === codes.length ? into : new Array<string>(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = words[codes[i]];
  return out;
}

/** Buffers (not empty) of typed arrays that own them whole: they move to the other thread instead of being copied. */
export function transferables(values: readonly unknown[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of values) {
    const view = v !== null && typeof v === 'object' && 'codes' in v ? (v as TextCodes).codes : v;
    if (
      ArrayBuffer.isView(view) &&
      view.buffer instanceof ArrayBuffer &&
      view.byteOffset === 0 &&
      view.byteLength > 0 &&
      view.byteLength === view.buffer.byteLength &&
      !out.includes(view.buffer)
    )
      out.push(view.buffer);
  }
  return out;
}

/**
 * A session living in a worker thread: runs are queued there in call order, so a caller can
 * hand over the next batch before the current one is done. The worker keeps the process alive
 * only while runs are pending.
 */
class WorkerSession implements ModelSession {
  /** Runs handed over and not yet answered. */
  get load(): number {
    return this.pending.size;
  }

  private readonly pending = new Map<number, { resolve: (o: Record<string, OutputTensor>) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | null = null;
  private released = false;

  constructor(
    private readonly worker: Worker,
    readonly inputs: readonly SessionValue[],
    readonly outputs: readonly SessionValue[],
  ) {
    worker.on('message', (m: WorkerReply) => this.receive(m));
    worker.on('error', (e: Error) => this.fail(new Error(`inference thread failed: ${e.message}`)));
    worker.on('exit', (code) => this.fail(new Error(`inference thread stopped (exit code ${code})`)));
    worker.unref();
  }

  private receive(m: WorkerReply): void {
    if (m.type !== 'result' && m.type !== 'error') return;
    const waiting = this.pending.get(m.id);
    if (!waiting) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker.unref();
    if (m.type === 'result') {
      // the run's input buffers, back for the next batches
      if (m.inputs !== undefined) giveInputBuffers(m.inputs);
      waiting.resolve(m.outputs);
    }
    else waiting.reject(new Error(m.message));
  }

  private fail(error: Error): void {
    if (this.failure === null) this.failure = error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }

  run(feeds: readonly SessionFeed[], fetches: readonly string[]): Promise<Record<string, OutputTensor>> {
    if (this.released) return Promise.reject(new InternalError('session released'));
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId++;
    const promise = new Promise<Record<string, OutputTensor>>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    if (this.pending.size === 1) this.worker.ref();
    const request: WorkerRequest = { type: 'run', id, feeds: [...feeds], fetches: [...fetches] };
    try {
      this.worker.postMessage(request, transferables(feeds.map((f) => f.data)));
    } catch (error) {
      // data that cannot be handed over: this run fails, nothing is left waiting
      this.pending.delete(id);
      if (this.pending.size === 0) this.worker.unref();
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return promise;
  }

  /** Releases the session in the worker (pending runs are abandoned), then stops the worker (not waiting for it to end). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.fail(new InternalError('session released'));
    this.worker.removeAllListeners('exit');
    this.worker.removeAllListeners('error');
    this.worker.on('error', () => undefined);
    if (this.failure?.message.startsWith('inference thread') !== true) {
      // onnxruntime frees the session in the worker; a worker that no longer answers is stopped anyway
      const done = new Promise<void>((resolve) => {
        this.worker.on('message', (m: WorkerReply) => m.type === 'released' && resolve());
        this.worker.once('exit', () => resolve());
      });
      this.worker.ref();
      this.worker.postMessage({ type: 'release' } satisfies WorkerRequest);
      await done;
    }
    // the session is freed: the thread is stopped without waiting for it to wind down
    this.worker.unref();
    void this.worker.terminate();
  }
}

/**
 * Several sessions of one model, each in its own worker: a run goes to the least busy one (the
 * first on ties). Each run is whole in one session, so results do not depend on which ran it.
 */
class PooledSession implements ModelSession {
  readonly inputs: readonly SessionValue[];
  readonly outputs: readonly SessionValue[];

  constructor(private readonly sessions: readonly WorkerSession[]) {
    this.inputs = sessions[0].inputs;
    this.outputs = sessions[0].outputs;
  }

  run(feeds: readonly SessionFeed[], fetches: readonly string[]): Promise<Record<string, OutputTensor>> {
    let best = this.sessions[0];
    for (const s of this.sessions) if (s.load < best.load) best = s;
    return best.run(feeds, fetches);
  }

  async release(): Promise<void> {
    await Promise.all(this.sessions.map((s) => s.release()));
  }
}

/** Inference workers started ahead of need (loading onnxruntime meanwhile), not yet given a model. */
const workers = new SpareWorkers(compiledWorkerUrl(import.meta.url, 'model/onnx-worker.js'), 'inference worker');

/** Models from this size (bytes of the graph and weights) get one inference thread by default. */
export const LARGE_MODEL_BYTES = 256 * 2 ** 20;

/**
 * Inference threads a model gets by default: two where there are two cores or more (a batch
 * runs in each; onnxruntime's operators on tabular models barely use a second core
 * themselves), else one. A large model (`modelBytes` ≥ {@link LARGE_MODEL_BYTES}, or weights in
 * external files, `modelBytes` null) gets one: every session holds its own copy of the weights.
 */
export function defaultInferenceThreads(modelBytes: number | null = 0): number {
  if (modelBytes === null || modelBytes >= LARGE_MODEL_BYTES) return 1;
  return Math.min(2, availableParallelism());
}

/** Stops pre-started inference workers that were not given a model. */
export function releaseSpareInferenceWorkers(): void {
  workers.release();
}

/**
 * Starts `count` inference workers now, so that they load onnxruntime (tens of milliseconds)
 * while this thread loads the rest; the next {@link openWorkerSession} takes them. Unclaimed
 * workers do not keep the process alive. Cheap to import: this module loads no runtime.
 * @example prestartInferenceWorkers(2); // as soon as the command line names a model
 */
export function prestartInferenceWorkers(count: number): void {
  workers.prestart(count);
}

/** A session in one worker (a pre-started one when there is one). */
async function openOne(init: SessionInit): Promise<WorkerSession> {
  const started = workers.take();
  const first = new Promise<WorkerReply>((resolve, reject) => {
    const onError = (e: Error): void => reject(new Error(`inference thread failed: ${e.message}`));
    const onExit = (code: number): void => reject(new Error(`inference thread stopped (exit code ${code})`));
    started.once('error', onError);
    started.once('exit', onExit);
    started.once('message', (m: WorkerReply) => {
      started.off('error', onError);
      started.off('exit', onExit);
      resolve(m);
    });
  });
  started.postMessage({ type: 'open', init } satisfies WorkerRequest);
  let reply: WorkerReply;
  try {
    reply = await first;
  } catch (error) {
    await started.terminate();
    throw error;
  }
  if (reply.type !== 'ready') {
    await started.terminate();
    throw new Error(reply.type === 'failed' ? reply.message : `unexpected message from the inference thread: ${reply.type}`);
  }
  return new WorkerSession(started, reply.inputs, reply.outputs);
}

/**
 * Opens the model in `threads` worker threads (default {@link defaultInferenceThreads}), a
 * session in each; runs go to the least busy. The model's bytes are copied to each worker;
 * pre-started workers left over are stopped.
 * Rejects with the runtime's message when it cannot load the model.
 */
export async function openWorkerSession(init: SessionInit, threads = defaultInferenceThreads(init.bytes?.length ?? null)): Promise<ModelSession> {
  if (!Number.isInteger(threads) || threads < 1) throw new InternalError(`invalid inference thread count: ${threads}`);
  const opening = Array.from({ length: threads }, () => openOne(init));
  releaseSpareInferenceWorkers(); // pre-started beyond what this model uses
  const settled = await Promise.allSettled(opening);
  const sessions = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) {
    await Promise.all(sessions.map((s) => s.release()));
    throw failed.reason;
  }
  return sessions.length === 1 ? sessions[0] : new PooledSession(sessions);
}
