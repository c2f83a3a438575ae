import { AuditError } from '../core/errors.js';
import { chiSquareSurvival } from './distributions.js';

/** Options of `chiSquareTest`. */
export interface ChiSquareOptions {
  /**
   * Yates' continuity correction, applied only when the test has one degree of
   * freedom (a 2×2 table): each observed count moves towards its expected count
   * by `min(0.5, |O − E|)`. Default `false` (plain Pearson). scipy's
   * `chi2_contingency` defaults to `correction=True`; pass `true` to match it.
   */
  correction?: boolean;
}

/** Result of `chiSquareTest`. */
export interface ChiSquareResult {
  /** Pearson's `X² = Σ (O − E)² / E`. */
  statistic: number;
  /** `(rows − 1)(columns − 1)`, after dropping empty rows and columns. */
  df: number;
  pValue: number;
  /** Smallest expected count (the usual rule wants ≥ 5); `null` when df = 0. */
  minExpected: number | null;
}

/**
 * Pearson's chi-square test of independence for an r×c contingency table
 * (e.g. sensitive groups × outcomes).
 *
 * `E_ij = R_i·C_j / N`, `X² = Σ (O_ij − E_ij)² / E_ij`, p-value `P(χ²_df ≥ X²)` with
 * `df = (r − 1)(c − 1)`. Reference: Pearson (1900); the same as scipy
 * `chi2_contingency(table, correction=False)`, and with `{ correction: true }`
 * the same as scipy's default `chi2_contingency(table)` (Yates for df = 1).
 *
 * Counts need not be integers (weighted counts), but the chi-square
 * approximation needs expected counts of about 5 or more (`minExpected`).
 * Degenerate input: rows and columns whose total is 0 are dropped (scipy raises
 * instead); when fewer than two rows or columns remain there is a single
 * possible table and the result is `{ statistic: 0, df: 0, pValue: 1 }`.
 * A ragged or empty table, or a negative or non-finite count, throws. Counts
 * anywhere in the float range work (the table is scaled before summing); a
 * statistic too large for a double is `Infinity`, with p-value 0.
 *
 * @example chiSquareTest([[10, 20], [30, 40]]) // { statistic: 0.7936…, df: 1, pValue: 0.3729… }
 */
export function chiSquareTest(
  table: readonly (readonly number[])[],
  options: ChiSquareOptions = {},
): ChiSquareResult {
  // Checked through an `unknown` alias, so `table` keeps its declared type.
  const shape: unknown = table;
  if (!Array.isArray(shape) || shape.length === 0)
    throw new AuditError('contingency table must have at least one row');
  if (!shape.every((row: unknown) => Array.isArray(row)))
    throw new AuditError('contingency table rows must be arrays of counts');
  const columns = table[0].length;
  if (columns === 0) throw new AuditError('contingency table must have at least one column');
  table.forEach((row, i) => {
    if (row.length !== columns)
      throw new AuditError(`contingency table row ${i} has ${row.length} cells, expected ${columns}`);
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new AuditError(
          `contingency table cell [${i}][${j}] must be a finite non-negative count: ${String(v)}`,
        );
      }
    });
  });

  // X² is linear in the counts (X²(s·T) = s·X²(T)): compute it on the table scaled by a
  // power of two (exact) so that its sums stay finite for weighted counts near the top
  // of the float range, and scale back once at the end, where only a statistic beyond
  // ~1.8e308 overflows — to Infinity, whose p-value is 0.
  let largest = 0;
  for (const row of table) for (const v of row) largest = Math.max(largest, v);
  const scale = largest > 0 ? 2 ** Math.floor(Math.log2(largest)) : 1;
  const scaled = table.map((row) => row.map((v) => v / scale));
  const rowSums = scaled.map((row) => row.reduce((s, v) => s + v, 0));
  const colSums = Array.from({ length: columns }, (_, j) => scaled.reduce((s, row) => s + row[j], 0));
  const rows = rowSums.flatMap((s, i) => (s > 0 ? [i] : []));
  const cols = colSums.flatMap((s, j) => (s > 0 ? [j] : []));
  const df = (rows.length - 1) * (cols.length - 1);
  if (df <= 0) return { statistic: 0, df: 0, pValue: 1, minExpected: null };

  const total = rows.reduce((s, i) => s + rowSums[i], 0);
  const yates = options.correction === true && df === 1;
  let statistic = 0;
  let minExpected = Infinity;
  for (const i of rows) {
    const R = rowSums[i];
    for (const j of cols) {
      // With the row share p = O/R and the column share c = C/N, E = R·c and
      // (O − E)²/E = R·(p − c)²/c: no product of two margins, so nothing overflows.
      const c = colSums[j] / total;
      minExpected = Math.min(minExpected, R * c * scale);
      let gap = Math.abs(scaled[i][j] / R - c);
      // Yates: |O − E| shrinks by ½ (scipy: O + sign(E − O)·min(½, |E − O|)), i.e. p by ½/R.
      if (yates) gap = Math.max(0, gap - 0.5 / (R * scale));
      if (gap > 0) statistic += R * gap * (gap / c);
    }
  }
  statistic *= scale;
  return { statistic, df, pValue: chiSquareSurvival(statistic, df), minExpected };
}
