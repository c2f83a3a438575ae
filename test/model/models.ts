// Small ONNX models built with onnx-proto for the tests, each checkable by hand.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { T, initializer, modelBytes, node, seqMap, tensor } from './onnx-builder.js';

/** Writes `bytes` to a fresh temporary file and returns its path. */
export function tempModel(name: string, bytes: Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'assay-model-'));
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/**
 * Three-class linear classifier with text labels a/b/c over a packed float input x [N, 2]:
 * scores (f1, f2, −f1−f2), softmax; ZipMap output like skl2onnx's default export.
 */
export function multiclassZipMap(): Uint8Array {
  return modelBytes({
    inputs: [tensor('x', T.float, ['N', 2])],
    outputs: [tensor('output_label', T.string, ['N']), seqMap('output_probability', T.string)],
    nodes: [
      node(
        'LinearClassifier',
        ['x'],
        ['label', 'probability_tensor'],
        {
          classlabels_strings: ['a', 'b', 'c'],
          coefficients: { floats: [1, 0, 0, 1, -1, -1] },
          intercepts: { floats: [0, 0, 0] },
          post_transform: 'SOFTMAX',
        },
        'ai.onnx.ml',
      ),
      node('Identity', ['label'], ['output_label']),
      node(
        'ZipMap',
        ['probability_tensor'],
        ['output_probability'],
        { classlabels_strings: ['a', 'b', 'c'] },
        'ai.onnx.ml',
      ),
    ],
  });
}

/** Regressor 2·x + 1 of one int64 input named like skl2onnx names `education-num`; output `variable` [N, 1]. */
export function regressor(): Uint8Array {
  return modelBytes({
    inputs: [tensor('education_num', T.int64, ['N', 1])],
    outputs: [tensor('variable', T.float, ['N', 1])],
    nodes: [
      node('Cast', ['education_num'], ['xf'], { to: T.float }),
      node('Mul', ['xf', 'two'], ['x2']),
      node('Add', ['x2', 'one'], ['variable']),
    ],
    initializers: [initializer('two', [1], [2]), initializer('one', [1], [1])],
  });
}

/** Regressor a + b + c over int32, double and bool inputs [N, 1]; output `variable` double [N, 1]. */
export function mixedTypes(): Uint8Array {
  return modelBytes({
    inputs: [tensor('a', T.int32, ['N', 1]), tensor('b', T.double, ['N', 1]), tensor('c', T.bool, ['N', 1])],
    outputs: [tensor('variable', T.double, ['N', 1])],
    nodes: [
      node('Cast', ['a'], ['ad'], { to: T.double }),
      node('Cast', ['c'], ['cd'], { to: T.double }),
      node('Add', ['ad', 'b'], ['ab']),
      node('Add', ['ab', 'cd'], ['variable']),
    ],
  });
}

/** Binary classifier with one sigmoid column: probability = σ(x), no label output. */
export function sigmoidOnly(): Uint8Array {
  return modelBytes({
    inputs: [tensor('x', T.float, ['N', 1])],
    outputs: [tensor('y', T.float, ['N', 1])],
    nodes: [node('Sigmoid', ['x'], ['y'])],
  });
}

/** Output of rank 3: neither a classifier's nor a regressor's. */
export function rankThreeOutput(): Uint8Array {
  return modelBytes({
    inputs: [tensor('x', T.float, ['N', 1])],
    outputs: [tensor('y', T.float, ['N', 1, 1])],
    nodes: [node('Reshape', ['x', 'shape'], ['y'])],
    initializers: [initializer('shape', [3], [-1, 1, 1], T.int64)],
  });
}

/** Regressor whose Reshape to [-1, 3] fails at run time unless the batch has a multiple of 3 rows. */
export function failsOnOddBatches(): Uint8Array {
  return modelBytes({
    inputs: [tensor('x', T.float, ['N', 1])],
    outputs: [tensor('variable', T.float, ['N', 1])],
    nodes: [node('Reshape', ['x', 'three'], ['x3']), node('Reshape', ['x3', 'one'], ['variable'])],
    initializers: [initializer('three', [2], [-1, 3], T.int64), initializer('one', [2], [-1, 1], T.int64)],
  });
}

