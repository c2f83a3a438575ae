// Inference in worker threads: text handed over as codes, runs pipelined, results identical to
// running the model in this thread, errors and releases that leave nothing waiting.
import path from 'node:path';
import {
  Dictionary,
  Int32,
  Int64,
  Table,
  Utf8,
  makeData,
  makeVector,
  vectorFromArray,
  type RecordBatch,
} from 'apache-arrow';
import { describe, expect, it, vi } from 'vitest';
import { auditState } from '../../src/api/audit.js';
import { applyModel } from '../../src/model/apply-model.js';
import { fillInput, fillTextCodes } from '../../src/model/fill-input.js';
import type { Model, ModelOutput } from '../../src/model/model.js';
import { availableParallelism } from 'node:os';
import { LARGE_MODEL_BYTES, defaultInferenceThreads, expandText, openWorkerSession, transferables } from '../../src/model/model-session.js';
import { OnnxModel, loadOnnxModel, openOnnxModel } from '../../src/model/onnx-model.js';
import { planInputs } from '../../src/model/plan-inputs.js';
import { collect, columnValues, inBatches, readCsvTable, sharedRoot, stream } from './helpers.js';
import * as M from './models.js';

const textInput = [{ name: 's', elemType: 'string' as const, shape: ['N', 1], type: 'tensor(string)' }];

/** A dictionary-encoded text batch with its own dictionary (as each Arrow batch may have). */
function dictionaryBatch(words: string[], indices: number[], nulls: number[] = []): RecordBatch {
  const dictionary = vectorFromArray(words, new Utf8());
  const bitmap = new Uint8Array(Math.ceil(indices.length / 8)).fill(0xff);
  for (const i of nulls) bitmap[i >> 3] &= ~(1 << (i & 7));
  const data = makeData({
    type: new Dictionary(new Utf8(), new Int32()),
    length: indices.length,
    nullCount: nulls.length,
    nullBitmap: nulls.length > 0 ? bitmap : undefined,
    data: Int32Array.from(indices),
    dictionary,
  });
  return new Table({ s: makeVector(data) }).batches[0];
}

describe('fillTextCodes', () => {
  it('gives the strings of fillInput, as codes into first-seen words, across batches with different dictionaries and plain text', () => {
    const batches = [
      dictionaryBatch(['x', 'y', 'unused', 'z'], [1, 0, 1, 3]),
      dictionaryBatch(['z', 'w'], [1, 0, 0]),
      new Table({ s: vectorFromArray(['y', 'new', 'x'], new Utf8()) }).batches[0],
    ];
    const mapping = planInputs(textInput, batches[0].schema, {})[0];
    const codes = fillTextCodes(mapping, batches, 10);
    expect(codes.words).toEqual(['y', 'x', 'z', 'w', 'new']);
    expect([...codes.codes]).toEqual([0, 1, 0, 2, 3, 2, 2, 0, 4, 1]);
    expect(expandText(codes)).toEqual(fillInput(mapping, batches, 10));
  });

  it('writes integers as their decimal text, like fillInput', () => {
    const batch = new Table({ s: makeVector(BigInt64Array.from([5n, -2n, 5n])) }).batches[0];
    expect(batch.schema.fields[0].type).toBeInstanceOf(Int64);
    const mapping = planInputs(textInput, batch.schema, {})[0];
    const codes = fillTextCodes(mapping, [batch], 3);
    expect(codes.words).toEqual(['5', '-2']);
    expect(expandText(codes)).toEqual(['5', '-2', '5']);
  });

  it('refuses a missing value or an index beyond the dictionary with the row, like fillInput', () => {
    const withNull = dictionaryBatch(['a', 'b'], [0, 1, 0], [2]);
    const mapping = planInputs(textInput, withNull.schema, {})[0];
    const message = 'a missing value (row 13) in column s cannot feed tensor(string) input s';
    expect(() => fillTextCodes(mapping, [withNull], 3, 10)).toThrow(message);
    expect(() => fillInput(mapping, [withNull], 3, 10)).toThrow(message);
    const beyond = dictionaryBatch(['a'], [0, 4]);
    expect(() => fillTextCodes(mapping, [beyond], 2)).toThrow(
      'a missing value (row 2 of the batch) in column s cannot feed tensor(string) input s',
    );
  });
});

