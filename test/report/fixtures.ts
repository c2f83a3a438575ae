// Hand-built AuditResult fixtures until the engine lands. The Adult fixture takes its metric,
// disparity and AIF360 records verbatim from ../shared/oracle/adult-logreg.json (Fairlearn 0.9 /
// AIF360 0.6.1 values) and derives the rest (intervals, ROC, calibration, scoring rates, data
// section) from ../shared/models/adult-logreg/predictions.csv with plain formulas below.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  Aif360Record,
  AuditResult,
  CalibrationRecord,
  DisparityRecord,
  MetricRecord,
  RocRecord,
} from '../../src/audit/types.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedRoot = path.resolve(repoRoot, '../shared');
export const CREATED_AT = '2026-03-01T09:00:00.000Z';

interface Row {
  sex: string;
  race: string;
  y: number;
  yhat: number;
  score: number;
  workclass: string;
  occupation: string;
}

let rowsCache: Row[] | null = null;

export function adultRows(): Row[] {
  if (rowsCache) return rowsCache;
  const text = readFileSync(path.join(sharedRoot, 'models/adult-logreg/predictions.csv'), 'utf8');
  const lines = text.trim().split('\n');
  const head = lines[0].split(',');
  const col = (n: string) => head.indexOf(n);
  const [sex, race, y, yhat, score, wc, occ] = [
    'sex',
    'race',
    'y_true',
    'y_pred',
    'score',
    'workclass',
    'occupation',
  ].map(col);
  rowsCache = lines.slice(1).map((l) => {
    const f = l.split(',');
    return {
      sex: f[sex],
      race: f[race],
      y: +f[y],
      yhat: +f[yhat],
      score: +f[score],
      workclass: f[wc],
      occupation: f[occ],
    };
  });
  return rowsCache;
}

/** Wilson score interval at 95% for k successes of n. */
export function wilson(k: number, n: number): [number, number] | null {
  if (n === 0) return null;
  const z = 1.959963984540054;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

function erfc(x: number): number {
  // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), enough for a fixture's p-value.
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
    Math.exp(-x * x);
  return x >= 0 ? y : 2 - y;
}

type Key = (r: Row) => string;
const FEATURES: [string, Key][] = [
  ['sex', (r) => r.sex],
  ['race', (r) => r.race],
  ['sex & race', (r) => `${r.sex} & ${r.race}`],
];

function rocOf(rows: Row[]): { fpr: number[]; tpr: number[] } {
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  const P = rows.filter((r) => r.y === 1).length;
  const N = rows.length - P;
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i].y === 1) tp++;
    else fp++;
    if (i === sorted.length - 1 || sorted[i + 1].score !== sorted[i].score) {
      fpr.push(N ? fp / N : 0);
      tpr.push(P ? tp / P : 0);
    }
  }
  // Down-sample to about 40 points, keeping both ends.
  const step = Math.max(1, Math.ceil(fpr.length / 40));
  const idx = fpr.map((_, i) => i).filter((i) => i % step === 0 || i === fpr.length - 1);
  return { fpr: idx.map((i) => fpr[i]), tpr: idx.map((i) => tpr[i]) };
}

function calibrationOf(rows: Row[], bins = 10): CalibrationRecord['bins'] {
  const out: CalibrationRecord['bins'] = [];
  for (let b = 0; b < bins; b++) {
    const lower = b / bins;
    const upper = (b + 1) / bins;
    const inBin = rows.filter(
      (r) => r.score >= lower && (b === bins - 1 ? r.score <= upper : r.score < upper),
    );
    const count = inBin.length;
    out.push({
      lower,
      upper,
      count,
      meanScore: count ? inBin.reduce((s, r) => s + r.score, 0) / count : null,
      observedRate: count ? inBin.filter((r) => r.y === 1).length / count : null,
    });
  }
  return out;
}

function sha256File(p: string): { sha256: string; bytes: number } {
  const buf = readFileSync(p);
  return { sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.length };
}

interface Oracle {
  rows: number;
  metrics: MetricRecord[];
  disparities: DisparityRecord[];
  aif360: Aif360Record[];
}

export function adultOracle(): Oracle {
  return JSON.parse(readFileSync(path.join(sharedRoot, 'oracle/adult-logreg.json'), 'utf8')) as Oracle;
}

