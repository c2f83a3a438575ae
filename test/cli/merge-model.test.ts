// `assay merge` of model audits: the merged audit keeps the model section, and states of
// different models (or of a model and a prediction log) are refused on one line, exit 2.
import { writeFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/types.js';
import { REPO, SHARED } from '../helpers/fixtures.js';
import { assay, tempDir, type CliRun } from '../helpers/cli.js';

const dir = tempDir('assay-merge-model-');

function expectOneLineError(run: CliRun, message: RegExp): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(/^assay: /);
  expect(run.stderr).toMatch(message);
}

function readAudit(out: string): AuditResult {
  return JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as AuditResult;
}

describe('assay merge of model audits', () => {
  const example = resolve(REPO, 'examples/adult-logreg.onnx');
  const header = 'age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,capital-gain,capital-loss,hours-per-week,native-country,income-per-year';
  const rows = Array.from({ length: 16 }, (_, i) =>
    [25 + 2 * i, 'Private', 100000 + 1000 * i, i % 2 ? 'Bachelors' : 'HS-grad', i % 2 ? 13 : 9, i % 3 ? 'Married-civ-spouse' : 'Never-married',
      'Sales', 'Husband', 'White', i % 2 ? 'Male' : 'Female', i % 5 ? 0 : 5000, 0, 30 + i, 'United-States', i % 3 ? '<=50K' : '>50K'].join(','),
  );
  const csv = (part: string[]) => `${[header, ...part].join('\n')}\n`;
  const settings = ['--label', 'income-per-year', '--positive', '>50K', '--sensitive', 'sex', '--quiet', '--no-html'];

  function emitModel(name: string, model: string, part: string[], start: number): string {
    const data = join(dir, `${name}.csv`);
    writeFileSync(data, csv(part));
    const state = join(dir, `${name}.state`);
    const run = assay(['audit', '--model', model, '--data', data, ...settings, '--start-row', String(start), '--emit-state', state, '--out', join(dir, `out-${name}`)]);
    expect(run.status, run.stderr).toBe(0);
    return state;
  }

  it('keeps the model section, equal to the whole audit’s', () => {
    const a = emitModel('model-a', example, rows.slice(0, 9), 0);
    const b = emitModel('model-b', example, rows.slice(9), 9);
    writeFileSync(join(dir, 'model-whole.csv'), csv(rows));
    expect(assay(['audit', '--model', example, '--data', join(dir, 'model-whole.csv'), ...settings, '--out', join(dir, 'out-model-whole')]).status).toBe(0);
    const run = assay(['merge', a, b, '--out', join(dir, 'm-model'), '--quiet', '--no-html']);
    expect(run.status, run.stderr).toBe(0);
    const merged = readAudit(join(dir, 'm-model'));
    const whole = readAudit(join(dir, 'out-model-whole'));
    expect(merged.model).not.toBeNull();
    expect(merged.model).toEqual(whole.model);
    expect(merged.rows).toBe(16);
    // the model is listed once in the provenance
    expect(merged.provenance.inputs.filter((i) => i.role === 'model')).toHaveLength(1);
  });

  it('refuses states of different models, and a model audit beside a log audit', () => {
    const a = emitModel('model-c', example, rows.slice(0, 9), 0);
    const other = resolve(SHARED, 'models/adult-logreg/model.onnx');
    const b = emitModel('model-d', other, rows.slice(9), 9);
    expectOneLineError(
      assay(['merge', a, b, '--out', join(dir, 'm-models')]),
      /cannot merge states of different models: .*model-c\.state \(.*adult-logreg\.onnx, sha256 d2250615f588…\) and .*model-d\.state \(.*model\.onnx, sha256 [0-9a-f]{12}…\)/,
    );
    const log = join(dir, 'log.csv');
    writeFileSync(log, 'y,p,g\n1,1,A\n0,0,A\n1,0,B\n0,1,B\n');
    const c = join(dir, 'log-after-model.state');
    const run = assay(['audit', '--data', log, '--label', 'y', '--prediction', 'p', '--sensitive', 'g', '--start-row', '100', '--quiet', '--no-html', '--emit-state', c, '--out', join(dir, 'out-log')]);
    expect(run.status, run.stderr).toBe(0);
    expectOneLineError(assay(['merge', a, c, '--out', join(dir, 'm-mixed')]), /cannot merge a model audit with a prediction-log audit: .*model-c\.state \(model .*\) and .*log-after-model\.state \(no model\)/);
  });
});
