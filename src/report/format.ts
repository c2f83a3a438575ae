// Locale-independent number formatting for the report (same bytes on every machine).

/** Integer with thousands separators: 16281 → `16,281`. */
export function formatInt(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(Math.round(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A metric value for display: `—` for null, integers ≥ 2 grouped, tiny values in exponent
 * form, others with 3 decimals (1 when ≥ 100).
 * @example formatNumber(0.30247) // '0.302'
 * @example formatNumber(null) // '—'
 */
export function formatNumber(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  // Counts print as integers; 0 and 1 are usually rates and keep their decimals.
  if (Number.isInteger(v) && Math.abs(v) >= 2) return formatInt(v);
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(1);
  if (a > 0 && a < 0.001) return v.toExponential(1);
  return v.toFixed(digits);
}

/** A share as a percentage with one decimal: 0.0212 → `2.1%`. */
export function formatPercent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${(v * 100).toFixed(1)}%`;
}

/** An interval `[low, high]`, or `''` when absent. */
export function formatInterval(ci: readonly [number, number] | null | undefined): string {
  return ci ? `[${formatNumber(ci[0])}, ${formatNumber(ci[1])}]` : '';
}

/** Shortens a label for a chart axis, keeping the full text for the tooltip. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
