// Reading an ONNX file and opening its onnxruntime session, before the data's columns are known
// (onnx-model.ts binds the session to a table). Light to import: no Arrow, no runtime.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AuditError, InternalError, oneLine } from '../core/errors.js';
import { exposeZipMapInputs, findZipMapOutputs, type ZipMapOutput } from './expose-zipmap-inputs.js';
import { defaultInferenceThreads, openWorkerSession, type ModelSession } from './model-session.js';
import { readOnnxGraph, type OnnxGraph } from './read-onnx-graph.js';

/** A model file read into memory, with what its graph declares and the bytes the runtime gets. */
export interface ReadModel {
  bytes: Uint8Array;
  graph: OnnxGraph;
  zipMaps: ZipMapOutput[];
  /** Bytes for the session: the file, or a rewrite exposing the tensors that feed ZipMap outputs. */
  runtimeBytes: Uint8Array;
}

export async function readModel(path: string): Promise<ReadModel> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : oneLine(error);
    throw new AuditError(`cannot read model: ${path} (${why})`);
  }
  if (bytes.length === 0) throw new AuditError(`not an onnx model: ${path} (empty file)`);
  let graph: OnnxGraph;
  try {
    graph = readOnnxGraph(bytes);
  } catch (error) {
    throw new AuditError(`not an onnx model: ${path} (truncated or not an onnx protobuf: ${oneLine(error)})`);
  }
  const zipMaps = findZipMapOutputs(graph);
  if (zipMaps.length > 0 && graph.externalData) {
    throw new AuditError(
      `model ${path} keeps weights in external files and returns ZipMap outputs (${zipMaps.map((z) => z.output).join(', ')}), which onnxruntime-node cannot fetch; re-export it without ZipMap (skl2onnx: zipmap=False)`,
    );
  }
  const runtimeBytes = exposeZipMapInputs(bytes, graph, zipMaps);
  return { bytes, graph, zipMaps, runtimeBytes };
}

/** Opens a session for the model: in a worker thread of its own, or in this thread. */
export async function openSession(
  path: string,
  model: ReadModel,
  intraOpThreads: number | undefined,
  inferenceThreads: number,
): Promise<ModelSession> {
  if (intraOpThreads !== undefined && (!Number.isInteger(intraOpThreads) || intraOpThreads < 0))
    throw new AuditError(`invalid intra-op thread count: ${intraOpThreads} (expected a whole number ≥ 0)`);
  if (!Number.isInteger(inferenceThreads) || inferenceThreads < 0)
    throw new AuditError(`invalid inference thread count: ${inferenceThreads} (expected a whole number ≥ 0)`);
  // A model with external weights is opened by path so onnxruntime finds the files beside it.
  const bytes = model.graph.externalData && model.runtimeBytes === model.bytes ? null : model.runtimeBytes;
  const init = { bytes, path, intraOpThreads };
  try {
    if (inferenceThreads > 0) return await openWorkerSession(init, inferenceThreads);
    const { createOrtSession } = await import('./onnx.js');
    return await createOrtSession(init);
  } catch (error) {
    if (error instanceof InternalError) throw error;
    throw new AuditError(`cannot load onnx model: ${path} (${oneLine(error)})`);
  }
}


/** A model file read and its session open, not yet tied to a table: see {@link openOnnxModel}. */
export interface OpenedOnnxModel {
  readonly path: string;
  /** @internal The file's bytes and graph. */
  readonly read: ReadModel;
  readonly session: ModelSession;
}

/**
 * Reads a model file and opens its session (in worker threads unless `inferenceThreads` is 0)
 * before the data's columns are known, so that onnxruntime loads while the data is opened.
 * Pass the result as `opened` to {@link loadOnnxModel}, which then owns the session; otherwise
 * release it (`opened.session.release()`).
 *
 * Throws `AuditError` as {@link loadOnnxModel} does for the file and the session.
 * @example
 * const opening = openOnnxModel('model.onnx');
 * const source = await openSource('data.parquet');
 * const model = await loadOnnxModel('model.onnx', { columns: source.schema, opened: await opening });
 */
export async function openOnnxModel(
  path: string,
  options: { intraOpThreads?: number; inferenceThreads?: number } = {},
): Promise<OpenedOnnxModel> {
  const key = earlyKey(path, options);
  const early = opening.get(key);
  if (early !== undefined) {
    opening.delete(key);
    return early;
  }
  const read = await readModel(path);
  const threads = options.inferenceThreads ?? defaultInferenceThreads(read.graph.externalData ? null : read.runtimeBytes.length);
  const session = await openSession(path, read, options.intraOpThreads, threads);
  return { path, read, session };
}

/** Models opened ahead of need ({@link openOnnxModelEarly}), by path and options. */
const opening = new Map<string, Promise<OpenedOnnxModel>>();

function earlyKey(path: string, options: { intraOpThreads?: number; inferenceThreads?: number }): string {
  return JSON.stringify([resolve(path), options.intraOpThreads ?? null, options.inferenceThreads ?? null]);
}

/**
 * Starts opening a model before the audit asks for it, so that its sessions load while this
 * thread loads the rest of the audit: the next {@link openOnnxModel} of the same path with the
 * same options takes it over (with its failure, if it failed). The command line calls this as
 * soon as it has read its options; {@link releaseEarlyModels} closes what no audit took.
 * @example openOnnxModelEarly('model.onnx', { inferenceThreads: 2 });
 */
export function openOnnxModelEarly(path: string, options: { intraOpThreads?: number; inferenceThreads?: number } = {}): void {
  const key = earlyKey(path, options);
  if (opening.has(key)) return;
  const started = openOnnxModel(path, options);
  started.catch(() => undefined); // reported to the audit that takes it
  opening.set(key, started);
}

/** Releases the sessions of models opened early that no audit took over. */
export async function releaseEarlyModels(): Promise<void> {
  const left = [...opening.values()];
  opening.clear();
  await Promise.all(left.map((o) => o.then((m) => m.session.release(), () => undefined)));
}
