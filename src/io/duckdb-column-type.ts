import {
  Bool,
  DateDay,
  Dictionary,
  Float64,
  Int32,
  TimeMicrosecond,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampNanosecond,
  TimestampSecond,
  Utf8,
  type DataType,
} from 'apache-arrow';
import type { DuckDBType, DuckDBTypeId as TypeId } from '@duckdb/node-api';
import { duckdbApi } from './duckdb-api.js';

const DuckDBTypeId = duckdbApi.DuckDBTypeId;

/** How one DuckDB column's chunks are copied into Arrow buffers. */
export type ColumnKind =
  | 'bool'
  | 'int32'
  | 'float64'
  | 'int64-as-float64'
  | 'uint64-as-float64'
  /** A text file's column whose sampled rows were whole numbers: read as DOUBLE, every value checked whole. */
  | 'guessed-int-as-float64'
  | 'date'
  | 'timestamp'
  | 'string'
  /** A DuckDB ENUM: codes into `values`, read as dictionary-encoded text. */
  | 'enum';

/** The conversion chosen for one DuckDB column. */
export interface DuckDBColumnType {
  /**
   * Conversion applied in SQL before reading: a cast to `DOUBLE` or `VARCHAR`, `JSON` (the
   * text of a JSON value, strings unquoted: `->> '$'`), or null for none.
   */
  cast: 'DOUBLE' | 'VARCHAR' | 'JSON' | null;
  kind: ColumnKind;
  /** DuckDB type id of the (cast) values in each chunk. */
  typeId: TypeId;
  /** Bytes per value in the DuckDB vector. */
  width: number;
  /** The Arrow type of the column. */
  arrowType: DataType;
  /** The members of an ENUM column, by code (kind `enum` only). */
  values?: readonly string[];
}

/**
 * Maps a DuckDB column type to the Arrow type assay hands downstream, and to the cast (if any)
 * applied in SQL before reading. The mapping keeps every value exact where JS numbers allow:
 *
 * | DuckDB                                         | Arrow                          |
 * |------------------------------------------------|--------------------------------|
 * | BOOLEAN                                        | Bool                           |
 * | TINYINT, SMALLINT, INTEGER, UTINYINT, USMALLINT | Int32                          |
 * | UINTEGER                                       | Float64                        |
 * | BIGINT, UBIGINT                                | Float64 (cast to DOUBLE in SQL: exact up to 2^53, rounded as Number() rounds beyond) |
 * | FLOAT, DOUBLE                                  | Float64                        |
 * | DECIMAL, HUGEINT, UHUGEINT, BIGNUM             | Float64 (cast to DOUBLE in SQL) |
 * | VARCHAR, ENUM (codes into its members) (and UUID, BLOB, TIME WITH TIME ZONE, INTERVAL, LIST, STRUCT, … cast to VARCHAR; JSON as its text) | Dictionary<Utf8, Int32>, one dictionary per batch |
 * | TIME                                           | Time (microsecond)              |
 * | DATE                                           | DateDay (days since 1970-01-01) |
 * | TIMESTAMP / _S / _MS / _NS                     | Timestamp (same unit, no zone)  |
 * | TIMESTAMP WITH TIME ZONE                       | Timestamp (microsecond, `UTC`)  |
 *
 * 64-bit integers become Float64 rather than Int64 so that downstream code reads plain
 * numbers (never `bigint`); integers beyond ±2^53 round to the nearest double.
 *
 * @example duckdbColumnType(DuckDBIntegerType.instance).arrowType // Int32
 */
