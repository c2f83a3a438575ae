import path from 'node:path';
import { Table, makeVector, type RecordBatch } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { applyModel } from '../../src/model/apply-model.js';
import type { Model, ModelOutput } from '../../src/model/model.js';
import { loadOnnxModel } from '../../src/model/onnx-model.js';
import { collect, columnValues, inBatches, readCsvTable, sharedRoot, stream } from './helpers.js';
import * as M from './models.js';

/** A fake model: prediction = 2·x, score = x / 100; records the rows of each call. */
function doubler(options: { merge: boolean; events?: string[] }): Model & { calls: number[] } {
  const calls: number[] = [];
  const run = (batches: readonly RecordBatch[]): ModelOutput => {
    const xs = batches.flatMap((b) => [...b.getChild('x')!] as number[]);
    calls.push(xs.length);
    return { prediction: Float64Array.from(xs, (x) => 2 * x), score: Float64Array.from(xs, (x) => x / 100) };
  };
  const model: Model & { calls: number[] } = {
    kind: 'regression',
    classes: null,
    inputColumns: ['x'],
    calls,
    async predict(batch) {
      options.events?.push(`predict start ${calls.length + 1}`);
      await new Promise((r) => setTimeout(r, 5));
      const out = run([batch]);
      options.events?.push(`predict end ${calls.length}`);
      return out;
    },
    close: () => Promise.resolve(),
  };
  if (options.merge) model.predictBatches = (batches) => Promise.resolve(run(batches));
  return model;
}

function table(n: number, from = 0): Table {
  return new Table({ x: makeVector(Float64Array.from({ length: n }, (_, i) => from + i)) });
}

function sized(sizes: number[]): RecordBatch[] {
  let at = 0;
  return sizes.map((n) => {
    const b = table(n, at).batches[0];
    at += n;
    return b;
  });
}

