#!/usr/bin/env node
// assay's inference overhead: applyModel (Arrow batches in → batches with __prediction/__score out)
// against bare onnxruntime session.run on tensors built beforehand, same model, same batch size,
// same process.
//
//   npx tsc -p tsconfig.build.json && node bench/inference.mjs [--model adult|compas|example]
//       [--rows 1000000] [--batch-size 65536] [--repeat 5] [--types duckdb|arrow] [--threads n]
//
// The table repeats the rows of ../shared/models/<id>/predictions.csv up to --rows. Column types:
// `duckdb` (default) as assay's CSV reader gives them (numbers Float64, text Dictionary<Int32, Utf8>);
// `arrow` as typed Arrow data often is (integers Int64, text Utf8). Each measurement is repeated
// (alternating the order) after a warm-up; the medians are printed, and the median of the
// per-repetition ratios (each pair ran back to back, which matters on a busy machine).
// --threads sets onnxruntime's intra-op threads for both (default 0: onnxruntime's choice).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Table, Utf8, makeVector, vectorFromArray } from 'apache-arrow';
import ort from 'onnxruntime-node';
import { applyModel } from '../dist/model/apply-model.js';
import { fillInput } from '../dist/model/fill-input.js';
import { loadOnnxModel } from '../dist/model/onnx-model.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(repoRoot, '../shared');

function args(argv) {
  const out = { model: 'adult', rows: 1_000_000, batchSize: 65_536, repeat: 5, types: 'duckdb', threads: 0 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase());
    if (!(key in out)) throw new Error(`unknown option ${argv[i]}`);
    out[key] = typeof out[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
  }
  return out;
}

const MODELS = {
  adult: { file: 'models/adult-logreg/model.onnx', csv: 'models/adult-logreg/predictions.csv' },
  compas: {
    file: 'models/compas-gbdt/model.onnx',
    csv: 'models/compas-gbdt/predictions.csv',
    inputMap: {
      input: [
        'age',
        'priors_count',
        'juv_fel_count',
        'juv_misd_count',
        'juv_other_count',
        'sex_female',
        'c_charge_degree_F',
      ],
    },
  },
  example: {
    file: path.join(repoRoot, 'examples/adult-logreg.onnx'),
    csv: 'models/adult-logreg/predictions.csv',
  },
};

/** The CSV's rows repeated up to `rows`, as one Arrow table of batchSize-row batches. */
function buildTable(csv, rows, batchSize, types) {
  const lines = readFileSync(csv, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const header = lines[0].split(',');
  const records = lines.slice(1).map((l) => l.split(','));
  const batches = [];
  for (let start = 0; start < rows; start += batchSize) {
    const n = Math.min(batchSize, rows - start);
    const columns = {};
    header.forEach((name, j) => {
      const raw = Array.from({ length: n }, (_, i) => records[(start + i) % records.length][j]);
      const numeric = raw.every((v) => v !== '' && Number.isFinite(Number(v)));
      const integer = numeric && raw.every((v) => /^-?\d+$/.test(v));
      if (integer && types === 'arrow') columns[name] = makeVector(BigInt64Array.from(raw, (v) => BigInt(v)));
      else if (numeric) columns[name] = makeVector(Float64Array.from(raw, Number));
      else columns[name] = types === 'arrow' ? vectorFromArray(raw, new Utf8()) : vectorFromArray(raw);
    });
    batches.push(...new Table(columns).batches);
  }
  return batches;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const o = args(process.argv.slice(2));
  const spec = MODELS[o.model];
  if (!spec) throw new Error(`unknown model ${o.model} (expected ${Object.keys(MODELS).join(', ')})`);
  const file = path.isAbsolute(spec.file) ? spec.file : path.join(shared, spec.file);
  const batches = buildTable(path.join(shared, spec.csv), o.rows, o.batchSize, o.types);
  const model = await loadOnnxModel(file, {
    columns: batches[0].schema,
    inputMap: spec.inputMap,
    intraOpThreads: o.threads,
  });
  const fetches = model.outputs.fetches;

  // Bare onnxruntime: a session created the same way, tensors built before the clock starts.
  const session = await ort.InferenceSession.create(readFileSync(file), { intraOpNumThreads: o.threads });
  const feeds = batches.map((b) =>
    Object.fromEntries(
      model.inputs.map((m) => [
        m.input,
        new ort.Tensor(
          m.elemType,
          fillInput(m, [b], b.numRows),
          m.rank === 1 ? [b.numRows] : [b.numRows, m.columns.length],
        ),
      ]),
    ),
  );
  const bare = async () => {
    for (const f of feeds) await session.run(f, fetches);
  };
  const assay = async () => {
    async function* source() {
      for (const b of batches) yield b;
    }
    let rows = 0;
    for await (const b of applyModel(model, source(), { batchSize: o.batchSize })) rows += b.numRows;
    if (rows !== o.rows) throw new Error(`applyModel returned ${rows} rows`);
  };
  // Wall time, and the process's CPU time (all threads; with --threads 1 onnxruntime computes on the
  // calling thread, so CPU time then shows the work done, less disturbed by other processes).
  const cpu = { bare: [], assay: [] };
  const time = async (f, k) => {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await f();
    const t = Number(process.hrtime.bigint() - t0) / 1e9;
    const c = process.cpuUsage(c0);
    cpu[k].push((c.user + c.system) / 1e6);
    return t;
  };

  await bare();
  await assay();
  const times = { bare: [], assay: [] };
  for (let r = 0; r < o.repeat; r++) {
    const order = r % 2 === 0 ? ['bare', 'assay'] : ['assay', 'bare'];
    for (const k of order) times[k].push(await time(k === 'bare' ? bare : assay, k));
  }
  const tb = median(times.bare);
  const ta = median(times.assay);
  const rate = (t) => Math.round(o.rows / t).toLocaleString('en-US');
  console.log(
    `model ${o.model} (${path.basename(file)}), ${o.rows.toLocaleString('en-US')} rows, batch ${o.batchSize}, column types ${o.types}, median of ${o.repeat}`,
  );
  console.log(
    `bare session.run  ${tb.toFixed(3)} s  ${rate(tb)} rows/s   [${times.bare.map((t) => t.toFixed(3)).join(', ')}]`,
  );
  console.log(
    `assay applyModel  ${ta.toFixed(3)} s  ${rate(ta)} rows/s   [${times.assay.map((t) => t.toFixed(3)).join(', ')}]`,
  );
  const pairs = median(times.assay.map((t, i) => t / times.bare[i]));
  const cpuRatio = median(cpu.assay) / median(cpu.bare);
  console.log(
    `ratio assay / bare = ${(ta / tb).toFixed(3)} (overhead ${((ta / tb - 1) * 100).toFixed(1)} %); ` +
      `median of per-repetition ratios ${pairs.toFixed(3)}; CPU time ratio ${cpuRatio.toFixed(3)} ` +
      `(${median(cpu.assay).toFixed(3)} / ${median(cpu.bare).toFixed(3)} s); threads ${o.threads || 'default'}`,
  );
  await session.release();
  await model.close();
}

await main();
