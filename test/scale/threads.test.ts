// Threads give the single-threaded result byte for byte: the same batches, folded in the same order.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditState, finishAudit, type AuditOptions } from '../../src/api/audit.js';
import { auditStateParallel } from '../../src/scale/audit-state-parallel.js';
import { planSplit } from '../../src/scale/split-plan.js';
import { SHARED, simpleCsvTable } from '../helpers/fixtures.js';
import { duck, sharedLogs, stable, toArrowFile, toParquet } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-threads-'));
const logs = sharedLogs();
const inputs: { id: string; parquet: string; arrow: string; csv: string; sensitive: string[] }[] = [];

beforeAll(async () => {
  for (const log of logs) {
    inputs.push({
      id: log.id,
      csv: log.path,
      parquet: await toParquet(log.path, join(dir, `${log.id}.parquet`)),
      arrow: toArrowFile(simpleCsvTable(log.path), 700, join(dir, `${log.id}.arrow`)),
      sensitive: log.sensitive,
    });
  }
});

const settings: [string, Partial<AuditOptions>][] = [
  ['prediction and score', { prediction: 'y_pred', score: 'score', intersect: true }],
  // a budget far below the rows: the score store switches to bins mid-stream
  ['bootstrap, small AUC budget', { prediction: 'y_pred', score: 'score', bootstrap: 20, seed: 7, aucBudget: 600 }],
  ['threshold', { score: 'score', threshold: 0.3, intersect: true }],
  ['weights', { prediction: 'y_pred', score: 'score', weight: 'age', aucBudget: 600 }],
];

