import type { EngineSpec } from '../audit/engine.js';
import type { ModelLoad } from '../api/audit.js';
import type { ChunkInput } from './read-chunk.js';
import type { Chunk } from './split-plan.js';
import type { PartialState } from './partial-state.js';

/** What an audit worker is set up with (its first message). */
export interface WorkerSetup {
  spec: EngineSpec;
  input: ChunkInput;
  /** Model audits: the model to run over each chunk (loaded against the chunk's columns), rows per call. */
  model?: { load: ModelLoad; batchSize?: number } | null;
}

/** Main thread → worker: the setup (first), read a chunk, or finish. */
export type WorkerRequest =
  | { type: 'setup'; setup: WorkerSetup }
  | { type: 'chunk'; chunk: Chunk }
  /**
   * The main thread's store is binned and rows are unweighted: bin the scores of every block
   * from now on (integer counts add up the same in any order). Sent before any later chunk.
   */
  | { type: 'bin' }
  /** All chunks are done: send the binned score store of all the worker's blocks. */
  | { type: 'collect' }
  | { type: 'stop' };

/** Worker → main thread: the state of each fold block of the chunk (in order), then `done`; or an error. */
export type WorkerReply =
  | { type: 'block'; chunk: number; seq: number; partial: PartialState }
  | { type: 'done'; chunk: number; blocks: number; rows: number }
  /** Reply to `collect`: every other state empty. */
  | { type: 'store'; partial: PartialState }
  | { type: 'error'; chunk: number; audit: boolean; message: string };
