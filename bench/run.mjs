// npm run bench: throughput and memory of `assay audit` against a bare loop in the same
// process (the practical ceiling), then the other benchmarks in bench/. Prints ratios;
// targets are in the issue tracker. `npm run bench -- log inference` runs only those.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, statSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { arrowLog, parquetLog } from './generate.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist/cli/bin.js');
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

/** Bare typed-array loop: counts a confusion matrix per cell. */
function bareLoop(rows) {
  const y = new Uint8Array(rows), p = new Uint8Array(rows), cell = new Int32Array(rows);
  for (let i = 0; i < rows; i++) { y[i] = i & 1; p[i] = (i >> 1) & 1; cell[i] = i % 20; }
  const counts = new Float64Array(80);
  const t = performance.now();
  for (let i = 0; i < rows; i++) counts[(cell[i] << 2) | (y[i] << 1) | p[i]] += 1;
  const s = (performance.now() - t) / 1000;
  if (counts[0] < 0) throw new Error('unreachable');
  return rows / s;
}

/**
 * Bare read-and-count loop over the same Arrow IPC file, in this process: read the file,
 * then count the confusion matrix per cell straight from the column buffers. A more
 * practical ceiling for an end-to-end run than the in-memory loop (it pays for reading).
 */
function bareArrowRead(path) {
  const t = performance.now();
  const table = tableFromIPC(readFileSync(path));
  const counts = new Float64Array(80);
  for (const batch of table.batches) {
    const col = (name) => batch.getChild(name).data[0].values;
    const y = col('y_true'), p = col('y_pred'), a = col('group_a'), b = col('group_b');
    for (let i = 0; i < batch.numRows; i++) counts[((a[i] * 5 + b[i]) << 2) | (y[i] << 1) | p[i]] += 1;
  }
  const s = (performance.now() - t) / 1000;
  if (counts[0] < 0) throw new Error('unreachable');
  return table.numRows / s;
}

/** Runs the CLI once; returns seconds (process start to audit.json written) and peak RSS in MB. */
function runCli(args) {
  const out = mkdtempSync(join(tmpdir(), 'assay-bench-'));
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'audit', ...args, '--out', out, '--quiet'], {
    env: { ...process.env, ASSAY_REPORT_RSS: '1' },
    encoding: 'utf8',
  });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0 || !existsSync(join(out, 'audit.json'))) throw new Error(`assay audit failed: ${r.stderr}`);
  const htmlKB = statSync(join(out, 'audit.html')).size / 1024;
  rmSync(out, { recursive: true, force: true });
  const rss = /maxrss_kb=(\d+)/.exec(r.stderr);
  return { seconds, rssMB: rss ? Number(rss[1]) / 1024 : NaN, htmlKB };
}

const fmt = (x) => Math.round(x).toLocaleString('en');
const logArgs = ['--label', 'y_true', '--prediction', 'y_pred', '--score', 'score', '--sensitive', 'group_a', '--sensitive', 'group_b', '--intersect', '--profile', 'kr-aiba/hiring'];

if (want('log')) {
  const bare = bareLoop(10_000_000);
  console.log(`bare confusion loop: ${fmt(bare)} rows/s`);
  for (const [name, make] of [['arrow', arrowLog], ['parquet', parquetLog]]) {
    for (const rows of [1_000_000, 10_000_000]) {
      const path = await make(rows);
      // median of three runs: single runs on this shared machine vary by ±15%
      const runs = [0, 1, 2].map(() => runCli(['--data', path, ...logArgs])).sort((a, b) => a.seconds - b.seconds);
      const r = runs[1];
      const rate = rows / r.seconds;
      const readCount = name === 'arrow' ? bareArrowRead(path) : null;
      console.log(
        `${name} ${fmt(rows)} rows: ${fmt(rate)} rows/s end to end (median of 3: ${r.seconds.toFixed(2)} s; runs ${runs.map((x) => x.seconds.toFixed(2)).join(', ')}), peak RSS ${r.rssMB.toFixed(0)} MB, ${(100 * rate / bare).toFixed(1)}% of the bare loop` +
          (readCount ? `, ${(100 * rate / readCount).toFixed(1)}% of a bare read-and-count of the file (${fmt(readCount)} rows/s)` : '') +
          `, HTML report ${r.htmlKB.toFixed(0)} KB`,
      );
    }
  }
}

// The other benchmarks run as their own processes (each prints its figures and ratios).
for (const extra of ['io', 'inference', 'audit-model', 'bootstrap', 'robustness', 'scale']) {
  const file = join(ROOT, 'bench', `${extra}.mjs`);
  if (!want(extra) || !existsSync(file)) continue;
  console.log(`\n# ${extra}`);
  const r = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (r.status !== 0) console.log(`${extra} benchmark failed (exit ${r.status})`);
}
