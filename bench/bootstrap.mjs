// Throughput of the streaming Poisson bootstrap (src/stats/poisson-bootstrap.ts):
// rows/s of per-group confusion counts with R = 200 replicates, against the same
// counting without a bootstrap. Data: synthetic, in memory, deterministic
// (20 groups as in bench/generate.mjs, a random confusion cell per row), fed in
// Arrow-sized batches of 65,536 rows.
//   npx tsc -p tsconfig.build.json && node bench/bootstrap.mjs
// (also run by `npm run bench`, or `node bench/run.mjs bootstrap`).
import { PoissonBootstrap } from '../dist/stats/poisson-bootstrap.js';

const BATCH = 65_536;
const GROUPS = 20;

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

function makeData(rows) {
  const rand = mulberry32(2024);
  const group = new Int32Array(rows);
  const cell = new Int32Array(rows);
  const weight = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    group[i] = Math.floor(rand() * GROUPS);
    cell[i] = Math.floor(rand() * 4);
    weight[i] = 0.5 + rand();
  }
  return { rows, group, cell, weight };
}

/** No bootstrap: per-group confusion counts, batch by batch (the baseline). */
function countsOnly(d) {
  const counts = new Float64Array(GROUPS * 4);
  for (let start = 0; start < d.rows; start += BATCH) {
    const end = Math.min(d.rows, start + BATCH);
    for (let i = start; i < end; i++) counts[d.group[i] * 4 + d.cell[i]] += 1;
  }
  return counts;
}

function bootstrap(d, replicates, weighted) {
  const boot = new PoissonBootstrap({ replicates, seed: 42, groups: GROUPS });
  for (let start = 0; start < d.rows; start += BATCH) {
    const end = Math.min(d.rows, start + BATCH);
    boot.addCounts(
      start,
      d.group.subarray(start, end),
      d.cell.subarray(start, end),
      weighted ? d.weight.subarray(start, end) : null,
    );
  }
  return boot;
}

/** Best of `runs` timings after one warm-up; returns rows per second. */
function rate(rows, fn, runs = 3) {
  fn();
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    fn();
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return rows / best;
}

const fmt = (x) => Math.round(x).toLocaleString('en');
const small = makeData(1_000_000);
const large = makeData(10_000_000);

const none = rate(large.rows, () => countsOnly(large));
console.log(`bootstrap bench: no bootstrap (counts only): ${fmt(none)} rows/s (10,000,000 rows)`);
for (const [replicates, weighted] of [
  [200, false],
  [200, true],
  [50, false],
  [1000, false],
]) {
  const r = rate(small.rows, () => bootstrap(small, replicates, weighted), replicates >= 1000 ? 1 : 3);
  console.log(
    `bootstrap bench: R = ${replicates}${weighted ? ', weighted' : ''}: ${fmt(r)} rows/s ` +
      `(${(1e9 / r / replicates).toFixed(2)} ns per row·replicate; ${(none / r).toFixed(0)}× slower than no bootstrap)`,
  );
}
