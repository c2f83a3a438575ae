// `assay audit` through the real CLI on every shared model's predictions.csv, against the
// Fairlearn 0.9 / scikit-learn 1.2.1 / AIF360 0.6.1 values in ../shared/oracle (see its README).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/types.js';
import { validateReport } from '../../src/report/index.js';
import { SHARED, close, oracleModels, readOracle } from '../helpers/fixtures.js';
import { assay, tempDir } from '../helpers/cli.js';

describe.each(oracleModels())('assay audit matches the oracle for %s', (id) => {
  const oracle = readOracle(id);
  it('matches every metric, disparity and AIF360 value to 1e-9', () => {
    const out = tempDir();
    const favorable = oracle.provenance.aif360_favorable_labels ?? [oracle.positive_label];
    const args = [
      'audit',
      '--data', resolve(SHARED, 'models', id, 'predictions.csv'),
      '--label', 'y_true', '--prediction', 'y_pred', '--score', 'score',
      ...oracle.provenance.sensitive_features.flatMap((s) => ['--sensitive', s]),
      '--intersect',
      ...oracle.provenance.aif360_groups.flatMap((g) => ['--privileged', `${g.feature}=${g.privileged}`]),
      ...favorable.flatMap((f) => ['--favorable', String(f)]),
      '--out', out, '--quiet',
    ];
    const run = assay(args);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as AuditResult;
    expect(result.rows).toBe(oracle.rows);
    expect(validateReport(result).errors).toEqual([]);
    const problems: string[] = [];
    for (const o of oracle.metrics) {
      const r = result.metrics.find((m) => m.metric === o.metric && m.feature === o.feature && m.group === o.group);
      if (!r) problems.push(`missing ${o.metric}/${o.feature}/${o.group}`);
      else if (!close(r.value, o.value, 1e-9) || r.n !== o.n) problems.push(`${o.metric}/${o.feature}/${o.group}: ${r.value} ≠ ${o.value}`);
    }
    for (const o of oracle.disparities) {
      const r = result.disparities.find((m) => m.metric === o.metric && m.feature === o.feature && m.method === o.method);
      if (!r) problems.push(`missing ${o.metric}/${o.feature}/${o.method}`);
      else if (!close(r.value, o.value, 1e-9)) problems.push(`${o.metric}/${o.feature}/${o.method}: ${r.value} ≠ ${o.value}`);
    }
    for (const o of oracle.aif360) {
      const r = result.aif360.find(
        (m) => m.metric === o.metric && m.feature === o.feature && m.privileged === o.privileged && m.favorable_label === o.favorable_label,
      );
      if (!r) problems.push(`missing aif360 ${o.metric}/${o.feature}/favourable ${o.favorable_label}`);
      else if (!close(r.value, o.value, 1e-9)) problems.push(`aif360 ${o.metric}/${o.feature}: ${r.value} ≠ ${o.value}`);
    }
    expect(problems).toEqual([]);
    expect(oracle.metrics.length).toBeGreaterThan(50);
    expect(oracle.aif360.length).toBeGreaterThan(0);
  });
});
