// Small helpers shared by the inline SVG charts.
import { escapeHtml } from './escape-html.js';

/** Colour-blind-safe palette (Okabe–Ito, darkened where needed for ≥ 3:1 contrast on white). */
export const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#007A5A',
  '#B5489A',
  '#8A6D00',
  '#333333',
  '#6A3D9A',
  '#A6192E',
];
/** Dash patterns that tell series apart without colour. */
export const DASHES = ['', '6 3', '2 3', '8 3 2 3'];

/** Rounds a coordinate to 0.1 px (keeps the file small). */
export function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** A linear scale from `domain` to `range`. */
export function linear(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Evenly spaced ticks covering `domain` (5 by default). */
export function ticks(domain: [number, number], count = 5): number[] {
  const [a, b] = domain;
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(a + ((b - a) * i) / (count - 1));
  return out;
}

/** A tick label with few digits. */
export function tickLabel(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  return String(r);
}

/** Opening tag of an accessible chart: `role="img"`, labelled by its `<title>` and `<desc>`. */
export function svgOpen(id: string, width: number, height: number, title: string, desc: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ${px(width)} ${px(height)}" width="${px(width)}" height="${px(height)}" aria-labelledby="${id}-t ${id}-d">` +
    `<title id="${id}-t">${escapeHtml(title)}</title><desc id="${id}-d">${escapeHtml(desc)}</desc>`
  );
}

/** A domain covering the values, [0, 1] when they all fit in it. */
export function domainOf(values: number[]): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [0, 1];
  const lo = Math.min(0, ...finite);
  const hi = Math.max(...finite);
  if (lo >= 0 && hi <= 1) return [0, 1];
  const span = hi - lo || Math.abs(hi) || 1;
  return [lo < 0 ? lo - span * 0.05 : 0, hi + span * 0.05];
}
