// A source that knows its row count lets the score store bin as soon as its sample shows it
// will (continuous scores, more rows than the budget): the audit must come out identical,
// byte for byte, to the one that stored scores until the budget was past.
import { afterAll, describe, expect, it } from 'vitest';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { AuditEngine } from '../../src/audit/engine.js';
import { finalize } from '../../src/audit/finalize.js';
import type { AuditSettings } from '../../src/audit/types.js';
import { audit } from '../../src/api/audit.js';
import { openSource } from '../../src/io/open-source.js';
import { SAMPLE_ROWS } from '../../src/metrics/score-store.js';
import { classificationSettings, inBatches } from '../helpers/fixtures.js';
import { batchesOf, rng } from '../helpers/synthetic.js';
import { copyTo, tempDir } from '../io/fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const ROWS = SAMPLE_ROWS + 34_464; // 100,000

/** Continuous scores (every one distinct), two groups, labels drawn from the scores. */
function log(rows: number, seed: number) {
  const r = rng(seed);
  const score = new Float64Array(rows);
  const y = new Float64Array(rows);
  const p = new Float64Array(rows);
  const g: string[] = [];
  for (let i = 0; i < rows; i++) {
    score[i] = r();
    y[i] = r() < score[i] ? 1 : 0;
    p[i] = score[i] > 0.5 ? 1 : 0;
    g.push(r() < 0.3 ? 'a' : 'b');
  }
  return tableFromArrays({ y_true: y, y_pred: p, score, g });
}

function settings(): AuditSettings {
  return classificationSettings(['g'], { aucBudget: 70_000 });
}

describe('early binning with a known row count', () => {
  const table = log(ROWS, 11);
  const batches = inBatches(table, 4096);

  function run(expect?: number) {
    const s = settings();
    const engine = new AuditEngine(s);
    if (expect !== undefined) engine.expectRows(expect);
    for (const b of batches) engine.add(b);
    return { engine, result: finalize(engine, { settings: s, favorable: [], entropyAlpha: 2 }) };
  }

  it('bins once the sample is complete, and the audit is identical', () => {
    const s = settings();
    const early = new AuditEngine(s);
    early.expectRows(ROWS);
    const late = new AuditEngine(s);
    let rows = 0;
    for (const b of batches) {
      early.add(b);
      late.add(b);
      rows += b.numRows;
      if (rows === SAMPLE_ROWS + 4096) break;
    }
    // past the sample, below the budget: only the engine that knows the count has binned
    expect(early.states.store!.binned).toBe(true);
    expect(late.states.store!.binned).toBe(false);
    const a = run(ROWS).result;
    const b = run().result;
    expect(JSON.stringify(a) === JSON.stringify(b)).toBe(true);
    expect(a.metrics.find((m) => m.metric === 'roc_auc' && m.group === null)!.value).not.toBeNull();
  });

  it('keeps scores exactly when the count stays within the budget', () => {
    const { engine } = run(60_000);
    // told 60,000 rows (≤ budget): nothing binned early; the 100,000 rows then bin by the rule
    expect(engine.states.store!.binned).toBe(true);
    const small = new AuditEngine(settings());
    small.expectRows(SAMPLE_ROWS);
    for (const b of inBatches(log(SAMPLE_ROWS, 3), 4096)) small.add(b);
    expect(small.states.store!.binned).toBe(false);
  });

  it('refuses a count that is not a whole number of rows', () => {
    expect(() => new AuditEngine(settings()).expectRows(-1)).toThrow(/invalid expected row count/);
    expect(() => new AuditEngine(settings()).expectRows(1.5)).toThrow(/invalid expected row count/);
  });

  it('sources count Parquet and Arrow IPC files, not text files or streams', async () => {
    const arrowFile = tmp.file('log.arrow', tableToIPC(table, 'file'));
    const arrowStream = tmp.file('log.arrows', tableToIPC(table, 'stream'));
    const parquet = await copyTo(`SELECT * FROM range(12345) t(i)`, tmp.file('log.parquet'), 'FORMAT parquet');
    const csv = await copyTo(`SELECT * FROM range(12345) t(i)`, tmp.file('log.csv'), 'FORMAT csv');
    const counts: (number | null)[] = [];
    for (const path of [arrowFile, arrowStream, parquet, csv]) {
      const source = await openSource(path);
      counts.push((await source.countRows?.()) ?? null);
      let rows = 0;
      for await (const batch of source.batches()) rows += batch.numRows;
      await source.close();
      if (counts.at(-1) !== null) expect(rows).toBe(counts.at(-1));
    }
    expect(counts).toEqual([ROWS, null, 12345, null]);
  });

  it('an audit of an Arrow IPC file (counted) gives the same JSON as its rows as batches (not counted)', async () => {
    const arrowFile = tmp.file('same.arrow', tableToIPC(table, 'file'));
    const options = { label: 'y_true', prediction: 'y_pred', score: 'score', sensitive: ['g'], aucBudget: 70_000, hashData: false };
    const fromFile = await audit({ ...options, data: arrowFile });
    const fromBatches = await audit({ ...options, data: batchesOf(table) });
    const strip = (r: typeof fromFile) => JSON.stringify([r.metrics, r.disparities, r.calibration, r.roc, r.methods]);
    expect(strip(fromFile) === strip(fromBatches)).toBe(true);
  });
});
