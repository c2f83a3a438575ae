#!/usr/bin/env node
// Trains assay's example model — an L2 logistic regression on UCI Adult — and writes it as ONNX.
//
//   node scripts/train-example-model.mjs [--data <dir with adult.data>] [--out <file.onnx>]
//
// Defaults: --data ../shared/datasets/adult (beside the repository), --out examples/adult-logreg.onnx.
// Deterministic: same data, same bytes. No dependencies beyond onnx-proto (already a dependency).
//
// Preprocessing follows the dataset's SOURCE.md: no header, fields separated by ", ", blank lines
// ignored, adult.test's first line skipped and the trailing "." of its labels removed; "?" is kept
// as its own category. Features: the six integer columns standardised (mean, population standard
// deviation of the training rows), the eight text columns one-hot encoded over the training
// categories (unknown categories encode as all zeros). Fitting: Newton's method (IRLS) on the
// L2-penalised log-likelihood, penalty ½‖w‖² (scikit-learn's C = 1), intercept not
// penalised, until the largest step is below 1e-10.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const COLUMNS = [
  'age',
  'workclass',
  'fnlwgt',
  'education',
  'education-num',
  'marital-status',
  'occupation',
  'relationship',
  'race',
  'sex',
  'capital-gain',
  'capital-loss',
  'hours-per-week',
  'native-country',
];
const NUMERIC = ['age', 'fnlwgt', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week'];
const CATEGORICAL = COLUMNS.filter((c) => !NUMERIC.includes(c));
const CLASSES = ['<=50K', '>50K']; // sorted, as scikit-learn orders classes; the second is the positive one
const PENALTY = 1;

/** The ONNX input name of a column: skl2onnx's sanitisation (`education-num` → `education_num`). */
const inputName = (column) => column.replace(/[^A-Za-z0-9_]/g, '_');

function parseArgs(argv) {
  const args = {
    data: path.resolve(repoRoot, '../shared/datasets/adult'),
    out: path.join(repoRoot, 'examples/adult-logreg.onnx'),
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data') args.data = path.resolve(argv[++i]);
    else if (argv[i] === '--out') args.out = path.resolve(argv[++i]);
    else throw new Error(`unknown argument: ${argv[i]} (expected --data <dir> or --out <file>)`);
  }
  return args;
}

/** Reads adult.data or adult.test: records of 14 attributes plus the 0/1 label (>50K = 1). */
function readAdult(file, { skipFirstLine }) {
  const bytes = readFileSync(file);
  const lines = bytes.toString('utf8').split('\n');
  const rows = [];
  for (const [i, line] of lines.entries()) {
    if ((skipFirstLine && i === 0) || line.trim() === '') continue;
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length !== 15) throw new Error(`${file}:${i + 1}: expected 15 fields, found ${fields.length}`);
    const label = fields[14].replace(/\.$/, '');
    if (!CLASSES.includes(label)) throw new Error(`${file}:${i + 1}: unexpected label ${fields[14]}`);
    const row = { y: label === CLASSES[1] ? 1 : 0 };
    COLUMNS.forEach((c, j) => (row[c] = NUMERIC.includes(c) ? Number(fields[j]) : fields[j]));
    rows.push(row);
  }
  return { rows, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Encoding fitted on the training rows: means and deviations, categories per text column. */
function fitEncoding(rows) {
  const mean = NUMERIC.map((c) => rows.reduce((s, r) => s + r[c], 0) / rows.length);
  const std = NUMERIC.map((c, j) =>
    Math.sqrt(rows.reduce((s, r) => s + (r[c] - mean[j]) ** 2, 0) / rows.length),
  );
  const categories = CATEGORICAL.map((c) => [...new Set(rows.map((r) => r[c]))].sort());
  return { mean, std, categories };
}

/** Sparse design rows: [intercept, standardised numbers, one-hot categories]. */
function design(rows, enc) {
  const offsets = [];
  let width = 1 + NUMERIC.length;
  for (const cats of enc.categories) {
    offsets.push(width);
    width += cats.length;
  }
  const lookup = enc.categories.map((cats) => new Map(cats.map((v, i) => [v, i])));
  const index = rows.map((r) => {
    const idx = [0, ...NUMERIC.map((_, j) => 1 + j)];
    const val = [1, ...NUMERIC.map((c, j) => (r[c] - enc.mean[j]) / enc.std[j])];
    CATEGORICAL.forEach((c, j) => {
      const k = lookup[j].get(r[c]);
      if (k !== undefined) {
        idx.push(offsets[j] + k);
        val.push(1);
      }
    });
    return { idx, val, y: r.y };
  });
  return { rows: index, width };
}

/** Solves A x = b for a symmetric positive definite A (Cholesky). */
function solve(A, b) {
  const n = b.length;
  const L = A.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(s > 0)) throw new Error('Hessian is not positive definite');
        L[i][i] = Math.sqrt(s);
      } else L[i][j] = s / L[j][j];
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
    z[i] = s / L[i][i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= L[k][i] * x[k];
    x[i] = s / L[i][i];
  }
  return x;
}

