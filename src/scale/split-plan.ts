import { resolve } from 'node:path';
import { checkArrowMetadata } from '../io/arrow-metadata-check.js';
import { arrowIpcKind } from '../io/arrow-source.js';
import { defaultBatchSize } from '../io/batch-size.js';
import { formatOfPath } from '../io/open-source.js';
import { BLOCK_ROWS } from '../audit/engine.js';
import { quoteString } from '../io/sql-quote.js';

/** Rows a worker reads per chunk (at least, in whole fold blocks): large enough to amortise a query, small enough to balance. */
export const CHUNK_ROWS = 1 << 20;

/**
 * One contiguous piece of the input, read by one worker: the same batches, with the same
 * boundaries and global row numbers, that the single-threaded read produces.
 */
export type Chunk =
  | {
      kind: 'parquet';
      index: number;
      /** Global index of the chunk's first row (a multiple of the batch size). */
      firstRow: number;
      endRow: number;
    }
  | {
      kind: 'arrow';
      index: number;
      firstRow: number;
      /** File batches [firstBatch, endBatch) of the IPC file. */
      firstBatch: number;
      endBatch: number;
    };

/** How an input splits: its format, batch size and chunks in file order. */
export interface SplitPlan {
  format: 'parquet' | 'arrow';
  path: string;
  /** Rows per batch: the DuckDB reader's (Parquet), or the slice size asked for (Arrow; null keeps the file's batches). */
  batchSize: number | null;
  rows: number;
  chunks: Chunk[];
}

/** Rows per batch of the single-threaded DuckDB read (the requested size, else its default rule). */
export function duckdbBatchSize(columns: number, requested: number | undefined): number {
  return requested ?? defaultBatchSize(columns);
}

/**
 * Plans how `path` splits across threads, or returns null when it cannot be split
 * exactly. Chunks are whole fold blocks (see `BLOCK_ROWS` in `audit/engine.ts`): a chunk
 * starts only at a batch whose block differs from the previous batch's, so every block is
 * read by one worker and its state folds into the total exactly as the single pass folds it.
 * Only only uncompressed Parquet files (by row ranges that are whole batches, read with
 * DuckDB's `file_row_number` filter) and Arrow IPC *files* (by record batch, random access
 * through the footer) split; CSV, JSON, Arrow IPC streams, glob-like paths and explicit
 * formats that disagree with the extension run on one thread.
 *
 * @example const plan = await planSplit('log.parquet', { columns: ['y', 'p'] }); plan?.chunks.length;
 */
export async function planSplit(
  path: string,
  options: { columns: string[] | null; batchSize?: number; format?: string; chunkRows?: number; blockRows?: number },
): Promise<SplitPlan | null> {
  const blockRows = options.blockRows ?? BLOCK_ROWS;
  const chunkRows = options.chunkRows ?? Math.max(CHUNK_ROWS, blockRows);
  const format = formatOfPath(path);
  if (format === null || (options.format !== undefined && options.format !== format)) return null;
  if (/[*?[\]{}]/.test(resolve(path)) || /\.(gz|zst)$/i.test(path)) return null;
  if (format === 'parquet') return planParquet(path, options.columns, options.batchSize, chunkRows, blockRows);
  if (format === 'arrow') return planArrow(path, options.batchSize ?? null, chunkRows, blockRows);
  return null;
}

/**
 * Groups batches into chunks: `cuts[i]` is the first row of a place where a chunk may start
 * (a file batch boundary), `blockOf` the fold block of the batch starting there and
 * `previousBlock[i]` the block of the batch just before it. A chunk ends at the first allowed
 * cut past `chunkRows` rows where the block changes.
 */
