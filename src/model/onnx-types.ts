/**
 * Element types of ONNX tensors, named as onnxruntime-node names them (`float32` is ONNX
 * `tensor(float)`, `float64` is `tensor(double)`). `other` stands for every type assay cannot
 * feed or decode (float16, bfloat16, complex, float8, int4 …).
 */
export type OnnxElementType =
  | 'float32'
  | 'float64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'string'
  | 'bool'
  | 'other';

/** One dimension of a tensor shape: a fixed size, or a symbolic name (`''` when unnamed). */
export type OnnxDim = number | string;

/**
 * A model input or output as the model declares it: tensors have an element type and a shape
 * (null when the rank is unknown); non-tensor values (sequences, maps) have `elemType: null`.
 * `type` is the ONNX spelling for messages, e.g. `tensor(int64)` or `seq(map(int64,tensor(float)))`.
 */
export interface ValueSignature {
  name: string;
  elemType: OnnxElementType | null;
  shape: OnnxDim[] | null;
  type: string;
}

const ONNX_SPELLING: Record<Exclude<OnnxElementType, 'other'>, string> = {
  float32: 'float',
  float64: 'double',
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  uint8: 'uint8',
  uint16: 'uint16',
  uint32: 'uint32',
  uint64: 'uint64',
  string: 'string',
  bool: 'bool',
};

/**
 * The ONNX spelling of a tensor type, e.g. `tensor(float)` for `float32`.
 * @example tensorTypeString('int64') // 'tensor(int64)'
 */
export function tensorTypeString(elemType: OnnxElementType): string {
  return elemType === 'other' ? 'tensor(other)' : `tensor(${ONNX_SPELLING[elemType]})`;
}

/**
 * A shape for messages: `[N, 7]` style, symbolic dimensions by name (`N` when unnamed), `?` for
 * an unknown rank.
 * @example shapeString(['', 7]) // '[N, 7]'
 */
export function shapeString(shape: readonly OnnxDim[] | null): string {
  if (shape === null) return '?';
  return `[${shape.map((d) => (typeof d === 'number' ? String(d) : d === '' ? 'N' : d)).join(', ')}]`;
}

/** ONNX `TensorProto.DataType` codes → element types (codes not listed are `other`). */
const DATA_TYPE_CODES: Record<number, OnnxElementType> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
};

/** ONNX spelling of a `TensorProto.DataType` code (for non-tensor type strings). */
const DATA_TYPE_NAMES: Record<number, string> = {
  1: 'float',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'double',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
};

/**
 * The element type of an ONNX `TensorProto.DataType` code; unknown or unsupported codes give
 * `other`.
 * @example elementTypeOfCode(7) // 'int64'
 */
export function elementTypeOfCode(code: number): OnnxElementType {
  return DATA_TYPE_CODES[code] ?? 'other';
}

/**
 * The ONNX name of a `TensorProto.DataType` code (`float`, `double`, `int64` …), or
 * `type<code>` for codes this build does not know.
 * @example dataTypeName(1) // 'float'
 */
export function dataTypeName(code: number): string {
  return DATA_TYPE_NAMES[code] ?? `type${code}`;
}

/** `TensorProto.DataType` code for each element type assay writes into a graph. */
export const DATA_TYPE_CODE: Record<Exclude<OnnxElementType, 'other'>, number> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  uint16: 4,
  int16: 5,
  int32: 6,
  int64: 7,
  string: 8,
  bool: 9,
  float64: 11,
  uint32: 12,
  uint64: 13,
};
