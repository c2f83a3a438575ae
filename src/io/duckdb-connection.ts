import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckdbApi } from './duckdb-api.js';

let instance: Promise<DuckDBInstance> | undefined;

/**
 * A new connection to assay's shared in-memory DuckDB instance (created on first use). The
 * instance never downloads extensions (`autoinstall_known_extensions=false`): CSV, Parquet and
 * JSON support is built in. Each source uses its own connection, so streams do not interfere;
 * the caller closes it (`closeSync()`).
 *
 * @example const connection = await duckdbConnection();
 */
export async function duckdbConnection(): Promise<DuckDBConnection> {
  instance ??= duckdbApi.DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' }).catch(
    (error: unknown) => {
      instance = undefined;
      throw error;
    },
  );
  return (await instance).connect();
}
