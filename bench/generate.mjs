// Generates the benchmark prediction logs (not committed): Arrow IPC written with
// apache-arrow, Parquet written by DuckDB. Two sensitive features (4 × 5 groups), a
// binary label, a prediction and a score. Deterministic.
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';
import { RecordBatchFileWriter, makeData, RecordBatch, Schema, Field, Dictionary, Utf8, Int8, Int32, Float64, Struct, vectorFromArray } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';

export const DATA_DIR = resolve(import.meta.dirname, 'data');

const A = ['a0', 'a1', 'a2', 'a3'];
const B = ['b0', 'b1', 'b2', 'b3', 'b4'];

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `rows` rows as an Arrow IPC file; returns its path. */
export async function arrowLog(rows) {
  mkdirSync(DATA_DIR, { recursive: true });
  const path = resolve(DATA_DIR, `log-${rows}.arrow`);
  if (existsSync(path)) return path;
  const dictA = vectorFromArray(A, new Utf8());
  const dictB = vectorFromArray(B, new Utf8());
  const typeA = new Dictionary(new Utf8(), new Int8(), 0);
  const typeB = new Dictionary(new Utf8(), new Int8(), 1);
  const schema = new Schema([
    new Field('y_true', new Int8(), false),
    new Field('y_pred', new Int8(), false),
    new Field('score', new Float64(), false),
    new Field('group_a', typeA, false),
    new Field('group_b', typeB, false),
  ]);
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp);
  const writer = RecordBatchFileWriter.throughNode();
  writer.pipe(out);
  const rand = mulberry32(42);
  const size = 1 << 20;
  for (let start = 0; start < rows; start += size) {
    const n = Math.min(size, rows - start);
    const y = new Int8Array(n), p = new Int8Array(n), s = new Float64Array(n), a = new Int8Array(n), b = new Int8Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = Math.floor(rand() * 4);
      b[i] = Math.floor(rand() * 5);
      const score = Math.min(1, Math.max(0, rand() * 0.8 + a[i] * 0.05));
      s[i] = score;
      y[i] = rand() < score ? 1 : 0;
      p[i] = score > 0.5 ? 1 : 0;
    }
    const children = [
      makeData({ type: new Int8(), length: n, data: y }),
      makeData({ type: new Int8(), length: n, data: p }),
      makeData({ type: new Float64(), length: n, data: s }),
      makeData({ type: typeA, length: n, data: a, dictionary: dictA }),
      makeData({ type: typeB, length: n, data: b, dictionary: dictB }),
    ];
    const struct = makeData({ type: new Struct(schema.fields), length: n, children });
    writer.write(new RecordBatch(schema, struct));
  }
  writer.end();
  await new Promise((ok, fail) => out.on('finish', ok).on('error', fail));
  renameSync(tmp, path);
  return path;
}

/** Writes `rows` rows as Parquet with DuckDB; returns its path. */
export async function parquetLog(rows) {
  mkdirSync(DATA_DIR, { recursive: true });
  const path = resolve(DATA_DIR, `log-${rows}.parquet`);
  if (existsSync(path)) return path;
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const tmp = `${path}.tmp`;
  await con.run(`COPY (
    WITH r AS (SELECT i, hash(i) AS h, hash(i + 1000000007) AS h2 FROM range(${rows}) t(i))
    SELECT CAST(y AS TINYINT) AS y_true, CAST(score > 0.5 AS TINYINT) AS y_pred, score,
           'a' || CAST(ga AS VARCHAR) AS group_a, 'b' || CAST(gb AS VARCHAR) AS group_b
    FROM (SELECT ga, gb, score, CASE WHEN (h2 % 1000000) / 1e6 < score THEN 1 ELSE 0 END AS y FROM (
      SELECT h % 4 AS ga, (h // 4) % 5 AS gb, least(1.0, ((h // 20) % 1000003) / 1000003.0 * 0.8 + (h % 4) * 0.05) AS score, h2 FROM r))
  ) TO '${tmp.replaceAll("'", "''")}' (FORMAT parquet, ROW_GROUP_SIZE 1048576)`);
  con.closeSync?.();
  renameSync(tmp, path);
  return path;
}