describe('auditStateParallel', () => {
  it('has shared logs to test', () => expect(logs.length).toBeGreaterThanOrEqual(2));

  for (const format of ['parquet', 'arrow'] as const) {
    for (const [name, extra] of settings) {
      it(`equals the single-threaded audit byte for byte (${format}, ${name})`, async () => {
        for (const input of inputs) {
          const options: AuditOptions = {
            data: input[format],
            label: 'y_true',
            sensitive: input.sensitive,
            batchSize: format === 'parquet' ? 256 : undefined,
            // small fold blocks: several blocks per thread, as 1,048,576-row blocks are in big inputs
            blockRows: 1000,
            ...extra,
            now: () => new Date(0),
          };
          const single = finishAudit(await auditState(options), options.now);
          for (const threads of [2, 3]) {
            const parallel = finishAudit(await auditStateParallel(options, threads, { chunkRows: 1000 }), options.now);
            expect(stable(parallel), `${input.id} ${threads} threads`).toBe(stable(single));
          }
        }
      });
    }
  }

  it('runs a copy of the model in each thread, byte for byte the single-threaded audit', async () => {
    const models = logs.flatMap((log) =>
      readdirSync(join(SHARED, 'models', log.id))
        .filter((f) => f.endsWith('.onnx'))
        .map((f) => ({ log, model: join(SHARED, 'models', log.id, f) })),
    );
    expect(models.length).toBeGreaterThanOrEqual(3);
    for (const { log, model } of models) {
      const input = inputs.find((i) => i.id === log.id)!;
      // inputs that pack several columns are mapped explicitly
      const io = JSON.parse(readFileSync(join(SHARED, 'models', log.id, 'io.json'), 'utf8')) as { input_columns: Record<string, string[]> };
      const inputMap = Object.fromEntries(Object.entries(io.input_columns).filter(([name, cols]) => cols.length !== 1 || cols[0] !== name));
      const arrow = toArrowFile(simpleCsvTable(log.path), 200, join(dir, `${log.id}-200.arrow`));
      for (const data of [input.parquet, arrow]) {
        // 200-row model batches: 800-row fold blocks, several chunks per thread
        const plan = (await planSplit(data, { columns: null, batchSize: data === input.parquet ? 200 : undefined, chunkRows: 800, blockRows: 800 }))!;
        expect(plan.chunks.length, `${data}: ${JSON.stringify(plan.chunks)}`).toBeGreaterThan(2);
        expect(plan.chunks.every((c) => c.firstRow % 800 === 0)).toBe(true);
        const options: AuditOptions = {
          data,
          model,
          inputMap,
          label: 'y_true',
          sensitive: input.sensitive,
          modelBatchSize: 200,
          batchSize: data === input.parquet ? 200 : undefined,
          now: () => new Date(0),
        };
        const single = finishAudit(await auditState(options), options.now);
        const parallel = finishAudit(await auditStateParallel(options, 2, { chunkRows: 800 }), options.now);
        expect(stable(parallel) === stable(single), `${model} ${data}`).toBe(true);
      }
    }
  });

  it('cuts Parquet and Arrow files into whole fold blocks of whole batches', async () => {
    const input = inputs[0];
    const parquet = (await planSplit(input.parquet, { columns: ['y_true'], batchSize: 256, chunkRows: 1000, blockRows: 1000 }))!;
    expect(parquet.chunks.length).toBeGreaterThan(2);
    for (const c of parquet.chunks) {
      expect(c.kind === 'parquet' && c.firstRow % 256 === 0).toBe(true);
      // a chunk starts where a batch enters a new block: the batch before it lies in an earlier block
      if (c.firstRow > 0) expect(Math.floor((c.firstRow - 256) / 1000)).toBeLessThan(Math.floor(c.firstRow / 1000));
    }
    expect(parquet.chunks.at(-1)).toMatchObject({ endRow: parquet.rows });
    // 700-row record batches start at 0, 700, 1400, 2100, 2800 …: blocks 0, 0, 1, 2, 2 …
    const arrow = (await planSplit(input.arrow, { columns: ['y_true'], chunkRows: 1000, blockRows: 1000 }))!;
    expect(arrow.chunks[0]).toMatchObject({ kind: 'arrow', firstRow: 0, firstBatch: 0, endBatch: 2 });
    expect(arrow.chunks[1]).toMatchObject({ kind: 'arrow', firstRow: 1400, firstBatch: 2 });
    expect(await planSplit(input.csv, { columns: ['y_true'] })).toBeNull();
  });

  it('falls back to one thread for CSV (same result)', async () => {
    const input = inputs[0];
    const options: AuditOptions = { data: input.csv, label: 'y_true', prediction: 'y_pred', sensitive: input.sensitive, now: () => new Date(0) };
    const parallel = finishAudit(await auditStateParallel(options, 2), options.now);
    expect(stable(parallel)).toBe(stable(finishAudit(await auditState(options), options.now)));
  });

  it('names the file row of bad input that a thread finds, as one thread does', async () => {
    const c = await duck();
    const path = join(dir, 'late-null.parquet');
    const csv = logs[0].path.replaceAll("'", "''");
    await c.run(
      `COPY (SELECT * REPLACE (CASE WHEN n = 5001 THEN NULL ELSE y_true END AS y_true) FROM (SELECT *, row_number() OVER () AS n FROM read_csv('${csv}'))) TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`,
    );
    const options: AuditOptions = { data: path, label: 'y_true', prediction: 'y_pred', sensitive: ['sex'], batchSize: 256, blockRows: 1000 };
    const message = (p: Promise<unknown>) => p.then(() => 'no error', (e: Error) => e.message);
    const single = await message(auditState(options));
    expect(single).toMatch(/missing value in column y_true \(row 5001\)/);
    expect(await message(auditStateParallel(options, 2, { chunkRows: 1000 }))).toBe(single);
  });

  it('reports bad input as the single-threaded run does', async () => {
    const input = inputs[0];
    await expect(auditStateParallel({ data: input.parquet, label: 'y_true', prediction: 'nope' }, 2)).rejects.toThrow(/missing column: nope/);
    // a label that is not 0/1 is found by a worker, with the global row number
    await expect(
      auditStateParallel({ data: input.parquet, label: 'age', prediction: 'y_pred', batchSize: 256 }, 2, { chunkRows: 1000 }),
    ).rejects.toThrow(/column age has values other than 0 and 1/);
    await expect(auditStateParallel({ data: input.parquet, label: 'y_true', prediction: 'y_pred' }, 0)).rejects.toThrow(/invalid thread count/);
  });
});
