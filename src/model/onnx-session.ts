// A model's session on a thread of its own, and what any session offers (the session in this
// thread, `localSession`, is in onnx.ts: the only file that imports onnxruntime-node).
import { Worker } from 'node:worker_threads';
import { InternalError } from '../core/errors.js';
import type { OutputTensor } from './decode-outputs.js';

/** A tensor as plain data: what a session takes and gives, and what crosses threads. */
export interface WireTensor {
  type: string;
  data: unknown;
  dims: readonly number[];
}

/** What onnxruntime tells of one input or output (plain data, as `ort.InferenceSession.ValueMetadata`). */
export interface SessionValue {
  name: string;
  isTensor: boolean;
  type: string;
  shape: readonly (number | string)[];
}

/** The few things an audit asks of a session. */
export interface ModelSession {
  readonly inputMetadata: readonly SessionValue[];
  readonly outputMetadata: readonly SessionValue[];
  run(feeds: Record<string, WireTensor>, fetches: readonly string[]): Promise<Record<string, OutputTensor>>;
  release(): Promise<void>;
}

/** How to make a session: the model's bytes or path, and onnxruntime's options. */
export interface SessionSource {
  /** The bytes to load, or null to load `path` (a model whose weights are files beside it). */
  bytes: Uint8Array | null;
  path: string;
  intraOpThreads?: number;
}

/** Messages to the session thread, and its replies (each reply carries its request's id). */
export type SessionRequest =
  | { id: number; type: 'create'; source: SessionSource }
  | { id: number; type: 'run'; feeds: Record<string, WireTensor>; fetches: readonly string[] }
  | { id: number; type: 'release' };
export type SessionReply =
  | { id: number; type: 'created'; inputMetadata: SessionValue[]; outputMetadata: SessionValue[] }
  | { id: number; type: 'ran'; results: Record<string, WireTensor> }
  | { id: number; type: 'released' }
  | { id: number; type: 'error'; message: string };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

function workerUrl(): URL {
  const here = import.meta.url;
  // tests run the sources: the thread runs the built file
  return here.endsWith('.ts')
    ? new URL('../../dist/model/onnx-worker.js', here)
    : new URL('./onnx-worker.js', here);
}

/** The buffers of typed arrays among `values` (moved to the other thread, not copied). */
export function buffersOf(values: Iterable<{ data: unknown }>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const { data } of values) {
    if (
      ArrayBuffer.isView(data) &&
      data.buffer instanceof ArrayBuffer &&
      data.byteOffset === 0 &&
      data.byteLength === data.buffer.byteLength
    ) {
      buffers.add(data.buffer);
    }
  }
  return [...buffers];
}

/**
 * A session on a thread of its own: `run` returns at once and the model runs while this thread
 * goes on (reading and auditing the next rows). Input and output buffers move between the
 * threads without copies where they can. The thread keeps the process alive only while a
 * request is pending, and ends at `release` (or when this process does).
 */
export async function threadSession(source: SessionSource): Promise<ModelSession> {
  const worker = new Worker(workerUrl());
  const pending = new Map<
    number,
    { resolve: (reply: SessionReply) => void; reject: (error: Error) => void }
  >();
  let next = 0;
  let failed: Error | null = null;
  const settleAll = (error: Error) => {
    failed ??= error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    worker.unref();
  };
  worker.on('message', (reply: SessionReply) => {
    const waiter = pending.get(reply.id);
    if (waiter === undefined) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if (reply.type === 'error') waiter.reject(new Error(reply.message));
    else waiter.resolve(reply);
  });
  worker.on('error', (error) => settleAll(error));
  worker.on('exit', (code) => settleAll(new InternalError(`the model's thread stopped (exit code ${code})`)));
  const ask = (request: WithoutId<SessionRequest>, transfer: ArrayBuffer[] = []): Promise<SessionReply> => {
    if (failed !== null) return Promise.reject(failed);
    const id = next++;
    worker.ref();
    return new Promise<SessionReply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id }, transfer);
    });
  };
  let created: SessionReply;
  try {
    created = await ask({ type: 'create', source });
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  if (created.type !== 'created')
    throw new InternalError(`the model's thread answered ${created.type} to create`);
  return {
    inputMetadata: created.inputMetadata,
    outputMetadata: created.outputMetadata,
    async run(feeds, fetches) {
      const reply = await ask({ type: 'run', feeds, fetches }, buffersOf(Object.values(feeds)));
      if (reply.type !== 'ran') throw new InternalError(`the model's thread answered ${reply.type} to run`);
      return reply.results;
    },
    async release() {
      try {
        if (failed === null) await ask({ type: 'release' });
      } finally {
        await worker.terminate();
      }
    },
  };
}
