import type { CalibrationRecord, MetricRecord, RocRecord } from '../audit/types.js';
import { barPlot, type BarRow } from './bar-plot.js';
import { curvePlot, type CurveSeries } from './curve-plot.js';
import { dotPlot } from './dot-plot.js';
import { escapeHtml as e } from './escape-html.js';
import { formatInt, formatNumber } from './format.js';
import { CAPS, RenderContext, cap, table, valueCell } from './html-parts.js';

/** Column order of per-group tables; other metrics follow in the engine's order. */
const METRIC_ORDER = [
  'selection_rate',
  'scoring_rate',
  'accuracy',
  'balanced_accuracy',
  'precision',
  'recall',
  'true_positive_rate',
  'false_positive_rate',
  'false_negative_rate',
  'true_negative_rate',
  'f1',
  'roc_auc',
  'log_loss',
  'brier_score',
  'mean_absolute_error',
  'mean_squared_error',
  'root_mean_squared_error',
  'r2_score',
  'mean_prediction',
  'mean_label',
];
const COLUMNS_PER_TABLE = 7;
const CHART_METRICS = [
  'selection_rate',
  'true_positive_rate',
  'false_positive_rate',
  'mean_absolute_error',
  'mean_prediction',
];

function tooSmall(ctx: RenderContext, r: { n: number; insufficient?: boolean }): boolean {
  return r.insufficient === true || r.n < ctx.result.settings.minGroupSize;
}

/** Features in order of first appearance among the per-group records. */
function featuresOf(records: { feature: string | null }[]): string[] {
  const seen: string[] = [];
  for (const r of records) if (r.feature !== null && !seen.includes(r.feature)) seen.push(r.feature);
  return seen;
}

function capFeatures(ctx: RenderContext, features: string[]): { shown: string[]; note: string } {
  if (features.length <= CAPS.features) return { shown: features, note: '' };
  return {
    shown: features.slice(0, CAPS.features),
    note: `<p class="cap">${e(ctx.t.cappedFeatures(CAPS.features, features.length))}</p>`,
  };
}

/** The overall performance section: every whole-data metric with its interval. */
export function renderPerformance(ctx: RenderContext): string {
  const t = ctx.t;
  const overall = ctx.result.metrics.filter((m) => m.feature === null && m.group === null);
  const rows = overall.map((m) => [ctx.metricLink(m.metric), valueCell(m.value, m.ci), formatInt(m.n)]);
  return (
    `<h2 id="performance-h">${e(t.sections.performance)}</h2>` +
    table(e(t.performanceCaption), [t.col.metric, t.col.value, t.col.n].map(e), rows)
  );
}

/** Per-group tables and dot plots for each sensitive feature (and intersection). */
export function renderGroups(ctx: RenderContext): string {
  const t = ctx.t;
  const perGroup = ctx.result.metrics.filter((m) => m.feature !== null && m.group !== null);
  const parts = [`<h2 id="groups-h">${e(t.sections.groups)}</h2>`];
  if (perGroup.length === 0) return parts[0] + `<p>${e(t.noGroups)}</p>`;
  const overall = new Map(
    ctx.result.metrics.filter((m) => m.feature === null && m.group === null).map((m) => [m.metric, m.value]),
  );
  const { shown: features, note: featureNote } = capFeatures(ctx, featuresOf(perGroup));
  parts.push(`<p class="small">${e(t.hollowInsufficient)}</p>`);
  for (const feature of features) {
    const records = perGroup.filter((m) => m.feature === feature);
    const groups: { group: string; n: number; insufficient: boolean; values: Map<string, MetricRecord> }[] =
      [];
    const byGroup = new Map<string, (typeof groups)[number]>();
    for (const r of records) {
      let g = byGroup.get(r.group as string);
      if (!g) {
        g = { group: r.group as string, n: r.n, insufficient: false, values: new Map() };
        groups.push(g);
        byGroup.set(g.group, g);
      }
      g.values.set(r.metric, r);
      g.insufficient ||= tooSmall(ctx, r);
    }
    // `recall` repeats `true_positive_rate`; `count` repeats n.
    const present = [...new Set(records.map((r) => r.metric))].filter(
      (m) => m !== 'count' && !(m === 'recall' && records.some((r) => r.metric === 'true_positive_rate')),
    );
    const columns = [
      ...METRIC_ORDER.filter((m) => present.includes(m)),
      ...present.filter((m) => !METRIC_ORDER.includes(m)),
    ];
    const ordered = groups.length > CAPS.groupRows ? [...groups].sort((a, b) => b.n - a.n) : groups;
    const { shown, note } = cap(ctx, ordered, CAPS.groupRows);
    parts.push(`<h3>${e(feature)}</h3>`);
    // Wide tables are split so that each fits a printed page.
    const chunks = Math.max(1, Math.ceil(columns.length / COLUMNS_PER_TABLE));
    for (let c = 0; c < chunks; c++) {
      const cols = columns.slice(c * COLUMNS_PER_TABLE, (c + 1) * COLUMNS_PER_TABLE);
      const rows = shown.map((g) => [
        e(g.group) + (g.insufficient ? ` <span class="small">(${e(t.judgement.insufficient)})</span>` : ''),
        formatInt(g.n),
        ...cols.map((m) => {
          const r = g.values.get(m);
          return r ? valueCell(r.value, r.ci) : '—';
        }),
      ]);
      const caption = t.groupsCaption(feature) + (chunks > 1 ? ` (${c + 1}/${chunks})` : '');
      parts.push(
        table(
          e(caption),
          [e(t.col.group), e(t.col.n), ...cols.map((m) => ctx.metricLink(m))],
          rows,
          'groups',
        ),
      );
    }
    parts.push(note);
    const charts: string[] = [];
    for (const metric of CHART_METRICS.filter((m) => present.includes(m))) {
      const chartGroups = (
        groups.length > CAPS.chartRows ? [...groups].sort((a, b) => b.n - a.n) : groups
      ).slice(0, CAPS.chartRows);
      const rowsData = chartGroups.map((g) => {
        const r = g.values.get(metric);
        return { label: g.group, value: r?.value ?? null, ci: r?.ci ?? null, insufficient: g.insufficient };
      });
      const title = ctx.metricTitle(metric);
      charts.push(
        `<figure>${dotPlot({
          id: ctx.nextId(),
          title: t.chartTitle(title, feature),
          desc: t.chartDesc(title, feature, rowsData.length),
          rows: rowsData,
          reference: overall.get(metric) ?? null,
          referenceLabel: t.overallLine,
        })}<figcaption>${e(t.chartTitle(title, feature))}${groups.length > CAPS.chartRows ? ` — ${e(t.capped(CAPS.chartRows, groups.length))}` : ''}</figcaption></figure>`,
      );
    }
    parts.push(`<div class="charts">${charts.join('')}</div>`);
  }
  parts.push(featureNote);
  return parts.join('');
}

