import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import type { DuckDBDataChunk } from '@duckdb/node-api';
import { InternalError } from '../core/errors.js';

/** A raw DuckDB data chunk handle (what `DuckDBDataChunk.chunk` holds). */
export type RawDataChunk = DuckDBDataChunk['chunk'];

/** An opaque DuckDB vector handle. */
export interface RawVector {
  readonly __duckdb_type: 'duckdb_vector';
}

/**
 * The few functions of DuckDB's C API binding that the columnar fast path needs: direct
 * views of a vector's data and validity words, without a JS object per value.
 */
export interface DuckDBBindings {
  data_chunk_get_vector(chunk: RawDataChunk, columnIndex: number): RawVector;
  /** A view of the first `byteCount` bytes of the vector's data (valid while the chunk lives). */
  vector_get_data(vector: RawVector, byteCount: number): Uint8Array;
  /** A view of the vector's validity words, or null when every row is valid. */
  vector_get_validity(vector: RawVector, byteCount: number): Uint8Array | null;
  /** Empties a chunk, releasing its auxiliary buffers (the heap of strings over 12 bytes). */
  data_chunk_reset(chunk: RawDataChunk): void;
  /** Reads a pointer stored in `buffer` at `pointerOffset` and returns `byteCount` bytes at it. */
  get_data_from_pointer(buffer: ArrayBufferLike, pointerOffset: number, byteCount: number): Uint8Array;
}

let bindings: DuckDBBindings | undefined;

/**
 * The `@duckdb/node-bindings` module that `@duckdb/node-api` itself loaded, resolved from
 * node-api's own location so that both always share one native library (two copies of
 * libduckdb in one process would hand each other foreign pointers).
 *
 * Throws `InternalError` on big-endian machines: the fast path reads DuckDB's little-endian
 * in-memory layout directly.
 *
 * @example duckdbBindings().vector_get_data(vector, rows * 8)
 */
export function duckdbBindings(): DuckDBBindings {
  if (bindings) return bindings;
  if (endianness() !== 'LE') throw new InternalError('duckdb columnar reader needs a little-endian machine');
  const require = createRequire(import.meta.url);
  const apiRequire = createRequire(require.resolve('@duckdb/node-api'));
  bindings = apiRequire('@duckdb/node-bindings') as DuckDBBindings;
  return bindings;
}