/** A realistic Adult audit result (min group size 50: `Female & Other`, n = 46, is too small). */
export function adultResult(options: { minGroupSize?: number } = {}): AuditResult {
  const minGroupSize = options.minGroupSize ?? 50;
  const rows = adultRows();
  const oracle = adultOracle();
  const groupsOf = new Map<string, Map<string, Row[]>>();
  for (const [feature, key] of FEATURES) {
    const m = new Map<string, Row[]>();
    for (const r of rows) {
      const g = key(r);
      const list = m.get(g);
      if (list) list.push(r);
      else m.set(g, [r]);
    }
    groupsOf.set(feature, m);
  }
  const rowsFor = (feature: string | null, group: string | null): Row[] =>
    feature === null ? rows : (groupsOf.get(feature)?.get(group as string) ?? []);
  const median = (() => {
    const s = rows.map((r) => r.score).sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  })();

  const metrics: MetricRecord[] = oracle.metrics.map((m) => {
    const rs = rowsFor(m.feature, m.group);
    const pos = rs.filter((r) => r.y === 1);
    const neg = rs.filter((r) => r.y === 0);
    const k: Record<string, [number, number]> = {
      selection_rate: [rs.filter((r) => r.yhat === 1).length, rs.length],
      accuracy: [rs.filter((r) => r.yhat === r.y).length, rs.length],
      true_positive_rate: [pos.filter((r) => r.yhat === 1).length, pos.length],
      recall: [pos.filter((r) => r.yhat === 1).length, pos.length],
      false_positive_rate: [neg.filter((r) => r.yhat === 1).length, neg.length],
    };
    const rec: MetricRecord = { ...m };
    if (k[m.metric]) rec.ci = wilson(k[m.metric][0], k[m.metric][1]);
    if (m.feature !== null && m.n < minGroupSize) rec.insufficient = true;
    return rec;
  });
  // LL144 scoring rate: share of each group with a score strictly above the full-sample median.
  metrics.push({ metric: 'score_median', feature: null, group: null, value: median, n: rows.length });
  metrics.push({
    metric: 'scoring_rate',
    feature: null,
    group: null,
    value: rows.filter((r) => r.score > median).length / rows.length,
    n: rows.length,
  });
  for (const [feature] of FEATURES) {
    for (const [group, rs] of groupsOf.get(feature) ?? []) {
      const rec: MetricRecord = {
        metric: 'scoring_rate',
        feature,
        group,
        value: rs.filter((r) => r.score > median).length / rs.length,
        n: rs.length,
      };
      if (rs.length < minGroupSize) rec.insufficient = true;
      metrics.push(rec);
    }
  }

  const disparities: DisparityRecord[] = oracle.disparities.map((d) => {
    const rec: DisparityRecord = {
      ...d,
      base: d.metric.startsWith('demographic') ? 'selection_rate' : 'true_positive_rate',
    };
    if (d.feature === 'sex' && d.metric.startsWith('demographic_parity') && d.method === 'between_groups') {
      // Two-proportion z-test of the selection rates of Female and Male.
      const f = rowsFor('sex', 'Female');
      const m = rowsFor('sex', 'Male');
      const k1 = f.filter((r) => r.yhat === 1).length;
      const k2 = m.filter((r) => r.yhat === 1).length;
      const p = (k1 + k2) / (f.length + m.length);
      const z = (k1 / f.length - k2 / m.length) / Math.sqrt(p * (1 - p) * (1 / f.length + 1 / m.length));
      rec.p_value = erfc(Math.abs(z) / Math.SQRT2);
      rec.test = 'two_proportion_z';
      rec.p_adjusted = Math.min(1, rec.p_value * 6);
      rec.significant = rec.p_adjusted < 0.05;
      rec.min_group = 'Female';
      rec.max_group = 'Male';
    }
    return rec;
  });

  const roc: RocRecord[] = [{ feature: null, group: null, ...rocOf(rows) }];
  const calibration: CalibrationRecord[] = [{ feature: null, group: null, bins: calibrationOf(rows) }];
  for (const feature of ['sex', 'race']) {
    for (const [group, rs] of groupsOf.get(feature) ?? []) {
      roc.push({ feature, group, ...rocOf(rs) });
      calibration.push({ feature, group, bins: calibrationOf(rs) });
    }
  }

  const groups = FEATURES.map(([feature]) => ({
    feature,
    groups: [...(groupsOf.get(feature) ?? [])]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([group, rs]) => ({
        group,
        n: rs.length,
        weight: rs.length,
        baseRate: rs.filter((r) => r.y === 1).length / rs.length,
        share: rs.length / rows.length,
      })),
  }));
  const missing: AuditResult['data']['missing'] = [];
  for (const column of ['workclass', 'occupation'] as const) {
    missing.push({
      column,
      feature: null,
      group: null,
      missing: rows.filter((r) => r[column] === '?').length,
      n: rows.length,
    });
    for (const [group, rs] of groupsOf.get('sex') ?? []) {
      missing.push({
        column,
        feature: 'sex',
        group,
        missing: rs.filter((r) => r[column] === '?').length,
        n: rs.length,
      });
    }
  }
  const smallGroups = groups.flatMap((g) =>
    g.groups.filter((x) => x.n < minGroupSize).map((x) => ({ feature: g.feature, group: x.group, n: x.n })),
  );
  const csv = sha256File(path.join(sharedRoot, 'models/adult-logreg/predictions.csv'));
  const onnx = sha256File(path.join(sharedRoot, 'models/adult-logreg/model.onnx'));

  return {
    schemaVersion: '1.0.0',
    createdAt: CREATED_AT,
    task: 'classification',
    rows: rows.length,
    settings: {
      task: 'classification',
      label: 'y_true',
      prediction: 'y_pred',
      score: 'score',
      weight: null,
      positive: '1',
      threshold: 0.5,
      sensitive: ['sex', 'race'],
      intersect: true,
      privileged: [
        { feature: 'sex', value: 'Male' },
        { feature: 'race', value: 'White' },
      ],
      calibrationBins: 10,
      aucBudget: 100000,
      confidenceLevel: 0.95,
      interval: 'wilson',
      bootstrap: 0,
      multipleComparison: 'holm',
      minGroupSize,
      minGroupShare: null,
      seed: 0,
    },
    metrics,
    disparities,
    aif360: oracle.aif360,
    calibration,
    roc,
    data: { rows: rows.length, groups, missing, smallGroups, minGroupSize },
    warnings: smallGroups.map((g) => ({
      code: 'small_group',
      message: `group ${g.group} of ${g.feature} has ${g.n} rows (under ${minGroupSize}): not judged`,
      feature: g.feature,
      group: g.group,
    })),
    methods: {
      roc_auc: 'exact',
      ci: 'wilson (fixture)',
      scoring_rate: 'share above the exact full-sample median',
    },
    provenance: {
      tool: 'assay',
      version: '0.1.0',
      command:
        'assay audit --data ../shared/models/adult-logreg/predictions.csv --model ../shared/models/adult-logreg/model.onnx --sensitive sex,race --intersect',
      inputs: [
        { role: 'data', path: '../shared/models/adult-logreg/predictions.csv', ...csv },
        { role: 'model', path: '../shared/models/adult-logreg/model.onnx', ...onnx },
      ],
      seed: 0,
      node: 'v20.20.2',
    },
  };
}

