// Integers carried as Float64 (64-bit and CSV integers, marked `assay.integer`) feeding model inputs,
// and whole numbers beyond ±2^53, which assay cannot carry exactly.
import {
  Field,
  Float64,
  Int64,
  RecordBatch,
  Schema,
  Table,
  makeVector,
  tableFromArrays,
  vectorFromArray,
} from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditError } from '../../src/core/errors.js';
import { fillInput } from '../../src/model/fill-input.js';
import { loadOnnxModel, type OnnxModel } from '../../src/model/onnx-model.js';
import { conversionOf, planInputs } from '../../src/model/plan-inputs.js';
import * as M from './models.js';

const open: OnnxModel[] = [];
async function load(bytes: Uint8Array, name: string, columns: Schema): Promise<OnnxModel> {
  const model = await loadOnnxModel(M.tempModel(name, bytes), { columns });
  open.push(model);
  return model;
}
afterAll(async () => {
  for (const m of open) await m.close();
});

const INTEGER = new Map([['assay.integer', 'true']]);

/** One batch with a Float64 column `name` marked as whole numbers, as the readers give 64-bit integers. */
function wholeFloats(name: string, values: (number | null)[]): RecordBatch {
  const plain = new Table({ [name]: vectorFromArray(values, new Float64()) });
  const schema = new Schema([new Field(name, new Float64(), true, INTEGER)]);
  return new RecordBatch(schema, plain.batches[0].data);
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuditError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('integer columns carried as Float64', () => {
  it('convert as integers: decimal text for string inputs, named as integer columns', () => {
    expect(conversionOf('zip', new Float64(), 'string', 'zip', true)).toEqual({
      text: 'integer (Float64) → tensor(string) (as decimal text)',
    });
    expect(conversionOf('zip', new Float64(), 'int64', 'zip', true)).toEqual({
      text: 'integer (Float64) → tensor(int64) (checked: range)',
    });
    // Unmarked floats still need a text format to be guessed.
    expect(conversionOf('zip', new Float64(), 'string', 'zip').error).toBe(
      'column zip (Float64) cannot feed tensor(string) input zip: float values would need a text format to be guessed; convert the column to text first',
    );
  });

  it('are planned for a string input from the schema metadata', () => {
    const input = { name: 'zip', elemType: 'string' as const, shape: ['N', 1], type: 'tensor(string)' };
    const marked = planInputs([input], new Schema([new Field('zip', new Float64(), true, INTEGER)]))[0];
    expect(marked.error).toBeNull();
    expect(marked.conversions).toEqual(['integer (Float64) → tensor(string) (as decimal text)']);
    // Arrow fields given as a list carry their metadata too.
    expect(planInputs([input], [new Field('zip', new Float64(), true, INTEGER)])[0].error).toBeNull();
    expect(planInputs([input], new Schema([new Field('zip', new Float64())]))[0].error).toMatch(
      /^column zip \(Float64\) cannot feed/,
    );
  });

  it('feed a string input as "1234", never "1234.0" (hand-checked one-hot model)', async () => {
    const batch = wholeFloats('s', [1234, 10001, 5, -7]);
    const model = await load(M.stringInput(['1234', '1234.0', '10001']), 'zip.onnx', batch.schema);
    expect(model.inputs[0].conversions).toEqual(['integer (Float64) → tensor(string) (as decimal text)']);
    expect(fillInput(model.inputs[0], [batch], 4)).toEqual(['1234', '10001', '5', '-7']);
    // 1234 → category 1 (weight 1), 10001 → category 3 (weight 3), others → 0.
    expect([...((await model.predict(batch)).prediction as Float64Array)]).toEqual([1, 3, 0, 0]);
  });

  it('refuse a missing value for a string input, naming the row', async () => {
    const batch = wholeFloats('s', [1234, null]);
    const model = await load(M.stringInput(), 'zip2.onnx', batch.schema);
    expect(await failure(model.predict(batch))).toBe(
      'a missing value (row 2 of the batch) in column s cannot feed tensor(string) input s',
    );
  });
});

describe('whole numbers beyond ±2^53', () => {
  it('are refused for an int64 input as possibly rounded, never as out of range of int64', async () => {
    // The file held 9007199254740993; the reader's Float64 holds 2^53.
    const batch = wholeFloats('education_num', [1, 9007199254740992]);
    const model = await load(M.regressor(), 'big.onnx', batch.schema);
    expect(await failure(model.predict(batch))).toBe(
      'a value beyond ±2^53, which assay cannot carry exactly (read as 9007199254740992, possibly rounded; row 2 of the batch) in column education_num cannot feed tensor(int64) input education_num',
    );
    // The same for an unmarked float column, and below −2^53.
    const floats = tableFromArrays({ education_num: Float64Array.from([-(2 ** 60)]) });
    expect(await failure(model.predict(floats.batches[0]))).toMatch(
      /^a value beyond ±2\^53, which assay cannot carry exactly \(read as -1152921504606846976, possibly rounded; row 1 of the batch\)/,
    );
  });

  it('are refused for a string input rather than written as rounded text', async () => {
    const batch = wholeFloats('s', [10001, 9007199254740992]);
    const model = await load(M.stringInput(), 'bigs.onnx', batch.schema);
    expect(await failure(model.predict(batch))).toBe(
      'a value beyond ±2^53, which assay cannot carry exactly (read as 9007199254740992, possibly rounded; row 2 of the batch) in column s cannot feed tensor(string) input s',
    );
  });

  it('are exact from Int64 columns: kept as text, quoted exactly when out of range', async () => {
    const ints = new Table({ s: makeVector(BigInt64Array.from([9007199254740993n])) });
    const strings = await load(M.stringInput(), 'bigi.onnx', ints.schema);
    expect(fillInput(strings.inputs[0], ints.batches, 1)).toEqual(['9007199254740993']);

    const t = new Table({
      a: makeVector(BigInt64Array.from([9007199254740993n])),
      b: makeVector(Float64Array.from([0])),
      c: makeVector(BigInt64Array.from([1n])),
    });
    const mixed = await load(
      M.mixedTypes(),
      'mixbig.onnx',
      new Schema([new Field('a', new Int64()), new Field('b', new Float64()), new Field('c', new Int64())]),
    );
    expect(await failure(mixed.predict(t.batches[0]))).toBe(
      'value 9007199254740993 (out of range, row 1 of the batch) in column a cannot feed tensor(int32) input a',
    );
  });
});