/** Regressor x1 + x2 with a fixed batch size of 1: input x [1, 2], output `variable` [1, 1]. */
export function fixedBatchOne(): Uint8Array {
  return modelBytes({
    inputs: [tensor('x', T.float, [1, 2])],
    outputs: [tensor('variable', T.float, [1, 1])],
    nodes: [node('MatMul', ['x', 'w'], ['variable'])],
    initializers: [initializer('w', [2, 1], [1, 1])],
  });
}

/** "Probabilities" that are really raw scores (x passed through) beside an ArgMax label. */
export function logitsAsProbabilities(): Uint8Array {
  return modelBytes({
    inputs: [tensor('x', T.float, ['N', 2])],
    outputs: [tensor('label', T.int64, ['N']), tensor('probabilities', T.float, ['N', 2])],
    nodes: [
      node('ArgMax', ['x'], ['label'], { axis: 1, keepdims: 0 }),
      node('Identity', ['x'], ['probabilities']),
    ],
  });
}

/** Label-only classifier: label = 1 when x > 0, else 0 (int64 [N]); no probabilities, no class labels. */
export function labelOnly(): Uint8Array {
  return modelBytes({
    inputs: [tensor('x', T.float, ['N', 1])],
    outputs: [tensor('label', T.int64, ['N'])],
    nodes: [
      node('Greater', ['x', 'zero'], ['gt']),
      node('Cast', ['gt'], ['li'], { to: T.int64 }),
      node('Reshape', ['li', 'flat'], ['label']),
    ],
    initializers: [initializer('zero', [1], [0]), initializer('flat', [1], [-1], T.int64)],
  });
}

/**
 * One string input s [N, 1] one-hot encoded over three categories (default p/q/r), weights 1/2/3
 * summed: `variable` [N, 1] is 1, 2 or 3 for the categories and 0 for any other text.
 */
export function stringInput(categories: readonly [string, string, string] = ['p', 'q', 'r']): Uint8Array {
  return modelBytes({
    inputs: [tensor('s', T.string, ['N', 1])],
    outputs: [tensor('variable', T.float, ['N', 1])],
    nodes: [
      node('OneHotEncoder', ['s'], ['oh'], { cats_strings: [...categories], zeros: 1 }, 'ai.onnx.ml'),
      node('Reshape', ['oh', 'shape'], ['oh2']),
      node('MatMul', ['oh2', 'w'], ['variable']),
    ],
    initializers: [initializer('shape', [2], [-1, 3], T.int64), initializer('w', [3, 1], [1, 2, 3])],
  });
}

/**
 * Binary linear classifier over x [N, 1] whose classes are declared in the order 1, 0 (as an
 * exporter may): label 1 when x > 0; probabilities [N, 2] in that order (softmax of x, −x).
 */
export function reversedClasses(): Uint8Array {
  return modelBytes({
    inputs: [tensor('x', T.float, ['N', 1])],
    outputs: [tensor('label', T.int64, ['N']), tensor('probabilities', T.float, ['N', 2])],
    nodes: [
      node(
        'LinearClassifier',
        ['x'],
        ['label', 'probabilities'],
        {
          classlabels_ints: [1, 0],
          coefficients: { floats: [1, -1] },
          intercepts: { floats: [0, 0] },
          post_transform: 'SOFTMAX',
        },
        'ai.onnx.ml',
      ),
    ],
  });
}

/** A model onnxruntime refuses to load: an operator no domain defines. */
export function unknownOperator(): Uint8Array {
  return modelBytes({
    inputs: [tensor('x', T.float, ['N', 1])],
    outputs: [tensor('variable', T.float, ['N', 1])],
    nodes: [node('NoSuchOperator', ['x'], ['variable'])],
    initializers: [],
  });
}