describe('expandText', () => {
  it('writes into an array of the same length, else a new one, and passes other data through', () => {
    const codes = { codes: Int32Array.from([1, 0, 1]), words: ['p', 'q'] };
    const into = ['x', 'y', 'z'];
    expect(expandText(codes, into)).toBe(into);
    expect(into).toEqual(['q', 'p', 'q']);
    const other = expandText(codes, ['x']);
    expect(other).toEqual(['q', 'p', 'q']);
    const plain = ['a'];
    expect(expandText(plain, ['b'])).toBe(plain);
  });
});

describe('transferables', () => {
  it('moves only buffers a typed array owns whole and that hold data, each once', () => {
    const whole = new Float32Array(4);
    const shared = new ArrayBuffer(16);
    const codes = { codes: new Int32Array(3), words: ['a'] };
    const list = transferables([whole, whole, new Float64Array(shared, 8, 1), new Uint8Array(0), ['text'], codes, null]);
    expect(list).toEqual([whole.buffer, codes.codes.buffer]);
    expect(list[0]).toBe(whole.buffer);
  });
});

describe('applyModel with calls under way at once', () => {
  /** A fake model whose calls finish in reverse order of their start (the later, the sooner). */
  function reversed(): Model & { started: number; maxAtOnce: number } {
    let running = 0;
    const model = {
      kind: 'regression' as const,
      classes: null,
      inputColumns: ['x'],
      started: 0,
      maxAtOnce: 0,
      async predict(batch: RecordBatch): Promise<ModelOutput> {
        const k = ++model.started;
        running++;
        model.maxAtOnce = Math.max(model.maxAtOnce, running);
        await new Promise((r) => setTimeout(r, Math.max(1, 20 - 5 * k)));
        running--;
        const xs = [...batch.getChild('x')!] as number[];
        return { prediction: Float64Array.from(xs, (x) => x + 1000), score: null };
      },
      close: () => Promise.resolve(),
    };
    return model;
  }

  it('yields every batch in input order with its own outputs, though later calls finish first', async () => {
    const model = reversed();
    const batches = inBatches(new Table({ x: makeVector(Float64Array.from({ length: 12 }, (_, i) => i)) }), 2);
    const out = await collect(applyModel(model, stream(batches), { batchSize: 2 }));
    expect(columnValues(out, 'x')).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(columnValues(out, '__prediction')).toEqual(Array.from({ length: 12 }, (_, i) => i + 1000));
    expect(model.maxAtOnce).toBeGreaterThan(1);
    expect(model.maxAtOnce).toBeLessThanOrEqual(5);
  });

  it('reports the first failing call in input order, even when a later call is still under way', async () => {
    let calls = 0;
    const model: Model = {
      kind: 'regression',
      classes: null,
      inputColumns: ['x'],
      async predict(batch, firstRow) {
        calls++;
        if (firstRow === 2) {
          await new Promise((r) => setTimeout(r, 15));
          throw new Error('second call failed');
        }
        if (firstRow === 4) throw new Error('third call failed');
        return { prediction: new Float64Array(batch.numRows), score: null };
      },
      close: () => Promise.resolve(),
    };
    const batches = inBatches(new Table({ x: makeVector(new Float64Array(8)) }), 2);
    await expect(collect(applyModel(model, stream(batches), { batchSize: 2 }))).rejects.toThrow('second call failed');
    expect(calls).toBeGreaterThanOrEqual(3);
  });

  it('passes a reading error through while calls are under way, and closes the source', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<RecordBatch> {
      try {
        const [a, b] = inBatches(new Table({ x: makeVector(new Float64Array(4)) }), 2);
        yield a;
        yield b;
        await Promise.resolve();
        throw new Error('disk gone');
      } finally {
        closed = true;
      }
    }
    await expect(collect(applyModel(reversed(), source(), { batchSize: 2 }))).rejects.toThrow('disk gone');
    expect(closed).toBe(true);
  });
});