describe('applyModel', () => {
  it.each([
    [1, true],
    [4, true],
    [4, false],
    [5, true],
    [100, true],
  ])('batch size %i (merging %s): every row gets its prediction, in order', async (size, merge) => {
    const model = doubler({ merge });
    const input = sized([3, 10, 0, 2, 7, 1]);
    const out = await collect(applyModel(model, stream(input), { batchSize: size }));
    const xs = columnValues(out, 'x') as number[];
    expect(xs).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(columnValues(out, '__prediction')).toEqual(xs.map((x) => 2 * x));
    expect(columnValues(out, '__score')).toEqual(xs.map((x) => x / 100));
    expect(Math.max(...model.calls)).toBeLessThanOrEqual(size);
    expect(model.calls.reduce((a, b) => a + b, 0)).toBe(23);
    for (const b of out) expect(b.schema.fields.map((f) => f.name)).toEqual(['x', '__prediction', '__score']);
  });

  it('merges small batches into one call per batchSize rows when the model can', async () => {
    const model = doubler({ merge: true });
    await collect(applyModel(model, stream(sized([2, 2, 2, 2, 2])), { batchSize: 4 }));
    expect(model.calls).toEqual([4, 4, 2]);
  });

  it('requests the next input batch before the model runs on the current one', async () => {
    const events: string[] = [];
    async function* source() {
      for (const [i, b] of sized([2, 2, 2]).entries()) {
        events.push(`read ${i + 1}`);
        yield await Promise.resolve(b);
      }
    }
    const model = doubler({ merge: false, events });
    await collect(applyModel(model, source(), { batchSize: 2 }));
    expect(events.indexOf('read 2')).toBeLessThan(events.indexOf('predict end 1'));
    expect(events.indexOf('read 3')).toBeLessThan(events.indexOf('predict end 2'));
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        for (const b of sized([2, 2, 2, 2])) yield await Promise.resolve(b);
      } finally {
        closed = true;
      }
    }
    for await (const _ of applyModel(doubler({ merge: true }), source(), { batchSize: 2 })) break;
    expect(closed).toBe(true);
  });

  it('appends nullable scores as nulls and names the columns as asked', async () => {
    const model: Model = {
      kind: 'multiclass',
      classes: ['x', 'y', 'z'],
      inputColumns: ['x'],
      predict: (b) =>
        Promise.resolve({
          prediction: Array.from({ length: b.numRows }, (_, i) =>
            (b.getChild('x')!.get(i) as number) % 2 === 0 ? 'even' : `odd${b.numRows}`,
          ),
          score: null,
        }),
      close: () => Promise.resolve(),
    };
    const out = await collect(
      applyModel(model, stream(sized([2, 3])), { predictionColumn: 'pred', scoreColumn: 'p' }),
    );
    expect(columnValues(out, 'pred')).toEqual(['even', 'odd2', 'even', 'odd3', 'even']);
    expect(columnValues(out, 'p')).toEqual([null, null, null, null, null]);
    expect(String(out[1].schema.fields[1].type)).toBe('Dictionary<Int32, Utf8>');
  });

  it('refuses a prediction column that already exists and a bad batch size', async () => {
    await expect(
      collect(applyModel(doubler({ merge: true }), stream(sized([2])), { predictionColumn: 'x' })),
    ).rejects.toThrow(
      "column x already exists in the data; choose another name for the model's prediction column",
    );
    await expect(
      collect(applyModel(doubler({ merge: true }), stream(sized([2])), { batchSize: 0 })),
    ).rejects.toThrow('invalid batch size: 0');
  });

  it('names rows of the data, not of the model batch, in model errors, whatever the input batching', async () => {
    // Reshape to [-1, 3] fails on the last call only: rows 7–8 of the 8 (batch size 3).
    const x = new Table({ x: makeVector(Float64Array.from({ length: 8 }, (_, i) => i)) });
    const failing = await loadOnnxModel(M.tempModel('fail.onnx', M.failsOnOddBatches()), {
      columns: x.schema,
    });
    // A non-integer value on row 6 for an int64 input.
    const values = Float64Array.from({ length: 8 }, (_, i) => (i === 5 ? 2.5 : i));
    const e = new Table({ education_num: makeVector(values) });
    const strict = await loadOnnxModel(M.tempModel('reg.onnx', M.regressor()), { columns: e.schema });
    try {
      for (const size of [1, 3, 8]) {
        await expect(
          collect(applyModel(failing, stream(inBatches(x, size)), { batchSize: 3 })),
        ).rejects.toThrow(/^inference failed in model fail\.onnx \(rows 7–8\): /);
        await expect(
          collect(applyModel(failing, stream(inBatches(x, size)), { batchSize: 3, firstRow: 100 })),
        ).rejects.toThrow(/^inference failed in model fail\.onnx \(rows 107–108\): /);
        for (const batchSize of [4, 5, 100]) {
          await expect(
            collect(applyModel(strict, stream(inBatches(e, size)), { batchSize })),
          ).rejects.toThrow(
            'non-integer value 2.5 (row 6) in column education_num cannot feed tensor(int64) input education_num',
          );
        }
      }
    } finally {
      await failing.close();
      await strict.close();
    }
    await expect(
      collect(applyModel(doubler({ merge: true }), stream(sized([2])), { firstRow: -1 })),
    ).rejects.toThrow('invalid first row: -1 (expected a whole number ≥ 0)');
  });

  it('yields nothing for an empty stream', async () => {
    expect(await collect(applyModel(doubler({ merge: true }), stream([])))).toEqual([]);
  });

  it('gives the adult model the same rows per call whatever the input batching: identical results', async () => {
    const data = readCsvTable(path.join(sharedRoot, 'models/adult-logreg/predictions.csv'), {
      limit: 120,
      dictionary: true,
    });
    const model = await loadOnnxModel(path.join(sharedRoot, 'models/adult-logreg/model.onnx'), {
      columns: data.schema,
    });
    try {
      const run = async (inputRows: number, size: number) => {
        const out = await collect(applyModel(model, stream(inBatches(data, inputRows)), { batchSize: size }));
        return { pred: columnValues(out, '__prediction'), score: columnValues(out, '__score') as number[] };
      };
      // Same batch size, different input batching: bit-for-bit the same.
      const reference = await run(120, 25);
      for (const inputRows of [1, 5, 7, 50]) expect(await run(inputRows, 25)).toEqual(reference);
      expect(reference.pred).toEqual(columnValues(data.batches, 'y_pred').map(Number));
      // Other batch sizes: onnxruntime's float32 kernels may differ in the last bit, no more.
      for (const size of [1, 5, 120]) {
        const other = await run(7, size);
        expect(other.pred).toEqual(reference.pred);
        other.score.forEach((s, i) => expect(Math.abs(s - reference.score[i])).toBeLessThan(1e-6));
      }
    } finally {
      await model.close();
    }
  });
});

describe('applyModel release', () => {
  it.each([
    [4, true],
    [4, false],
    [100, true],
    [1, true],
  ])('batch size %i (merging %s): gives back each input batch once its rows are passed on, in order', async (size, merge) => {
    const model = doubler({ merge });
    const input = sized([3, 10, 0, 2, 7, 1]);
    const start = new Map(input.map((b, i) => [b, input.slice(0, i).reduce((n, x) => n + x.numRows, 0)]));
    const released: RecordBatch[] = [];
    let passed = 0; // rows of the outputs the consumer has finished with
    const out = applyModel(model, stream(input), {
      batchSize: size,
      release: (batch) => {
        // only once every row of the batch has been yielded and the consumer asked for more
        expect(start.get(batch)! + batch.numRows).toBeLessThanOrEqual(passed);
        released.push(batch);
      },
    });
    for await (const batch of out) {
      // the rows being looked at are never released yet
      for (const r of released) expect(start.get(r)! + r.numRows).toBeLessThanOrEqual(passed);
      passed += batch.numRows; // done with them
    }
    expect(released).toEqual(input);
  });
});