const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/** Newton / IRLS for L2-penalised logistic regression (intercept at index 0, not penalised). */
function fit({ rows, width }) {
  const w = new Float64Array(width);
  for (let iteration = 1; iteration <= 100; iteration++) {
    const g = new Float64Array(width);
    const H = Array.from({ length: width }, () => new Float64Array(width));
    for (let a = 1; a < width; a++) {
      g[a] = PENALTY * w[a];
      H[a][a] = PENALTY;
    }
    for (const { idx, val, y } of rows) {
      let z = 0;
      for (let a = 0; a < idx.length; a++) z += w[idx[a]] * val[a];
      const p = sigmoid(z);
      const s = p * (1 - p);
      for (let a = 0; a < idx.length; a++) {
        g[idx[a]] += (p - y) * val[a];
        for (let b = 0; b < idx.length; b++) H[idx[a]][idx[b]] += s * val[a] * val[b];
      }
    }
    const step = solve(H, g);
    let largest = 0;
    for (let a = 0; a < width; a++) {
      w[a] -= step[a];
      largest = Math.max(largest, Math.abs(step[a]));
    }
    if (largest < 1e-10) return { w, iterations: iteration };
  }
  throw new Error('IRLS did not converge in 100 iterations');
}

function accuracy({ rows }, w) {
  let right = 0;
  for (const { idx, val, y } of rows) {
    let z = 0;
    for (let a = 0; a < idx.length; a++) z += w[idx[a]] * val[a];
    if ((z > 0 ? 1 : 0) === y) right++;
  }
  return right / rows.length;
}

// --- ONNX ---------------------------------------------------------------------------------
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const STRING = onnx.TensorProto.DataType.STRING;
const A = onnx.AttributeProto.AttributeType;
const utf8 = (s) => new TextEncoder().encode(s);
const f32 = (x) => Math.fround(x);

