// @duckdb/node-api, loaded with require: it is a CommonJS package, and importing it as an ES
// module has Node scan every one of its files for export names first (more than half of its
// load time, paid by every command that reads CSV, Parquet or JSON).
import { createRequire } from 'node:module';
import type * as DuckDBApi from '@duckdb/node-api';

/** The `@duckdb/node-api` module (load this module only where DuckDB is needed). */
export const duckdbApi = createRequire(import.meta.url)('@duckdb/node-api') as typeof DuckDBApi;
