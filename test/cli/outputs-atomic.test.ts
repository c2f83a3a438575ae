// assay audit's outputs are all or nothing: a bad output path is a one-line error naming it
// (exit 2) and leaves no report half-written; --predictions-out writes empty fields for nulls.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED } from '../helpers/fixtures.js';
import { assay, filesIn, tempDir } from '../helpers/cli.js';
import { regressor } from '../model/models.js';

const dir = tempDir('assay-outputs-');
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const adultModel = resolve(SHARED, 'models/adult-logreg/model.onnx');
// The first 200 evaluation rows are enough to run the model.
const adultCsv = file('adult.csv', readFileSync(resolve(SHARED, 'models/adult-logreg/predictions.csv'), 'utf8').split('\n').slice(0, 201).join('\n'));
const modelAudit = ['audit', '--model', adultModel, '--data', adultCsv, '--label', 'y_true', '--sensitive', 'sex', '--quiet'];
const logCsv = file('log.csv', 'y,p,g\n1,1,a\n0,1,b\n1,0,a\n0,0,b\n1,1,b\n');
const logAudit = ['audit', '--data', logCsv, '--label', 'y', '--prediction', 'p', '--sensitive', 'g', '--quiet'];

/** Expects a one-line `cannot write <path>: …` error and exit code 2. */
function expectCannotWrite(run: ReturnType<typeof assay>, path: string): void {
  expect(run.stderr).toMatch(new RegExp(`^assay: cannot write ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: \\S`));
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.status).toBe(2);
}

describe('assay audit writes all of its outputs or none', () => {
  it('--predictions-out naming a folder fails before the audit, with nothing written in --out', () => {
    const folder = join(dir, 'pdir');
    mkdirSync(folder);
    const out = join(dir, 'out-pdir');
    const run = assay([...modelAudit, '--out', out, '--predictions-out', folder]);
    expectCannotWrite(run, folder);
    expect(run.stderr).toMatch(/folder/);
    expect(filesIn(out)).toEqual([]);
    expect(filesIn(folder)).toEqual([]);
    expect(filesIn(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('--emit-state naming a folder leaves the reports of an earlier run as they were', () => {
    const out = join(dir, 'out-state');
    expect(assay([...logAudit, '--out', out]).status).toBe(0);
    const before = filesIn(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]);
    const state = join(dir, 'state-dir');
    mkdirSync(state);
    const run = assay([...logAudit, '--out', out, '--emit-state', state, '--no-html']);
    expectCannotWrite(run, state);
    expect(filesIn(out).map((f) => [f, readFileSync(join(out, f), 'utf8')])).toEqual(before);
    expect(filesIn(state)).toEqual([]);
  });

  it('a run that succeeds replaces earlier outputs and leaves no temporary or backup files', () => {
    const out = join(dir, 'out-again');
    const predictions = join(out, 'predictions.csv');
    for (let i = 0; i < 2; i++) {
      const run = assay([...modelAudit, '--out', out, '--predictions-out', predictions]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    }
    expect(filesIn(out).sort()).toEqual(['audit.html', 'audit.json', 'predictions.csv']);
    expect(readFileSync(predictions, 'utf8').trim().split('\n')).toHaveLength(201);
  });

  it('--no-html removes the audit.html of an earlier run, which would describe other data', () => {
    const out = join(dir, 'out-no-html');
    expect(assay([...logAudit, '--out', out]).status).toBe(0);
    expect(filesIn(out).sort()).toEqual(['audit.html', 'audit.json']);
    expect(assay([...logAudit, '--out', out, '--no-html']).status).toBe(0);
    expect(filesIn(out)).toEqual(['audit.json']);
  });

  it('two outputs on the same path are refused before anything is written', () => {
    const out = join(dir, 'out-same');
    const run = assay([...logAudit, '--out', out, '--emit-state', join(out, 'audit.json')]);
    expectCannotWrite(run, join(out, 'audit.json'));
    expect(filesIn(out)).toEqual([]);
  });
});

describe('assay audit --predictions-out on a path that cannot be written', () => {
  const cases: [string, string][] = [
    ['under a file', join(adultCsv, 'p.csv')],
    ['in a folder that cannot be made', '/proc/assay-cannot-be-here/p.csv'],
    ['ending in a slash', `${join(dir, 'not-yet')}/`],
  ];
  it.each(cases)('%s: a one-line error naming it (exit 2), not an internal error', (name, target) => {
    const out = join(dir, `out-${name.replace(/\W+/g, '-')}`);
    const run = assay([...modelAudit, '--out', out, '--predictions-out', target]);
    expectCannotWrite(run, target);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(filesIn(out)).toEqual([]);
  });
});

describe('assay audit --predictions-out for a regressor', () => {
  it('leaves the score empty (a regressor has none), never the text null', () => {
    const model = file('reg.onnx', regressor());
    const data = file('reg.csv', 'education_num,target,sex\n1,3.5,F\n2,5,M\n3,6.5,F\n4,9,M\n');
    const out = join(dir, 'out-reg');
    const predictions = join(out, 'p.csv');
    const run = assay([
      'audit', '--model', model, '--data', data, '--label', 'target', '--sensitive', 'sex', '--task', 'regression',
      '--out', out, '--predictions-out', predictions, '--quiet',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // 2·x + 1, by hand.
    expect(readFileSync(predictions, 'utf8')).toBe('row,prediction,score\n0,3,\n1,5,\n2,7,\n3,9,\n');
  });
});