/** Disparities table and, per feature, a bar chart of the between-group disparities against thresholds. */
export function renderDisparities(ctx: RenderContext): string {
  const t = ctx.t;
  const d = ctx.result.disparities;
  const parts = [`<h2 id="disparities-h">${e(t.sections.disparities)}</h2>`];
  if (d.length === 0) return parts[0] + `<p>${e(t.noGroups)}</p>`;
  const thresholds = ctx.obligations?.policy.thresholds ?? {};
  const { shown, note } = cap(ctx, d, CAPS.disparities);
  // When the engine left small groups out of a disparity, show that value too (what the checks judge).
  const anyExcluded = d.some((r) => (r.excluded_groups?.length ?? 0) > 0);
  const rows = shown.map((r) => [
    e(r.feature),
    ctx.metricLink(r.metric),
    e(r.method),
    valueCell(r.value, r.ci),
    ...(anyExcluded
      ? [
          (r.excluded_groups?.length ?? 0) > 0
            ? `${formatNumber(r.value_sufficient ?? null)}<span class="ci">${e(t.groupsLeftOut(r.excluded_groups?.length ?? 0))}</span>`
            : '',
        ]
      : []),
    formatNumber(r.p_adjusted ?? r.p_value ?? null),
    r.significant === null || r.significant === undefined ? '—' : e(r.significant ? t.yes : t.no),
    e(r.min_group ?? '—'),
    e(r.max_group ?? '—'),
  ]);
  parts.push(
    table(
      e(t.disparitiesCaption),
      [
        t.col.feature,
        t.col.metric,
        t.col.method,
        t.col.value,
        ...(anyExcluded ? [t.col.valueSufficient] : []),
        t.col.pValue,
        t.col.significant,
        t.col.minGroup,
        t.col.maxGroup,
      ].map(e),
      rows,
    ) + note,
  );
  const { shown: features, note: featureNote } = capFeatures(ctx, featuresOf(d));
  const charts: string[] = [];
  for (const feature of features) {
    const bars: BarRow[] = d
      .filter((r) => r.feature === feature && r.method === 'between_groups')
      .map((r) => {
        // The lowest impact ratio of a feature is its demographic parity ratio: the four-fifths mark applies.
        const th =
          thresholds[r.metric] ??
          (r.metric === 'demographic_parity_ratio' ? (thresholds.impact_ratio ?? null) : null);
        // Judged like the checks: on the groups large enough, when the engine says which those are.
        const value =
          r.excluded_groups && r.excluded_groups.length > 0 ? (r.value_sufficient ?? null) : r.value;
        const fail =
          th !== null && value !== null && (th.bound === 'min' ? value < th.value : value > th.value);
        return { label: ctx.metricTitle(r.metric), value, threshold: th, fail };
      });
    if (bars.length === 0) continue;
    charts.push(
      `<figure>${barPlot({ id: ctx.nextId(), title: t.disparityChartTitle(feature), desc: t.disparityChartDesc(feature), rows: bars })}<figcaption>${e(t.disparityChartTitle(feature))}</figcaption></figure>`,
    );
  }
  parts.push(`<div class="charts">${charts.join('')}</div>${featureNote}`);
  return parts.join('');
}