function valueInfo(name, elemType, dims) {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function node(opType, input, output, domain, attribute = []) {
  return {
    opType,
    input,
    output,
    name: output[0].replace(/[^A-Za-z0-9_]/g, '_') + '_' + opType,
    domain,
    attribute,
  };
}

function buildModel(enc, w, meta) {
  const nodes = [
    node('Concat', NUMERIC.map(inputName), ['numeric_int64'], '', [{ name: 'axis', type: A.INT, i: 1 }]),
    node('Cast', ['numeric_int64'], ['numeric'], '', [{ name: 'to', type: A.INT, i: FLOAT }]),
    // Scaler computes (x − offset) · scale.
    node('Scaler', ['numeric'], ['numeric_scaled'], 'ai.onnx.ml', [
      { name: 'offset', type: A.FLOATS, floats: enc.mean.map(f32) },
      { name: 'scale', type: A.FLOATS, floats: enc.std.map((s) => f32(1 / s)) },
    ]),
  ];
  CATEGORICAL.forEach((c, j) =>
    nodes.push(
      node('OneHotEncoder', [inputName(c)], [`${inputName(c)}_onehot`], 'ai.onnx.ml', [
        { name: 'cats_strings', type: A.STRINGS, strings: enc.categories[j].map(utf8) },
        { name: 'zeros', type: A.INT, i: 1 },
      ]),
    ),
  );
  const nCategories = enc.categories.reduce((n, c) => n + c.length, 0);
  nodes.push(
    node(
      'Concat',
      CATEGORICAL.map((c) => `${inputName(c)}_onehot`),
      ['categorical_3d'],
      '',
      [{ name: 'axis', type: A.INT, i: 2 }],
    ),
    node('Reshape', ['categorical_3d', 'categorical_shape'], ['categorical'], ''),
    node('Concat', ['numeric_scaled', 'categorical'], ['features'], '', [
      { name: 'axis', type: A.INT, i: 1 },
    ]),
  );
  // Two score rows (−z, z) with a logistic give (1 − p, p), like skl2onnx's binary LinearClassifier.
  const coef = Array.from(w.subarray(1), f32);
  nodes.push(
    node('LinearClassifier', ['features'], ['label', 'probabilities'], 'ai.onnx.ml', [
      { name: 'classlabels_strings', type: A.STRINGS, strings: CLASSES.map(utf8) },
      { name: 'coefficients', type: A.FLOATS, floats: [...coef.map((v) => -v), ...coef] },
      { name: 'intercepts', type: A.FLOATS, floats: [f32(-w[0]), f32(w[0])] },
      { name: 'post_transform', type: A.STRING, s: utf8('LOGISTIC') },
      { name: 'multi_class', type: A.INT, i: 0 },
    ]),
  );
  const inputs = COLUMNS.map((c) => valueInfo(inputName(c), NUMERIC.includes(c) ? INT64 : STRING, ['N', 1]));
  return onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'assay scripts/train-example-model.mjs',
    producerVersion: meta.version,
    domain: 'org.assay.examples',
    modelVersion: 1,
    docString:
      'L2 logistic regression of income >50K on UCI Adult (adult.data), one input per raw column; see examples/README.md.',
    opsetImport: [
      { domain: '', version: 13 },
      { domain: 'ai.onnx.ml', version: 1 },
    ],
    metadataProps: Object.entries(meta.props).map(([key, value]) => ({ key, value })),
    graph: {
      name: 'adult_logreg',
      node: nodes,
      input: inputs,
      output: [valueInfo('label', STRING, ['N']), valueInfo('probabilities', FLOAT, ['N', 2])],
      initializer: [{ name: 'categorical_shape', dims: [2], dataType: INT64, int64Data: [-1, nCategories] }],
    },
  }).finish();
}

const args = parseArgs(process.argv.slice(2));
const train = readAdult(path.join(args.data, 'adult.data'), { skipFirstLine: false });
const test = readAdult(path.join(args.data, 'adult.test'), { skipFirstLine: true });
const enc = fitEncoding(train.rows);
const trainX = design(train.rows, enc);
const { w, iterations } = fit(trainX);
const trainAccuracy = accuracy(trainX, w);
const testAccuracy = accuracy(design(test.rows, enc), w);
const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const bytes = buildModel(enc, w, {
  version,
  props: {
    dataset: 'UCI Adult (Becker & Kohavi 1996), CC BY 4.0, https://doi.org/10.24432/C5XW20',
    'train.file': `adult.data sha256 ${train.sha256} (${train.rows.length} rows)`,
    'label.column': 'income-per-year',
    'label.positive': '>50K',
    classes: CLASSES.join(','),
    fit: `IRLS, L2 penalty ${PENALTY}·½‖w‖² (intercept free), ${iterations} iterations`,
    'accuracy.train': trainAccuracy.toFixed(4),
    'accuracy.test': `${testAccuracy.toFixed(4)} on adult.test (${test.rows.length} rows, float64 weights)`,
  },
});
mkdirSync(path.dirname(args.out), { recursive: true });
writeFileSync(args.out, bytes);
console.log(
  `wrote ${path.relative(process.cwd(), args.out)} (${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}): ` +
    `${trainX.width - 1} features, ${iterations} iterations, accuracy train ${trainAccuracy.toFixed(4)}, test ${testAccuracy.toFixed(4)}`,
);
