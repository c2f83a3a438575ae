import onnxProto from 'onnx-proto';
import { lengthDelimited, protobufFields } from './protobuf-fields.js';
import {
  GRAPH_NODE_FIELD,
  GRAPH_OUTPUT_FIELD,
  MODEL_GRAPH_FIELD,
  type ClassLabels,
  type OnnxGraph,
} from './read-onnx-graph.js';

const { onnx } = onnxProto;

/** A graph output made by a ZipMap node, and the probability tensor that feeds it. */
export interface ZipMapOutput {
  /** The ZipMap output (a sequence of maps onnxruntime-node cannot return). */
  output: string;
  /** The `[N, C]` float tensor ZipMap reads: probabilities in the order of `classes`. */
  tensor: string;
  /** ZipMap's `classlabels_int64s` / `classlabels_strings`. */
  classes: ClassLabels;
}

/**
 * Graph outputs that come straight from an `ai.onnx.ml` ZipMap node (skl2onnx's default for
 * classifiers), with the tensor that feeds each one and its class labels.
 *
 * Degenerate cases: a ZipMap without class labels, or whose output is also read by another node,
 * is left out (assay cannot remove it safely); no ZipMap gives `[]`.
 * @example findZipMapOutputs(readOnnxGraph(bytes)) // [{ output: 'output_probability', tensor: 'probabilities', … }]
 */
export function findZipMapOutputs(graph: OnnxGraph): ZipMapOutput[] {
  const consumed = new Set(graph.nodes.flatMap((n) => n.inputs));
  const found: ZipMapOutput[] = [];
  for (const out of graph.outputs) {
    if (out.elemType !== null) continue;
    const node = graph.nodes.find((n) => n.outputs.includes(out.name));
    if (!node || node.opType !== 'ZipMap' || node.domain !== 'ai.onnx.ml') continue;
    if (!node.classLabels || node.inputs.length !== 1 || consumed.has(out.name)) continue;
    found.push({ output: out.name, tensor: node.inputs[0], classes: node.classLabels });
  }
  return found;
}

/**
 * Rewrites an ONNX model in memory so that each ZipMap output is replaced by the float tensor
 * that feeds it: the ZipMap node is removed and its graph output becomes `<tensor>` of type
 * `tensor(float)`, shape `[N, C]` (C = number of class labels), at the same position among the
 * outputs. onnxruntime-node cannot return ZipMap's sequence of maps, so this is how assay gets
 * the probabilities of such models. Every other byte of the file is copied unchanged (including
 * fields newer than the bundled ONNX schema); only the changed messages are encoded, with
 * `onnx-proto`.
 *
 * Degenerate cases: no ZipMap outputs returns the input bytes; a tensor that is already a graph
 * output is not added twice. Throws on bytes that are not an ONNX model (as `readOnnxGraph`).
 * @example const bytes2 = exposeZipMapInputs(bytes, graph, findZipMapOutputs(graph))
 */
export function exposeZipMapInputs(
  bytes: Uint8Array,
  graph: OnnxGraph,
  zipMaps: readonly ZipMapOutput[],
): Uint8Array {
  if (zipMaps.length === 0) return bytes;
  const byOutput = new Map(zipMaps.map((z) => [z.output, z]));
  const existingOutputs = new Set(graph.outputs.map((o) => o.name));
  const batchDim =
    graph.outputs.find((o) => o.shape && typeof o.shape[0] === 'string' && o.shape[0] !== '')?.shape?.[0] ??
    'N';

  const modelFields = protobufFields(bytes);
  const parts: Uint8Array[] = [];
  for (const mf of modelFields) {
    if (mf.field !== MODEL_GRAPH_FIELD || !mf.payload) {
      parts.push(bytes.subarray(mf.start, mf.end));
      continue;
    }
    const graphBytes = mf.payload;
    const graphParts: Uint8Array[] = [];
    let nodeIndex = 0;
    for (const gf of protobufFields(graphBytes)) {
      const raw = graphBytes.subarray(gf.start, gf.end);
      if (gf.field === GRAPH_NODE_FIELD) {
        const node = graph.nodes[nodeIndex++];
        const removed = node && node.opType === 'ZipMap' && node.outputs.some((o) => byOutput.has(o));
        if (!removed) graphParts.push(raw);
      } else if (gf.field === GRAPH_OUTPUT_FIELD && gf.payload) {
        const name = onnx.ValueInfoProto.decode(gf.payload).name;
        const zipMap = byOutput.get(name);
        if (!zipMap) {
          graphParts.push(raw);
        } else if (!existingOutputs.has(zipMap.tensor)) {
          existingOutputs.add(zipMap.tensor);
          const info = onnx.ValueInfoProto.encode({
            name: zipMap.tensor,
            type: {
              tensorType: {
                elemType: onnx.TensorProto.DataType.FLOAT,
                shape: { dim: [{ dimParam: String(batchDim) }, { dimValue: zipMap.classes.values.length }] },
              },
            },
          }).finish();
          graphParts.push(lengthDelimited(GRAPH_OUTPUT_FIELD, info));
        }
      } else {
        graphParts.push(raw);
      }
    }
    parts.push(lengthDelimited(MODEL_GRAPH_FIELD, concat(graphParts)));
  }
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
