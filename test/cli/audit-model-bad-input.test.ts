// assay audit --model on bad input: a one-line error naming the input or output, exit code 2,
// nothing written in --out.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED } from '../helpers/fixtures.js';
import { assay, filesIn, tempDir } from '../helpers/cli.js';
import { failsOnOddBatches, rankThreeOutput } from '../model/models.js';

const dir = tempDir('assay-model-bad-');
const adultModel = resolve(SHARED, 'models/adult-logreg/model.onnx');
const adultCsv = resolve(SHARED, 'models/adult-logreg/predictions.csv');
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const xCsv = file('x.csv', `x,y\n${Array.from({ length: 7 }, (_, i) => `${i / 10},${i % 2}`).join('\n')}\n`);
const textX = file('text-x.csv', 'x,y\nhigh,1\nlow,0\n');
const fractions = file('adult-fractions.csv', readFileSync(adultCsv, 'utf8').replace(/\n(\d+),/, '\n$1.5,'));

const cases: [string, string[], RegExp][] = [
  ['a file that is not ONNX', ['--model', file('not.onnx', 'age,sex\n1,2\n'), '--data', adultCsv, '--label', 'y_true'], /not an onnx model: .*not\.onnx|cannot load onnx model/],
  ['a truncated model', ['--model', file('cut.onnx', readFileSync(adultModel).subarray(0, 300)), '--data', adultCsv, '--label', 'y_true'], /(not an onnx model|cannot load onnx model): .*cut\.onnx/],
  ['a model input with no matching column', ['--model', adultModel, '--data', xCsv, '--label', 'y'], /input age/],
  ['a lossy type conversion (text into a float input)', ['--model', file('odd.onnx', failsOnOddBatches()), '--data', textX, '--label', 'y', '--task', 'regression'], /column x.*(text|string)/i],
  ['a lossy type conversion (a fraction into an int64 input)', ['--model', adultModel, '--data', fractions, '--label', 'y_true'], /age/],
  ['an output that is neither a classifier nor a regressor', ['--model', file('rank3.onnx', rankThreeOutput()), '--data', xCsv, '--label', 'y'], /no classifier or regressor output.*outputs: y /],
  ['a batch where inference throws', ['--model', file('odd2.onnx', failsOnOddBatches()), '--data', xCsv, '--label', 'y', '--task', 'regression'], /inference failed|onnxruntime|model .* failed/i],
];

describe('assay audit --model on bad input', () => {
  it.each(cases)('%s', (name, args, message) => {
    const out = join(dir, `out-${name.replace(/\W+/g, '-')}`);
    const run = assay(['audit', ...args, '--out', out]);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.status).toBe(2);
    expect(filesIn(out)).toEqual([]);
  });
});
