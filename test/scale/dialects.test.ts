// `assay sql` text for each dialect, checked by running it in DuckDB on the shared logs, and
// `statsState` (assay finalize) giving the streaming audit from the exported table.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditState, finishAudit, type AuditOptions } from '../../src/api/audit.js';
import { dialect, toDuckDB, type DialectName } from '../../src/scale/sql-dialect.js';
import { statsState, warehouseSql, type WarehouseSqlOptions } from '../../src/scale/stats-state.js';
import { duck, expectSameAudit, sharedLogs } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-dialects-'));
const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

async function rows(sql: string): Promise<string[]> {
  const c = await duck();
  const reader = await c.runAndReadAll(sql);
  return reader.getRows().map((r) => JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))).sort();
}

/**
 * The stats rows keyed by everything but the float sums v1…v8 (DuckDB sums doubles in a
 * parallel, run-dependent order, so those agree to rounding only).
 */
async function keyedRows(sql: string): Promise<Map<string, number[]>> {
  const c = await duck();
  const reader = await c.runAndReadAll(sql);
  const out = new Map<string, number[]>();
  for (const row of reader.getRows()) {
    const plain = row.map((v) => (typeof v === 'bigint' ? Number(v) : v));
    const key = JSON.stringify(plain.slice(0, -8));
    expect(out.has(key), key).toBe(false);
    out.set(key, plain.slice(-8).map((v) => (v === null ? NaN : Number(v))));
  }
  return out;
}

function expectSameRows(actual: Map<string, number[]>, expected: Map<string, number[]>, what: string): void {
  expect([...actual.keys()].sort(), what).toEqual([...expected.keys()].sort());
  for (const [key, values] of expected) {
    const other = actual.get(key)!;
    values.forEach((v, i) => {
      const ok = (Number.isNaN(v) && Number.isNaN(other[i])) || Math.abs(other[i] - v) <= 1e-12 * Math.max(1, Math.abs(v));
      expect(ok, `${what} ${key} v${i + 1}: ${other[i]} vs ${v}`).toBe(true);
    });
  }
}

const cases: [string, Omit<WarehouseSqlOptions, 'dialect' | 'table' | 'sensitive'>][] = [
  ['classification', { label: 'y_true', prediction: 'y_pred', score: 'score', scores: 'exact' }],
  ['binned scores, weights, threshold', { label: 'y_true', score: 'score', threshold: 0.4, weight: 'age', scores: 'binned' }],
  ['regression', { task: 'regression', label: 'age', prediction: 'score' }],
  ['text label', { label: 'sex', positive: 'Female', prediction: 'y_pred', labelType: 'text', predictionType: 'number' }],
];

