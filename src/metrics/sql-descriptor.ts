/**
 * How an accumulator's state is computed as SQL aggregates and loaded back — the SQL side
 * of an accumulator definition, kept next to its streaming `add`/`mergeInto` so that a
 * metric is written once for both engines.
 *
 * The SQL builder (`src/scale/stats-sql.ts`) reads from a base relation with one row per
 * input row and these columns: `k0 … k{m-1}` (the sensitive features, raw), `y` (label, 1
 * positive / 0 other), `p` (prediction, 1 / 0), `s` (score, DOUBLE), `w` (weight, DOUBLE, 1
 * without weights), `yt` / `yp` (regression truth and prediction, DOUBLE), `mu` (regression
 * only: the weighted mean of `yt` in the row's cell). Each {@link SqlPart} becomes one
 * `SELECT … GROUP BY k0 … k{m-1}, <its keys>` of the long "stats table" (see
 * {@link STATS_COLUMNS}); {@link SqlDescriptor.load} folds its rows into the state.
 */
export interface SqlPart {
  /** The value of the `kind` column of this part's rows. */
  kind: string;
  /** Extra GROUP BY expressions, stored in the columns of the same name. */
  label?: string;
  pred?: string;
  bin?: string;
  score?: string;
  /** Aggregates stored in `v1`, `v2`, … (`n` is always `COUNT(*)`). */
  values: string[];
  /** Only rows where this holds. */
  where?: string;
  /** Reads the base relation with the regression cell mean `mu` (a window aggregate). */
  needsMean?: boolean;
}

/** Dialect-dependent pieces the parts need. */
export interface SqlContext {
  /** `CAST(FLOOR(x) AS BIGINT)`. */
  floorInt(x: string): string;
  /** A DOUBLE literal of `x` (exact round trip). */
  double(x: number): string;
  /** Reliability bins of the score sums. */
  calibrationBins: number;
  /** Whether scores are stored as bins (AUC bounded) rather than distinct values (exact). */
  binnedScores: boolean;
}

/** One row of the stats table, decoded: `cell` is the engine's cell of the row's keys. */
export interface StatsRow {
  cell: number;
  kind: string;
  label: number | null;
  pred: number | null;
  bin: number | null;
  score: number | null;
  n: number;
  /** v1, v2, … (null where SQL's SUM of no rows gave NULL; trailing ones may be absent). */
  v: (number | null)[];
}

/** The SQL side of an accumulator over state `S`. */
export interface SqlDescriptor<S> {
  parts(context: SqlContext): SqlPart[];
  /** Folds the rows of this descriptor's kinds into `state`, which then holds `cells` cells (rows may be read once). */
  load(state: S, rows: Iterable<StatsRow>, cells: number): void;
}

/** Number of value columns `v1 … v8` of the stats table. */
export const STATS_VALUES = 8;

/**
 * Columns of the stats table after the key columns `k0 … k{m-1}`: `kind` (text), `name`
 * (text: the settings of the `meta` row), `label`, `pred`, `bin` (integers), `score`
 * (double), `n` (row count), `v1` … `v8` (doubles).
 */
export const STATS_COLUMNS = ['kind', 'name', 'label', 'pred', 'bin', 'score', 'n', ...Array.from({ length: STATS_VALUES }, (_, i) => `v${i + 1}`)] as const;

/** The value `v[i]` as a number (SQL NULL, the SUM of no rows, is 0). */
export function value(row: StatsRow, i: number): number {
  return row.v[i] ?? 0;
}
