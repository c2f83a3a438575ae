import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerInspect } from '../../src/cli/commands/inspect.js';
import { formatInspection } from '../../src/model/format-inspection.js';
import { inspectOnnxModel } from '../../src/model/onnx-model.js';
import { parseInputMap } from '../../src/model/parse-input-map.js';
import { repoRoot, sharedRoot } from './helpers.js';
import { tempModel } from './models.js';
import { rankThreeOutput } from './models.js';

const compas = path.join(sharedRoot, 'models/compas-gbdt');
const compasColumns =
  'age,priors_count,juv_fel_count,juv_misd_count,juv_other_count,sex_female,c_charge_degree_F';

async function run(args: string[]): Promise<{ out: string; code: number | undefined }> {
  const program = new Command().exitOverride();
  registerInspect(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'assay', 'inspect', ...args]);
  } finally {
    spy.mockRestore();
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  process.exitCode = undefined;
  return { out, code };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('assay inspect', () => {
  it('prints the signature, opsets, producer and how assay reads the outputs', async () => {
    const { out, code } = await run([path.join(sharedRoot, 'models/adult-logreg/model-zipmap.onnx')]);
    expect(code).toBeUndefined();
    expect(out).toContain('producer     skl2onnx 1.14.0; ir_version 8');
    expect(out).toContain('opsets       ai.onnx 11, ai.onnx.ml 1');
    expect(out).toContain('ai.onnx.ml: LinearClassifier, Normalizer, OneHotEncoder ×8, Scaler, ZipMap');
    expect(out).toMatch(/education_num\s+tensor\(int64\)\s+\[N, 1\]/);
    expect(out).toMatch(/output_probability\s+seq\(map\(int64,tensor\(float\)\)\)/);
    expect(out).toContain(
      'output_probability is a ZipMap; assay reads probabilities [N, 2] instead (classes 0, 1)',
    );
    expect(out).toContain(
      'onnxruntime  loads; binary classifier, classes 0, 1, positive class 1; label from output_label, score from output_probability',
    );
  });

  it('maps the columns of --data (with --input-map) and prints JSON', async () => {
    const { out, code } = await run([
      path.join(compas, 'model.onnx'),
      '--data',
      path.join(compas, 'predictions.csv'),
      '--input-map',
      `input=${compasColumns}`,
      '--json',
    ]);
    expect(code).toBeUndefined();
    const info = JSON.parse(out);
    expect(info.mapping).toHaveLength(1);
    expect(info.mapping[0]).toMatchObject({
      input: 'input',
      columns: compasColumns.split(','),
      via: 'input-map',
      error: null,
    });
    expect(info.opsets).toEqual([
      { domain: 'ai.onnx', version: 17 },
      { domain: 'ai.onnx.ml', version: 1 },
    ]);
  });

  it('shows an input it cannot feed and exits with code 2', async () => {
    const { out, code } = await run([
      path.join(compas, 'model.onnx'),
      '--data',
      path.join(compas, 'predictions.csv'),
    ]);
    expect(code).toBe(2);
    expect(out).toMatch(/input\s+✗\s+input input \(tensor\(float\) \[N, 7\]\) takes 7 columns/);
  });

  it('reports a model whose outputs are not usable, with code 2', async () => {
    const { out, code } = await run([tempModel('r3.onnx', rankThreeOutput())]);
    expect(code).toBe(2);
    expect(out).toContain(
      'onnxruntime  loads; outputs not usable: model has no classifier or regressor output',
    );
  });

  it('refuses --input-map without --data and a bad file', async () => {
    await expect(run([path.join(compas, 'model.onnx'), '--input-map', 'input=a'])).rejects.toThrow(
      '--input-map needs --data',
    );
    await expect(run([path.join(compas, 'predictions.csv')])).rejects.toThrow(/^not an onnx model: /);
  });
});

describe('formatInspection', () => {
  it('lists metadata and the example model as a binary classifier of text labels', async () => {
    const text = formatInspection(await inspectOnnxModel(path.join(repoRoot, 'examples/adult-logreg.onnx')));
    expect(text).toContain('label.positive: >50K');
    expect(text).toContain(
      'onnxruntime  loads; binary classifier, classes <=50K, >50K, positive class >50K; label from label, score from probabilities',
    );
    expect(text.endsWith('\n')).toBe(true);
  });
});

describe('parseInputMap', () => {
  it('parses input=col1,col2 entries, keeping names as written', () => {
    expect(parseInputMap(['input=a,b c', 'x=y'])).toEqual({ input: ['a', 'b c'], x: ['y'] });
    expect(parseInputMap([])).toEqual({});
  });

  it.each([['nocolumns'], ['=a'], ['x='], ['x=a,,b']])('refuses %s', (spec) => {
    expect(() => parseInputMap([spec])).toThrow(`bad --input-map entry: ${spec}`);
  });

  it('refuses the same input twice', () => {
    expect(() => parseInputMap(['x=a', 'x=b'])).toThrow('input x appears twice in --input-map');
  });
});
