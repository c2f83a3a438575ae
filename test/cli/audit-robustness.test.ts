// `assay audit --model … --robustness …`: the suite runs in a second streaming pass and its
// section lands in the JSON (schema-valid) and the obligations evidence.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateReport } from '../../src/report/index.js';
import { REPO, SHARED } from '../helpers/fixtures.js';
import { assay, filesIn, tempDir } from '../helpers/cli.js';

describe('assay audit --robustness', () => {
  it('runs counterfactual flips and importance with the example model', () => {
    const out = tempDir();
    const run = assay([
      'audit', '--model', resolve(REPO, 'examples/adult-logreg.onnx'), '--data', 'adult:test', '--mirror', resolve(SHARED, 'datasets'),
      '--robustness', 'flip=sex;importance=2;noise=0.1', '--profile', 'kr-aiba/hiring', '--out', out, '--quiet',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as {
      robustness: { counterfactual: { feature: string; from: string; to: string | null; flip_rate: number }[]; importance: unknown[] };
    };
    expect(validateReport(result).errors).toEqual([]);
    const female = result.robustness.counterfactual.find((c) => c.from === 'Female' && c.to === 'Male');
    expect(female?.flip_rate).toBeGreaterThan(0);
    expect(result.robustness.importance.length).toBeGreaterThan(0);
  });

  it('refuses a bad spec before reading, and robustness without a model', () => {
    const out = tempDir();
    const bad = assay(['audit', '--model', resolve(REPO, 'examples/adult-logreg.onnx'), '--data', 'adult:test',
      '--mirror', resolve(SHARED, 'datasets'), '--robustness', 'noize=0.1', '--out', out]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/noize/);
    const log = assay(['audit', '--data', resolve(SHARED, 'models/compas-gbdt/predictions.csv'), '--label', 'y_true',
      '--prediction', 'y_pred', '--robustness', 'default', '--out', out]);
    expect(log.status).toBe(2);
    expect(log.stderr).toMatch(/--robustness needs --model/);
    expect(filesIn(out)).toEqual([]);
  });
});
