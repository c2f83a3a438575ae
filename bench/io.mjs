// Read throughput and peak memory of assay's sources (src/io), on generated prediction logs.
//
//   npx tsc -p tsconfig.build.json        # the bench imports the built library from dist/
//   node bench/io.mjs [--rows 10000000] [--data bench/data] [--formats parquet,arrow,arrow-utf8,csv]
//
// Each file is generated once under --data (git-ignored) with columns
//   y_true int32, y_pred int32, score double, sex (2 values), race (5 values)
// and then read in a fresh child process (so that peak RSS is the reader's alone), touching every
// value: a sum over `score`, counts per `y_true` and per dictionary code of `sex` and `race`.
// CPU seconds include DuckDB's worker threads; on a busy machine they are steadier than wall time.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = parseArgs(process.argv.slice(2));

if (args.read) {
  await readOnce(args.read);
} else {
  await main();
}

function parseArgs(argv) {
  const out = {
    rows: 10_000_000,
    data: join(root, 'bench/data'),
    formats: 'parquet,arrow,arrow-utf8,csv',
    read: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    out[key] = key === 'rows' ? Number(argv[++i]) : argv[++i];
  }
  return out;
}

async function main() {
  if (!existsSync(join(root, 'dist/io/open-source.js'))) {
    console.error('build first: npx tsc -p tsconfig.build.json');
    process.exit(2);
  }
  mkdirSync(args.data, { recursive: true });
  const rows = args.rows;
  const files = {
    parquet: join(args.data, `io-${rows}.parquet`),
    arrow: join(args.data, `io-${rows}.arrow`),
    'arrow-utf8': join(args.data, `io-${rows}-utf8.arrows`),
    csv: join(args.data, `io-${rows}.csv`),
  };
  const formats = args.formats.split(',');
  for (const format of formats) {
    if (!existsSync(files[format])) {
      const t0 = performance.now();
      await generate(format, files[format], rows);
      console.log(`generated ${files[format]} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
  console.log(`node ${process.version}, ${rows.toLocaleString('en')} rows`);
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );
  console.log('format      | file MB | seconds | M rows/s | CPU s (all threads) | peak RSS MB');
  for (const format of formats) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--read', files[format]], {
      encoding: 'utf8',
    });
    if (child.status !== 0) {
      console.error(child.stderr);
      process.exit(1);
    }
    const r = JSON.parse(child.stdout);
    if (r.rows !== rows) throw new Error(`${format}: read ${r.rows} rows, expected ${rows}`);
    const mb = statSync(files[format]).size / 2 ** 20;
    console.log(
      `${format.padEnd(11)} | ${mb.toFixed(0).padStart(7)} | ${r.seconds.toFixed(2).padStart(7)} | ` +
        `${(rows / r.seconds / 1e6).toFixed(2).padStart(8)} | ${r.cpuSeconds.toFixed(2).padStart(19)} | ` +
        `${r.maxRssMB.toFixed(0).padStart(11)}`,
    );
  }
}

async function readOnce(path) {
  const { openSource } = await import(join(root, 'dist/io/open-source.js'));
  const t0 = performance.now();
  const source = await openSource(path);
  let rows = 0;
  let scoreSum = 0;
  const positives = [0, 0];
  const sexCounts = new Float64Array(64);
  const raceCounts = new Float64Array(64);
  try {
    for await (const batch of source.batches()) {
      rows += batch.numRows;
      const score = batch.getChild('score').data[0].values;
      for (let i = 0; i < batch.numRows; i++) scoreSum += score[i];
      const yTrue = batch.getChild('y_true').data[0].values;
      for (let i = 0; i < batch.numRows; i++) positives[yTrue[i] === 1 ? 1 : 0]++;
      const sex = batch.getChild('sex').data[0].values;
      for (let i = 0; i < batch.numRows; i++) sexCounts[sex[i] & 63]++;
      const race = batch.getChild('race').data[0].values;
      for (let i = 0; i < batch.numRows; i++) raceCounts[race[i] & 63]++;
    }
  } finally {
    await source.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const maxRssMB = peakRssMB();
  process.stdout.write(JSON.stringify({ rows, seconds, cpuSeconds, maxRssMB, scoreSum, positives }));
}

/** Peak RSS of this process: VmHWM on Linux (reset by exec, unlike getrusage's maxrss, which a
 * spawned child inherits from the parent that forked it), else getrusage. */
function peakRssMB() {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function generate(format, path, rows) {
  if (format === 'arrow' || format === 'arrow-utf8')
    return generateArrow(path, rows, format === 'arrow-utf8');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const select = `SELECT (hash(i) % 2)::INTEGER AS y_true, (hash(i * 7 + 1) % 2)::INTEGER AS y_pred,
      (hash(i * 13 + 5) % 1000000) / 1e6 AS score,
      ['Female', 'Male'][(hash(i * 3) % 2)::INTEGER + 1] AS sex,
      ['White', 'Black', 'Asian-Pac-Islander', 'Other', 'Amer-Indian-Eskimo'][(hash(i * 5) % 5)::INTEGER + 1] AS race
    FROM range(${rows}) t(i)`;
  const options = format === 'parquet' ? 'FORMAT parquet' : 'FORMAT csv, HEADER true';
  await connection.run(`COPY (${select}) TO '${path.replaceAll("'", "''")}' (${options})`);
  connection.closeSync();
}

/** Writes an Arrow IPC file (dictionary strings) or stream (plain Utf8) batch by batch. */
async function generateArrow(path, rows, utf8) {
  const arrow = await import('apache-arrow');
  const { Dictionary, Field, Float64, Int32, Schema, Struct, Utf8, RecordBatch, makeData, vectorFromArray } =
    arrow;
  const sexValues = ['Female', 'Male'];
  const raceValues = ['White', 'Black', 'Asian-Pac-Islander', 'Other', 'Amer-Indian-Eskimo'];
  const sexType = utf8 ? new Utf8() : new Dictionary(new Utf8(), new Int32(), 0);
  const raceType = utf8 ? new Utf8() : new Dictionary(new Utf8(), new Int32(), 1);
  const sexDictionary = vectorFromArray(sexValues, new Utf8());
  const raceDictionary = vectorFromArray(raceValues, new Utf8());
  const schema = new Schema([
    new Field('y_true', new Int32()),
    new Field('y_pred', new Int32()),
    new Field('score', new Float64()),
    new Field('sex', sexType),
    new Field('race', raceType),
  ]);
  const Writer = utf8 ? arrow.RecordBatchStreamWriter : arrow.RecordBatchFileWriter;
  const writer = new Writer();
  const out = createWriteStream(path);
  const piped = new Promise((resolve, reject) => {
    writer.toNodeStream().pipe(out).on('finish', resolve).on('error', reject);
  });
  let seed = 12345;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const batchRows = 65_536;
  const encoder = new TextEncoder();
  const utf8Column = (values, codes, n) => {
    const offsets = new Int32Array(n + 1);
    const encoded = values.map((v) => encoder.encode(v));
    let total = 0;
    for (let i = 0; i < n; i++) total += encoded[codes[i]].length;
    const bytes = new Uint8Array(total);
    for (let i = 0, at = 0; i < n; i++) {
      bytes.set(encoded[codes[i]], at);
      at += encoded[codes[i]].length;
      offsets[i + 1] = at;
    }
    return makeData({ type: new Utf8(), length: n, nullCount: 0, valueOffsets: offsets, data: bytes });
  };
  for (let start = 0; start < rows; start += batchRows) {
    const n = Math.min(batchRows, rows - start);
    const yTrue = new Int32Array(n);
    const yPred = new Int32Array(n);
    const score = new Float64Array(n);
    const sex = new Int32Array(n);
    const race = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      yTrue[i] = random() < 0.5 ? 1 : 0;
      yPred[i] = random() < 0.5 ? 1 : 0;
      score[i] = random();
      sex[i] = random() < 0.5 ? 1 : 0;
      race[i] = Math.floor(random() * 5);
    }
    const children = [
      makeData({ type: new Int32(), length: n, nullCount: 0, data: yTrue }),
      makeData({ type: new Int32(), length: n, nullCount: 0, data: yPred }),
      makeData({ type: new Float64(), length: n, nullCount: 0, data: score }),
      utf8
        ? utf8Column(sexValues, sex, n)
        : makeData({ type: sexType, length: n, nullCount: 0, data: sex, dictionary: sexDictionary }),
      utf8
        ? utf8Column(raceValues, race, n)
        : makeData({ type: raceType, length: n, nullCount: 0, data: race, dictionary: raceDictionary }),
    ];
    writer.write(
      new RecordBatch(
        schema,
        makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children }),
      ),
    );
    // let the file stream drain so memory stays flat while generating
    if (start % (batchRows * 16) === 0) await new Promise((r) => setImmediate(r));
  }
  writer.finish();
  await piped;
}
