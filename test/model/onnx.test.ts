import {
  Bool,
  Field,
  Float64,
  Int32,
  Int64,
  Schema,
  Table,
  Utf8,
  makeVector,
  tableFromArrays,
  vectorFromArray,
} from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditError } from '../../src/core/errors.js';
import { applyModel } from '../../src/model/apply-model.js';
import { loadOnnxModel, type OnnxModel } from '../../src/model/onnx-model.js';
import { collect, stream } from './helpers.js';
import * as M from './models.js';

const open: OnnxModel[] = [];
async function load(
  bytes: Uint8Array,
  name: string,
  options: Parameters<typeof loadOnnxModel>[1],
): Promise<OnnxModel> {
  const model = await loadOnnxModel(M.tempModel(name, bytes), options);
  open.push(model);
  return model;
}
afterAll(async () => {
  for (const m of open) await m.close();
});

const softmax = (v: number[]) => {
  const e = v.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};

describe('multi-class ZipMap model with text labels', () => {
  const f1 = [2, 0, -1, 0.5];
  const f2 = [0, 3, -1, 0.25];
  const table = tableFromArrays({ f1: Float64Array.from(f1), f2: Float64Array.from(f2) });
  const expected = f1.map((a, i) => softmax([a, f2[i], -a - f2[i]]));

  it('exposes the probabilities behind ZipMap, with its class labels', async () => {
    const model = await load(M.multiclassZipMap(), 'mc.onnx', {
      columns: table.schema,
      inputMap: { x: ['f1', 'f2'] },
      positive: 'b',
    });
    expect(model.kind).toBe('multiclass');
    expect(model.classes).toEqual(['a', 'b', 'c']);
    expect(model.positive).toBe('b');
    expect(model.outputs.scoreName).toBe('output_probability');
    const out = await model.predict(table.batches[0]);
    expect(out.prediction).toEqual(expected.map((p) => ['a', 'b', 'c'][p.indexOf(Math.max(...p))]));
    expected.forEach((p, i) => expect(out.score![i]).toBeCloseTo(p[1], 6));
  });

  it('gives no score for a multi-class model without a positive class, and text predictions as a dictionary column', async () => {
    const model = await load(M.multiclassZipMap(), 'mc2.onnx', {
      columns: table.schema,
      inputMap: { x: ['f1', 'f2'] },
    });
    expect(model.positive).toBeNull();
    const [batch] = await collect(applyModel(model, stream(table.batches)));
    expect(String(batch.schema.fields.at(-2)!.type)).toBe('Dictionary<Int32, Utf8>');
    expect(batch.getChild('__score')!.nullCount).toBe(4);
    expect([...batch.getChild('__prediction')!]).toEqual(['a', 'b', 'c', 'a']);
  });

  it('rejects a positive class the model does not have, suggesting the near ones', async () => {
    await expect(
      load(M.multiclassZipMap(), 'mc3.onnx', {
        columns: table.schema,
        inputMap: { x: ['f1', 'f2'] },
        positive: 'B',
      }),
    ).rejects.toThrow(/unknown positive class: B \(did you mean b or a or c\? expected one of: a, b, c\)/);
  });

  it('asks for an input map for a packed input, naming the input and its width', async () => {
    await expect(load(M.multiclassZipMap(), 'mc4.onnx', { columns: table.schema })).rejects.toThrow(
      'input x (tensor(float) [N, 2]) takes 2 columns; list them in order with --input-map x=col1,col2,…',
    );
  });
});

describe('regressor with a sanitised input name', () => {
  it('feeds column education-num to input education_num and returns 2x + 1', async () => {
    const table = new Table({ 'education-num': makeVector(Int32Array.from([1, 5, -3])) });
    const model = await load(M.regressor(), 'reg.onnx', { columns: table.schema });
    expect(model.kind).toBe('regression');
    expect(model.inputColumns).toEqual(['education-num']);
    expect(model.inputs[0].via).toBe('sanitised-name');
    const out = await model.predict(table.batches[0]);
    expect([...(out.prediction as Float64Array)]).toEqual([3, 11, -5]);
    expect(out.score).toBeNull();
  });

  it('refuses a text column for an int64 input before reading rows', async () => {
    const schema = new Schema([new Field('education_num', new Utf8())]);
    await expect(load(M.regressor(), 'reg2.onnx', { columns: schema })).rejects.toThrow(
      /^column education_num \(Utf8\) cannot feed tensor\(int64\) input education_num: text would have to be parsed/,
    );
  });

  it('refuses a non-integer float for an int64 input, naming the value, column and input', async () => {
    const table = tableFromArrays({ education_num: Float64Array.from([1, 2.5]) });
    const model = await load(M.regressor(), 'reg3.onnx', { columns: table.schema });
    const error = await model.predict(table.batches[0]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as Error).message).toBe(
      'non-integer value 2.5 (row 2 of the batch) in column education_num cannot feed tensor(int64) input education_num',
    );
  });

  it('accepts whole floats for an int64 input', async () => {
    const table = tableFromArrays({ education_num: Float64Array.from([4, -2]) });
    const model = await load(M.regressor(), 'reg4.onnx', { columns: table.schema });
    expect([...((await model.predict(table.batches[0])).prediction as Float64Array)]).toEqual([9, -3]);
  });

  it('names the input with no matching column and suggests near names', async () => {
    const schema = new Schema([new Field('education', new Int64()), new Field('age', new Int64())]);
    await expect(load(M.regressor(), 'reg5.onnx', { columns: schema })).rejects.toThrow(
      'no column for model input education_num (tensor(int64) [N, 1]); did you mean education? map it with --input-map education_num=<column>',
    );
  });

  it('reports an unknown input in the input map and a mapped column that does not exist', async () => {
    const schema = new Schema([new Field('e', new Int64())]);
    await expect(
      load(M.regressor(), 'reg6.onnx', { columns: schema, inputMap: { education_nm: ['e'] } }),
    ).rejects.toThrow(/unknown model input in the input map: education_nm \(did you mean education_num\?/);
    await expect(
      load(M.regressor(), 'reg7.onnx', { columns: schema, inputMap: { education_num: ['f'] } }),
    ).rejects.toThrow('missing column: f (mapped to input education_num; did you mean e?)');
  });
});

