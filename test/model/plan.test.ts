import {
  Bool,
  Date_,
  DateUnit,
  Dictionary,
  Field,
  Float32,
  Float64,
  Int32,
  Int64,
  Schema,
  Uint64,
  Utf8,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { ValueSignature } from '../../src/model/onnx-types.js';
import { conversionOf, planInputs, sanitizeOnnxName } from '../../src/model/plan-inputs.js';
import { planOutputs } from '../../src/model/plan-outputs.js';
import type { OnnxGraph } from '../../src/model/read-onnx-graph.js';

const sig = (
  name: string,
  elemType: ValueSignature['elemType'],
  shape: ValueSignature['shape'],
  type = `tensor(${elemType})`,
): ValueSignature => ({ name, elemType, shape, type });

describe('sanitizeOnnxName', () => {
  it('replaces what skl2onnx replaces', () => {
    expect(sanitizeOnnxName('education-num')).toBe('education_num');
    expect(sanitizeOnnxName('sepal.length (cm)')).toBe('sepal_length__cm_');
    expect(sanitizeOnnxName('ok_1')).toBe('ok_1');
  });
});

describe('planInputs', () => {
  const schema = new Schema([
    new Field('a-b', new Int64()),
    new Field('a.b', new Int64()),
    new Field('x', new Float64()),
    new Field('y', new Float64()),
    new Field('when', new Date_(DateUnit.DAY)),
  ]);

  it('prefers the exact name, then a unique sanitised one, and refuses an ambiguous one', () => {
    const [m] = planInputs([sig('x', 'float32', ['', 1])], schema);
    expect(m).toMatchObject({
      columns: ['x'],
      via: 'name',
      rank: 2,
      error: null,
      conversions: ['Float64 → tensor(float) (missing → NaN)'],
    });
    expect(planInputs([sig('a_b', 'int64', ['', 1])], schema)[0].error).toBe(
      'input a_b matches several columns (a-b, a.b); choose one with --input-map a_b=<column>',
    );
  });

  it('packs mapped columns into [N, k], checks the width, and accepts a free width', () => {
    expect(planInputs([sig('in', 'float32', ['N', 2])], schema, { in: ['x', 'y'] })[0]).toMatchObject({
      columns: ['x', 'y'],
      error: null,
    });
    expect(planInputs([sig('in', 'float32', ['N', 3])], schema, { in: ['x', 'y'] })[0].error).toBe(
      'input in ([N, 3]) takes 3 columns but 2 are mapped (x, y)',
    );
    expect(
      planInputs([sig('in', 'float32', ['N', 'features'])], schema, { in: ['y', 'x', 'y'] })[0],
    ).toMatchObject({ columns: ['y', 'x', 'y'], error: null });
    expect(planInputs([sig('x', 'float32', [''])], schema)[0]).toMatchObject({ rank: 1, error: null });
    expect(planInputs([sig('x', 'float32', [1, 1])], schema)[0]).toMatchObject({
      fixedBatch: 1,
      error: null,
    });
  });

  it('refuses shapes, element types and column types it cannot feed', () => {
    expect(planInputs([sig('x', 'float32', ['N', 2, 2])], schema)[0].error).toBe(
      'input x has shape [N, 2, 2]; assay feeds tables as [N] or [N, k]',
    );
    expect(planInputs([sig('x', 'other', ['N', 1], 'tensor(float16)')], schema)[0].error).toBe(
      'input x has type tensor(float16), which assay cannot feed from a table',
    );
    expect(planInputs([sig('x', null, null, 'seq(tensor(float))')], schema)[0].error).toMatch(
      /cannot feed from a table/,
    );
    expect(planInputs([sig('when', 'int64', ['N', 1])], schema)[0].error).toBe(
      'column when (Date32<DAY>) cannot feed tensor(int64) input when: unsupported column type',
    );
    expect(planInputs([sig('in', 'float32', ['N', 2])], schema, { in: [] })[0].error).toBe(
      'the input map gives no columns for input in',
    );
  });
});

describe('conversionOf', () => {
  it.each([
    [new Int64(), 'int64', 'Int64 → tensor(int64)', undefined],
    [new Int64(), 'int32', 'Int64 → tensor(int32) (checked: range)', undefined],
    [new Int32(), 'int64', 'Int32 → tensor(int64)', undefined],
    [new Uint64(), 'int64', 'Uint64 → tensor(int64) (checked: range)', undefined],
    [new Float64(), 'int64', 'Float64 → tensor(int64) (checked: integer values in range)', undefined],
    [new Float32(), 'float64', 'Float32 → tensor(double) (missing → NaN)', undefined],
    [new Bool(), 'bool', 'Bool → tensor(bool)', undefined],
    [new Int32(), 'bool', 'Int32 → tensor(bool) (checked: values 0 or 1)', undefined],
    [new Int64(), 'string', 'Int64 → tensor(string) (as decimal text)', undefined],
    [
      new Dictionary(new Utf8(), new Int32()),
      'string',
      'Dictionary<Int32, Utf8> → tensor(string)',
      undefined,
    ],
    [new Utf8(), 'float32', 'Utf8 → tensor(float)', 'text would have to be parsed or encoded'],
    [new Float64(), 'string', 'Float64 → tensor(string)', 'float values would need a text format'],
    [new Bool(), 'string', 'Bool → tensor(string)', 'bool values would need a text format'],
  ] as const)('%s → %s', (type, target, text, error) => {
    const c = conversionOf('c', type, target, 'i');
    expect(c.text).toBe(text);
    if (error) expect(c.error).toContain(error);
    else expect(c.error).toBeUndefined();
  });
});

describe('planOutputs', () => {
  const graph = (nodes: OnnxGraph['nodes'] = []): OnnxGraph => ({
    irVersion: 8,
    producerName: '',
    producerVersion: '',
    domain: '',
    modelVersion: 0,
    docString: '',
    graphName: '',
    opsets: [],
    metadata: {},
    inputs: [],
    outputs: [],
    nodes,
    initializerCount: 0,
    externalData: false,
    functionCount: 0,
  });
  const classifier = (labels: string[], kind: 'int' | 'string' = 'int') =>
    graph([
      {
        name: 'clf',
        opType: 'TreeEnsembleClassifier',
        domain: 'ai.onnx.ml',
        inputs: ['x'],
        outputs: ['label', 'probabilities'],
        classLabels: { kind, values: labels },
      },
    ]);

  it('picks label and probabilities by name and takes the classes from the classifier node', () => {
    const plan = planOutputs(
      [sig('label', 'int64', ['']), sig('probabilities', 'float32', ['', 3])],
      classifier(['3', '5', '7']),
      [],
      { positive: '5.0' },
    );
    expect(plan).toMatchObject({
      kind: 'multiclass',
      labelOutput: 'label',
      scoreOutput: 'probabilities',
      classes: ['3', '5', '7'],
      positive: '5',
      positiveIndex: 1,
    });
  });

  it('reads a skl2onnx regressor (variable) and honours --task regression', () => {
    expect(planOutputs([sig('variable', 'float32', ['', 1])], graph(), [])).toMatchObject({
      kind: 'regression',
      scoreOutput: 'variable',
      fetches: ['variable'],
    });
    expect(
      planOutputs([sig('label', 'int64', ['']), sig('value', 'float64', [''])], graph(), [], {
        task: 'regression',
      }),
    ).toMatchObject({ scoreOutput: 'value' });
  });

  it('refuses a probability width that disagrees with the class labels, and one class', () => {
    expect(() =>
      planOutputs(
        [sig('label', 'int64', ['']), sig('probabilities', 'float32', ['', 3])],
        classifier(['0', '1']),
        [],
      ),
    ).toThrow('output probabilities has 3 columns but the model declares 2 classes (0, 1)');
    expect(() =>
      planOutputs(
        [sig('label', 'int64', ['']), sig('probabilities', 'float32', ['', 1])],
        classifier(['only']),
        [],
      ),
    ).toThrow(/declares 1 class; a classifier needs at least two/);
  });

  it('refuses binary for a three-class model', () => {
    expect(() =>
      planOutputs(
        [sig('label', 'int64', ['']), sig('probabilities', 'float32', ['', 3])],
        classifier(['a', 'b', 'c'], 'string'),
        [],
        { task: 'binary' },
      ),
    ).toThrow('model has 3 classes (a, b, c); it is not a binary classifier');
  });
});
