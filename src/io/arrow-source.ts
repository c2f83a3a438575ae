import { open, type FileHandle } from 'node:fs/promises';
import {
  RecordBatchReader,
  type AsyncRecordBatchFileReader,
  type AsyncRecordBatchStreamReader,
  type RecordBatch,
  type Schema,
} from 'apache-arrow';
import { AuditError, InternalError, oneLine } from '../core/errors.js';
import { checkArrowMetadata } from './arrow-metadata-check.js';
import { ArrowNormalizer } from './arrow-normalizer.js';
import { dedupeNames } from './dedupe-names.js';
import { resolveColumns } from './resolve-columns.js';
import type { RenamedColumn, Source, SourceOptions } from './source.js';

const FILE_MAGIC = 'ARROW1';
const FEATHER_V1_MAGIC = 'FEA1';
const CONTINUATION = 0xffffffff;

type Reader = AsyncRecordBatchFileReader | AsyncRecordBatchStreamReader;

/**
 * Opens an Arrow IPC file as a {@link Source}, reading it lazily with apache-arrow's
 * `RecordBatchReader` over a file handle: the IPC file format (`ARROW1` magic, also called
 * Feather v2) through its footer with random access, the IPC stream format batch after batch.
 * Only the current batch is in memory, never the whole file.
 *
 * Batches keep the sizes they were written with; with `options.batchSize`, larger ones are
 * cut (zero-copy) into slices of at most that many rows. Empty batches are skipped. Columns
 * are selected with `options.columns` and brought to assay's column types by
 * {@link ArrowNormalizer} (e.g. Int64 → Float64, Utf8 → Dictionary<Utf8, Int32>); a repeated
 * column name is renamed (`a` → `a_1`) and reported in `renamedColumns`.
 *
 * Errors (`AuditError`): not an Arrow IPC file, Feather v1, a truncated or corrupt file (at
 * open when the footer or schema is unreadable, otherwise while iterating), unknown columns.
 *
 * @example
 * const source = await openArrowSource('predictions.arrow', { columns: ['y_true', 'score'] });
 * for await (const batch of source.batches()) console.log(batch.numRows);
 * await source.close();
 */
export async function openArrowSource(path: string, options: SourceOptions = {}): Promise<Source> {
  if (options.csv !== undefined) throw new AuditError(`csv options do not apply to arrow file ${path}`);
  const batchSize = options.batchSize;
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    throw new AuditError(`invalid batch size: ${batchSize} (expected a positive integer)`);
  }
  const handle = await open(path, 'r');
  try {
    const blocks = await checkArrowMetadata(handle, path, await arrowIpcKind(handle, path));
    let reader: Reader;
    try {
      reader = await RecordBatchReader.from(handle);
      await reader.open();
    } catch (error) {
      throw new AuditError(`${path}: truncated or corrupt arrow file (${oneLine(error)})`);
    }
    const schema = reader.schema as Schema | undefined;
    if (!schema) throw new AuditError(`${path}: truncated or corrupt arrow file (no schema)`);
    const { names, renamed } = dedupeNames(arrowFieldNames(schema));
    const indices = resolveColumns(options.columns, names, path);
    const normalizer = new ArrowNormalizer(
      schema,
      indices,
      indices.map((i) => names[i]),
      options.reuseBuffers === true,
    );
    const rows = blocks === null || !reader.isFile() ? null : blocks.batchRows.reduce((a, n) => a + n, 0);
    return new ArrowSource(path, reader, handle, normalizer, renamed, batchSize, Number.isSafeInteger(rows) ? rows : null);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

/** A schema's column names; a field without a name (the format allows it) is named like an empty one. */
export function arrowFieldNames(schema: Schema): string[] {
  return schema.fields.map((f) => (typeof f.name === 'string' ? f.name : ''));
}

/**
 * Whether a file is an Arrow IPC file (`ARROW1` magic) or an IPC stream, read from its first
 * bytes; `AuditError` for anything else (Feather v1 named as such).
 */
export async function arrowIpcKind(handle: FileHandle, path: string): Promise<'file' | 'stream'> {
  const head = Buffer.alloc(8);
  const { bytesRead } = await handle.read(head, 0, 8, 0);
  const text = head.toString('latin1', 0, bytesRead);
  if (text.startsWith(FILE_MAGIC)) return 'file';
  if (text.startsWith(FEATHER_V1_MAGIC)) {
    throw new AuditError(
      `${path}: feather v1 files are not supported (save it again as feather v2 / arrow ipc)`,
    );
  }
  if (bytesRead >= 8 && head.readUInt32LE(0) === CONTINUATION && head.readInt32LE(4) >= 0) return 'stream';
  // streams written before Arrow 0.15 start with the metadata length itself
  if (
    bytesRead >= 4 &&
    head.readInt32LE(0) > 0 &&
    head.readInt32LE(0) < 1 << 24 &&
    !/^[\x20-\x7e]{4}/.test(text)
  )
    return 'stream';
  throw new AuditError(`${path}: not an arrow ipc file (no ARROW1 magic or stream header)`);
}

class ArrowSource implements Source {
  readonly format = 'arrow' as const;
  readonly schema: Schema;
  private started = false;
  private closed = false;

  constructor(
    readonly name: string,
    private readonly reader: Reader,
    private readonly handle: FileHandle,
    private readonly normalizer: ArrowNormalizer,
    readonly renamedColumns: readonly RenamedColumn[],
    private readonly batchSize: number | undefined,
    /** An IPC file's rows, from its record batch headers (null for a stream). */
    private readonly rows: number | null,
  ) {
    this.schema = normalizer.schema;
  }

  batches(): AsyncIterable<RecordBatch> {
    if (this.started) throw new InternalError(`batches() of ${this.name} can be iterated only once`);
    if (this.closed) throw new InternalError(`source ${this.name} is closed`);
    this.started = true;
    return this.stream();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => undefined);
  }

  /** An IPC file's rows, from its record batches' headers (found through the footer); null for a stream. */
  countRows(): Promise<number | null> {
    return Promise.resolve(this.rows);
  }

  private async *stream(): AsyncGenerator<RecordBatch> {
    const { batchSize, normalizer } = this;
    let iterator: AsyncIterator<RecordBatch>;
    try {
      iterator = this.reader[Symbol.asyncIterator]();
    } catch (error) {
      throw this.corrupt(error);
    }
    for (;;) {
      let next: IteratorResult<RecordBatch>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw this.corrupt(error);
      }
      if (next.done) return;
      const batch = next.value;
      if (batch.numRows === 0) continue;
      if (batchSize === undefined || batch.numRows <= batchSize) {
        yield normalizer.normalize(batch);
      } else {
        for (let start = 0; start < batch.numRows; start += batchSize) {
          yield normalizer.normalize(batch.slice(start, start + batchSize));
        }
      }
    }
  }

  private corrupt(error: unknown): AuditError {
    if (this.closed) return new AuditError(`${this.name}: read after the source was closed`);
    return new AuditError(`${this.name}: truncated or corrupt arrow file (${oneLine(error)})`);
  }
}