describe('int32, double and bool inputs', () => {
  const schema = new Schema([
    new Field('a', new Int64()),
    new Field('b', new Int64()),
    new Field('c', new Bool()),
  ]);
  const table = new Table({
    a: makeVector(BigInt64Array.from([1n, -2n, 3n])),
    b: makeVector(BigInt64Array.from([10n, 20n, 30n])),
    c: vectorFromArray([true, false, true], new Bool()),
  });

  it('converts int64 → int32, int64 → double and bool → bool exactly', async () => {
    const model = await load(M.mixedTypes(), 'mix.onnx', { columns: schema });
    const out = await model.predict(table.batches[0]);
    expect([...(out.prediction as Float64Array)]).toEqual([12, 18, 34]);
  });

  it('checks ranges and 0/1 values at conversion time', async () => {
    const model = await load(M.mixedTypes(), 'mix2.onnx', { columns: schema });
    const big = new Table({
      a: makeVector(BigInt64Array.from([3_000_000_000n])),
      b: makeVector(BigInt64Array.from([0n])),
      c: vectorFromArray([true], new Bool()),
    });
    await expect(model.predict(big.batches[0])).rejects.toThrow(
      'value 3000000000 (out of range, row 1 of the batch) in column a cannot feed tensor(int32) input a',
    );
    const ints = new Table({
      a: makeVector(BigInt64Array.from([1n])),
      b: makeVector(BigInt64Array.from([0n])),
      c: makeVector(BigInt64Array.from([2n])),
    });
    const model2 = await load(M.mixedTypes(), 'mix3.onnx', { columns: ints.schema });
    await expect(model2.predict(ints.batches[0])).rejects.toThrow(
      'value 2 (not 0 or 1, row 1 of the batch) in column c cannot feed tensor(bool) input c',
    );
  });

  it('refuses a missing value in an integer input', async () => {
    const a = vectorFromArray([1, null], new Int32());
    const t = new Table({
      a,
      b: makeVector(Float64Array.from([0, 0])),
      c: vectorFromArray([true, true], new Bool()),
    });
    const model = await load(M.mixedTypes(), 'mix4.onnx', { columns: t.schema });
    await expect(model.predict(t.batches[0])).rejects.toThrow(
      'a missing or NaN value (row 2 of the batch) in column a cannot feed tensor(int32) input a',
    );
  });

  it('turns missing values into NaN for float inputs', async () => {
    const t = new Table({
      a: makeVector(Int32Array.from([1, 1])),
      b: vectorFromArray([1.5, null], new Float64()),
      c: vectorFromArray([false, false], new Bool()),
    });
    const model = await load(M.mixedTypes(), 'mix5.onnx', { columns: t.schema });
    const out = (await model.predict(t.batches[0])).prediction as Float64Array;
    expect(out[0]).toBe(2.5);
    expect(out[1]).toBeNaN();
  });
});

