import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Field, Int64, Schema, Utf8 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { AuditError } from '../../src/core/errors.js';
import { inspectOnnxModel, loadOnnxModel } from '../../src/model/onnx-model.js';
import { sharedRoot } from './helpers.js';

const adult = path.join(sharedRoot, 'models/adult-logreg/model.onnx');
const schema = new Schema([new Field('age', new Int64()), new Field('sex', new Utf8())]);
const dir = mkdtempSync(path.join(tmpdir(), 'assay-bad-'));
const write = (name: string, bytes: Uint8Array | string) => {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
};

async function failure(promise: Promise<unknown>): Promise<AuditError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuditError);
  expect((error as Error).message).not.toContain('\n');
  return error as AuditError;
}

describe('files that are not usable models give one-line AuditErrors', () => {
  it('a missing file', async () => {
    const e = await failure(loadOnnxModel(path.join(dir, 'nope.onnx'), { columns: schema }));
    expect(e.message).toBe(`cannot read model: ${path.join(dir, 'nope.onnx')} (no such file)`);
  });

  it('a directory', async () => {
    expect((await failure(loadOnnxModel(dir, { columns: schema }))).message).toBe(
      `cannot read model: ${dir} (it is a directory)`,
    );
  });

  it('an empty file', async () => {
    const file = write('empty.onnx', '');
    expect((await failure(loadOnnxModel(file, { columns: schema }))).message).toBe(
      `not an onnx model: ${file} (empty file)`,
    );
  });

  it('a CSV file', async () => {
    const file = write('data.onnx', 'age,sex\n25,Male\n38,Female\n');
    expect((await failure(loadOnnxModel(file, { columns: schema }))).message).toMatch(
      new RegExp(
        `^(not an onnx model|cannot load onnx model): ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      ),
    );
  });

  it('random bytes', async () => {
    const bytes = new Uint8Array(4096);
    let s = 12345;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    const file = write('random.onnx', bytes);
    expect((await failure(loadOnnxModel(file, { columns: schema }))).message).toMatch(
      /^(not an onnx model|cannot load onnx model): /,
    );
  });

  it.each([100, 1000, 4000])('a model truncated to %i bytes', async (n) => {
    const file = write(`truncated-${n}.onnx`, readFileSync(adult).subarray(0, n));
    const e = await failure(loadOnnxModel(file, { columns: schema }));
    expect(e.message).toMatch(
      new RegExp(`^(not an onnx model|cannot load onnx model): .*truncated-${n}\\.onnx`),
    );
    await expect(inspectOnnxModel(file)).rejects.toThrow(/truncated|not an onnx|cannot load/);
  });

  it('a model whose input has no column names the input', async () => {
    const e = await failure(loadOnnxModel(adult, { columns: schema }));
    expect(e.message).toMatch(/^no column for model input workclass \(tensor\(string\) \[N, 1\]\)/);
  });
});