/** The AIF360 comparisons (privileged group against the other rows pooled). */
export function renderAif360(ctx: RenderContext): string {
  const t = ctx.t;
  const a = ctx.result.aif360;
  if (a.length === 0) return '';
  const { shown, note } = cap(ctx, a, CAPS.aif360);
  const rows = shown.map((r) => [
    e(r.feature),
    e(r.privileged),
    e(r.unprivileged),
    ctx.metricLink(r.metric),
    formatNumber(r.value),
    e(String(r.favorable_label)),
  ]);
  return (
    `<h2 id="aif360-h">${e(t.sections.aif360)}</h2><p class="small">${e(t.aif360Intro)}</p>` +
    table(
      e(t.aif360Caption),
      [t.col.feature, t.col.privileged, t.col.unprivileged, t.col.metric, t.col.value, t.col.favorable].map(
        e,
      ),
      rows,
    ) +
    note
  );
}

function pickSeries<T extends RocRecord | CalibrationRecord>(
  sizes: Map<string, number>,
  records: T[],
  feature: string,
): { chosen: T[]; total: number } {
  const overall = records.filter((r) => r.feature === null);
  const n = (r: T) => sizes.get(JSON.stringify([r.feature, r.group])) ?? 0;
  const groups = records.filter((r) => r.feature === feature).sort((a, b) => n(b) - n(a));
  const all = [...overall, ...groups];
  return { chosen: all.slice(0, CAPS.curves), total: all.length };
}

/** ROC curves and reliability diagrams, one pair per feature, overall plus the largest groups. */
export function renderCurves(ctx: RenderContext): string {
  const t = ctx.t;
  const { roc, calibration } = ctx.result;
  const parts = [`<h2 id="curves-h">${e(t.sections.curves)}</h2>`];
  if (roc.length === 0 && calibration.length === 0) return parts[0] + `<p>${e(t.noCurves)}</p>`;
  let features = featuresOf([...roc, ...calibration]);
  const onlyOverall = features.length === 0;
  if (onlyOverall) features = [''];
  const { shown, note } = capFeatures(ctx, features);
  const label = (r: { feature: string | null; group: string | null }) =>
    r.feature === null ? t.overall : (r.group ?? '');
  // Curves beyond the cap are chosen by group size: the largest groups first.
  const sizes = new Map<string, number>();
  for (const m of ctx.result.metrics)
    if (m.feature !== null) sizes.set(JSON.stringify([m.feature, m.group]), m.n);
  for (const feature of shown) {
    const shownFeature = onlyOverall ? t.overall : feature;
    const figures: string[] = [];
    const r = pickSeries(sizes, roc, feature);
    if (r.chosen.length > 0) {
      const series: CurveSeries[] = r.chosen.map((x) => ({
        label: label(x),
        points: x.fpr.map((f, i) => [f, x.tpr[i]] as [number, number]),
      }));
      const plot = curvePlot({
        id: ctx.nextId(),
        title: t.rocTitle(shownFeature),
        desc: t.rocDesc(shownFeature, series.length),
        series,
        xLabel: t.fpr,
        yLabel: t.tpr,
        diagonalLabel: t.chance,
        markers: false,
      });
      const capNote = r.total > r.chosen.length ? ` — ${e(t.cappedSeries(r.chosen.length, r.total))}` : '';
      figures.push(
        `<figure>${plot}<figcaption>${e(t.rocTitle(shownFeature))}${capNote}</figcaption></figure>`,
      );
    }
    const c = pickSeries(sizes, calibration, feature);
    if (c.chosen.length > 0) {
      const series: CurveSeries[] = c.chosen.map((x) => ({
        label: label(x),
        points: x.bins
          .filter((b) => b.count > 0 && b.meanScore !== null && b.observedRate !== null)
          .map((b) => [b.meanScore as number, b.observedRate as number]),
      }));
      const plot = curvePlot({
        id: ctx.nextId(),
        title: t.calibrationTitle(shownFeature),
        desc: t.calibrationDesc(shownFeature, series.length),
        series,
        xLabel: t.meanScore,
        yLabel: t.observedRate,
        diagonalLabel: t.perfect,
        markers: true,
      });
      const capNote = c.total > c.chosen.length ? ` — ${e(t.cappedSeries(c.chosen.length, c.total))}` : '';
      figures.push(
        `<figure>${plot}<figcaption>${e(t.calibrationTitle(shownFeature))}${capNote}</figcaption></figure>`,
      );
    }
    if (!onlyOverall) parts.push(`<h3>${e(feature)}</h3>`);
    parts.push(`<div class="charts">${figures.join('')}</div>`);
  }
  parts.push(note);
  return parts.join('');
}
