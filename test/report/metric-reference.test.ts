import { describe, expect, it } from 'vitest';
import { BASE_METRICS, THRESHOLD_MEASURES } from '../../src/obligations/measures.js';
import { readFileSync } from 'node:fs';
import { metricReference, parseMetricReference } from '../../src/report/metric-reference.js';
import { adultOracle } from './fixtures.js';

describe('metric reference (metrics/*.md)', () => {
  const ref = metricReference();

  it('parses every file, with English and Korean text, a formula and a range', () => {
    expect(ref.size).toBeGreaterThan(30);
    for (const m of ref.values()) {
      expect(m.title.en.length, m.name).toBeGreaterThan(2);
      expect(m.definition.ko, m.name).toMatch(/[\uac00-\ud7a3]/);
      expect(m.formula.length, m.name).toBeGreaterThan(3);
      expect(m.range.length, m.name).toBeGreaterThan(0);
      expect(m.file).toBe(`metrics/${m.name}.md`);
    }
  });

  it('documents every metric the oracle and the engine report, and every named check', () => {
    const o = adultOracle();
    const names = new Set([
      ...o.metrics.map((m) => m.metric),
      ...o.disparities.map((d) => d.metric),
      ...o.aif360.map((a) => a.metric),
      ...Object.keys(BASE_METRICS),
    ]);
    for (const m of THRESHOLD_MEASURES)
      if (m.compare !== 'value' && !/_(by_group|difference|ratio)$/.test(m.name)) names.add(m.name);
    for (const n of [
      'demographic_parity_difference',
      'equalized_odds_ratio',
      'equal_opportunity_ratio',
      'impact_ratio',
      'ece',
      'missing_rate',
    ])
      names.add(n);
    const missing = [...names].filter(
      (n) => !ref.has(n) && !n.startsWith('robustness_') && n !== 'counterfactual_flip_rate',
    );
    expect(missing).toEqual([]);
  });
});

describe('the built metric reference (dist/metric-reference.json)', () => {
  it('is the parse of metrics/*.md (npm run build writes it)', () => {
    const built = JSON.parse(readFileSync(new URL('../../dist/metric-reference.json', import.meta.url), 'utf8')) as unknown;
    expect(built).toEqual(parseMetricReference());
  });
});
