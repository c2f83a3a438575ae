import { resolve } from 'node:path';
import { it, expect } from 'vitest';
import { AuditEngine } from '../../src/audit/engine.js';
import { finalize } from '../../src/audit/finalize.js';
import { SHARED, close, inBatches, oracleModels, readOracle, simpleCsvTable } from '../helpers/fixtures.js';

it.each(oracleModels())('scratch %s', (id) => {
  const oracle = readOracle(id);
  const table = simpleCsvTable(resolve(SHARED, 'models', id, 'predictions.csv'));
  const settings = { task: 'classification' as const, label: 'y_true', prediction: 'y_pred', score: 'score', weight: null, positive: null, threshold: null,
    sensitive: oracle.provenance.sensitive_features, intersect: true,
    privileged: oracle.provenance.aif360_groups.map((g) => ({ feature: g.feature, value: g.privileged })),
    calibrationBins: 10, aucBudget: 1 << 24, confidenceLevel: 0.95, minGroupSize: 30, seed: 0 };
  const engine = new AuditEngine(settings);
  for (const b of inBatches(table, 1000)) engine.add(b);
  const favorable = (oracle.provenance.aif360_favorable_labels ?? [oracle.positive_label]).map(String);
  const result = finalize(engine, { settings, favorable, entropyAlpha: 2 });
  const wrong: string[] = [];
  for (const o of oracle.metrics) {
    const r = result.metrics.find((m) => m.metric === o.metric && m.feature === o.feature && m.group === o.group);
    if (!r || !close(r.value, o.value, 1e-9) || r.n !== o.n) wrong.push(`${o.metric}/${o.feature}/${o.group}: ${r?.value} vs ${o.value}`);
  }
  for (const o of oracle.disparities) {
    const r = result.disparities.find((m) => m.metric === o.metric && m.feature === o.feature && m.method === o.method);
    if (!r || !close(r.value, o.value, 1e-9)) wrong.push(`${o.metric}/${o.feature}/${o.method}: ${r?.value} vs ${o.value}`);
  }
  for (const o of oracle.aif360) {
    const r = result.aif360.find((m) => m.metric === o.metric && m.feature === o.feature && m.privileged === o.privileged && m.favorable_label === o.favorable_label);
    if (!r || !close(r.value, o.value, 1e-9)) wrong.push(`aif360 ${o.metric}/${o.feature}/${o.favorable_label}: ${r?.value} vs ${o.value}`);
  }
  expect(wrong.slice(0, 30)).toEqual([]);
});
