import type { RecordBatch, Schema } from 'apache-arrow';

/** File formats assay reads. */
export type SourceFormat = 'csv' | 'parquet' | 'jsonl' | 'arrow';

/** Options of the CSV reader (all optional; DuckDB sniffs what is not given). */
export interface CsvOptions {
  /** Field delimiter, default sniffed (usually `,`). */
  delimiter?: string;
  /** Whether the first line holds column names (default true). */
  header?: boolean;
  /** Quote character (default `"`). */
  quote?: string;
  /** Strings read as missing values, e.g. `['?', 'NA', '']`. */
  naStrings?: string[];
  /** Lines to skip before the header (e.g. a junk first line); default 0, never guessed. */
  skip?: number;
  /**
   * Lines starting with this character are comments and skipped (e.g. `#`). Default none:
   * DuckDB would otherwise guess `#` and silently drop rows whose first field starts with it.
   */
  comment?: string;
  /** Column names to use when `header` is false (or to rename). */
  columnNames?: string[];
  /**
   * Types forced for some columns (by name, after `columnNames`), instead of the types DuckDB
   * guesses from the first 20,480 rows. A value that does not fit is an error naming it.
   */
  columnTypes?: Record<string, CsvColumnType>;
}

/** Column types that {@link CsvOptions.columnTypes} can force. */
export type CsvColumnType = 'boolean' | 'integer' | 'bigint' | 'double' | 'string' | 'date' | 'timestamp';

/** A column whose name was changed to make all names unique (e.g. a repeated CSV header). */
export interface RenamedColumn {
  /** The name in the file (shared with an earlier column, or empty). */
  original: string;
  /** The name the source gives it. */
  renamed: string;
}

/** Options for {@link openSource}. */
export interface SourceOptions {
  /** Format, by default from the file extension. */
  format?: SourceFormat;
  /** Only these columns are read (projection pushdown); default all. */
  columns?: string[];
  /**
   * Rows per batch: DuckDB sources (CSV, Parquet, JSON) cut batches of exactly this many rows
   * (the last may be shorter; default 65,536); Arrow IPC keeps the file's batches, slicing those
   * longer than `batchSize` when it is given.
   */
  batchSize?: number;
  /** CSV parse options. */
  csv?: CsvOptions;
  /**
   * The caller is done with each batch before it asks for the next (and keeps no part of it):
   * DuckDB sources then fill the same buffers batch after batch, and Arrow IPC sources the
   * same converted columns (fewer allocations and collections). Default false: batches stay
   * valid after the next is read.
   */
  reuseBuffers?: boolean;
  /**
   * Parquet: read text columns of few distinct values, some over 12 bytes, as codes into their
   * values (an extra pass over those columns when the file is opened; default true). Off when
   * only the schema is wanted. Same batches either way.
   */
  textCodes?: boolean;
}

/**
 * A table read as a stream of Arrow record batches. Memory stays flat in the number of
 * rows: batches are produced lazily and may be released once consumed.
 */
export interface Source {
  /** The file path (or a description), for messages. */
  readonly name: string;
  readonly format: SourceFormat;
  /** Column names and Arrow types, known before the first batch. */
  readonly schema: Schema;
  /**
   * Columns renamed because their name repeated an earlier one (`a`, `a` → `a`, `a_1`) or was
   * empty; absent or empty when every name was kept. No column is ever dropped.
   */
  readonly renamedColumns?: readonly RenamedColumn[];
  /** Batches in file order. Can be iterated once. */
  batches(): AsyncIterable<RecordBatch>;
  /**
   * The number of rows the batches will hold, when it is cheap to know before reading them
   * (a Parquet file's metadata, an Arrow IPC file's record batch headers); null otherwise
   * (text files, IPC streams, queries). Call it before the first batch is read.
   */
  countRows?(): Promise<number | null>;
  /**
   * The caller is done with `batch`, one of this source's batches, and with every view into it
   * (slices, columns, typed arrays): its buffers may be filled again for a later batch. Sources
   * without reusable buffers leave this out; a batch given twice, or not of this source, is
   * ignored.
   */
  recycle?(batch: RecordBatch): void;
  /** Releases files and database handles; safe to call twice. */
  close(): Promise<void>;
}
