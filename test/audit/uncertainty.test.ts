import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/api/audit.js';
import { SHARED, asAsync, inBatches, simpleCsvTable } from '../helpers/fixtures.js';
import { syntheticLog } from '../helpers/synthetic.js';

const adult = simpleCsvTable(resolve(SHARED, 'models/adult-logreg/predictions.csv'));
const base = { label: 'y_true', prediction: 'y_pred', score: 'score', sensitive: ['sex', 'race'], intersect: true };

describe('uncertainty in the audit', () => {
  it('gives every rate an interval around its value, and AUC a DeLong interval', async () => {
    const r = await audit({ ...base, data: asAsync(adult.batches) });
    for (const m of r.metrics.filter((x) => ['accuracy', 'selection_rate', 'true_positive_rate', 'roc_auc'].includes(x.metric))) {
      if (m.value === null) continue;
      expect(m.ci, `${m.metric} ${m.group}`).toBeTruthy();
      expect(m.ci![0]).toBeLessThanOrEqual(m.value + 1e-12);
      expect(m.ci![1]).toBeGreaterThanOrEqual(m.value - 1e-12);
    }
    // Wilson at the overall accuracy: 13889/16281 (hand check with z = 1.959964)
    const acc = r.metrics.find((m) => m.metric === 'accuracy' && m.feature === null)!;
    const p = acc.value!;
    const n = 16281;
    const z = 1.959963984540054;
    const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
    expect(acc.ci![0]).toBeCloseTo(centre - half, 10);
    expect(acc.ci![1]).toBeCloseTo(centre + half, 10);
  });

  it('tests each disparity between groups and controls for multiple comparisons', async () => {
    const r = await audit({ ...base, data: asAsync(adult.batches), minGroupSize: 100 });
    const dp = r.disparities.find((d) => d.metric === 'demographic_parity_difference' && d.feature === 'sex' && d.method === 'between_groups')!;
    expect(dp.p_value).toBeLessThan(1e-50);
    expect(dp.test).toBe('two_proportion_z');
    expect(dp.p_adjusted).toBeGreaterThanOrEqual(dp.p_value!);
    expect(dp.significant).toBe(true);
    expect(dp.ci![0]).toBeLessThanOrEqual(dp.value!);
    expect(dp.ci![1]).toBeGreaterThanOrEqual(dp.value!);
    // small intersection groups are excluded from value_sufficient
    const inter = r.disparities.find((d) => d.metric === 'demographic_parity_difference' && d.feature === 'sex & race' && d.method === 'between_groups')!;
    expect(inter.excluded_groups!.length).toBeGreaterThan(0);
    expect(r.methods.significance).toMatch(/Holm/);
  });

  it('applies the 2% rule as a minimum group share', async () => {
    const r = await audit({ ...base, data: asAsync(adult.batches), minGroupSize: 0, minGroupShare: 0.02 });
    const small = r.data.smallGroups.filter((g) => g.feature === 'race').map((g) => g.group);
    expect(small).toEqual(expect.arrayContaining(['Amer-Indian-Eskimo', 'Other']));
    expect(small).not.toContain('White');
  });
});

describe('the Poisson bootstrap in the audit', () => {
  const table = syntheticLog(500, 11);
  const opts = { label: 'y_true', prediction: 'y_pred', score: 'score', sensitive: ['sex', 'race'], bootstrap: 50, seed: 3 };
  const cis = (r: Awaited<ReturnType<typeof audit>>) =>
    JSON.stringify([
      r.metrics.filter((m) => m.metric === 'f1' || m.metric === 'balanced_accuracy').map((m) => m.ci),
      r.disparities.filter((d) => d.metric === 'equalized_odds_difference').map((d) => d.ci),
    ]);

  it('is deterministic for a seed and the same for any batch size', async () => {
    const a = await audit({ ...opts, data: asAsync(inBatches(table, 0)) });
    const b = await audit({ ...opts, data: asAsync(inBatches(table, 7)) });
    const c = await audit({ ...opts, data: asAsync(inBatches(table, 1)) });
    expect(cis(a)).toBe(cis(b));
    expect(cis(a)).toBe(cis(c));
    expect(a.metrics.find((m) => m.metric === 'f1' && m.group === null)!.ci).toBeTruthy();
  });

  it('changes with the seed', async () => {
    const a = await audit({ ...opts, data: asAsync(table.batches) });
    const b = await audit({ ...opts, seed: 4, data: asAsync(table.batches) });
    expect(cis(a)).not.toBe(cis(b));
  });
});
