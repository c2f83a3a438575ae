// A model's session on a thread of its own gives the outputs of a session in this thread, bit
// for bit, with the same errors; and applyModel keeps one model call running while it yields.
import path from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { applyModel } from '../../src/model/apply-model.js';
import { loadOnnxModel } from '../../src/model/onnx.js';
import { collect, inBatches, readCsvTable, sharedRoot, stream } from './helpers.js';
import * as M from './models.js';

describe('a session on its own thread', () => {
  it('gives what a session in this thread gives (ZipMap model, string and int inputs)', async () => {
    const table = readCsvTable(path.join(sharedRoot, 'models/adult-logreg/predictions.csv'), { limit: 3000 });
    const file = path.join(sharedRoot, 'models/adult-logreg/model.onnx');
    const outputs: unknown[][] = [];
    for (const inferenceThread of [false, true]) {
      const model = await loadOnnxModel(file, { columns: table.schema, inferenceThread });
      try {
        const batches = await collect(applyModel(model, stream(inBatches(table, 700)), { batchSize: 500 }));
        outputs.push(
          batches.flatMap((b): unknown[] => Array.from(b.getChild('__score')!.toArray() as Float64Array)),
          batches.flatMap((b): unknown[] => Array.from(b.getChild('__prediction')!.toArray() as Float64Array)),
        );
      } finally {
        await model.close();
      }
    }
    expect(outputs[0]).toHaveLength(3000);
    expect(outputs[2]).toEqual(outputs[0]);
    expect(outputs[3]).toEqual(outputs[1]);
  });

  it('reports a failing run with the rows of the file, and can be closed after', async () => {
    const t = tableFromArrays({ x: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]) });
    const model = await loadOnnxModel(M.tempModel('odd.onnx', M.failsOnOddBatches()), {
      columns: t.schema,
      inferenceThread: true,
    });
    try {
      await expect(collect(applyModel(model, stream([t.batches[0]]), { batchSize: 3 }))).rejects.toThrow(
        /^inference failed in model odd\.onnx \(rows 7–8\): /,
      );
    } finally {
      await model.close();
    }
    await model.close(); // twice is fine
  });
});
