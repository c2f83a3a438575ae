import type { Threshold } from '../obligations/types.js';
import { escapeHtml } from './escape-html.js';
import { formatNumber, truncate } from './format.js';
import { domainOf, linear, px, svgOpen, tickLabel, ticks } from './svg.js';

/** One bar: a disparity value and the threshold it is held to, if any. */
export interface BarRow {
  label: string;
  value: number | null;
  threshold: Threshold | null;
  /** The value is on the wrong side of its threshold. */
  fail: boolean;
}

const W = 700;
const LEFT = 230;
const RIGHT = 140;
const TOP = 10;
const ROW = 24;

/**
 * An inline SVG bar chart of disparities against their thresholds: one bar per disparity,
 * a dark mark at the threshold labelled `≥ t` or `≤ t`, and the value written at the end of
 * the row, with `✗` when it is on the wrong side (so the status never rests on colour alone).
 * Null values show `—` and no bar.
 *
 * @example barPlot({ id: 'c3', title: 'Disparities for sex', desc: '…', rows: [{ label: 'demographic_parity_ratio', value: 0.3, threshold: { bound: 'min', value: 0.8 }, fail: true }] })
 */
export function barPlot(o: { id: string; title: string; desc: string; rows: BarRow[] }): string {
  const values: number[] = [];
  for (const r of o.rows) {
    if (r.value !== null) values.push(r.value);
    if (r.threshold) values.push(r.threshold.value);
  }
  const domain = domainOf(values);
  const x = linear(domain, [LEFT, W - RIGHT]);
  const bottom = TOP + o.rows.length * ROW;
  const parts: string[] = [svgOpen(o.id, W, bottom + 28, o.title, o.desc)];
  for (const t of ticks(domain)) {
    parts.push(`<line class="grid" x1="${px(x(t))}" x2="${px(x(t))}" y1="${TOP}" y2="${bottom}"/>`);
    parts.push(
      `<text class="tick" x="${px(x(t))}" y="${bottom + 16}" text-anchor="middle">${tickLabel(t)}</text>`,
    );
  }
  o.rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    parts.push(
      `<text class="label" x="${LEFT - 8}" y="${px(y + ROW / 2 + 4)}" text-anchor="end">${escapeHtml(truncate(r.label, 36))}<title>${escapeHtml(r.label)}</title></text>`,
    );
    if (r.value !== null) {
      const a = x(Math.min(0, r.value));
      const b = x(Math.max(0, r.value));
      parts.push(
        `<rect class="${r.fail ? 'bar fail' : 'bar'}" x="${px(a)}" y="${px(y + 5)}" width="${px(Math.max(1, b - a))}" height="${ROW - 10}"/>`,
      );
    }
    if (r.threshold) {
      const tx = px(x(r.threshold.value));
      parts.push(`<line class="threshold" x1="${tx}" x2="${tx}" y1="${px(y + 2)}" y2="${px(y + ROW - 2)}"/>`);
    }
    const mark = r.fail ? ' ✗' : '';
    const bound = r.threshold
      ? ` (${r.threshold.bound === 'min' ? '≥' : '≤'} ${formatNumber(r.threshold.value)})`
      : '';
    parts.push(
      `<text class="value" x="${W - RIGHT + 6}" y="${px(y + ROW / 2 + 4)}">${formatNumber(r.value)}${mark}${escapeHtml(bound)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
