import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type Dim = number | string;

/** Element type codes (`TensorProto.DataType`). */
export const T = { float: 1, uint8: 2, int8: 3, int32: 6, int64: 7, string: 8, bool: 9, double: 11 } as const;

/** A tensor graph input or output. */
export function tensor(name: string, elemType: number, shape: Dim[] | null): onnxProto.onnx.IValueInfoProto {
  const dims = shape?.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType, ...(dims ? { shape: { dim: dims } } : {}) } } };
}

/** A `seq(map(key, tensor(float)))` output, as ZipMap makes. */
export function seqMap(name: string, keyType: number): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      sequenceType: { elemType: { mapType: { keyType, valueType: { tensorType: { elemType: T.float } } } } },
    },
  };
}

type AttrValue = number | string | number[] | string[] | { floats: number[] };

function attribute(name: string, value: AttrValue): onnxProto.onnx.IAttributeProto {
  const A = onnx.AttributeProto.AttributeType;
  const bytes = (s: string) => new TextEncoder().encode(s);
  if (typeof value === 'number')
    return Number.isInteger(value) ? { name, type: A.INT, i: value } : { name, type: A.FLOAT, f: value };
  if (typeof value === 'string') return { name, type: A.STRING, s: bytes(value) };
  if (!Array.isArray(value)) return { name, type: A.FLOATS, floats: value.floats };
  if (value.length > 0 && typeof value[0] === 'string')
    return { name, type: A.STRINGS, strings: (value as string[]).map(bytes) };
  return { name, type: A.INTS, ints: value as number[] };
}

/** A node; `attrs` numbers are INT when whole, FLOAT otherwise; `{ floats }` for float lists. */
export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attrs: Record<string, AttrValue> = {},
  domain = '',
): onnxProto.onnx.INodeProto {
  return {
    opType,
    input: inputs,
    output: outputs,
    name: `${opType}_${outputs[0]}`,
    domain,
    attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
  };
}

/** A float or int64 initializer. */
export function initializer(
  name: string,
  dims: number[],
  values: number[],
  elemType: number = T.float,
): onnxProto.onnx.ITensorProto {
  return elemType === T.int64
    ? { name, dims, dataType: elemType, int64Data: values }
    : { name, dims, dataType: elemType, floatData: values };
}

/** Encodes a model (opsets ai.onnx 13 and ai.onnx.ml 1 unless given). */
export function modelBytes(graph: {
  inputs: onnxProto.onnx.IValueInfoProto[];
  outputs: onnxProto.onnx.IValueInfoProto[];
  nodes: onnxProto.onnx.INodeProto[];
  initializers?: onnxProto.onnx.ITensorProto[];
  opset?: number;
  metadata?: Record<string, string>;
}): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'assay-test',
    producerVersion: '0',
    opsetImport: [
      { domain: '', version: graph.opset ?? 13 },
      { domain: 'ai.onnx.ml', version: 1 },
    ],
    metadataProps: Object.entries(graph.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: 'test',
      input: graph.inputs,
      output: graph.outputs,
      node: graph.nodes,
      initializer: graph.initializers ?? [],
    },
  }).finish();
}
