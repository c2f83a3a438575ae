// A model audit of a file reads just the columns the model and the audit use: the report is
// that of the same rows without the other columns, and it describes no column it did not read.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditState, finishAudit } from '../../src/api/audit.js';
import { sharedRoot } from './helpers.js';

const model = path.join(sharedRoot, 'models/adult-logreg/model.onnx');

/** The shared Adult predictions, with extra columns before and after, and without them. */
function tables(): { wide: string; narrow: string } {
  const lines = readFileSync(path.join(sharedRoot, 'models/adult-logreg/predictions.csv'), 'utf8').trim().split('\n').slice(0, 3001);
  const dir = mkdtempSync(path.join(tmpdir(), 'assay-columns-'));
  const wide = path.join(dir, 'wide.csv');
  const narrow = path.join(dir, 'narrow.csv');
  writeFileSync(wide, lines.map((l, i) => (i === 0 ? `note,${l},extra` : `"free text, row ${i}",${l},${i % 7 === 0 ? '' : i * 0.5}`)).join('\n') + '\n');
  writeFileSync(narrow, lines.join('\n') + '\n');
  return { wide, narrow };
}

describe('model audits of a file', () => {
  it('read only the model inputs and the audit columns, with the same result as without the other columns', async () => {
    const { wide, narrow } = tables();
    const run = async (data: string) => {
      const result = finishAudit(await auditState({ data, model, label: 'y_true', sensitive: ['sex', 'race'], hashData: false }));
      return { metrics: result.metrics, disparities: result.disparities, missing: result.data.missing.map((m) => m.column) };
    };
    const w = await run(wide);
    const n = await run(narrow);
    expect(w.missing).not.toContain('note');
    expect(w.missing).not.toContain('extra');
    expect(w.missing).not.toContain('score'); // the log's own score column: the model gives its own
    expect(w.metrics).toEqual(n.metrics);
    expect(w.disparities).toEqual(n.disparities);
    expect(w.missing).toEqual(n.missing.filter((c) => c !== 'y_pred' && c !== 'score'));
  });
});
