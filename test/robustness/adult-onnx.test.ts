// The counterfactual sex flip of the adult logistic regression (shared/models/adult-logreg),
// checked against onnxruntime-node run directly here, one row at a time.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { loadOnnxModel } from '../../src/model/onnx-model.js';
import { runRobustness } from '../../src/robustness/run-robustness.js';
import { SHARED, asAsync, inBatches, simpleCsvTable } from '../helpers/fixtures.js';

const DIR = resolve(SHARED, 'models/adult-logreg');
const ROWS = 16_281; // every evaluation row
const INTS = new Set(['age', 'fnlwgt', 'education_num', 'capital_gain', 'capital_loss', 'hours_per_week']);

describe.runIf(existsSync(resolve(DIR, 'model.onnx')))('adult-logreg counterfactual sex flip', () => {
  it('matches row-by-row onnxruntime runs on flipped inputs, per group and direction', async () => {
    const table = simpleCsvTable(resolve(DIR, 'predictions.csv'));
    expect(table.numRows).toBe(ROWS);
    const model = await loadOnnxModel(resolve(DIR, 'model.onnx'), { columns: table.schema });
    const section = await runRobustness({
      model,
      batches: asAsync(inBatches(table, 1000)),
      settings: { label: 'y_true', positive: '1', sensitive: ['sex', 'race'] },
      spec: 'flip=all',
      seed: 0,
    });
    await model.close();

    // Independently: the label output of each row, clean and with sex swapped, batches of one row.
    const session = await ort.InferenceSession.create(resolve(DIR, 'model.onnx'), { logSeverityLevel: 3 });
    const decide = async (row: number, sex: string): Promise<number> => {
      const feeds: Record<string, ort.Tensor> = {};
      for (const name of session.inputNames) {
        const value: unknown = name === 'sex' ? sex : table.getChild(name)!.get(row);
        feeds[name] = INTS.has(name) ? new ort.Tensor('int64', BigInt64Array.of(BigInt(value as number)), [1, 1]) : new ort.Tensor('string', [String(value)], [1, 1]);
      }
      const out = await session.run(feeds, ['label']);
      return Number((out.label.data as BigInt64Array)[0]);
    };
    const counts = new Map<string, { n: number; p2n: number; n2p: number }>();
    for (let i = 0; i < ROWS; i++) {
      const sex = String(table.getChild('sex')!.get(i));
      const other = sex === 'Male' ? 'Female' : 'Male';
      const clean = await decide(i, sex);
      const flipped = await decide(i, other);
      const c = counts.get(sex) ?? { n: 0, p2n: 0, n2p: 0 };
      c.n++;
      if (clean === 1 && flipped === 0) c.p2n++;
      if (clean === 0 && flipped === 1) c.n2p++;
      counts.set(sex, c);
    }
    await session.release();

    for (const [from, to] of [['Female', 'Male'], ['Male', 'Female']]) {
      const expected = counts.get(from)!;
      for (const target of [to, null]) {
        const r = section.counterfactual.find((c) => c.feature === 'sex' && c.from === from && c.to === target)!;
        expect(r.n).toBe(expected.n);
        expect(r.positive_to_negative).toBeCloseTo(expected.p2n / expected.n, 12);
        expect(r.negative_to_positive).toBeCloseTo(expected.n2p / expected.n, 12);
        expect(r.flip_rate).toBeCloseTo((expected.p2n + expected.n2p) / expected.n, 12);
      }
    }
    // The model does use sex (one-hot coefficient favouring Male): Female → Male flips only upwards
    // (4.3% of women), Male → Female only downwards (11.4% of men).
    expect(counts.get('Female')!.n2p).toBeGreaterThan(0);
    expect(counts.get('Female')!.p2n).toBe(0);
    expect(counts.get('Male')!.p2n).toBeGreaterThan(0);
    expect(counts.get('Male')!.n2p).toBe(0);
    const group = section.flips.find((f) => f.perturbation === 'counterfactual_sex' && f.feature === 'sex' && f.group === 'Female')!;
    expect(group.flip_rate).toBeCloseTo((counts.get('Female')!.p2n + counts.get('Female')!.n2p) / counts.get('Female')!.n, 12);
    // race has five values: every ordered pair is reported.
    expect(section.counterfactual.filter((c) => c.feature === 'race' && c.to !== null)).toHaveLength(20);
  });
});
