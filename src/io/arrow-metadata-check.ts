import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { ByteBuffer } from 'flatbuffers';
import { Footer } from 'apache-arrow/fb/footer';
import { DictionaryBatch } from 'apache-arrow/fb/dictionary-batch';
import { Message } from 'apache-arrow/fb/message';
import { MessageHeader } from 'apache-arrow/fb/message-header';
import { RecordBatch } from 'apache-arrow/fb/record-batch';
import { Schema } from 'apache-arrow/fb/schema';
import { AuditError, oneLine } from '../core/errors.js';

/** No Arrow IPC schema message or footer comes near this size. */
const MAX_METADATA_BYTES = 1 << 26;
/** Deeper nesting than this is damage, not data. */
const MAX_DEPTH = 64;

/**
 * Checks the metadata that apache-arrow decodes first — an IPC file's footer (schema and
 * record batch blocks), an IPC stream's schema message — against the bytes that hold it,
 * before apache-arrow materialises it: a damaged length field (a count of 15 million
 * children in a 368-byte footer) would otherwise make it allocate until the process runs
 * out of memory. Every vector of tables needs 4 bytes an entry, every block 24, inside the
 * metadata. An IPC file's blocks are checked too: each must hold a message of its kind (a
 * record batch block holding another kind made apache-arrow read it again without end), with
 * its body inside the file; their row counts are returned (`batchRows`, in file order).
 * Throws `AuditError` naming `path` (a file without its trailing magic is truncated); returns
 * null for streams, whose batches apache-arrow checks as it reads them.
 *
 * @example const { batchRows } = (await checkArrowMetadata(handle, 'log.arrow', 'file')) ?? { batchRows: [] };
 */
export async function checkArrowMetadata(handle: FileHandle, path: string, kind: 'file' | 'stream'): Promise<{ batchRows: number[] } | null> {
  const size = (await handle.stat()).size;
  const corrupt = (why: string): AuditError => new AuditError(`${path}: truncated or corrupt arrow file (${why})`);
  if (kind === 'file') {
    // the format ends a file with its footer, its length and the magic again
    if (size < 18) throw corrupt(`${size} bytes, too short for a footer`);
    const tail = Buffer.alloc(10);
    await handle.read(tail, 0, 10, size - 10);
    if (tail.toString('latin1', 4) !== 'ARROW1') throw corrupt('no ARROW1 magic at its end');
    const length = tail.readInt32LE(0);
    if (length <= 0 || length > size - 18 || length > MAX_METADATA_BYTES) throw corrupt(`footer of ${length} bytes in a file of ${size}`);
    const bytes = new Uint8Array(length);
    await handle.read(bytes, 0, length, size - 10 - length);
    let footer: Footer;
    try {
      footer = Footer.getRootAsFooter(new ByteBuffer(bytes));
      const blocks = footer.recordBatchesLength() + footer.dictionariesLength();
      if (blocks * 24 > length) throw new Error(`${blocks} record batch blocks in a footer of ${length} bytes`);
      const schema = footer.schema();
      if (schema === null) throw new Error('no schema in the footer');
      checkSchema(schema, length);
    } catch (error) {
      throw corrupt(oneLine(error));
    }
    // Each block must hold the message it is listed as, inside the file: apache-arrow rereads
    // a block whose message is of another kind without end.
    const batchRows: number[] = [];
    for (const [kind, count, block] of [
      [MessageHeader.DictionaryBatch, footer.dictionariesLength(), (i: number) => footer.dictionaries(i)],
      [MessageHeader.RecordBatch, footer.recordBatchesLength(), (i: number) => footer.recordBatches(i)],
    ] as const) {
      for (let i = 0; i < count; i++) {
        const where = block(i);
        if (where === null) throw corrupt(`no block ${i} in the footer`);
        let rows: number;
        try {
          rows = checkBlock(handle, size, Number(where.offset()), where.metaDataLength(), kind);
        } catch (error) {
          throw corrupt(`${kind === MessageHeader.RecordBatch ? 'record' : 'dictionary'} batch ${i}: ${oneLine(error)}`);
        }
        if (kind === MessageHeader.RecordBatch) batchRows.push(rows);
      }
    }
    return { batchRows };
  }
  // a stream: [0xFFFFFFFF] int32 length, then the schema message (no continuation before Arrow 0.15)
  const head = Buffer.alloc(8);
  const { bytesRead } = await handle.read(head, 0, 8, 0);
  if (bytesRead < 8) return null;
  const continued = head.readUInt32LE(0) === 0xffffffff;
  const length = continued ? head.readInt32LE(4) : head.readInt32LE(0);
  const start = continued ? 8 : 4;
  if (length <= 0) return null; // an empty stream: apache-arrow says so
  if (length > size - start || length > MAX_METADATA_BYTES) throw corrupt(`schema message of ${length} bytes in a file of ${size}`);
  const bytes = new Uint8Array(length);
  await handle.read(bytes, 0, length, start);
  try {
    const message = Message.getRootAsMessage(new ByteBuffer(bytes));
    if (message.headerType() !== MessageHeader.Schema) return null; // apache-arrow reports a stream without a schema
    const schema = message.header(new Schema()) as Schema | null;
    if (schema === null) throw new Error('no schema in the first message');
    checkSchema(schema, length);
  } catch (error) {
    throw corrupt(oneLine(error));
  }
  return null;
}

