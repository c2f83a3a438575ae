/**
 * Cramér's V: the association of two categorical variables from their contingency table,
 * `V = √(χ² / (n · (min(r, c) − 1)))` with `χ² = Σ (O − E)² / E = n · (Σ O² / (Rᵢ Cⱼ) − 1)` over
 * the table's non-empty rows and columns (Cramér 1946; scipy
 * `stats.contingency.association(table, method='cramer')`, no bias correction). 0 is no
 * association, 1 means one variable determines the other.
 *
 * `table[i][j]` counts rows with category i of the first variable and j of the second (rows may
 * have different lengths; missing entries are 0). Degenerate cases: no rows, or fewer than two
 * non-empty rows or columns (a constant variable), give null.
 * @example cramersV([[10, 0], [0, 10]]) // 1
 */
export function cramersV(table: readonly ArrayLike<number>[]): number | null {
  const colTotals: number[] = [];
  const rowTotals: number[] = [];
  let n = 0;
  for (const row of table) {
    let r = 0;
    for (let j = 0; j < row.length; j++) {
      const o = row[j];
      if (o === 0) continue;
      r += o;
      colTotals[j] = (colTotals[j] ?? 0) + o;
    }
    rowTotals.push(r);
    n += r;
  }
  const rows = rowTotals.filter((r) => r > 0).length;
  const cols = colTotals.filter((c) => c !== undefined && c > 0).length;
  const k = Math.min(rows, cols);
  if (n === 0 || k < 2) return null;
  let sum = 0;
  table.forEach((row, i) => {
    for (let j = 0; j < row.length; j++) {
      const o = row[j];
      if (o > 0) sum += (o * o) / (rowTotals[i] * colTotals[j]);
    }
  });
  const chi2 = n * (sum - 1);
  const v = Math.sqrt(Math.max(0, chi2) / (n * (k - 1)));
  return Math.min(1, v);
}
