// `assay audit --model` end to end on a 1-million-row table (the shared Adult model over
// Adult evaluation rows repeated), beside bare `session.run` on pre-built tensors of the
// same rows at the same batch size, in the same run. Target: overhead ≤ 15%.
// The table is timed as Parquet and as Arrow IPC (the same rows): reading Parquet text columns
// through DuckDB costs far more than reading Arrow, so the bench also times a bare read of each
// table through assay's reader (no model, no metrics) to show what reading alone costs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { RecordBatchStreamWriter } from 'apache-arrow';
import ort from 'onnxruntime-node';
import { openSource } from '../dist/io/open-source.js';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED = resolve(ROOT, '../shared');
const MODEL = join(SHARED, 'models/adult-logreg/model.onnx');
const CSV = join(SHARED, 'models/adult-logreg/predictions.csv');
const ROWS = 1_000_000;
const BATCH = 65_536;
const DATA = join(ROOT, 'bench/data');
const PARQUET = join(DATA, `adult-${ROWS}.parquet`);
const ARROW = join(DATA, `adult-${ROWS}.arrows`);
const REPEAT = 5;

if (!existsSync(PARQUET)) {
  mkdirSync(DATA, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`COPY (SELECT t.* FROM read_csv('${CSV}') t, range(${Math.ceil(ROWS / 16281)}) r LIMIT ${ROWS}) TO '${PARQUET}' (FORMAT parquet)`);
}
if (!existsSync(ARROW)) {
  // the same rows as an Arrow IPC stream, as assay reads them from the Parquet file
  const source = await openSource(PARQUET, {});
  const writer = new RecordBatchStreamWriter();
  for await (const batch of source.batches()) writer.write(batch);
  writer.finish();
  writeFileSync(ARROW, await writer.toUint8Array());
  await source.close();
}

/** Seconds to read every row of `file` through assay's reader, and nothing else. */
async function readOnly(file) {
  const t = performance.now();
  const source = await openSource(file, {});
  let rows = 0;
  for await (const batch of source.batches()) rows += batch.numRows;
  await source.close();
  if (rows !== ROWS) throw new Error(`read ${rows} rows from ${file}`);
  return (performance.now() - t) / 1000;
}

// Bare inference: tensors built once from the CSV rows (repeated), then only session.run is timed.
const lines = readFileSync(CSV, 'utf8').trim().split('\n');
const header = lines[0].split(',');
const rows = lines.slice(1).map((l) => l.split(','));
const session = await ort.InferenceSession.create(MODEL);
const inputs = session.inputNames.map((name) => ({ name, col: header.indexOf(name), type: session.inputMetadata.find?.((m) => m.name === name)?.type }));
const batches = [];
for (let start = 0; start < ROWS; start += BATCH) {
  const n = Math.min(BATCH, ROWS - start);
  const feeds = {};
  for (const { name, col } of inputs) {
    const values = Array.from({ length: n }, (_, i) => rows[(start + i) % rows.length][col]);
    const numeric = values.every((v) => /^-?\d+$/.test(v));
    feeds[name] = numeric
      ? new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), [n, 1])
      : new ort.Tensor('string', values, [n, 1]);
  }
  batches.push(feeds);
}
const bare = () => {
  const t = performance.now();
  return (async () => {
    for (const feeds of batches) await session.run(feeds);
    return (performance.now() - t) / 1000;
  })();
};
const cli = (data) => {
  const out = mkdtempSync(join(tmpdir(), 'assay-bench-model-'));
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli/bin.js'), 'audit', '--model', MODEL, '--data', data, '--label', 'y_true',
    '--sensitive', 'sex', '--sensitive', 'race', '--out', out, '--quiet', '--model-batch-size', String(BATCH)], { encoding: 'utf8' });
  const s = (performance.now() - t) / 1000;
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(r.stderr);
  return s;
};
const times = { bare: [], parquet: [], arrow: [], readParquet: [], readArrow: [] };
for (let i = 0; i < REPEAT; i++) {
  times.bare.push(await bare());
  times.parquet.push(cli(PARQUET));
  times.arrow.push(cli(ARROW));
  times.readParquet.push(await readOnly(PARQUET));
  times.readArrow.push(await readOnly(ARROW));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
const runs = (xs) => xs.map((x) => x.toFixed(2)).join(', ');
const b = median(times.bare);
const rate = (s) => `${Math.round(ROWS / s).toLocaleString('en')} rows/s`;
console.log(`bare session.run: ${rate(b)} (median of ${REPEAT}: ${b.toFixed(2)} s; runs ${runs(times.bare)})`);
for (const [name, key, read] of [['parquet', 'parquet', 'readParquet'], ['arrow ipc', 'arrow', 'readArrow']]) {
  const c = median(times[key]);
  const r = median(times[read]);
  console.log(`assay audit --model, ${name} table (process start to audit.json + audit.html): ${rate(c)} (median ${c.toFixed(2)} s; runs ${runs(times[key])})`);
  // each repetition ran bare inference and this audit back to back: their ratio is steadier on a busy machine
  const paired = median(times[key].map((x, i) => x / times.bare[i]));
  console.log(`  overhead over bare inference: ${((c / b - 1) * 100).toFixed(1)}% (target ≤ 15%; median of the per-repetition ratios ${((paired - 1) * 100).toFixed(1)}%); reading the table alone through assay's reader: ${r.toFixed(2)} s (${((r / b) * 100).toFixed(0)}% of bare inference)`);
}