/**
 * The message at a footer block: of `kind`, its metadata and body inside the file, its vectors
 * inside its metadata; returns its row count. Throws a plain `Error` saying what is wrong.
 */
function checkBlock(handle: FileHandle, size: number, offset: number, metaDataLength: number, kind: MessageHeader): number {
  if (!Number.isSafeInteger(offset) || offset < 8 || !(metaDataLength >= 8 && metaDataLength <= MAX_METADATA_BYTES) || offset + metaDataLength > size) {
    throw new Error(`a block of ${metaDataLength} bytes at byte ${offset} of a file of ${size}`);
  }
  const bytes = Buffer.alloc(metaDataLength);
  // a synchronous read: a file of 10,000 batches reads 10,000 headers (36 µs each asynchronously, a few µs so)
  readSync(handle.fd, bytes, 0, metaDataLength, offset);
  // [0xFFFFFFFF] int32 length, then the flatbuffer (no continuation before Arrow 0.15)
  const start = bytes.readUInt32LE(0) === 0xffffffff ? 8 : 4;
  const message = Message.getRootAsMessage(new ByteBuffer(new Uint8Array(bytes.buffer, bytes.byteOffset + start, metaDataLength - start)));
  if (message.headerType() !== kind) throw new Error(`a message of another kind (${MessageHeader[message.headerType()] ?? message.headerType()})`);
  const body = Number(message.bodyLength());
  if (!(body >= 0) || offset + metaDataLength + body > size) throw new Error(`a body of ${body} bytes past the end of the file`);
  const batch: RecordBatch | null =
    kind === MessageHeader.RecordBatch
      ? (message.header(new RecordBatch()) as RecordBatch | null)
      : ((message.header(new DictionaryBatch()) as DictionaryBatch | null)?.data() ?? null);
  if (batch === null) throw new Error('no record batch in the message');
  const limit = Math.floor(metaDataLength / 16);
  if (batch.nodesLength() > limit || batch.buffersLength() > limit) throw new Error(`${batch.nodesLength()} nodes and ${batch.buffersLength()} buffers in ${metaDataLength} bytes`);
  const rows = Number(batch.length());
  if (!Number.isSafeInteger(rows) || rows < 0) throw new Error(`a row count of ${rows}`);
  return rows;
}

/** Every vector of the schema (fields, children, metadata) fits in `bytes` bytes. */
function checkSchema(schema: Schema, bytes: number): void {
  const limit = Math.floor(bytes / 4);
  const fits = (count: number, what: string): void => {
    if (!(count >= 0 && count <= limit)) throw new Error(`${count} ${what} in ${bytes} bytes of metadata`);
  };
  fits(schema.fieldsLength(), 'fields');
  fits(schema.customMetadataLength(), 'metadata entries');
  let seen = 0;
  const visit = (field: ReturnType<Schema['fields']>, depth: number): void => {
    if (field === null) throw new Error('a missing field');
    if (depth > MAX_DEPTH) throw new Error(`fields nested over ${MAX_DEPTH} deep`);
    seen++;
    fits(seen, 'fields in all');
    fits(field.childrenLength(), 'children of a field');
    fits(field.customMetadataLength(), 'metadata entries of a field');
    for (let i = 0; i < field.childrenLength(); i++) visit(field.children(i), depth + 1);
  };
  for (let i = 0; i < schema.fieldsLength(); i++) visit(schema.fields(i), 0);
}

