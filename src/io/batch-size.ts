// Batch sizes of DuckDB sources, apart from the reader so that planning a split loads no DuckDB.

/** Default rows per batch of DuckDB sources (fewer for tables of more than 64 columns). */
export const DEFAULT_BATCH_SIZE = 65_536;

/**
 * Rows per batch when none is asked for: 65,536, or fewer for wide tables so that one batch
 * stays near 64 columns × 65,536 rows (about 32 MB), never below DuckDB's 2,048-row chunk.
 */
export function defaultBatchSize(columns: number): number {
  if (columns <= 64) return DEFAULT_BATCH_SIZE;
  return Math.max(2048, Math.floor((DEFAULT_BATCH_SIZE * 64) / columns / 2048) * 2048);
}
