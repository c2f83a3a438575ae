import { escapeHtml } from './escape-html.js';
import { truncate } from './format.js';
import { DASHES, PALETTE, linear, px, svgOpen, tickLabel, ticks } from './svg.js';

/** One curve: a label and its points in [0, 1]². */
export interface CurveSeries {
  label: string;
  points: [number, number][];
}

/** Options of {@link curvePlot}. */
export interface CurvePlotOptions {
  id: string;
  title: string;
  desc: string;
  series: CurveSeries[];
  xLabel: string;
  yLabel: string;
  /** Label of the dashed diagonal (chance for ROC, perfect calibration for reliability). */
  diagonalLabel: string;
  /** Draw a marker at every point (reliability diagrams). */
  markers: boolean;
}

const PLOT = 260;
const LEFT = 52;
const TOP = 16;
const LEGEND_X = LEFT + PLOT + 24;
const W = LEGEND_X + 210;
const MAX_POINTS = 200;

function thin(points: [number, number][]): [number, number][] {
  const clean = points.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  if (clean.length <= MAX_POINTS) return clean;
  const out: [number, number][] = [];
  for (let i = 0; i < MAX_POINTS; i++)
    out.push(clean[Math.round((i * (clean.length - 1)) / (MAX_POINTS - 1))]);
  return out;
}

/**
 * An inline SVG line chart on the unit square for ROC curves and reliability diagrams: one
 * line per series (colour and dash pattern both differ, so it reads in greyscale), a dashed
 * diagonal, axis labels and a legend. Each series is thinned to at most 200 points; points
 * outside [0, 1] are clamped. Labels are escaped.
 *
 * @example curvePlot({ id: 'c2', title: 'ROC', desc: '…', series: [{ label: 'overall', points: [[0, 0], [0.1, 0.6], [1, 1]] }], xLabel: 'FPR', yLabel: 'TPR', diagonalLabel: 'chance', markers: false })
 */
export function curvePlot(o: CurvePlotOptions): string {
  const x = linear([0, 1], [LEFT, LEFT + PLOT]);
  const y = linear([0, 1], [TOP + PLOT, TOP]);
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const height = Math.max(TOP + PLOT + 46, TOP + 22 + (o.series.length + 1) * 18);
  const parts: string[] = [svgOpen(o.id, W, height, o.title, o.desc)];
  for (const t of ticks([0, 1])) {
    parts.push(`<line class="grid" x1="${px(x(t))}" x2="${px(x(t))}" y1="${TOP}" y2="${TOP + PLOT}"/>`);
    parts.push(`<line class="grid" x1="${LEFT}" x2="${LEFT + PLOT}" y1="${px(y(t))}" y2="${px(y(t))}"/>`);
    parts.push(
      `<text class="tick" x="${px(x(t))}" y="${TOP + PLOT + 14}" text-anchor="middle">${tickLabel(t)}</text>`,
    );
    parts.push(
      `<text class="tick" x="${LEFT - 6}" y="${px(y(t) + 3)}" text-anchor="end">${tickLabel(t)}</text>`,
    );
  }
  parts.push(`<rect class="frame" x="${LEFT}" y="${TOP}" width="${PLOT}" height="${PLOT}"/>`);
  parts.push(
    `<text class="axis" x="${LEFT + PLOT / 2}" y="${TOP + PLOT + 32}" text-anchor="middle">${escapeHtml(o.xLabel)}</text>`,
  );
  parts.push(
    `<text class="axis" transform="translate(14 ${TOP + PLOT / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(o.yLabel)}</text>`,
  );
  parts.push(`<line class="diagonal" x1="${px(x(0))}" y1="${px(y(0))}" x2="${px(x(1))}" y2="${px(y(1))}"/>`);
  o.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const dash = DASHES[i % DASHES.length];
    const pts = thin(s.points).map(([a, b]) => `${px(x(clamp(a)))},${px(y(clamp(b)))}`);
    const dashAttr = dash ? ` stroke-dasharray="${dash}"` : '';
    if (pts.length > 0)
      parts.push(`<polyline class="series" points="${pts.join(' ')}" stroke="${color}"${dashAttr}/>`);
    if (o.markers)
      for (const p of pts) {
        const [cx, cy] = p.split(',');
        parts.push(`<circle cx="${cx}" cy="${cy}" r="2.5" fill="${color}"/>`);
      }
    const ly = TOP + 8 + i * 18;
    parts.push(
      `<line x1="${LEGEND_X}" x2="${LEGEND_X + 24}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2.5"${dashAttr}/>`,
    );
    parts.push(
      `<text class="legend" x="${LEGEND_X + 30}" y="${ly + 4}">${escapeHtml(truncate(s.label, 26))}<title>${escapeHtml(s.label)}</title></text>`,
    );
  });
  const dy = TOP + 8 + o.series.length * 18;
  parts.push(`<line class="diagonal" x1="${LEGEND_X}" x2="${LEGEND_X + 24}" y1="${dy}" y2="${dy}"/>`);
  parts.push(`<text class="legend" x="${LEGEND_X + 30}" y="${dy + 4}">${escapeHtml(o.diagonalLabel)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}
