// DuckDB pushdown gives the streaming audit: counts and AUC exactly, float sums to 1e-12.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditState, finishAudit, resolveSettings, type AuditOptions } from '../../src/api/audit.js';
import { auditStateSql } from '../../src/scale/audit-state-sql.js';
import { dialect } from '../../src/scale/sql-dialect.js';
import { statsSqlParts } from '../../src/scale/stats-sql.js';
import { duck, expectSameAudit, sharedLogs } from './helpers.js';

const logs = sharedLogs();
const cases: [string, Partial<AuditOptions>][] = [
  [
    'prediction and score',
    {
      prediction: 'y_pred',
      score: 'score',
      intersect: true,
      privileged: [{ feature: 'sex', value: 'Male' }],
    },
  ],
  ['threshold and weights', { score: 'score', threshold: 0.3, weight: 'age', calibrationBins: 7 }],
  [
    'text label with a positive class',
    { label: 'sex', positive: 'Female', prediction: 'y_pred', sensitive: ['race'] },
  ],
  [
    'regression',
    { task: 'regression', label: 'age', prediction: 'score', sensitive: ['race', 'sex'], intersect: true },
  ],
  ['no sensitive feature', { prediction: 'y_pred', score: 'score', sensitive: [] }],
];

describe('auditStateSql', () => {
  for (const [name, extra] of cases) {
    it(`equals the streaming audit on every shared log (${name})`, async () => {
      for (const log of logs) {
        const options: AuditOptions = {
          data: log.path,
          label: 'y_true',
          sensitive: log.sensitive,
          ...extra,
          now: () => new Date(0),
        };
        const streaming = finishAudit(await auditState(options), options.now);
        const pushed = finishAudit(await auditStateSql(options), options.now);
        expectSameAudit(pushed, streaming);
        const auc = (r: typeof streaming) =>
          r.metrics.filter((m) => m.metric === 'roc_auc').map((m) => m.value);
        expect(auc(pushed)).toEqual(auc(streaming)); // exact, not just close
      }
    });
  }

  it('aggregates scores in two parts, positives and the rest', () => {
    const settings = resolveSettings({
      data: 'x',
      label: 'y_true',
      score: 'score',
      prediction: 'y_pred',
      sensitive: ['sex'],
    });
    for (const binnedScores of [false, true]) {
      const options = {
        dialect: dialect('duckdb'),
        from: 't',
        labelKind: 'number' as const,
        predictionKind: 'number' as const,
        binnedScores,
      };
      const kind = binnedScores ? 'score_bins' : 'scores';
      const whole = statsSqlParts(settings, options);
      const split = statsSqlParts(settings, { ...options, scoresByLabel: true });
      expect(split.kinds.filter((k) => k === kind)).toHaveLength(2);
      expect(split.kinds.filter((k) => k !== kind)).toEqual(whole.kinds.filter((k) => k !== kind));
      const halves = split.selects.filter((_, i) => split.kinds[i] === kind);
      expect(halves[0]).toMatch(/WHERE y = 1\n/);
      expect(halves[1]).toMatch(/WHERE y IS DISTINCT FROM 1\n/);
    }
  });

  it('bins scores past the AUC budget and reports the bound as the engine does', async () => {
    const log = logs[0];
    const options: AuditOptions = {
      data: log.path,
      label: 'y_true',
      score: 'score',
      sensitive: log.sensitive,
      aucBudget: 100,
      now: () => new Date(0),
    };
    const state = await auditStateSql(options);
    expect(state.engine.states.store?.binned).toBe(true);
    const streaming = finishAudit(await auditState(options), options.now);
    expectSameAudit(finishAudit(state, options.now), streaming);
  });

  it('names groups as the streaming engine does: floats as pandas writes them, -0.0 with 0.0, dates, timestamps and times as text', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'assay-pushdown-names-'));
    const file = path.join(dir, 'typed.parquet');
    const c = await duck();
    await c.run(
      `COPY (SELECT * FROM (VALUES (1, 1, 1.0, -0.0, DATE '2020-01-01', TIMESTAMP '2020-01-01 12:30:00.5', TIME '12:30:00.25'), ` +
        `(0, 0, 2.5, 0.0, DATE '2020-01-02', TIMESTAMP '2020-01-01 12:30:00.5', TIME '12:30:00'), ` +
        `(1, 0, 1.0, 0.5, DATE '2020-01-01', TIMESTAMP '2021-06-01 00:00:00', TIME '12:30:00')) t(y, p, f, z, d, ts, tm)) TO '${file}' (FORMAT parquet)`,
    );
    for (const sensitive of [['f'], ['z'], ['d'], ['ts'], ['tm']]) {
      const options: AuditOptions = {
        data: file,
        label: 'y',
        prediction: 'p',
        sensitive,
        now: () => new Date(0),
      };
      const streaming = finishAudit(await auditState(options), options.now);
      expectSameAudit(finishAudit(await auditStateSql(options), options.now), streaming);
      const groups = [...new Set(streaming.metrics.filter((m) => m.feature !== null).map((m) => m.group))];
      expect(groups).toEqual(
        {
          f: ['1.0', '2.5'],
          z: ['0.0', '0.5'],
          d: ['2020-01-01', '2020-01-02'],
          ts: ['2020-01-01 12:30:00.500000', '2021-06-01 00:00:00'],
          tm: ['12:30:00', '12:30:00.250000'],
        }[sensitive[0]],
      );
    }
  });

  it('raises a bad value far into a file (the aggregation reads it all before its first row)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'assay-pushdown-late-'));
    const file = path.join(dir, 'late.csv');
    const c = await duck();
    await c.run(
      `COPY (SELECT i % 2 AS y, (i // 2) % 2 AS p, CAST((i % 97) / 97.0 AS VARCHAR) AS s FROM range(150000) t(i) UNION ALL SELECT 1, 1, 'oops') TO '${file}' (FORMAT csv)`,
    );
    await expect(auditStateSql({ data: file, label: 'y', prediction: 'p', score: 's' })).rejects.toThrow(
      /cannot read column s: "oops" is not a number/,
    );
  });

  it('refuses a fraction in a column guessed as integers, as the streaming reader does (never rounds it)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'assay-pushdown-frac-'));
    const file = path.join(dir, 'frac.csv');
    const c = await duck();
    await c.run(
      `COPY (SELECT i % 2 AS y, (i // 2) % 2 AS p, CAST(i % 3 AS VARCHAR) AS g FROM range(30000) t(i) UNION ALL SELECT 1, 1, '5.5') TO '${file}' (FORMAT csv)`,
    );
    const options: AuditOptions = { data: file, label: 'y', prediction: 'p', sensitive: ['g'] };
    const message = /cannot read column g: 5\.5 is not a whole number/;
    await expect(auditState(options)).rejects.toThrow(message);
    await expect(auditStateSql(options)).rejects.toThrow(message);
    // read as decimals, both engines agree
    const decimals: AuditOptions = {
      ...options,
      csv: { columnTypes: { g: 'double' } },
      now: () => new Date(0),
    };
    expectSameAudit(
      finishAudit(await auditStateSql(decimals), decimals.now),
      finishAudit(await auditState(decimals), decimals.now),
    );
  });

  it('refuses what the streaming reader refuses, and what it cannot do', async () => {
    const log = logs[0];
    await expect(auditStateSql({ data: log.path, label: 'age', prediction: 'y_pred' })).rejects.toThrow(
      /column age has values other than 0 and 1/,
    );
    await expect(auditStateSql({ data: log.path, label: 'y_true', prediction: 'nope' })).rejects.toThrow(
      /missing column: nope/,
    );
    await expect(
      auditStateSql({ data: log.path, label: 'y_true', prediction: 'y_pred', bootstrap: 10 }),
    ).rejects.toThrow(/bootstrap replicates need the streaming engine/);
    await expect(
      auditStateSql({ data: log.path, label: 'y_true', score: 'score', weight: 'y_pred', threshold: 0.5 }),
    ).resolves.toBeDefined();
  });
});
