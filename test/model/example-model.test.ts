import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Table, Utf8, makeVector, vectorFromArray, type Vector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { applyModel } from '../../src/model/apply-model.js';
import { inspectOnnxModel, loadOnnxModel } from '../../src/model/onnx-model.js';
import { collect, columnValues, inBatches, repoRoot, sharedRoot, stream } from './helpers.js';

const example = path.join(repoRoot, 'examples/adult-logreg.onnx');
const adultDir = path.join(sharedRoot, 'datasets/adult');
const COLUMNS = [
  'age',
  'workclass',
  'fnlwgt',
  'education',
  'education-num',
  'marital-status',
  'occupation',
  'relationship',
  'race',
  'sex',
  'capital-gain',
  'capital-loss',
  'hours-per-week',
  'native-country',
  'income-per-year',
];
const NUMERIC = new Set(['age', 'fnlwgt', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week']);

/** adult.test as the dataset card reads it: junk first line skipped, ", " separated, label without its ".". */
function readAdultTest(): Table {
  const lines = readFileSync(path.join(adultDir, 'adult.test'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '');
  const fields = lines.map((l) => l.split(',').map((f) => f.trim()));
  const columns: Record<string, Vector> = {};
  COLUMNS.forEach((name, j) => {
    const raw = fields.map((f) => f[j]);
    columns[name] = NUMERIC.has(name)
      ? makeVector(BigInt64Array.from(raw, (v) => BigInt(v)))
      : vectorFromArray(name === 'income-per-year' ? raw.map((v) => v.replace(/\.$/, '')) : raw, new Utf8());
  });
  return new Table(columns);
}

describe('examples/adult-logreg.onnx', () => {
  it('is small and describes itself', async () => {
    expect(statSync(example).size).toBeLessThan(100_000);
    const info = await inspectOnnxModel(example);
    expect(info.runtime).toMatchObject({
      loads: true,
      kind: 'binary',
      classes: ['<=50K', '>50K'],
      positive: '>50K',
      labelOutput: 'label',
      scoreOutput: 'probabilities',
    });
    expect(info.metadata['label.positive']).toBe('>50K');
    expect(info.inputs.map((i) => i.name)).toContain('education_num');
  });

  it('runs in onnxruntime-node with the dataset column names and scores about 0.85 accuracy on adult.test', async () => {
    const data = readAdultTest();
    expect(data.numRows).toBe(16281);
    const model = await loadOnnxModel(example, { columns: data.schema });
    try {
      expect(model.inputs.find((m) => m.input === 'hours_per_week')).toMatchObject({
        columns: ['hours-per-week'],
        via: 'sanitised-name',
      });
      const out = await collect(applyModel(model, stream(inBatches(data, 4096))));
      const truth = columnValues(out, 'income-per-year');
      const pred = columnValues(out, '__prediction');
      const score = columnValues(out, '__score') as number[];
      const accuracy = truth.filter((t, i) => t === pred[i]).length / truth.length;
      expect(accuracy).toBeGreaterThan(0.84);
      expect(accuracy).toBeLessThan(0.87);
      // The label and the score agree: >50K exactly when p(>50K) > 0.5.
      expect(pred.filter((p, i) => (p === '>50K') !== score[i] > 0.5).length).toBe(0);
    } finally {
      await model.close();
    }
  });

  it('is reproduced byte for byte by scripts/train-example-model.mjs', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'assay-example-')), 'model.onnx');
    execFileSync(
      process.execPath,
      [path.join(repoRoot, 'scripts/train-example-model.mjs'), '--data', adultDir, '--out', out],
      { stdio: 'pipe' },
    );
    expect(readFileSync(out).equals(readFileSync(example))).toBe(true);
  });
});