describe('models in worker threads', () => {
  it('get two threads by default with two cores or more, one for a large model or external weights', () => {
    expect(defaultInferenceThreads(1000)).toBe(Math.min(2, availableParallelism()));
    expect(defaultInferenceThreads(LARGE_MODEL_BYTES)).toBe(1);
    expect(defaultInferenceThreads(null)).toBe(1);
  });

  const adult = path.join(sharedRoot, 'models/adult-logreg/model.onnx');

  it('gives bit-identical outputs in this thread, one worker and two, whatever the input batching', async () => {
    const data = readCsvTable(path.join(sharedRoot, 'models/adult-logreg/predictions.csv'), { limit: 3000, dictionary: true });
    const results = [];
    for (const [inferenceThreads, inputRows] of [[0, 3000], [1, 7], [2, 1000], [2, 333]]) {
      const model = await loadOnnxModel(adult, { columns: data.schema, inferenceThreads });
      try {
        const out = await collect(applyModel(model, stream(inBatches(data, inputRows)), { batchSize: 500 }));
        results.push({ pred: columnValues(out, '__prediction'), score: columnValues(out, '__score') });
      } finally {
        await model.close();
      }
    }
    for (const r of results.slice(1)) expect(r).toEqual(results[0]);
    expect(results[0].pred).toEqual(columnValues(data.batches, 'y_pred').map(Number));
  });

  it('names the model and rows when a run fails in the worker, and keeps failing cleanly after', async () => {
    const x = new Table({ x: makeVector(Float64Array.from({ length: 8 }, (_, i) => i)) });
    const model = await loadOnnxModel(M.tempModel('fail-worker.onnx', M.failsOnOddBatches()), { columns: x.schema, inferenceThreads: 2 });
    try {
      await expect(collect(applyModel(model, stream(inBatches(x, 8)), { batchSize: 3 }))).rejects.toThrow(
        /^inference failed in model fail-worker\.onnx \(rows 7–8\): /,
      );
      // the sessions still answer: a run of a good size works
      const ok = await model.predict(x.batches[0].slice(0, 6));
      expect(ok.prediction.length).toBe(6);
    } finally {
      await model.close();
    }
    await expect(model.predict(x.batches[0])).rejects.toThrow('is closed');
  });

  it('refuses a model onnxruntime cannot load with the file named, from the worker', async () => {
    const file = M.tempModel('bad-op.onnx', M.unknownOperator());
    await expect(openOnnxModel(file, { inferenceThreads: 1 })).rejects.toThrow(/^cannot load onnx model: .*bad-op\.onnx \(/);
    await expect(openOnnxModel(adult, { inferenceThreads: -1 })).rejects.toThrow('invalid inference thread count: -1');
  });

  it('rejects runs still waiting when the session is released, and a run after it', async () => {
    const bytes = M.stringInput();
    const session = await openWorkerSession({ bytes, path: 'string-input.onnx' }, 1);
    const feed = { name: 's', type: 'string', dims: [3, 1], data: { codes: Int32Array.from([0, 1, 2]), words: ['p', 'q', 'zz'] } };
    const first = await session.run([feed], ['variable']);
    expect([...(first.variable.data as Float32Array)]).toEqual([1, 2, 0]);
    const waiting = session.run([{ ...feed, data: { codes: Int32Array.from([2, 1, 0]), words: ['r', 'q', 'p'] } }], ['variable']);
    waiting.catch(() => undefined);
    // data that cannot be handed to the thread fails that run only
    const odd = { ...feed, data: { codes: Int32Array.from([0]), words: [() => 'p'] } as unknown as typeof feed.data };
    await expect(session.run([odd], ['variable'])).rejects.toThrow(/could not be cloned/);
    await session.release();
    await expect(waiting).rejects.toThrow('session released');
    await expect(session.run([feed], ['variable'])).rejects.toThrow('session released');
  });

  it('are closed when an audit fails after binding its model', async () => {
    const close = vi.spyOn(OnnxModel.prototype, 'close');
    try {
      await expect(
        auditState({
          data: path.join(sharedRoot, 'models/adult-logreg/predictions.csv'),
          model: adult,
          label: 'y_true',
          sensitive: ['no_such_column'],
          hashData: false,
        }),
      ).rejects.toThrow(/no_such_column/);
      expect(close).toHaveBeenCalled();
    } finally {
      close.mockRestore();
    }
  });
});
