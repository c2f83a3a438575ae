import onnxProto from 'onnx-proto';
import protobuf from 'protobufjs/minimal.js';
import {
  dataTypeName,
  elementTypeOfCode,
  tensorTypeString,
  type OnnxDim,
  type ValueSignature,
} from './onnx-types.js';
import { protobufFields, type ProtobufField } from './protobuf-fields.js';

const { onnx } = onnxProto;

/** Class labels a node declares (`classlabels_ints`, `classlabels_int64s` or `classlabels_strings`). */
export interface ClassLabels {
  /** `int` for integer labels (written here as decimal strings), `string` for text labels. */
  kind: 'int' | 'string';
  values: string[];
}

/** A node of the main graph, reduced to what assay reads. */
export interface OnnxNodeInfo {
  name: string;
  opType: string;
  /** Operator domain, `ai.onnx` for the default (empty) domain. */
  domain: string;
  inputs: string[];
  outputs: string[];
  /** Class labels when the node declares them (ai.onnx.ml classifiers and ZipMap). */
  classLabels: ClassLabels | null;
}

/** What an ONNX file declares, read with `onnx-proto` (no runtime needed). */
export interface OnnxGraph {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  /** The model's own domain (reverse-DNS name), often empty. */
  domain: string;
  modelVersion: number;
  docString: string;
  graphName: string;
  /** Operator sets the model imports, `ai.onnx` for the default domain. */
  opsets: { domain: string; version: number }[];
  /** `metadata_props` of the model, in file order. */
  metadata: Record<string, string>;
  /** Graph inputs the caller must feed (inputs backed by an initializer are left out). */
  inputs: ValueSignature[];
  outputs: ValueSignature[];
  nodes: OnnxNodeInfo[];
  initializerCount: number;
  /** Whether any initializer keeps its data in an external file. */
  externalData: boolean;
  /** Number of model-local functions. */
  functionCount: number;
}

/** `ModelProto.graph` and the `GraphProto` fields assay reads around. */
export const MODEL_GRAPH_FIELD = 7;
export const GRAPH_NODE_FIELD = 1;
export const GRAPH_INITIALIZER_FIELD = 5;
export const GRAPH_OUTPUT_FIELD = 12;
export const GRAPH_SPARSE_INITIALIZER_FIELD = 15;
const TENSOR_NAME_FIELD = 8;
const TENSOR_DATA_LOCATION_FIELD = 14;
const SPARSE_VALUES_FIELD = 1;

type LongLike = number | { toNumber(): number; toString(): string };

