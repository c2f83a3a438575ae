import type { EngineSpec } from '../audit/engine.js';
import type { ChunkInput } from './read-chunk.js';
import type { Chunk } from './split-plan.js';
import type { PartialState } from './partial-state.js';

/** `workerData` of an audit worker. */
export interface WorkerSetup {
  spec: EngineSpec;
  input: ChunkInput;
}

/** Main thread → worker: read a chunk, or finish. */
export type WorkerRequest =
  | {
      type: 'chunk';
      chunk: Chunk;
      /**
       * The main thread's score store is binned and unweighted: the worker may then bin the
       * chunk's scores itself and send them once, after the chunk's batches (integer counts
       * add up the same in any order).
       */
      binStore: boolean;
    }
  | { type: 'stop' };

/** Worker → main thread: one partial state per batch (in order), then `done`; or an error. */
export type WorkerReply =
  | { type: 'batch'; chunk: number; seq: number; partial: PartialState }
  | { type: 'done'; chunk: number; batches: number; rows: number }
  | { type: 'error'; chunk: number; audit: boolean; message: string };