describe('assay sql dialects', () => {
  for (const [name, settings] of cases) {
    it(`Spark and Trino text runs in DuckDB (after the documented substitutions) to the DuckDB result: ${name}`, async () => {
      const c = await duck();
      for (const log of sharedLogs()) {
        await c.run(`CREATE OR REPLACE VIEW preds AS SELECT * FROM read_csv(${quote(log.path)})`);
        const sql = (d: DialectName) => warehouseSql({ ...settings, dialect: d, table: 'preds', sensitive: log.sensitive });
        const expected = await keyedRows(sql('duckdb'));
        expect(expected.size).toBeGreaterThan(10);
        for (const d of ['spark', 'trino'] as const) expectSameRows(await keyedRows(toDuckDB(sql(d), d)), expected, `${log.id} ${d}`);
      }
    });
  }

  it('assay finalize from the exported table (CSV and Parquet) gives the streaming audit', async () => {
    const c = await duck();
    for (const log of sharedLogs()) {
      await c.run(`CREATE OR REPLACE VIEW preds AS SELECT * FROM read_csv(${quote(log.path)})`);
      const settings = { label: 'y_true', prediction: 'y_pred', score: 'score', sensitive: log.sensitive };
      const sql = toDuckDB(warehouseSql({ ...settings, dialect: 'trino', table: 'preds', scores: 'exact' }), 'trino');
      for (const ext of ['csv', 'parquet']) {
        const out = join(dir, `${log.id}-stats.${ext}`);
        await c.run(`COPY (${sql}) TO ${quote(out)} (FORMAT ${ext})`);
        const options: Omit<AuditOptions, 'data'> = { ...settings, intersect: true, hashData: false, now: () => new Date(0) };
        const finished = finishAudit(await statsState({ ...options, stats: out }), options.now);
        const streaming = finishAudit(await auditState({ ...options, data: log.path }), options.now);
        expectSameAudit({ ...finished, provenance: null }, { ...streaming, provenance: null });
      }
    }
  });

  // Each difference of the dialect table, named.
  it('quotes identifiers with backticks in Spark, double quotes in DuckDB and Trino', () => {
    expect(dialect('spark').quoteIdentifier('a`b')).toBe('`a``b`');
    expect(dialect('trino').quoteIdentifier('a"b')).toBe('"a""b"');
    expect(dialect('duckdb').quoteIdentifier('a"b')).toBe('"a""b"');
    expect(warehouseSql({ dialect: 'spark', table: 'db.preds', label: 'y', prediction: 'p' })).toContain('FROM `db`.`preds`');
    expect(warehouseSql({ dialect: 'trino', table: 'hive.db.preds', label: 'y', prediction: 'p' })).toContain('FROM "hive"."db"."preds"');
  });

  it('casts to STRING in Spark, VARCHAR in DuckDB and Trino', () => {
    expect(dialect('spark').textType).toBe('STRING');
    expect(warehouseSql({ dialect: 'spark', table: 't', label: 'y', prediction: 'p' })).toContain('CAST(NULL AS STRING)');
    expect(warehouseSql({ dialect: 'trino', table: 't', label: 'y', prediction: 'p' })).toContain('CAST(NULL AS VARCHAR)');
  });

  it('tests NaN with is_nan in Trino, isnan in DuckDB and Spark', () => {
    expect(warehouseSql({ dialect: 'trino', table: 't', label: 'y', score: 's' })).toContain('is_nan(s)');
    expect(warehouseSql({ dialect: 'spark', table: 't', label: 'y', score: 's' })).toContain('isnan(s)');
    expect(warehouseSql({ dialect: 'duckdb', table: 't', label: 'y', score: 's' })).not.toContain('is_nan');
  });

  it("escapes quotes in string literals with a backslash in Spark, by doubling in DuckDB and Trino", async () => {
    expect(dialect('spark').quoteString("it's a\\b")).toBe("'it\\'s a\\\\b'");
    expect(dialect('trino').quoteString("it's")).toBe("'it''s'");
    const spark = warehouseSql({ dialect: 'spark', table: 't', label: 'y', prediction: 'p', positive: "it's", labelType: 'text' });
    expect(spark).toContain("= 'it\\'s' THEN 1");
    // and the substitution back to DuckDB keeps the literal
    const c = await duck();
    await c.run(`CREATE OR REPLACE TABLE t AS SELECT * FROM (VALUES ('it''s', 'x'), ('no', 'it''s')) v(y, p)`);
    const confusion = (await rows(toDuckDB(spark, 'spark'))).filter((r) => r.includes('"confusion"'));
    expect(confusion).toEqual(['[null,"confusion",null,0,1,null,null,1,1,null,null,null,null,null,null,null]', '[null,"confusion",null,1,0,null,null,1,1,null,null,null,null,null,null,null]'].map((r) => r.replace('[null,', '[')));
  });

  it('refuses an unknown dialect with a suggestion', () => {
    expect(() => dialect('trinoo')).toThrow(/unknown dialect: trinoo \(did you mean trino\?/);
  });
});

describe('statsState on a tampered stats table', () => {
  it('refuses unknown kinds, labels other than 0/1, and rows the reader would refuse', async () => {
    const c = await duck();
    const log = sharedLogs()[1];
    await c.run(`CREATE OR REPLACE VIEW preds AS SELECT * FROM read_csv(${quote(log.path)})`);
    const settings = { label: 'y_true', prediction: 'y_pred', sensitive: ['sex'] };
    const sql = warehouseSql({ ...settings, dialect: 'duckdb', table: 'preds' });
    const write = async (name: string, edit: string) => {
      const out = join(dir, name);
      await c.run(`COPY (SELECT * REPLACE (${edit}) FROM (${sql})) TO ${quote(out)} (FORMAT csv)`);
      return out;
    };
    const unknown = await write('unknown-kind.csv', `CASE WHEN kind = 'check' THEN 'chek' ELSE kind END AS kind`);
    await expect(statsState({ ...settings, stats: unknown })).rejects.toThrow(/unknown kind in stats table: "chek"/);
    const label = await write('label-2.csv', `CASE WHEN kind = 'confusion' AND label = 1 THEN 2 ELSE label END AS label`);
    await expect(statsState({ ...settings, stats: label })).rejects.toThrow(/invalid label 2 in stats table \(kind confusion, sex=/);
    const missing = await write('missing-labels.csv', `CASE WHEN kind = 'check' THEN 3 ELSE v1 END AS v1`);
    await expect(statsState({ ...settings, stats: missing })).rejects.toThrow(/missing value in column y_true \(6 rows\)/);
    const ok = await write('ok.csv', 'kind AS kind');
    const state = await statsState({ ...settings, stats: ok });
    expect(state.engine.rows).toBe(finishAudit(await auditState({ ...settings, data: log.path })).rows);
  });
});
