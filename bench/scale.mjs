// Scale benchmark (issue 8): a 100-million-row Parquet prediction log audited by the streaming
// engine on 1 and 2 worker threads and by the DuckDB pushdown, each in a fresh child process
// (ASSAY_REPORT_RSS=1: the child prints `assay-bench: maxrss_kb=…`; worker threads live in the
// same process, so its peak RSS includes them).
//
//   npm run bench -- scale              # through bench/run.mjs (builds first)
//   node bench/scale.mjs [--rows 100000000] [--runs 1]
//
// Runs `assay audit --threads n` / `--engine duckdb` when the CLI has those options; until then
// the child runs the same library calls (auditStateParallel / auditStateSql + finishAudit +
// toJSON, written to a temporary folder) and reports its RSS the same way.
// Targets on a 2-core machine: 2-thread speedup ≥ 1.7×; pushdown ≤ 30 s and ≤ 500 MB.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parquetLog } from './generate.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist/cli/bin.js');
const AUDIT = ['--label', 'y_true', '--prediction', 'y_pred', '--score', 'score', '--sensitive', 'group_a', '--sensitive', 'group_b', '--intersect'];

if (process.argv[2] === '--child') {
  await child(process.argv[3], Number(process.argv[4]), process.argv[5], process.argv[6]);
} else {
  await main();
}

/** One audit in this process, as the CLI would run it; prints peak RSS like bin.ts. */
async function child(mode, threads, data, out) {
  const dist = (p) => import(pathToFileURL(join(ROOT, 'dist', p)).href);
  const [{ finishAudit }, { auditStateParallel }, { auditStateSql }, { toJSON }] = await Promise.all([
    dist('api/audit.js'),
    dist('scale/audit-state-parallel.js'),
    dist('scale/audit-state-sql.js'),
    dist('report/to-json.js'),
  ]);
  const options = { data, label: 'y_true', prediction: 'y_pred', score: 'score', sensitive: ['group_a', 'group_b'], intersect: true, hashData: false };
  const state = mode === 'duckdb' ? await auditStateSql(options) : await auditStateParallel(options, threads);
  writeFileSync(join(out, 'audit.json'), toJSON(finishAudit(state)));
  process.stderr.write(`assay-bench: maxrss_kb=${process.resourceUsage().maxRSS}\n`);
  process.exit(0);
}

function parse(argv) {
  const out = { rows: 100_000_000, runs: 1 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (key in out) out[key] = Number(argv[++i]);
  }
  return out;
}

/** Whether `assay audit` already has an option (the lead wires --threads and --engine). */
function cliHas(option) {
  const r = spawnSync(process.execPath, [BIN, 'audit', '--help'], { encoding: 'utf8' });
  return r.stdout.includes(option);
}

function run(mode, threads, data) {
  const out = mkdtempSync(join(tmpdir(), 'assay-bench-scale-'));
  const viaCli = mode === 'duckdb' ? cliHas('--engine') : cliHas('--threads');
  const args = viaCli
    ? [BIN, 'audit', '--data', data, ...AUDIT, '--out', out, '--quiet', '--no-html', '--no-hash', ...(mode === 'duckdb' ? ['--engine', 'duckdb'] : ['--threads', String(threads)])]
    : [join(ROOT, 'bench/scale.mjs'), '--child', mode, String(threads), data, out];
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { env: { ...process.env, ASSAY_REPORT_RSS: '1' }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t) / 1000;
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`${mode} audit failed (${r.status}): ${r.stderr}`);
  const rss = /maxrss_kb=(\d+)/.exec(r.stderr);
  return { seconds, rssMB: rss ? Number(rss[1]) / 1024 : NaN, viaCli };
}

async function main() {
  const args = parse(process.argv.slice(2).filter((a) => a !== 'scale'));
  const data = await parquetLog(args.rows);
  const fmt = (x) => Math.round(x).toLocaleString('en');
  console.log(`scale: ${fmt(args.rows)}-row parquet (${(statSync(data).size / 2 ** 20).toFixed(0)} MB), ${availableParallelism()} cores, load ${loadavg()[0].toFixed(2)}`);
  const best = {};
  for (const [name, mode, threads] of [['streaming, 1 thread', 'stream', 1], ['streaming, 2 threads', 'stream', 2], ['duckdb pushdown', 'duckdb', 0]]) {
    let result = null;
    for (let k = 0; k < args.runs; k++) {
      const r = run(mode, threads, data);
      if (result === null || r.seconds < result.seconds) result = r;
    }
    best[name] = result;
    console.log(
      `scale ${name}: ${fmt(args.rows / result.seconds)} rows/s (${result.seconds.toFixed(1)} s end to end), peak RSS ${result.rssMB.toFixed(0)} MB (process incl. threads)${result.viaCli ? '' : ' [library call; CLI option not wired yet]'}`,
    );
  }
  const speedup = best['streaming, 1 thread'].seconds / best['streaming, 2 threads'].seconds;
  const push = best['duckdb pushdown'];
  console.log(`scale 2-thread speedup: ${speedup.toFixed(2)}× (target ≥ 1.7×)`);
  console.log(`scale pushdown: ${push.seconds.toFixed(1)} s (target ≤ 30 s), ${push.rssMB.toFixed(0)} MB (target ≤ 500 MB)`);
}
