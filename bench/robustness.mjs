// Robustness suite cost: wall time of runRobustness('default') on a table of adult rows (the
// evaluation split of shared/models/adult-logreg, repeated) beside the bare inference time of
// every row the suite scores (clean + each perturbed copy): onnxruntime session.run on
// pre-built tensors, in the same process. Target: suite ≤ 1.5 × bare inference.
//
//   npx tsc -p tsconfig.build.json && node bench/robustness.mjs [rows=1000000] [batch=65536]
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Dictionary, Int32, Int64, RecordBatch, Schema, Field, Struct, Utf8, makeData, vectorFromArray } from 'apache-arrow';
import ort from 'onnxruntime-node';
import { loadOnnxModel } from '../dist/model/onnx-model.js';
import { runRobustness } from '../dist/robustness/run-robustness.js';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED = resolve(ROOT, '../shared');
const MODEL = resolve(SHARED, 'models/adult-logreg/model.onnx');
const CSV = resolve(SHARED, 'models/adult-logreg/predictions.csv');
const rows = Number(process.argv[2] ?? 1_000_000);
const batchRows = Number(process.argv[3] ?? 65_536);

// The CSV's rows, column by column (no quoting in this file).
const lines = readFileSync(CSV, 'utf8').trim().split('\n');
const header = lines[0].split(',');
const records = lines.slice(1).map((l) => l.split(','));
const INTS = new Set(['age', 'fnlwgt', 'education_num', 'capital_gain', 'capital_loss', 'hours_per_week', 'y_true']);
const columns = header.filter((c) => c !== 'y_pred' && c !== 'score');

/** One batch of `n` rows starting at CSV row `start` (wrapping), typed as DuckDB reads the CSV: BIGINT and dictionary VARCHAR. */
function makeBatch(start, n) {
  const fields = [];
  const children = [];
  for (const name of columns) {
    const j = header.indexOf(name);
    if (INTS.has(name)) {
      const values = new BigInt64Array(n);
      for (let i = 0; i < n; i++) values[i] = BigInt(records[(start + i) % records.length][j]);
      fields.push(new Field(name, new Int64(), true));
      children.push(makeData({ type: new Int64(), length: n, nullCount: 0, data: values }));
    } else {
      const words = [];
      const index = new Map();
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const w = records[(start + i) % records.length][j];
        let c = index.get(w);
        if (c === undefined) index.set(w, (c = words.push(w) - 1));
        codes[i] = c;
      }
      const type = new Dictionary(new Utf8(), new Int32());
      fields.push(new Field(name, type, true));
      children.push(makeData({ type, length: n, nullCount: 0, data: codes, dictionary: vectorFromArray(words, new Utf8()) }));
    }
  }
  const schema = new Schema(fields);
  return new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children }));
}

// Batches of the table, built once (the suite's time is measured without I/O).
const batches = [];
for (let start = 0; start < rows; start += batchRows) batches.push(makeBatch(start, Math.min(batchRows, rows - start)));
async function* stream() {
  for (const b of batches) yield b;
}

