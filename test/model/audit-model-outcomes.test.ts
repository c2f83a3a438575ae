// What an audit of a model reports for models that are not the common 0/1 classifier with
// probabilities, through the library API: labels only, classes declared in another order,
// NaN scores, empty data and bad batch sizes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, type AuditOptions } from '../../src/api/audit.js';
import { AuditError } from '../../src/core/errors.js';
import * as M from './models.js';

const dir = mkdtempSync(path.join(tmpdir(), 'assay-outcomes-'));
const csv = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
// x > 0 exactly when y = 1; two groups
const data = csv('data.csv', 'x,y,g\n-2,0,a\n-1,0,b\n1,1,a\n2,1,b\n3,1,a\n-3,0,b\n');
/** Audits `model` (written to a temporary file) over a CSV, grouped by `g`, labels `y`. */
const auditModel = (csvFile: string, name: string, bytes: Uint8Array, more: Partial<AuditOptions> = {}) =>
  audit({
    data: csvFile,
    model: M.tempModel(name, bytes),
    label: 'y',
    sensitive: ['g'],
    hashData: false,
    ...more,
  });
const value = (result: Awaited<ReturnType<typeof audit>>, metric: string) =>
  result.metrics.find((m) => m.metric === metric && m.feature === null)?.value;

describe('auditing a model', () => {
  it('audits a classifier without probabilities on its labels, and says so', async () => {
    const result = await auditModel(data, 'labels.onnx', M.labelOnly());
    expect(value(result, 'accuracy')).toBe(1);
    expect(value(result, 'roc_auc')).toBeUndefined();
    expect(result.warnings.map((w) => w.code)).toContain('model_without_score');
  });

  it('takes the class named like the label positive class (1) as positive, whatever order the model declares', async () => {
    const result = await auditModel(data, 'rev.onnx', M.reversedClasses());
    expect(value(result, 'accuracy')).toBe(1);
    expect(value(result, 'selection_rate')).toBe(0.5);
    expect(value(result, 'roc_auc')).toBe(1);
    expect(result.warnings.map((w) => w.code)).not.toContain('model_positive_class');
    // the other class when asked
    const other = await auditModel(data, 'rev2.onnx', M.reversedClasses(), { modelPositive: '0' });
    expect(value(other, 'accuracy')).toBe(0);
  });

  it('names the model, not a hidden column, when its score is NaN', async () => {
    const nan = csv('nan.csv', 'x,y,g\n1,1,a\n,0,b\n2,1,a\n');
    const error = await auditModel(nan, 'sig.onnx', M.sigmoidOnly()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as Error).message).toMatch(
      /NaN in the model's score \(row 2\) \(a missing or NaN value in one of its inputs\?\)$/,
    );
    expect((error as Error).message).not.toContain('__score');
  });

  it('reports a file without rows as such, not as columns the model cannot read', async () => {
    const empty = csv('empty.csv', 'x,y,g\n');
    await expect(auditModel(empty, 'e.onnx', M.sigmoidOnly())).rejects.toThrow(
      `no rows to audit in ${empty}`,
    );
  });

  it("feeds a CSV column of true / false to a model's bool input", async () => {
    const bools = csv('bools.csv', 'a,b,c,y,g\n1,0.5,true,2.5,x\n2,1.5,false,3.5,y\n');
    const result = await auditModel(bools, 'mixed.onnx', M.mixedTypes(), { task: 'regression' });
    // a + b + c: 2.5 and 3.5, predicted exactly
    expect(value(result, 'mean_absolute_error')).toBe(0);
  });

  it('feeds text naming booleans (yes / no) to a bool input, and refuses other words naming the row', async () => {
    const words = csv('words.csv', 'a,b,c,y,g\n1,0.5,yes,2.5,x\n2,1.5,no,3.5,y\n');
    const result = await auditModel(words, 'mixed2.onnx', M.mixedTypes(), { task: 'regression' });
    expect(value(result, 'mean_absolute_error')).toBe(0);
    const other = csv('other.csv', 'a,b,c,y,g\n1,0.5,yes,2.5,x\n2,1.5,maybe,3.5,y\n');
    await expect(auditModel(other, 'mixed3.onnx', M.mixedTypes(), { task: 'regression' })).rejects.toThrow(
      /value "maybe" \(not true\/false, yes\/no, t\/f or 1\/0, row 2\)/,
    );
  });

  it('refuses a model batch size that is not a whole number ≥ 1 by its own name', async () => {
    for (const size of [0, -3, 2.5]) {
      await expect(auditModel(data, 'b.onnx', M.sigmoidOnly(), { modelBatchSize: size })).rejects.toThrow(
        `invalid model batch size: ${size} (expected a whole number ≥ 1)`,
      );
    }
  });
});
