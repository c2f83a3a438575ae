// The only module that imports onnxruntime-node (a native dependency behind the narrow
// ModelSession interface of model-session.ts). Loaded in this thread for in-process sessions,
// and as the body of the inference worker (onnx-worker.ts).
import { parentPort } from 'node:worker_threads';
import ort from 'onnxruntime-node';
import { InternalError } from '../core/errors.js';
import type { OutputTensor } from './decode-outputs.js';
import {
  expandText,
  transferables,
  type ModelSession,
  type SessionFeed,
  type SessionInit,
  type SessionValue,
  type WorkerReply,
  type WorkerRequest,
} from './model-session.js';

function describe(metadata: readonly ort.InferenceSession.ValueMetadata[]): SessionValue[] {
  return metadata.map((m) =>
    m.isTensor
      ? { name: m.name, isTensor: true, type: String(m.type), shape: [...m.shape] }
      : { name: m.name, isTensor: false },
  );
}

class OrtSession implements ModelSession {
  readonly inputs: SessionValue[];
  readonly outputs: SessionValue[];
  /** String arrays of the last finished run's text inputs, by input name. */
  private spareText = new Map<string, string[]>();

  constructor(private readonly session: ort.InferenceSession) {
    this.inputs = describe(session.inputMetadata);
    this.outputs = describe(session.outputMetadata);
  }

  async run(feeds: readonly SessionFeed[], fetches: readonly string[]): Promise<Record<string, OutputTensor>> {
    const tensors: Record<string, ort.Tensor> = {};
    // text arrays of a finished run are filled again (a run under way keeps its own)
    const text = this.spareText;
    this.spareText = new Map();
    for (const f of feeds) {
      const data = expandText(f.data, text.get(f.name));
      tensors[f.name] = new ort.Tensor(f.type as ort.Tensor.Type, data, f.dims);
      if (Array.isArray(data) && data !== f.data) text.set(f.name, data);
    }
    const results = await this.session.run(tensors, [...fetches]);
    this.spareText = text;
    const out: Record<string, OutputTensor> = {};
    for (const name of Object.keys(results)) {
      const t = results[name];
      out[name] = { type: t.type, data: t.data, dims: [...t.dims] };
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/**
 * Creates an onnxruntime session in this thread. Rejects with onnxruntime's own error when it
 * cannot load the model (the caller names the file).
 */
export async function createOrtSession(init: SessionInit): Promise<ModelSession> {
  // onnxruntime's own log would repeat errors that reach the user anyway. Its threads wait for
  // work without spinning: between calls (and while a call runs on one thread) the other cores
  // stay free for reading and auditing; the same threads, so the same results.
  const options: ort.InferenceSession.SessionOptions = {
    logSeverityLevel: 4,
    enableMemPattern: false,
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
  if (init.intraOpThreads !== undefined) options.intraOpNumThreads = init.intraOpThreads;
  const session =
    init.bytes === null
      ? await ort.InferenceSession.create(init.path, options)
      : await ort.InferenceSession.create(init.bytes, options);
  return new OrtSession(session);
}

/**
 * The inference worker's body: loads onnxruntime now, then serves requests in the order they
 * come — `open` (create the session), `run`, `release`.
 */
export function serveSessionWorker(): void {
  const port = parentPort;
  if (port === null) throw new InternalError('serveSessionWorker runs in a worker thread');
  let session: ModelSession | null = null;
  let queue = Promise.resolve();
  port.on('message', (request: WorkerRequest) => {
    queue = queue.then(async () => {
      if (request.type === 'open') {
        try {
          session = await createOrtSession(request.init);
          port.postMessage({ type: 'ready', inputs: [...session.inputs], outputs: [...session.outputs] } satisfies WorkerReply);
        } catch (error) {
          port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
        }
        return;
      }
      if (request.type === 'release') {
        await session?.release();
        session = null;
        port.postMessage({ type: 'released' } satisfies WorkerReply);
        port.close();
        return;
      }
      let reply: WorkerReply;
      try {
        if (session === null) throw new InternalError('no session open');
        reply = { type: 'result', id: request.id, outputs: await session.run(request.feeds, request.fetches) };
      } catch (error) {
        reply = { type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) };
      }
      const outputs = reply.type === 'result' ? transferables(Object.values(reply.outputs).map((o) => o.data)) : [];
      // a finished run is done with its input buffers: they go back to be filled again
      const inputs = reply.type === 'result' ? transferables(request.feeds.map((f) => f.data)).filter((b) => !outputs.includes(b)) : [];
      try {
        port.postMessage(reply.type === 'result' ? { ...reply, inputs } : reply, [...outputs, ...inputs]);
      } catch {
        try {
          // buffers the runtime will not let go of are copied instead (none was moved: a failed
          // post detaches nothing, checked so that empty outputs can never be sent as results)
          if (outputs.some((b) => b.byteLength === 0)) throw new Error('an output buffer was detached');
          port.postMessage(reply);
        } catch (error) {
          // an output that cannot be sent (not plain data): say so instead of leaving the caller waiting
          const message = `cannot pass the outputs back: ${error instanceof Error ? error.message : String(error)}`;
          port.postMessage({ type: 'error', id: request.id, message } satisfies WorkerReply);
        }
      }
    });
  });
}