export function duckdbColumnType(type: DuckDBType): DuckDBColumnType {
  const id = type.typeId;
  switch (id) {
    case DuckDBTypeId.BOOLEAN:
      return { cast: null, kind: 'bool', typeId: id, width: 1, arrowType: new Bool() };
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.UTINYINT:
      return { cast: null, kind: 'int32', typeId: id, width: 1, arrowType: new Int32() };
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.USMALLINT:
      return { cast: null, kind: 'int32', typeId: id, width: 2, arrowType: new Int32() };
    case DuckDBTypeId.INTEGER:
      return { cast: null, kind: 'int32', typeId: id, width: 4, arrowType: new Int32() };
    case DuckDBTypeId.UINTEGER:
      return { cast: null, kind: 'float64', typeId: id, width: 4, arrowType: new Float64() };
    // 64-bit integers become doubles in DuckDB's threads (the cast rounds beyond 2^53 as Number() would)
    case DuckDBTypeId.BIGINT:
      return { cast: 'DOUBLE', kind: 'int64-as-float64', typeId: DuckDBTypeId.DOUBLE, width: 8, arrowType: new Float64() };
    case DuckDBTypeId.UBIGINT:
      return { cast: 'DOUBLE', kind: 'uint64-as-float64', typeId: DuckDBTypeId.DOUBLE, width: 8, arrowType: new Float64() };
    case DuckDBTypeId.FLOAT:
      return { cast: null, kind: 'float64', typeId: id, width: 4, arrowType: new Float64() };
    case DuckDBTypeId.DOUBLE:
      return { cast: null, kind: 'float64', typeId: id, width: 8, arrowType: new Float64() };
    case DuckDBTypeId.DECIMAL:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return {
        cast: 'DOUBLE',
        kind: 'float64',
        typeId: DuckDBTypeId.DOUBLE,
        width: 8,
        arrowType: new Float64(),
      };
    case DuckDBTypeId.DATE:
      return { cast: null, kind: 'date', typeId: id, width: 4, arrowType: new DateDay() };
    case DuckDBTypeId.TIMESTAMP:
      return { cast: null, kind: 'timestamp', typeId: id, width: 8, arrowType: new TimestampMicrosecond() };
    case DuckDBTypeId.TIMESTAMP_S:
      return { cast: null, kind: 'timestamp', typeId: id, width: 8, arrowType: new TimestampSecond() };
    case DuckDBTypeId.TIMESTAMP_MS:
      return { cast: null, kind: 'timestamp', typeId: id, width: 8, arrowType: new TimestampMillisecond() };
    case DuckDBTypeId.TIMESTAMP_NS:
      return { cast: null, kind: 'timestamp', typeId: id, width: 8, arrowType: new TimestampNanosecond() };
    case DuckDBTypeId.TIMESTAMP_TZ:
      return {
        cast: null,
        kind: 'timestamp',
        typeId: id,
        width: 8,
        arrowType: new TimestampMicrosecond('UTC'),
      };
    case DuckDBTypeId.TIME:
      // microseconds since midnight, as Arrow's Time64: named as pandas writes a time
      return { cast: null, kind: 'timestamp', typeId: id, width: 8, arrowType: new TimeMicrosecond() };
    case DuckDBTypeId.VARCHAR:
      // JSON (e.g. a JSON Lines field holding numbers and strings) reads as the values' text
      return {
        cast: type.alias === 'JSON' ? 'JSON' : null,
        kind: 'string',
        typeId: id,
        width: 16,
        arrowType: stringType(),
      };
    case DuckDBTypeId.ENUM: {
      // codes of 1, 2 or 4 bytes into the members, read without a string per row
      const { values, internalTypeId } = type;
      const width = internalTypeId === DuckDBTypeId.UTINYINT ? 1 : internalTypeId === DuckDBTypeId.USMALLINT ? 2 : 4;
      return { cast: null, kind: 'enum', typeId: internalTypeId, width, arrowType: stringType(), values };
    }
    default:
      // UUID, BLOB, BIT, TIME_TZ, INTERVAL, LIST, STRUCT, MAP, ARRAY, UNION, SQLNULL, …:
      // read as their text form, which keeps every value and groups like a category.
      return {
        cast: 'VARCHAR',
        kind: 'string',
        typeId: DuckDBTypeId.VARCHAR,
        width: 16,
        arrowType: stringType(),
      };
  }
}

function stringType(): Dictionary<Utf8, Int32> {
  return new Dictionary(new Utf8(), new Int32());
}
