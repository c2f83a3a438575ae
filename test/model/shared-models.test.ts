import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyModel } from '../../src/model/apply-model.js';
import { loadOnnxModel } from '../../src/model/onnx-model.js';
import { collect, columnValues, inBatches, readCsvTable, sharedRoot, stream } from './helpers.js';

// Reference values: scikit-learn's own predict / predict_proba[:, 1] (y_pred, score) in each
// model's predictions.csv; ONNX float32 probabilities differ from them by ≤ 2.5e-7 (MODEL.md).
const modelsRoot = path.join(sharedRoot, 'models');
const ids = existsSync(modelsRoot)
  ? readdirSync(modelsRoot).filter((d) => existsSync(path.join(modelsRoot, d, 'io.json')))
  : [];

interface IoJson {
  files: Record<string, unknown>;
  input_columns: Record<string, string[]>;
}

describe.each(ids)('shared model %s', (id) => {
  const dir = path.join(modelsRoot, id);
  const io = JSON.parse(readFileSync(path.join(dir, 'io.json'), 'utf8')) as IoJson;
  const table = readCsvTable(path.join(dir, 'predictions.csv'));
  const expectedPred = columnValues(table.batches, 'y_pred').map(Number);
  const expectedScore = columnValues(table.batches, 'score') as number[];

  it.each(Object.keys(io.files))('%s reproduces y_pred exactly and score within 1e-6', async (file) => {
    // Only inputs whose column names differ from the input name need mapping (the packed ones).
    const inputMap = Object.fromEntries(
      Object.entries(io.input_columns).filter(([input, cols]) => cols.length !== 1 || cols[0] !== input),
    );
    const model = await loadOnnxModel(path.join(dir, file), { columns: table.schema, inputMap });
    try {
      expect(model.kind).toBe('binary');
      expect(model.positive).toBe('1');
      const out = await collect(applyModel(model, stream(inBatches(table, 1000)), { batchSize: 4096 }));
      const pred = columnValues(out, '__prediction') as number[];
      const score = columnValues(out, '__score') as number[];
      expect(pred.length).toBe(expectedPred.length);
      expect(pred).toEqual(expectedPred);
      let worst = 0;
      for (let i = 0; i < score.length; i++) worst = Math.max(worst, Math.abs(score[i] - expectedScore[i]));
      expect(worst).toBeLessThan(1e-6);
    } finally {
      await model.close();
    }
  });
});

describe('shared models read through openSource (assay’s own CSV reader)', () => {
  it('adult model-zipmap.onnx reproduces y_pred and score from predictions.csv', async () => {
    const { openSource } = await import('../../src/io/open-source.js');
    const dir = path.join(modelsRoot, 'adult-logreg');
    const source = await openSource(path.join(dir, 'predictions.csv'));
    const model = await loadOnnxModel(path.join(dir, 'model-zipmap.onnx'), { columns: source.schema });
    try {
      const out = await collect(applyModel(model, source.batches(), { batchSize: 5000 }));
      const expected = readCsvTable(path.join(dir, 'predictions.csv'));
      expect(columnValues(out, '__prediction')).toEqual(columnValues(expected.batches, 'y_pred').map(Number));
      const score = columnValues(out, '__score') as number[];
      const reference = columnValues(expected.batches, 'score') as number[];
      expect(Math.max(...score.map((s, i) => Math.abs(s - reference[i])))).toBeLessThan(1e-6);
    } finally {
      await model.close();
      await source.close();
    }
  });
});
