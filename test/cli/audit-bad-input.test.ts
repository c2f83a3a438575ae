// Bad input: a one-line error naming the column or value, exit code 2, nothing written.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assay, filesIn, tempDir } from '../helpers/cli.js';

const dir = tempDir('assay-bad-');
function csv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const good = 'y,p,s,g\n1,1,0.9,a\n0,0,0.2,b\n1,0,0.4,a\n0,1,0.6,b\n';

const cases: [string, string, string[], RegExp][] = [
  ['missing column', good, ['--label', 'y', '--prediction', 'nope', '--sensitive', 'g'], /missing column: nope/],
  ['missing sensitive column', good, ['--label', 'y', '--prediction', 'p', '--sensitive', 'sex'], /missing column: sex/],
  ['empty file', '', ['--label', 'y', '--prediction', 'p'], /empty/],
  ['header only', 'y,p,s,g\n', ['--label', 'y', '--prediction', 'p'], /no rows/],
  ['non-numeric score', 'y,p,s\n1,1,high\n0,0,0.2\n', ['--label', 'y', '--prediction', 'p', '--score', 's'], /column s is not numeric/],
  [
    'a score column of numbers but one text value (the example is that value)',
    'y,p,s\n1,1,0.9\n0,0,0.2\n1,0,n/a\n',
    ['--label', 'y', '--prediction', 'p', '--score', 's'],
    /column s is not numeric \(type Dictionary<Int32, Utf8>, e\.g\. "n\/a" in row 3\)/,
  ],
  ['labels with three values and no --positive', 'y,p\n0,0\n1,1\n2,1\n', ['--label', 'y', '--prediction', 'p'], /column y has values other than 0 and 1.*--positive/],
  ['text labels and no --positive', 'y,p\nyes-ish,no\nmaybe,no\n', ['--label', 'y', '--prediction', 'p'], /column y has values other than 0 and 1/],
  ['NaN in a label', 'y,p\n1,1\nNaN,0\n', ['--label', 'y', '--prediction', 'p'], /(NaN|missing value) in column y/],
  ['missing label', 'y,p\n1,1\n,0\n', ['--label', 'y', '--prediction', 'p'], /missing value in column y \(row 2\)/],
  ['bad threshold', good, ['--label', 'y', '--score', 's', '--threshold', 'half'], /invalid --threshold: half/],
  ['unknown privileged group', good, ['--label', 'y', '--prediction', 'p', '--sensitive', 'g', '--privileged', 'g=zzz'], /privileged group g=zzz not found/],
  ['no label option', good, ['--prediction', 'p'], /missing option: -*label/],
  ['missing file', '', ['--label', 'y', '--prediction', 'p'], /not found/],
  ['an identifier as a sensitive feature', 'y,p,id\n1,1,a\n0,0,b\n1,0,c\n0,1,d\n', ['--label', 'y', '--prediction', 'p', '--sensitive', 'id', '--max-groups', '3'], /sensitive feature id has more than 3 groups/],
];

describe('assay audit on bad input', () => {
  it.each(cases)('%s', (name, text, args, message) => {
    const path = name === 'missing file' ? join(dir, 'does-not-exist.csv') : csv(`${name.replace(/\W+/g, '-')}.csv`, text);
    const out = join(dir, `out-${name.replace(/\W+/g, '-')}`);
    const run = assay(['audit', '--data', path, ...args, '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^assay: /);
    expect(filesIn(out)).toEqual([]);
  });

  it('scores outside [0, 1]: log loss and Brier are null with a warning, not NaN', () => {
    const path = csv('range.csv', 'y,p,s\n1,1,1.5\n0,0,-0.2\n1,1,0.7\n');
    const out = join(dir, 'out-range');
    const run = assay(['audit', '--data', path, '--label', 'y', '--prediction', 'p', '--score', 's', '--out', out, '--json']);
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout) as { warnings: number };
    expect(summary.warnings).toBeGreaterThan(0);
    expect(filesIn(out)).toEqual(['audit.html', 'audit.json']);
  });

  it('a group with no positives: rates are 0 with a warning and AUC null', () => {
    const path = csv('nopos.csv', 'y,p,s,g\n0,0,0.1,a\n0,1,0.6,a\n1,1,0.9,b\n0,0,0.2,b\n');
    const out = join(dir, 'out-nopos');
    const run = assay(['audit', '--data', path, '--label', 'y', '--prediction', 'p', '--score', 's', '--sensitive', 'g', '--out', out]);
    expect(run.status).toBe(0);
  });

  it('duplicate column names are kept, renamed visibly, and reported as a warning', () => {
    const path = csv('dup.csv', 'y,p,g,g\n1,1,a,x\n0,0,b,y\n');
    const out = join(dir, 'out-dup');
    const run = assay(['audit', '--data', path, '--label', 'y', '--prediction', 'p', '--sensitive', 'g', '--sensitive', 'g_1', '--out', out, '--no-html']);
    expect(run.status).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as { warnings: { code: string; message: string }[] };
    expect(result.warnings.find((w) => w.code === 'renamed_column')?.message).toMatch(/"g" is read as "g_1"/);
  });

  it('an output folder that cannot be made is a one-line error (exit 2), not a crash', () => {
    const blocker = csv('blocker', 'not a folder');
    const a = assay(['audit', '--data', csv('ok.csv', good), '--label', 'y', '--prediction', 'p', '--out', blocker]);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/^assay: cannot write .*blocker\/audit\.json: a file of that name is in the way/);
    const b = assay(['audit', '--data', csv('ok2.csv', good), '--label', 'y', '--prediction', 'p', '--out', '/proc/assay-cannot-be-here']);
    expect(b.status).toBe(2);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
  });
});
