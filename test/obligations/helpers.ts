import type { AuditResult, MetricRecord } from '../../src/audit/types.js';

/** One group of a hand-built result: its size and metric values. */
export interface GroupSpec {
  feature: string;
  group: string;
  n: number;
  values: Record<string, number | null>;
  insufficient?: boolean;
}

/** A small, valid AuditResult whose per-group records are exactly `groups` (checkable by hand). */
export function tinyResult(
  groups: GroupSpec[],
  overall: Record<string, number> = {},
  extra: Partial<AuditResult> = {},
): AuditResult {
  const rows = groups.filter((g) => g.feature === groups[0]?.feature).reduce((s, g) => s + g.n, 0) || 100;
  const metrics: MetricRecord[] = Object.entries(overall).map(([metric, value]) => ({
    metric,
    feature: null,
    group: null,
    value,
    n: rows,
  }));
  for (const g of groups) {
    for (const [metric, value] of Object.entries(g.values)) {
      const r: MetricRecord = { metric, feature: g.feature, group: g.group, value, n: g.n };
      if (g.insufficient) r.insufficient = true;
      metrics.push(r);
    }
  }
  const features = [...new Set(groups.map((g) => g.feature))];
  return {
    schemaVersion: '1.0.0',
    createdAt: '2026-03-01T00:00:00Z',
    task: 'classification',
    rows,
    settings: {
      task: 'classification',
      label: 'y',
      prediction: 'yhat',
      score: null,
      weight: null,
      positive: '1',
      threshold: null,
      sensitive: features.filter((f) => !f.includes(' & ')),
      intersect: features.some((f) => f.includes(' & ')),
      privileged: [],
      calibrationBins: 10,
      aucBudget: 1000,
      confidenceLevel: 0.95,
      interval: 'wilson',
      bootstrap: 0,
      multipleComparison: 'holm',
      minGroupSize: 30,
      minGroupShare: null,
      seed: 0,
    },
    metrics,
    disparities: [],
    aif360: [],
    calibration: [],
    roc: [],
    data: {
      rows,
      groups: features.map((feature) => ({
        feature,
        groups: groups
          .filter((g) => g.feature === feature)
          .map((g) => ({ group: g.group, n: g.n, weight: g.n, baseRate: null, share: g.n / rows })),
      })),
      missing: [],
      smallGroups: [],
      minGroupSize: 30,
    },
    warnings: [],
    methods: {},
    provenance: { tool: 'assay', version: '0.1.0', command: null, inputs: [], seed: 0, node: 'v20' },
    ...extra,
  };
}