function toNumber(value: LongLike | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

function toInteger(value: LongLike): string {
  return typeof value === 'number' ? String(value) : value.toString();
}

const utf8 = new TextDecoder('utf-8');

/** The value of a varint field (wire type 0) that fits 32 bits. */
function varintAt(bytes: Uint8Array, f: ProtobufField): number {
  const reader = protobuf.Reader.create(bytes.subarray(f.start, f.end));
  reader.uint32(); // the tag
  return reader.uint32();
}

/** Concatenates byte ranges of `bytes`, keeping only the fields `keep` accepts. */
export function keepFields(
  bytes: Uint8Array,
  fields: ProtobufField[],
  keep: (f: ProtobufField) => boolean,
): Uint8Array {
  const kept = fields.filter(keep);
  const out = new Uint8Array(kept.reduce((n, f) => n + f.end - f.start, 0));
  let at = 0;
  for (const f of kept) {
    out.set(bytes.subarray(f.start, f.end), at);
    at += f.end - f.start;
  }
  return out;
}

/** The ONNX spelling of a `TypeProto`, and its tensor element type and shape when it is a tensor. */
export function describeType(
  type: onnxProto.onnx.ITypeProto | null | undefined,
): Omit<ValueSignature, 'name'> {
  if (!type) return { elemType: null, shape: null, type: 'unknown' };
  if (type.tensorType) {
    const code = type.tensorType.elemType ?? 0;
    const elemType = elementTypeOfCode(code);
    const dims = type.tensorType.shape?.dim;
    const shape: OnnxDim[] | null = dims
      ? dims.map((d) =>
          d.dimValue !== null && d.dimValue !== undefined
            ? toNumber(d.dimValue as LongLike)
            : (d.dimParam ?? ''),
        )
      : null;
    const spelled = elemType === 'other' ? `tensor(${dataTypeName(code)})` : tensorTypeString(elemType);
    return { elemType: elemType === 'other' ? 'other' : elemType, shape, type: spelled };
  }
  if (type.sequenceType)
    return { elemType: null, shape: null, type: `seq(${describeType(type.sequenceType.elemType).type})` };
  if (type.mapType) {
    const key = dataTypeName(type.mapType.keyType ?? 0);
    return { elemType: null, shape: null, type: `map(${key},${describeType(type.mapType.valueType).type})` };
  }
  if (type.optionalType)
    return {
      elemType: null,
      shape: null,
      type: `optional(${describeType(type.optionalType.elemType).type})`,
    };
  if (type.sparseTensorType)
    return {
      elemType: null,
      shape: null,
      type: `sparse_tensor(${dataTypeName(type.sparseTensorType.elemType ?? 0)})`,
    };
  return { elemType: null, shape: null, type: 'unknown' };
}

function classLabelsOf(node: onnxProto.onnx.INodeProto): ClassLabels | null {
  for (const attr of node.attribute ?? []) {
    if (
      (attr.name === 'classlabels_ints' || attr.name === 'classlabels_int64s') &&
      attr.ints &&
      attr.ints.length > 0
    ) {
      return { kind: 'int', values: attr.ints.map((v) => toInteger(v as LongLike)) };
    }
    if (attr.name === 'classlabels_strings' && attr.strings && attr.strings.length > 0) {
      return { kind: 'string', values: attr.strings.map((s) => utf8.decode(s)) };
    }
  }
  return null;
}

/** Name and storage of one initializer, read without decoding (or copying) its data. */
function initializerInfo(payload: Uint8Array): { name: string; external: boolean } {
  let name = '';
  let external = false;
  for (const f of protobufFields(payload)) {
    if (f.field === TENSOR_NAME_FIELD && f.payload) name = utf8.decode(f.payload);
    if (f.field === TENSOR_DATA_LOCATION_FIELD && f.wireType === 0) external = varintAt(payload, f) === 1;
  }
  return { name, external };
}

/**
 * Reads what an ONNX model file declares: producer, opsets, metadata, inputs and outputs with
 * their types and shapes, and the nodes of the main graph (operator, domain, wiring, class labels).
 * Initializer tensors are located but never decoded, so large models cost little.
 *
 * Throws a plain `Error` when the bytes are not an ONNX `ModelProto` (truncated, not protobuf, or
 * no graph); callers turn it into an `AuditError` naming the file.
 * @example readOnnxGraph(await readFile('model.onnx')).outputs.map((o) => o.type)
 */
export function readOnnxGraph(bytes: Uint8Array): OnnxGraph {
  const modelFields = protobufFields(bytes);
  const graphField = modelFields.find((f) => f.field === MODEL_GRAPH_FIELD && f.payload !== null);
  if (!graphField?.payload) throw new Error('no graph in the file');
  const model = onnx.ModelProto.decode(keepFields(bytes, modelFields, (f) => f.field !== MODEL_GRAPH_FIELD));

  const graphBytes = graphField.payload;
  const graphFields = protobufFields(graphBytes);
  const initializerNames = new Set<string>();
  let externalData = false;
  let initializerCount = 0;
  for (const f of graphFields) {
    if (f.field === GRAPH_INITIALIZER_FIELD && f.payload) {
      const info = initializerInfo(f.payload);
      initializerNames.add(info.name);
      externalData ||= info.external;
      initializerCount++;
    } else if (f.field === GRAPH_SPARSE_INITIALIZER_FIELD && f.payload) {
      const values = protobufFields(f.payload).find((g) => g.field === SPARSE_VALUES_FIELD && g.payload);
      if (values?.payload) initializerNames.add(initializerInfo(values.payload).name);
      initializerCount++;
    }
  }
  const graph = onnx.GraphProto.decode(
    keepFields(
      graphBytes,
      graphFields,
      (f) => f.field !== GRAPH_INITIALIZER_FIELD && f.field !== GRAPH_SPARSE_INITIALIZER_FIELD,
    ),
  );

  const signature = (v: onnxProto.onnx.IValueInfoProto): ValueSignature => ({
    name: v.name ?? '',
    ...describeType(v.type),
  });
  const metadata: Record<string, string> = {};
  for (const p of model.metadataProps ?? []) metadata[p.key ?? ''] = p.value ?? '';

  return {
    irVersion: toNumber(model.irVersion as LongLike),
    producerName: model.producerName ?? '',
    producerVersion: model.producerVersion ?? '',
    domain: model.domain ?? '',
    modelVersion: toNumber(model.modelVersion as LongLike),
    docString: model.docString ?? '',
    graphName: graph.name ?? '',
    opsets: (model.opsetImport ?? []).map((o) => ({
      domain: o.domain ? o.domain : 'ai.onnx',
      version: toNumber(o.version as LongLike),
    })),
    metadata,
    inputs: (graph.input ?? []).filter((v) => !initializerNames.has(v.name ?? '')).map(signature),
    outputs: (graph.output ?? []).map(signature),
    nodes: (graph.node ?? []).map((n) => ({
      name: n.name ?? '',
      opType: n.opType ?? '',
      domain: n.domain ? n.domain : 'ai.onnx',
      inputs: n.input ?? [],
      outputs: n.output ?? [],
      classLabels: classLabelsOf(n),
    })),
    initializerCount,
    externalData,
    functionCount: (model.functions ?? []).length,
  };
}
