// argv → options, table-tested with the command implementations mocked (no I/O).
import { afterEach, describe, expect, it, vi } from 'vitest';

const runAudit = vi.fn(async (_options: Record<string, unknown>, _argv: string[]) => Promise.resolve(0));
const runMerge = vi.fn(async (_states: string[], _options: Record<string, unknown>, _argv: string[]) => Promise.resolve(0));
vi.mock('../../src/cli/run-audit.js', () => ({ runAudit }));
vi.mock('../../src/cli/run-merge.js', () => ({ runMerge }));

const { main } = await import('../../src/cli/program.js');

afterEach(() => {
  runAudit.mockClear();
  runMerge.mockClear();
  process.exitCode = undefined;
});

const argv = (...args: string[]) => ['node', 'assay', ...args];

describe('assay audit options', () => {
  it.each([
    [['--data', 'x.csv', '--label', 'y', '--prediction', 'p'], { data: 'x.csv', label: 'y', prediction: 'p', sensitive: [], out: 'assay-report', html: true, hash: true, lang: 'en', robustness: 'none' }],
    [['--data', 'x.csv', '--sensitive', 'sex', '--sensitive', 'race', '--intersect'], { sensitive: ['sex', 'race'], intersect: true }],
    [['--data', 'x.csv', '--privileged', 'sex=Male', '--favorable', '0', '--favorable', '1'], { privileged: ['sex=Male'], favorable: ['0', '1'] }],
    [['--data', 'x.csv', '--no-header', '--delimiter', ';', '--na', '?', '--na', 'NA', '--skip', '1'], { header: false, delimiter: ';', na: ['?', 'NA'], skip: '1' }],
    [['--data', 'adult', '--model', 'm.onnx', '--input-map', 'input=a,b', '--robustness', 'default'], { model: 'm.onnx', inputMap: ['input=a,b'], robustness: 'default' }],
    [['--data', 'x.csv', '--profile', 'kr-aiba/hiring', '--fail-on', 'p.yaml', '--lang', 'ko', '--no-html'], { profile: 'kr-aiba/hiring', failOn: 'p.yaml', lang: 'ko', html: false }],
    [['--data', 'x.csv', '--task', 'regression', '--bootstrap', '200', '--interval', 'clopper-pearson'], { task: 'regression', bootstrap: '200', interval: 'clopper-pearson' }],
  ])('%j', async (args, expected) => {
    expect(await main(argv('audit', ...args))).toBe(0);
    expect(runAudit).toHaveBeenCalledTimes(1);
    expect(runAudit.mock.calls[0][0]).toMatchObject(expected);
  });

  it.each([
    [['--label', 'y'], /required option '--data/],
    [['--data', 'x', '--task', 'clustering'], /Allowed choices are classification, regression/],
    [['--data', 'x', '--lang', 'fr'], /Allowed choices are en, ko/],
  ])('rejects %j with exit code 2', async (args) => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(argv('audit', ...args))).toBe(2);
    stderr.mockRestore();
    expect(runAudit).not.toHaveBeenCalled();
  });
});

describe('assay merge options', () => {
  it('passes the state files and the output folder', async () => {
    expect(await main(argv('merge', 'a.state', 'b.state', '--out', 'o'))).toBe(0);
    expect(runMerge.mock.calls[0][0]).toEqual(['a.state', 'b.state']);
    expect(runMerge.mock.calls[0][1]).toMatchObject({ out: 'o' });
  });
});

describe('exit codes', () => {
  it('an unknown command is a usage error (2)', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(argv('audt'))).toBe(2);
    stderr.mockRestore();
  });
});