function groupChunks(
  cuts: { row: number; block: number; previousBlock: number }[],
  rows: number,
  chunkRows: number,
): { firstRow: number; endRow: number; first: number; end: number }[] {
  const out: { firstRow: number; endRow: number; first: number; end: number }[] = [];
  let start = 0;
  for (let i = 1; i < cuts.length; i++) {
    const cut = cuts[i];
    if (cut.row - cuts[start].row >= chunkRows && cut.block !== cut.previousBlock) {
      out.push({ firstRow: cuts[start].row, endRow: cut.row, first: start, end: i });
      start = i;
    }
  }
  if (cuts.length > 0) out.push({ firstRow: cuts[start].row, endRow: rows, first: start, end: cuts.length });
  return out;
}

async function planParquet(
  path: string,
  selected: string[] | null,
  requested: number | undefined,
  chunkRows: number,
  blockRows: number,
): Promise<SplitPlan | null> {
  // DuckDB loads only here: planning an Arrow file needs none of it
  const { duckdbConnection } = await import('../io/duckdb-connection.js');
  const connection = await duckdbConnection();
  let rows: number;
  let batchSize: number;
  try {
    const reader = await connection.runAndReadAll(`SELECT COUNT(*) FROM read_parquet(${quoteString(resolve(path), 'file path')})`);
    rows = Number(reader.getRows()[0][0]);
    const columns = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${quoteString(resolve(path), 'file path')})`);
    // the row-number filter needs its name free
    if (columns.getRows().some((row) => row[0] === 'file_row_number')) return null;
    // the single reader's batch size: by the columns it selects (all of them when null)
    batchSize = duckdbBatchSize(selected?.length ?? columns.getRows().length, requested);
  } catch {
    return null; // the single-threaded reader reports what is wrong with the file
  } finally {
    connection.closeSync();
  }
  const cuts: { row: number; block: number; previousBlock: number }[] = [];
  for (let row = 0; row < rows; row += batchSize) {
    cuts.push({ row, block: Math.floor(row / blockRows), previousBlock: row === 0 ? -1 : Math.floor((row - batchSize) / blockRows) });
  }
  const chunks: Chunk[] = groupChunks(cuts, rows, chunkRows).map((c, index) => ({ kind: 'parquet', index, firstRow: c.firstRow, endRow: c.endRow }));
  return { format: 'parquet', path, batchSize, rows, chunks };
}

async function planArrow(path: string, batchSize: number | null, chunkRows: number, blockRows: number): Promise<SplitPlan | null> {
  const { open } = await import('node:fs/promises');
  const handle = await open(path, 'r');
  let counts: number[];
  try {
    // the footer's blocks, checked (damaged metadata could make apache-arrow allocate without
    // bound, or read one block without end) and their row counts read from their headers
    const blocks = (await arrowIpcKind(handle, path)) === 'file' ? await checkArrowMetadata(handle, path, 'file') : null;
    if (blocks === null) return null;
    counts = blocks.batchRows;
  } catch {
    return null; // the single-threaded reader reports what is wrong with the file
  } finally {
    await handle.close().catch(() => undefined);
  }
  // Chunks start at file batches; the reader skips empty batches and slices big ones to
  // `batchSize` rows, so the batch before a file batch starts at its predecessor's last slice.
  const cuts: { row: number; block: number; previousBlock: number }[] = [];
  const index: number[] = [];
  let row = 0;
  let lastStart = -1;
  counts.forEach((n, i) => {
    if (n === 0) return;
    cuts.push({ row, block: Math.floor(row / blockRows), previousBlock: lastStart < 0 ? -1 : Math.floor(lastStart / blockRows) });
    index.push(i);
    lastStart = batchSize === null || n <= batchSize ? row : row + Math.floor((n - 1) / batchSize) * batchSize;
    row += n;
  });
  const chunks: Chunk[] = groupChunks(cuts, row, chunkRows).map((c, k) => ({
    kind: 'arrow',
    index: k,
    firstRow: c.firstRow,
    firstBatch: k === 0 ? 0 : index[c.first],
    endBatch: c.end < index.length ? index[c.end] : counts.length,
  }));
  return { format: 'arrow', path, batchSize, rows: row, chunks };
}