/** Replaces the selection rates of one feature's groups (to move impact ratios). */
export function withSelectionRates(
  result: AuditResult,
  feature: string,
  rates: Record<string, number>,
): AuditResult {
  const copy = structuredClone(result);
  for (const m of copy.metrics) {
    if (
      m.metric === 'selection_rate' &&
      m.feature === feature &&
      m.group !== null &&
      rates[m.group] !== undefined
    ) {
      m.value = rates[m.group];
      m.ci = null;
    }
  }
  return copy;
}

export const XSS = {
  img: '<img src=x onerror=alert(1)>',
  script: '</script><script>alert(2)</script>',
  quote: '"\'><svg onload=alert(3)>',
  amp: 'Tom &amp; Jerry & co',
};

/** A small classification result whose group, feature, column and path names carry HTML/script payloads. */
export function hostileResult(): AuditResult {
  const feature = `gender${XSS.quote}`;
  const groups = [XSS.img, XSS.script, XSS.amp, 'Plain'];
  const metrics: MetricRecord[] = [
    { metric: 'accuracy', feature: null, group: null, value: 0.8, n: 400 },
    { metric: 'selection_rate', feature: null, group: null, value: 0.3, n: 400 },
  ];
  groups.forEach((g, i) => {
    metrics.push({
      metric: 'selection_rate',
      feature,
      group: g,
      value: 0.1 + 0.1 * i,
      n: 100,
      ci: [0.05 + 0.1 * i, 0.15 + 0.1 * i],
    });
    metrics.push({ metric: 'accuracy', feature, group: g, value: 0.7 + 0.05 * i, n: 100 });
    metrics.push({ metric: 'true_positive_rate', feature, group: g, value: 0.6 + 0.05 * i, n: 100 });
    metrics.push({ metric: 'false_positive_rate', feature, group: g, value: 0.1 + 0.02 * i, n: 100 });
  });
  return {
    schemaVersion: '1.0.0',
    createdAt: CREATED_AT,
    task: 'classification',
    rows: 400,
    settings: {
      task: 'classification',
      label: `label${XSS.img}`,
      prediction: 'pred',
      score: 'score',
      weight: null,
      positive: XSS.amp,
      threshold: 0.5,
      sensitive: [feature],
      intersect: false,
      privileged: [{ feature, value: XSS.script }],
      calibrationBins: 10,
      aucBudget: 1000,
      confidenceLevel: 0.95,
      interval: 'clopper-pearson',
      bootstrap: 200,
      multipleComparison: 'benjamini-hochberg',
      minGroupSize: 30,
      minGroupShare: 0.02,
      seed: 7,
    },
    metrics,
    disparities: [
      {
        metric: 'demographic_parity_ratio',
        feature,
        method: 'between_groups',
        value: 0.25,
        min_group: XSS.img,
        max_group: 'Plain',
        p_value: 0.001,
        significant: true,
      },
      {
        metric: 'demographic_parity_difference',
        feature,
        method: 'between_groups',
        value: 0.3,
        min_group: XSS.img,
        max_group: 'Plain',
      },
    ],
    aif360: [
      {
        metric: 'disparate_impact',
        feature,
        privileged: XSS.script,
        unprivileged: 'others',
        value: 0.4,
        favorable_label: XSS.img,
      },
    ],
    calibration: [
      {
        feature: null,
        group: null,
        bins: [
          { lower: 0, upper: 0.5, count: 200, meanScore: 0.2, observedRate: 0.25 },
          { lower: 0.5, upper: 1, count: 200, meanScore: 0.7, observedRate: 0.6 },
        ],
      },
      {
        feature,
        group: XSS.img,
        bins: [{ lower: 0, upper: 1, count: 100, meanScore: 0.4, observedRate: 0.3 }],
      },
    ],
    roc: [
      { feature: null, group: null, fpr: [0, 0.2, 1], tpr: [0, 0.7, 1] },
      { feature, group: XSS.script, fpr: [0, 0.3, 1], tpr: [0, 0.6, 1] },
    ],
    data: {
      rows: 400,
      groups: [
        {
          feature,
          groups: groups.map((g) => ({ group: g, n: 100, weight: 100, baseRate: 0.3, share: 0.25 })),
        },
      ],
      missing: [{ column: `income${XSS.img}`, feature, group: XSS.script, missing: 3, n: 100 }],
      smallGroups: [],
      minGroupSize: 30,
    },
    warnings: [{ code: 'note', message: `column ${XSS.script} has odd values`, feature, group: XSS.img }],
    methods: { [`roc${XSS.img}`]: XSS.script },
    provenance: {
      tool: 'assay',
      version: '0.1.0',
      command: `assay audit --data "${XSS.script}.csv"`,
      inputs: [{ role: 'data', path: `/tmp/${XSS.img}/data.csv`, sha256: 'a'.repeat(64), bytes: 1234 }],
      seed: 7,
      node: 'v20.20.2',
    },
    robustness: {
      perturbations: [{ name: XSS.img, accuracy_drop: 0.02, note: XSS.script }],
      summary: { worst: XSS.amp },
    },
  };
}

