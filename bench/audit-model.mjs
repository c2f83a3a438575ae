// `assay audit --model` end to end on a 1-million-row table (the shared Adult model over
// Adult evaluation rows repeated), beside bare `session.run` on pre-built tensors of the
// same rows at the same batch size, in the same run. Target: overhead ≤ 15%.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ort from 'onnxruntime-node';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED = resolve(ROOT, '../shared');
const MODEL = join(SHARED, 'models/adult-logreg/model.onnx');
const CSV = join(SHARED, 'models/adult-logreg/predictions.csv');
const ROWS = 1_000_000;
const BATCH = 65_536;
const DATA = join(ROOT, 'bench/data');
const PARQUET = join(DATA, `adult-${ROWS}.parquet`);

if (!existsSync(PARQUET)) {
  mkdirSync(DATA, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`COPY (SELECT t.* FROM read_csv('${CSV}') t, range(${Math.ceil(ROWS / 16281)}) r LIMIT ${ROWS}) TO '${PARQUET}' (FORMAT parquet)`);
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
const cli = () => {
  const out = mkdtempSync(join(tmpdir(), 'assay-bench-model-'));
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli/bin.js'), 'audit', '--model', MODEL, '--data', PARQUET, '--label', 'y_true',
    '--sensitive', 'sex', '--sensitive', 'race', '--out', out, '--quiet', '--model-batch-size', String(BATCH)], { encoding: 'utf8' });
  const s = (performance.now() - t) / 1000;
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(r.stderr);
  return s;
};
const bareTimes = [];
const cliTimes = [];
for (let i = 0; i < 3; i++) {
  bareTimes.push(await bare());
  cliTimes.push(cli());
}
const median = (xs) => [...xs].sort((a, b) => a - b)[1];
const b = median(bareTimes);
const c = median(cliTimes);
console.log(`bare session.run: ${Math.round(ROWS / b).toLocaleString('en')} rows/s (${b.toFixed(2)} s)`);
console.log(`assay audit --model (process start to audit.json + audit.html): ${Math.round(ROWS / c).toLocaleString('en')} rows/s (${c.toFixed(2)} s)`);
console.log(`overhead over bare inference: ${((c / b - 1) * 100).toFixed(1)}% (target ≤ 15%)`);
