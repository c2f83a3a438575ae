// Engine against the Fairlearn / scikit-learn / AIF360 oracle in ../shared/oracle
// (values computed by the lab scripts with fairlearn 0.9.0, scikit-learn 1.2.1, aif360 0.6.1).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/api/audit.js';
import { SHARED, asAsync, close, inBatches, oracleModels, readOracle, simpleCsvTable } from '../helpers/fixtures.js';

describe.each(oracleModels())('engine matches the oracle for %s', (id) => {
  const oracle = readOracle(id);
  const table = simpleCsvTable(resolve(SHARED, 'models', id, 'predictions.csv'));

  it('matches every metric, disparity and AIF360 value to 1e-9', async () => {
    const favorable = (oracle.provenance.aif360_favorable_labels ?? [oracle.positive_label]).map(String);
    const result = await audit({
      data: asAsync(inBatches(table, 1000)),
      label: 'y_true',
      prediction: 'y_pred',
      score: 'score',
      sensitive: oracle.provenance.sensitive_features,
      intersect: true,
      privileged: oracle.provenance.aif360_groups.map((g) => ({ feature: g.feature, value: g.privileged })),
      favorable,
    });
    const missing: string[] = [];
    const wrong: string[] = [];
    for (const o of oracle.metrics) {
      const r = result.metrics.find((m) => m.metric === o.metric && m.feature === o.feature && m.group === o.group);
      if (!r) missing.push(`${o.metric}/${o.feature}/${o.group}`);
      else if (!close(r.value, o.value, 1e-9) || r.n !== o.n) wrong.push(`${o.metric}/${o.feature}/${o.group}: ${r.value} vs ${o.value}`);
    }
    for (const o of oracle.disparities) {
      const r = result.disparities.find((m) => m.metric === o.metric && m.feature === o.feature && m.method === o.method);
      if (!r) missing.push(`${o.metric}/${o.feature}/${o.method}`);
      else if (!close(r.value, o.value, 1e-9)) wrong.push(`${o.metric}/${o.feature}/${o.method}: ${r.value} vs ${o.value}`);
    }
    for (const o of oracle.aif360) {
      const r = result.aif360.find(
        (m) => m.metric === o.metric && m.feature === o.feature && m.privileged === o.privileged && m.favorable_label === o.favorable_label,
      );
      if (!r) missing.push(`aif360 ${o.metric}/${o.feature}/${o.favorable_label}`);
      else if (!close(r.value, o.value, 1e-9)) wrong.push(`aif360 ${o.metric}/${o.feature}/${o.favorable_label}: ${r.value} vs ${o.value}`);
    }
    expect(missing).toEqual([]);
    expect(wrong).toEqual([]);
    expect(oracle.metrics.length + oracle.disparities.length + oracle.aif360.length).toBeGreaterThan(100);
  });
});
