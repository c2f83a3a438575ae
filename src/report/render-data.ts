import { escapeHtml as e } from './escape-html.js';
import { formatInt, formatNumber, formatPercent } from './format.js';
import { CAPS, RenderContext, cap, table } from './html-parts.js';

/** The data section (data governance evidence): composition by group, small groups, missing values. */
export function renderData(ctx: RenderContext): string {
  const t = ctx.t;
  const d = ctx.result.data;
  const parts = [
    `<h2 id="data-h">${e(t.sections.data)}</h2>`,
    `<p>${e(t.dataIntro(formatInt(d.rows), formatInt(d.minGroupSize)))}</p>`,
  ];
  const features = d.groups.slice(0, CAPS.features);
  for (const g of features) {
    const ordered = g.groups.length > CAPS.dataRows ? [...g.groups].sort((a, b) => b.n - a.n) : g.groups;
    const { shown, note } = cap(ctx, ordered, CAPS.dataRows);
    const rows = shown.map((x) => [
      e(x.group),
      formatInt(x.n),
      formatPercent(x.share),
      formatNumber(x.baseRate),
      formatNumber(x.weight),
    ]);
    parts.push(
      table(
        e(t.dataGroupsCaption(g.feature)),
        [t.col.group, t.col.n, t.col.share, t.col.baseRate, t.col.weight].map(e),
        rows,
      ) + note,
    );
  }
  if (d.groups.length > CAPS.features)
    parts.push(`<p class="cap">${e(t.cappedFeatures(CAPS.features, d.groups.length))}</p>`);
  if (d.smallGroups.length === 0) parts.push(`<p>${e(t.noSmallGroups)}</p>`);
  else {
    const { shown, note } = cap(ctx, d.smallGroups, CAPS.missing);
    parts.push(
      table(
        e(t.smallGroupsCaption),
        [t.col.feature, t.col.group, t.col.n].map(e),
        shown.map((s) => [e(s.feature), e(s.group), formatInt(s.n)]),
      ) + note,
    );
  }
  const missing = d.missing.filter((m) => m.missing > 0);
  if (missing.length === 0) parts.push(`<p>${e(t.noMissing)}</p>`);
  else {
    const { shown, note } = cap(ctx, missing, CAPS.missing);
    const rows = shown.map((m) => [
      e(m.column),
      e(m.feature ?? t.overall),
      e(m.group ?? '—'),
      formatInt(m.missing),
      formatInt(m.n),
      formatPercent(m.n > 0 ? m.missing / m.n : null),
    ]);
    parts.push(
      table(
        e(t.missingCaption),
        [t.col.column, t.col.feature, t.col.group, t.col.missing, t.col.n, t.col.missingRate].map(e),
        rows,
      ) + note,
    );
  }
  return parts.join('');
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string' || typeof v === 'boolean') return e(String(v));
  return e(JSON.stringify(v)?.slice(0, 200) ?? '');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Renders any JSON value: arrays of records as tables, records as definition lists (depth ≤ 3). */
function generic(ctx: RenderContext, v: unknown, caption: string, depth: number): string {
  if (Array.isArray(v)) {
    if (v.length > 0 && v.every(isRecord)) {
      const keys: string[] = [];
      for (const r of v)
        for (const k of Object.keys(r))
          if (!keys.includes(k) && keys.length < CAPS.robustnessCols) keys.push(k);
      const { shown, note } = cap(ctx, v, CAPS.robustnessRows);
      const rows = shown.map((r) => keys.map((k) => scalar(r[k])));
      return table(e(caption), keys.map(e), rows) + note;
    }
    const { shown, note } = cap(ctx, v, CAPS.robustnessRows);
    return `<p>${shown.map(scalar).join(', ')}</p>${note}`;
  }
  if (isRecord(v)) {
    if (depth > 3) return `<p>${scalar(v)}</p>`;
    const items = Object.entries(v).map(
      ([k, x]) =>
        `<div class="kv"><dt>${e(k)}</dt><dd>${Array.isArray(x) || isRecord(x) ? generic(ctx, x, k, depth + 1) : scalar(x)}</dd></div>`,
    );
    return `<dl class="generic">${items.join('')}</dl>`;
  }
  return `<p>${scalar(v)}</p>`;
}

/** The robustness section: whatever the robustness stage recorded, shown generically and escaped. */
export function renderRobustness(ctx: RenderContext): string {
  const t = ctx.t;
  const head = `<h2 id="robustness-h">${e(t.sections.robustness)}</h2>`;
  const r = ctx.result.robustness;
  if (r === undefined || r === null) return `${head}<p>${e(t.robustnessNone)}</p>`;
  return `${head}<p class="small">${e(t.robustnessIntro)}</p>${generic(ctx, r, t.sections.robustness, 0)}`;
}

/** The warnings raised during the audit. */
export function renderWarnings(ctx: RenderContext): string {
  const t = ctx.t;
  const head = `<h2 id="warnings-h">${e(t.sections.warnings)}</h2>`;
  const w = ctx.result.warnings;
  if (w.length === 0) return `${head}<p>${e(t.warningsNone)}</p>`;
  const { shown, note } = cap(ctx, w, CAPS.warnings);
  const rows = shown.map((x) => [
    e(x.code),
    e(x.message),
    e(x.metric ?? '—'),
    e(x.feature ?? '—'),
    e(x.group ?? '—'),
  ]);
  return (
    head +
    table(
      e(t.warningsCaption),
      [t.col.code, t.col.message, t.col.metric, t.col.feature, t.col.group].map(e),
      rows,
    ) +
    note
  );
}