describe('string inputs', () => {
  it('reads plain, dictionary and non-ASCII text columns', async () => {
    const plain = new Table({ s: vectorFromArray(['p', 'q', 'r', 'zz'], new Utf8()) });
    const dict = new Table({ s: vectorFromArray(['r', 'r', 'q', 'p']) });
    const unicode = new Table({ s: vectorFromArray(['é', 'q', 'p'], new Utf8()) });
    const model = await load(M.stringInput(), 'str.onnx', { columns: plain.schema });
    expect([...((await model.predict(plain.batches[0])).prediction as Float64Array)]).toEqual([1, 2, 3, 0]);
    expect([...((await model.predict(dict.batches[0])).prediction as Float64Array)]).toEqual([3, 3, 2, 1]);
    expect([...((await model.predict(unicode.batches[0])).prediction as Float64Array)]).toEqual([0, 2, 1]);
  });

  it('refuses a missing text value and a float column', async () => {
    const t = new Table({ s: vectorFromArray(['p', null], new Utf8()) });
    const model = await load(M.stringInput(), 'str2.onnx', { columns: t.schema });
    await expect(model.predict(t.batches[0])).rejects.toThrow(
      'a missing value (row 2 of the batch) in column s cannot feed tensor(string) input s',
    );
    await expect(
      load(M.stringInput(), 'str3.onnx', { columns: [{ name: 's', type: new Float64() }] }),
    ).rejects.toThrow(
      /column s \(Float64\) cannot feed tensor\(string\) input s: float values would need a text format/,
    );
  });
});

describe('output decoding', () => {
  const x = tableFromArrays({ x: Float64Array.from([-2, 0, 1.5]) });

  it('treats a one-column sigmoid output as a binary classifier', async () => {
    const model = await load(M.sigmoidOnly(), 'sig.onnx', { columns: x.schema });
    expect(model.kind).toBe('binary');
    expect(model.classes).toEqual(['0', '1']);
    const out = await model.predict(x.batches[0]);
    expect([...(out.prediction as Float64Array)]).toEqual([0, 0, 1]);
    [-2, 0, 1.5].forEach((v, i) => expect(out.score![i]).toBeCloseTo(1 / (1 + Math.exp(-v)), 6));
    const flipped = await load(M.sigmoidOnly(), 'sig2.onnx', { columns: x.schema, positive: '0' });
    expect((await flipped.predict(x.batches[0])).score![2]).toBeCloseTo(1 - 1 / (1 + Math.exp(-1.5)), 6);
  });

  it('rejects an output that is neither a classifier nor a regressor, listing the outputs', async () => {
    await expect(load(M.rankThreeOutput(), 'r3.onnx', { columns: x.schema })).rejects.toThrow(
      'model has no classifier or regressor output (labels, probabilities [N, C] or values [N]); outputs: y tensor(float) [N, 1, 1]',
    );
  });

  it('rejects "probabilities" outside [0, 1], naming the output', async () => {
    const t = tableFromArrays({ a: Float64Array.from([3, 0]), b: Float64Array.from([0.5, 0.5]) });
    const model = await load(M.logitsAsProbabilities(), 'logit.onnx', {
      columns: t.schema,
      inputMap: { x: ['a', 'b'] },
    });
    await expect(model.predict(t.batches[0])).rejects.toThrow(
      /^output probabilities is not a probability \(value 3 in row 1\)/,
    );
  });

  it('reads a label-only classifier (no score) and honours the overrides', async () => {
    const model = await load(M.labelOnly(), 'lab.onnx', { columns: x.schema, task: 'binary' });
    expect(model.kind).toBe('binary');
    expect(model.positive).toBe('1');
    const out = await model.predict(x.batches[0]);
    expect([...(out.prediction as Float64Array)]).toEqual([0, 0, 1]);
    expect(out.score).toBeNull();
    await expect(
      load(M.labelOnly(), 'lab2.onnx', { columns: x.schema, scoreOutput: 'label' }),
    ).rejects.toThrow(
      'output label (tensor(int64) [N]) cannot be the score output: expected a float tensor [N, C] (probabilities) or [N] (regression values)',
    );
    await expect(
      load(M.labelOnly(), 'lab3.onnx', { columns: x.schema, labelOutput: 'labels' }),
    ).rejects.toThrow(/unknown label output: labels \(did you mean label\?/);
  });

  it('wraps a failing run in an AuditError naming the model and the rows', async () => {
    const t4 = tableFromArrays({ x: Float64Array.from([1, 2, 3, 4]) });
    const model = await load(M.failsOnOddBatches(), 'fail.onnx', { columns: t4.schema });
    expect([...((await model.predict(t4.batches[0].slice(0, 3))).prediction as Float64Array)]).toEqual([
      1, 2, 3,
    ]);
    const error = await model.predict(t4.batches[0]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as Error).message).toMatch(
      /^inference failed in model fail\.onnx \(rows 1–4 of the batch\): .*Reshape/,
    );
    expect((error as Error).message).not.toContain('\n');
  });

  it('runs a model with a fixed batch size of 1 row by row', async () => {
    const t = tableFromArrays({
      p: Float64Array.from([1, 2, 3, 4, 5]),
      q: Float64Array.from([10, 20, 30, 40, 50]),
    });
    const model = await load(M.fixedBatchOne(), 'fixed.onnx', {
      columns: t.schema,
      inputMap: { x: ['p', 'q'] },
    });
    expect([...((await model.predict(t.batches[0])).prediction as Float64Array)]).toEqual([
      11, 22, 33, 44, 55,
    ]);
  });
});