// Bare inference: every row the suite scores through session.run on tensors built beforehand, in
// calls of the suite's size (copies of a batch packed up to 65,536 rows), outputs fetched as the
// suite fetches them. Half the calls run before the suite and half after, so a change in the
// machine's load during the run weighs on both sides alike.
const session = await ort.InferenceSession.create(MODEL, { logSeverityLevel: 3 });
const CALL = 65_536;
const flat = new Map();
// One flat string per distinct value, as a dictionary column gives them (the fastest feed).
const interned = (s) => flat.get(s) ?? (flat.set(s, Buffer.from(s).toString('utf8')), flat.get(s));
function feeds(n) {
  const out = {};
  for (const input of session.inputNames) {
    const j = header.indexOf(input);
    if (INTS.has(input)) {
      const a = new BigInt64Array(n);
      for (let i = 0; i < n; i++) a[i] = BigInt(records[i % records.length][j]);
      out[input] = new ort.Tensor('int64', a, [n, 1]);
    } else {
      const a = new Array(n);
      for (let i = 0; i < n; i++) a[i] = interned(records[i % records.length][j]);
      out[input] = new ort.Tensor('string', a, [n, 1]);
    }
  }
  return out;
}
// The default suite on adult (sex, race sensitive; 14 inputs): clean + noise ×2 + swap + sex flip
// + race flips ×4 + importance 14 × 5 = 79 copies of every row, checked against the suite below.
const COPIES = 79;
const sizes = [];
for (const b of batches) {
  const n = b.numRows;
  const perCall = Math.max(1, Math.floor(CALL / n));
  for (let left = COPIES; left > 0; left -= perCall) sizes.push(Math.min(left, perCall) * n);
}
const tensors = new Map(sizes.map((size) => [size, null]));
for (const size of tensors.keys()) tensors.set(size, feeds(size));
async function bareRun(part) {
  const t = performance.now();
  let scored = 0;
  for (const size of part) {
    await session.run(tensors.get(size), ['label', 'probabilities']);
    scored += size;
  }
  return { seconds: (performance.now() - t) / 1000, scored };
}
const half = Math.floor(sizes.length / 2);
const before = await bareRun(sizes.slice(0, half));

const model = await loadOnnxModel(MODEL, { columns: batches[0].schema });
// Wall time with a model call under way (input conversion + inference + decoding; calls overlap,
// so this is the union of their intervals), and with a session.run under way, to split the
// suite's own cost out: the rest is time when no call is under way at all.
const busy = () => {
  let active = 0;
  let since = 0;
  const clock = { ms: 0 };
  clock.enter = () => {
    if (active++ === 0) since = performance.now();
  };
  clock.leave = () => {
    if (--active === 0) clock.ms += performance.now() - since;
  };
  return clock;
};
const inModel = busy();
const inRun = busy();
const timed = (obj, name, clock) => {
  const inner = obj[name].bind(obj);
  obj[name] = async (...args) => {
    clock.enter();
    try {
      return await inner(...args);
    } finally {
      clock.leave();
    }
  };
};
timed(model, 'predictBatches', inModel);
timed(model, 'predict', inModel);
if (model.session) timed(model.session, 'run', inRun);
const t0 = performance.now();
const section = await runRobustness({
  model,
  batches: stream(),
  settings: { label: 'y_true', positive: '1', sensitive: ['sex', 'race'] },
  spec: 'default',
  seed: 0,
});
const suite = (performance.now() - t0) / 1000;
await model.close();

const after = await bareRun(sizes.slice(half));
await session.release();
const bare = before.seconds + after.seconds;
const scored = before.scored + after.scored;
if (scored !== section.scoredRows) throw new Error(`the bare run scored ${scored} rows, the suite ${section.scoredRows}`);

const copies = section.scoredRows / rows;
console.log(`robustness default suite on ${rows.toLocaleString('en')} adult rows (batches of ${batchRows}):`);
console.log(`  perturbed copies per row: ${copies - 1} (+ clean); rows scored ${section.scoredRows.toLocaleString('en')} (bare run: ${scored.toLocaleString('en')})`);
console.log(`  suite wall time        ${suite.toFixed(1)} s (${((suite / section.scoredRows) * 1e9).toFixed(0)} ns per scored row)`);
console.log(`    a model call under way ${(inModel.ms / 1000).toFixed(1)} s (input conversion + session.run + output decoding; a session.run under way ${(inRun.ms / 1000).toFixed(1)} s)`);
console.log(`    no call under way (perturbation, accumulation, other) ${((suite * 1000 - inModel.ms) / 1000).toFixed(1)} s`);
console.log(`  bare inference         ${bare.toFixed(1)} s (${((bare / scored) * 1e9).toFixed(0)} ns per row; ${before.seconds.toFixed(1)} s before the suite, ${after.seconds.toFixed(1)} s after)`);
console.log(`  ratio                  ${(suite / bare).toFixed(2)} × bare inference (target ≤ 1.5)`);