/** A result with `groups` groups in one feature and their intersection with a 3-valued one (size test). */
export function manyGroupsResult(groups: number): AuditResult {
  const base = hostileResult();
  const metrics: MetricRecord[] = [
    { metric: 'accuracy', feature: null, group: null, value: 0.8, n: groups * 50 },
    { metric: 'selection_rate', feature: null, group: null, value: 0.3, n: groups * 50 },
  ];
  const names = [
    'accuracy',
    'balanced_accuracy',
    'precision',
    'recall',
    'true_positive_rate',
    'false_positive_rate',
    'selection_rate',
    'f1',
    'roc_auc',
    'brier_score',
  ];
  const roc: RocRecord[] = [];
  const calibration: CalibrationRecord[] = [];
  for (let i = 0; i < groups; i++) {
    const g = `zip-${String(i).padStart(5, '0')}`;
    for (const [k, name] of names.entries()) {
      metrics.push({
        metric: name,
        feature: 'zip',
        group: g,
        value: ((i * 7 + k * 13) % 100) / 100,
        n: 10 + (i % 90),
        ci: [0, 1],
      });
    }
    for (const t of ['a', 'b', 'c'])
      metrics.push({
        metric: 'selection_rate',
        feature: 'zip & tier',
        group: `${g} & ${t}`,
        value: (i % 10) / 10,
        n: 5 + (i % 20),
      });
    roc.push({
      feature: 'zip',
      group: g,
      fpr: Array.from({ length: 101 }, (_, j) => j / 100),
      tpr: Array.from({ length: 101 }, (_, j) => Math.sqrt(j / 100)),
    });
    calibration.push({
      feature: 'zip',
      group: g,
      bins: Array.from({ length: 10 }, (_, j) => ({
        lower: j / 10,
        upper: (j + 1) / 10,
        count: 5,
        meanScore: j / 10 + 0.05,
        observedRate: j / 10,
      })),
    });
  }
  return {
    ...base,
    rows: groups * 50,
    settings: {
      ...base.settings,
      sensitive: ['zip', 'tier'],
      intersect: true,
      minGroupSize: 30,
      label: 'y',
      positive: '1',
    },
    metrics,
    disparities: Array.from({ length: 2000 }, (_, i) => ({
      metric: 'demographic_parity_difference',
      feature: `f${i}`,
      method: 'between_groups' as const,
      value: 0.1,
    })),
    aif360: [],
    roc,
    calibration,
    data: {
      rows: groups * 50,
      groups: [
        {
          feature: 'zip',
          groups: Array.from({ length: groups }, (_, i) => ({
            group: `zip-${i}`,
            n: 50,
            weight: 50,
            baseRate: 0.3,
            share: 1 / groups,
          })),
        },
      ],
      missing: Array.from({ length: groups }, (_, i) => ({
        column: 'income',
        feature: 'zip',
        group: `zip-${i}`,
        missing: 1,
        n: 50,
      })),
      smallGroups: Array.from({ length: groups }, (_, i) => ({ feature: 'zip', group: `zip-${i}`, n: 10 })),
      minGroupSize: 30,
    },
    warnings: Array.from({ length: groups }, (_, i) => ({
      code: 'small_group',
      message: `group zip-${i} is small`,
    })),
    robustness: { rows: Array.from({ length: groups }, (_, i) => ({ perturbation: `p${i}`, drop: 0.01 })) },
  };
}

/** A regression result with no sensitive features and no curves. */
export function regressionResult(): AuditResult {
  const base = hostileResult();
  return {
    ...base,
    task: 'regression',
    rows: 120,
    settings: {
      ...base.settings,
      task: 'regression',
      label: 'price',
      prediction: 'yhat',
      score: null,
      positive: null,
      threshold: null,
      sensitive: [],
      privileged: [],
    },
    metrics: [
      { metric: 'mean_absolute_error', feature: null, group: null, value: 3.25, n: 120 },
      { metric: 'r2_score', feature: null, group: null, value: 0.71, n: 120 },
    ],
    disparities: [],
    aif360: [],
    calibration: [],
    roc: [],
    data: { rows: 120, groups: [], missing: [], smallGroups: [], minGroupSize: 30 },
    warnings: [],
    methods: {},
    provenance: { ...base.provenance, command: null, inputs: [] },
    robustness: undefined,
  };
}
