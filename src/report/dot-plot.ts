import { escapeHtml } from './escape-html.js';
import { formatNumber, truncate } from './format.js';
import { domainOf, linear, px, svgOpen, tickLabel, ticks } from './svg.js';

/** One group's value in a dot plot. */
export interface DotRow {
  label: string;
  value: number | null;
  ci: readonly [number, number] | null;
  /** Too small to judge: drawn hollow. */
  insufficient: boolean;
}

/** Options of {@link dotPlot}. */
export interface DotPlotOptions {
  /** Unique id prefix for `<title>`/`<desc>` (no data in it). */
  id: string;
  title: string;
  desc: string;
  rows: DotRow[];
  /** The overall value, drawn as a dashed line. */
  reference: number | null;
  referenceLabel: string;
}

const W = 540;
const LEFT = 170;
const RIGHT = 56;
const TOP = 26;
const ROW = 20;

/**
 * An inline SVG dot plot of a metric by group: one row per group, a dot at the value,
 * whiskers for the interval when present, hollow dots for groups too small to judge and a
 * dashed line at the overall value. Labels are escaped and truncated (full text as a tooltip).
 * Rows with a null value show `—` and no dot. The x axis is [0, 1] when every value fits.
 *
 * @example dotPlot({ id: 'c1', title: 'Selection rate by sex', desc: '…', rows: [{ label: 'Female', value: 0.08, ci: null, insufficient: false }], reference: 0.19, referenceLabel: 'overall' })
 */
export function dotPlot(o: DotPlotOptions): string {
  const values: number[] = [];
  for (const r of o.rows) {
    if (r.value !== null) values.push(r.value);
    if (r.ci) values.push(r.ci[0], r.ci[1]);
  }
  if (o.reference !== null) values.push(o.reference);
  const domain = domainOf(values);
  const x = linear(domain, [LEFT, W - RIGHT]);
  const height = TOP + o.rows.length * ROW + 30;
  const bottom = TOP + o.rows.length * ROW;
  const parts: string[] = [svgOpen(o.id, W, height, o.title, o.desc)];
  for (const t of ticks(domain)) {
    parts.push(`<line class="grid" x1="${px(x(t))}" x2="${px(x(t))}" y1="${TOP - 4}" y2="${bottom}"/>`);
    parts.push(
      `<text class="tick" x="${px(x(t))}" y="${bottom + 16}" text-anchor="middle">${tickLabel(t)}</text>`,
    );
  }
  o.rows.forEach((r, i) => {
    const y = TOP + i * ROW + ROW / 2;
    parts.push(
      `<text class="label" x="${LEFT - 8}" y="${px(y + 4)}" text-anchor="end">${escapeHtml(truncate(r.label, 26))}<title>${escapeHtml(r.label)}</title></text>`,
    );
    if (r.ci) {
      const [a, b] = [x(r.ci[0]), x(r.ci[1])];
      parts.push(
        `<path class="whisker" d="M${px(a)} ${px(y)}H${px(b)}M${px(a)} ${px(y - 4)}V${px(y + 4)}M${px(b)} ${px(y - 4)}V${px(y + 4)}"/>`,
      );
    }
    if (r.value !== null) {
      parts.push(
        `<circle class="${r.insufficient ? 'dot hollow' : 'dot'}" cx="${px(x(r.value))}" cy="${px(y)}" r="4.5"/>`,
      );
    }
    parts.push(`<text class="value" x="${W - RIGHT + 8}" y="${px(y + 4)}">${formatNumber(r.value)}</text>`);
  });
  if (o.reference !== null) {
    const rx = px(x(o.reference));
    parts.push(`<line class="reference" x1="${rx}" x2="${rx}" y1="${TOP - 10}" y2="${bottom}"/>`);
    parts.push(
      `<text class="tick" x="${rx}" y="${TOP - 13}" text-anchor="middle">${escapeHtml(o.referenceLabel)} ${formatNumber(o.reference)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
