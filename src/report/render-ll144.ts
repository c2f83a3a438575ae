import type { Ll144Category } from '../obligations/types.js';
import { escapeHtml as e } from './escape-html.js';
import { formatInt, formatNumber, formatPercent } from './format.js';
import { CAPS, RenderContext, cap, table } from './html-parts.js';

function categoryTable(ctx: RenderContext, c: Ll144Category): string {
  const t = ctx.t;
  // Largest categories first when capped; otherwise the engine's order.
  const ordered = c.rows.length > CAPS.ll144Rows ? [...c.rows].sort((a, b) => b.n - a.n) : c.rows;
  const { shown, note } = cap(ctx, ordered, CAPS.ll144Rows);
  const rows = shown.map((r) => {
    const notes: string[] = [];
    if (r.excluded) notes.push(t.ll144Excluded);
    if (r.group === c.referenceGroup) notes.push(t.ll144Reference);
    if (r.insufficient) notes.push(t.judgement.insufficient);
    const low = r.impactRatio !== null && r.impactRatio < 0.8 ? ' class="low"' : '';
    return [
      e(r.group),
      formatInt(r.n),
      formatPercent(r.share),
      formatNumber(r.rate),
      `<span${low}>${formatNumber(r.impactRatio)}</span>`,
      e(notes.join('; ')),
    ];
  });
  const rateCol = c.rate === 'selection' ? t.col.selectionRate : t.col.scoringRate;
  return (
    table(
      e(t.ll144Caption(c.rate, t.ll144Dimension[c.dimension], c.feature)),
      [t.col.group, t.col.n, t.col.share, rateCol, t.col.impactRatio, t.col.note].map(e),
      rows,
      'll144',
    ) + note
  );
}

/**
 * The NYC LL144 bias-audit section: definitions, the unknown-category count, the 2% rule as
 * applied, the full-sample median score, and one table per dimension (sex, race/ethnicity,
 * intersection) and rate (selection, scoring), excluded categories still shown with their figures.
 */
export function renderLl144(ctx: RenderContext): string {
  const t = ctx.t;
  const table144 = ctx.obligations?.ll144;
  if (!table144) return '';
  const parts: string[] = [`<h2 id="ll144-h">${e(t.sections.ll144)}</h2>`, `<p>${e(t.ll144Intro)}</p>`];
  const unknown = table144.unknown.total === null ? '—' : formatInt(table144.unknown.total);
  parts.push(`<p><strong>${e(t.ll144Unknown(unknown))}</strong></p>`);
  if (table144.unknown.byFeature.length > 0) {
    const items = table144.unknown.byFeature.map((u) => `${e(u.feature)}: ${formatInt(u.n)}`).join('; ');
    parts.push(`<p class="small">${e(t.ll144UnknownByFeature)}: ${items}</p>`);
  }
  parts.push(
    `<p>${e(t.ll144TwoPercent(formatPercent(table144.minCategoryShare), table144.excludeSmallCategories))}</p>`,
  );
  if (table144.scoreMedian !== null)
    parts.push(`<p>${e(t.ll144Median(formatNumber(table144.scoreMedian)))}</p>`);
  for (const n of table144.notes) parts.push(`<p class="note">${e(t.notes[n] ?? n)}</p>`);
  if (table144.categories.length === 0) parts.push(`<p>${e(t.ll144NoTable)}</p>`);
  for (const c of table144.categories) parts.push(categoryTable(ctx, c));
  return parts.join('');
}
