// `assay audit --model` on every shared model file: predictions reproduce scikit-learn's
// (y_pred exactly, score to 1e-6) and the audit matches the oracle (1e-6 for score-based
// metrics, which move by float32 rounding of the ONNX probabilities; exactly for counts).
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/types.js';
import { validateReport } from '../../src/report/index.js';
import { SHARED, oracleModels, readOracle } from '../helpers/fixtures.js';
import { assay, tempDir } from '../helpers/cli.js';

interface IoJson {
  input_columns: Record<string, string[]>;
}

const SCORE_BASED = new Set(['roc_auc', 'log_loss', 'brier_score']);

const cases = oracleModels().flatMap((id) =>
  readdirSync(resolve(SHARED, 'models', id))
    .filter((f) => f.endsWith('.onnx'))
    .map((file) => [id, file] as const),
);

describe.each(cases)('assay audit --model %s/%s', (id, file) => {
  it('reproduces the predictions and the oracle', () => {
    const dir = resolve(SHARED, 'models', id);
    const io = JSON.parse(readFileSync(join(dir, 'io.json'), 'utf8')) as IoJson;
    const oracle = readOracle(id);
    const out = tempDir();
    // Inputs whose name is not a column, or that pack several columns, are mapped explicitly.
    const maps = Object.entries(io.input_columns)
      .filter(([input, cols]) => cols.length !== 1 || cols[0] !== input)
      .flatMap(([input, cols]) => ['--input-map', `${input}=${cols.join(',')}`]);
    const run = assay([
      'audit', '--model', join(dir, file), '--data', join(dir, 'predictions.csv'), '--label', 'y_true',
      ...oracle.provenance.sensitive_features.flatMap((s) => ['--sensitive', s]), '--intersect',
      ...maps, '--predictions-out', join(out, 'predictions.csv'), '--out', out, '--quiet',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);

    const expected = readFileSync(join(dir, 'predictions.csv'), 'utf8').trim().split('\n');
    const header = expected[0].split(',');
    const yPred = header.indexOf('y_pred');
    const score = header.indexOf('score');
    const got = readFileSync(join(out, 'predictions.csv'), 'utf8').trim().split('\n').slice(1);
    expect(got).toHaveLength(expected.length - 1);
    let maxDiff = 0;
    got.forEach((line, i) => {
      const [, p, s] = line.split(',');
      const row = expected[i + 1].split(',');
      expect(Number(p), `row ${i}`).toBe(Number(row[yPred]));
      maxDiff = Math.max(maxDiff, Math.abs(Number(s) - Number(row[score])));
    });
    expect(maxDiff).toBeLessThanOrEqual(1e-6);

    const result = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as AuditResult;
    expect(validateReport(result).errors).toEqual([]);
    const problems: string[] = [];
    for (const o of oracle.metrics) {
      const r = result.metrics.find((m) => m.metric === o.metric && m.feature === o.feature && m.group === o.group);
      const tol = SCORE_BASED.has(o.metric) ? 1e-6 : 1e-12;
      if (!r) problems.push(`missing ${o.metric}/${o.group}`);
      else if (o.value === null ? r.value !== null : Math.abs((r.value ?? NaN) - o.value) > tol) {
        problems.push(`${o.metric}/${o.feature}/${o.group}: ${r.value} ≠ ${o.value}`);
      }
    }
    for (const o of oracle.disparities) {
      const r = result.disparities.find((m) => m.metric === o.metric && m.feature === o.feature && m.method === o.method);
      if (!r || (o.value === null ? r.value !== null : Math.abs((r.value ?? NaN) - o.value) > 1e-12)) {
        problems.push(`${o.metric}/${o.feature}/${o.method}: ${r?.value} ≠ ${o.value}`);
      }
    }
    expect(problems).toEqual([]);
    expect(result.model?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('assay audit --model-threads', () => {
  it('gives the same audit.json on the main thread and on one or three inference threads, and refuses a negative count', () => {
    const dir = resolve(SHARED, 'models', 'adult-logreg');
    const base = ['audit', '--model', join(dir, 'model.onnx'), '--data', join(dir, 'predictions.csv'), '--label', 'y_true', '--sensitive', 'sex', '--quiet', '--no-html', '--model-batch-size', '1000'];
    const reports = ['0', '1', '3'].map((n) => {
      const out = tempDir();
      const run = assay([...base, '--model-threads', n, '--out', out]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const json = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as Record<string, unknown>;
      delete json.createdAt;
      (json.provenance as Record<string, unknown>).command = null;
      return JSON.stringify(json);
    });
    expect(reports[1]).toBe(reports[0]);
    expect(reports[2]).toBe(reports[0]);
    const bad = assay([...base, '--model-threads', '-1', '--out', tempDir()]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/invalid --model-threads: -1 \(expected an integer ≥ 0\)/);
    const intra = assay([...base, '--intra-op-threads', '-2', '--out', tempDir()]);
    expect(intra.status).toBe(2);
    expect(intra.stderr.trim().split('\n')).toHaveLength(1);
    expect(intra.stderr).toMatch(/invalid --intra-op-threads: -2 \(expected an integer ≥ 0\)/);
  });
});
