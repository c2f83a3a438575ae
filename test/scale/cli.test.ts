// The built CLI: assay sql → (warehouse) → assay finalize, and bad input as one line, exit 2.
// Needs `npm run build` (npm test builds first).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assay, tempDir } from '../helpers/cli.js';
import { duck, sharedLogs, toParquet } from './helpers.js';

const dir = tempDir('assay-scale-cli-');
const log = sharedLogs()[0];
const settings = ['--label', 'y_true', '--prediction', 'y_pred', '--score', 'score', '--sensitive', 'sex', '--sensitive', 'race'];
const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
let statsCsv = '';

function expectOneLineError(run: ReturnType<typeof assay>, message: RegExp): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr).toMatch(/^assay: /);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(message);
}

beforeAll(async () => {
  const sql = assay(['sql', '--dialect', 'duckdb', '--table', 'preds', '--scores', 'exact', ...settings]);
  expect(sql.status, sql.stderr).toBe(0);
  const c = await duck();
  await c.run(`CREATE OR REPLACE VIEW preds AS SELECT * FROM read_csv(${quote(log.path)})`);
  statsCsv = join(dir, 'stats.csv');
  await c.run(`COPY (${sql.stdout}) TO ${quote(statsCsv)} (FORMAT csv)`);
});

/** A copy of the stats table with lines removed (or columns cut). */
function editedStats(name: string, edit: (lines: string[]) => string[]): string {
  const path = join(dir, name);
  writeFileSync(path, edit(readFileSync(statsCsv, 'utf8').trimEnd().split('\n')).join('\n') + '\n');
  return path;
}

describe('assay audit --threads', () => {
  it('writes the same audit with 1, 3 and auto threads, and refuses a bad count', async () => {
    const parquet = await toParquet(log.path, join(dir, 'log.parquet'));
    const run = (threads: string) => {
      const out = join(dir, `threads-${threads}`);
      const r = assay(['audit', '--data', parquet, ...settings, '--intersect', '--out', out, '--quiet', '--no-html', '--threads', threads]);
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(join(out, 'audit.json'), 'utf8').replace(/"(createdAt|command)": "[^"]*"/g, '');
    };
    const one = run('1');
    expect(run('3')).toBe(one);
    expect(run('auto')).toBe(one);
    expectOneLineError(assay(['audit', '--data', parquet, ...settings, '--out', join(dir, 'bad'), '--threads', 'two']), /threads/);
    expectOneLineError(assay(['audit', '--data', parquet, ...settings, '--out', join(dir, 'bad'), '--threads', '0']), /thread/);
  });

  it('stops every thread before exiting on bad input a thread finds (one line, exit 2, nothing written)', async () => {
    // three fold blocks of 1,048,576 rows; a missing label early in the first, found by this
    // thread while a worker is still reading the second (exiting then used to abort the process)
    const path = join(dir, 'early-null.parquet');
    const c = await duck();
    await c.run(
      `COPY (SELECT CASE WHEN i = 300000 THEN NULL ELSE i % 2 END AS y, (i // 2) % 2 AS p, (i % 97) / 97.0 AS s, 'g' || (i % 3) AS g FROM range(3000000) t(i)) TO ${quote(path)} (FORMAT parquet)`,
    );
    for (const threads of ['1', '2', '3']) {
      const out = join(dir, `early-null-${threads}`);
      const run = assay(['audit', '--data', path, '--label', 'y', '--prediction', 'p', '--score', 's', '--sensitive', 'g', '--out', out, '--threads', threads]);
      expectOneLineError(run, /missing value in column y \(row 300001\)/);
      expect(existsSync(out), `threads ${threads}`).toBe(false);
    }
  });
});

describe('assay sql and assay finalize', () => {
  it('finalizes the exported stats table into the audit the streaming run writes', () => {
    const out = join(dir, 'final');
    const run = assay(['finalize', '--stats', statsCsv, ...settings, '--intersect', '--out', out, '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    const streamOut = join(dir, 'stream');
    const stream = assay(['audit', '--data', log.path, ...settings, '--intersect', '--out', streamOut, '--quiet', '--no-html']);
    expect(stream.status, stream.stderr).toBe(0);
    const a = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as { rows: number; metrics: { metric: string; n: number }[] };
    const b = JSON.parse(readFileSync(join(streamOut, 'audit.json'), 'utf8')) as typeof a;
    expect(a.rows).toBe(b.rows);
    expect(a.metrics.map((m) => [m.metric, m.n])).toEqual(b.metrics.map((m) => [m.metric, m.n]));
    expect(readFileSync(join(out, 'audit.html'), 'utf8')).toMatch(/<html/i);
  });

  it('refuses a stats table with a missing column', () => {
    const path = editedStats('no-v8.csv', (lines) => lines.map((l) => l.split(',').slice(0, -1).join(',')));
    expectOneLineError(assay(['finalize', '--stats', path, ...settings, '--out', join(dir, 'x')]), /missing column in stats table: v8/);
  });

  it('refuses a stats table with a missing group or missing rows', () => {
    const path = editedStats('no-female-sums.csv', (lines) => lines.filter((l) => !(l.includes('Female') && l.includes('score_sums'))));
    expectOneLineError(
      assay(['finalize', '--stats', path, ...settings, '--out', join(dir, 'x')]),
      /stats table is inconsistent: group sex=Female, race=\w+.* 0 in score_sums/,
    );
    const noGroup = editedStats('no-female.csv', (lines) => lines.filter((l) => !l.includes('Female')));
    expectOneLineError(assay(['finalize', '--stats', noGroup, ...settings, '--out', join(dir, 'x')]), /inconsistent: .* in the meta row/);
  });

  it('reads numbers stored as text (NULL for missing) as the numbers they are', async () => {
    // a warehouse export whose value columns are text, with NULL written out
    const c = await duck();
    const text = join(dir, 'text-values.parquet');
    const cols = ['label', 'pred', 'bin', 'score', 'n', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8'];
    await c.run(
      `COPY (SELECT * REPLACE (${cols.map((x) => `COALESCE(CAST(${x} AS VARCHAR), 'NULL') AS ${x}`).join(', ')}) FROM read_csv(${quote(statsCsv)})) TO ${quote(text)} (FORMAT parquet)`,
    );
    const out = (name: string, stats: string) => {
      const run = assay(['finalize', '--stats', stats, ...settings, '--out', join(dir, name), '--quiet', '--no-html']);
      expect(run.status, run.stderr).toBe(0);
      return readFileSync(join(dir, name, 'audit.json'), 'utf8').replace(/"(createdAt|command)": "[^"]*"/g, '').replaceAll(text, statsCsv);
    };
    expect(out('from-text', text).replace(/"sha256": "[0-9a-f]+"|"bytes": \d+/g, '')).toBe(out('from-csv', statsCsv).replace(/"sha256": "[0-9a-f]+"|"bytes": \d+/g, ''));
  });

  it('refuses NaN, negative or infinite sums and text that is not a number, naming file, column and group', () => {
    const header = readFileSync(statsCsv, 'utf8').split('\n')[0].split(',');
    const v1 = header.indexOf('v1');
    const kind = header.indexOf('kind');
    const edit = (name: string, value: string) =>
      editedStats(name, (lines) => {
        const at = lines.findIndex((l) => l.split(',')[kind] === 'confusion');
        const cells = lines[at].split(',');
        cells[v1] = value;
        lines[at] = cells.join(',');
        return lines;
      });
    const run = (path: string) => assay(['finalize', '--stats', path, ...settings, '--out', join(dir, 'x')]);
    expectOneLineError(run(edit('nan.csv', 'NaN')), /nan\.csv: invalid v1 \(missing or NaN\) in stats table \(kind confusion, sex=/);
    expectOneLineError(run(edit('neg.csv', '-3')), /neg\.csv: invalid v1 -3 in stats table \(kind confusion, sex=/);
    expectOneLineError(run(edit('inf.csv', 'Infinity')), /inf\.csv: invalid v1 Infinity in stats table/);
    expectOneLineError(run(edit('word.csv', 'many')), /word\.csv: column v1 of the stats table holds "many", not a number/);
    expectOneLineError(run(edit('no-weight.csv', '')), /no-weight\.csv: invalid v1 \(missing or NaN\) in stats table \(kind confusion, sex=/);
    const nullMeta = editedStats('null-meta.csv', (lines) => lines.map((l) => (l.includes('"{""format""') ? l.replace(/"\{.*\}"/, 'null') : l)));
    expectOneLineError(run(nullMeta), /null-meta\.csv: not an assay stats table/);
  });

  it('refuses a stats table made under other settings', () => {
    expectOneLineError(
      assay(['finalize', '--stats', statsCsv, ...settings, '--calibration-bins', '5', '--out', join(dir, 'x')]),
      /stats table made with different settings: calibrationBins is 10, the audit has 5/,
    );
  });

  it('refuses to merge states of different settings, and truncated states', () => {
    const a = join(dir, 'a.state');
    const b = join(dir, 'b.state');
    expect(assay(['audit', '--data', log.path, '--label', 'y_true', '--prediction', 'y_pred', '--sensitive', 'sex', '--emit-state', a, '--out', join(dir, 'sa'), '--quiet']).status).toBe(0);
    expect(assay(['audit', '--data', log.path, '--label', 'y_true', '--prediction', 'y_pred', '--sensitive', 'race', '--emit-state', b, '--out', join(dir, 'sb'), '--quiet']).status).toBe(0);
    expectOneLineError(assay(['merge', a, b, '--out', join(dir, 'm')]), /cannot merge states with different audit settings/);
    const cut = join(dir, 'cut.state');
    writeFileSync(cut, readFileSync(a).subarray(0, 200));
    expectOneLineError(assay(['merge', cut, '--out', join(dir, 'm2')]), /truncated state file/);
  });

  it('prints the SQL of each dialect, and refuses an unknown one', () => {
    const trino = assay(['sql', '--dialect', 'trino', '--table', 'hive.logs.preds', ...settings]);
    expect(trino.status).toBe(0);
    expect(trino.stdout).toContain('FROM "hive"."logs"."preds"');
    expect(trino.stdout).toContain('is_nan(s)');
    const bad = assay(['sql', '--dialect', 'oracle', '--table', 't', ...settings]);
    expect(bad.status).toBe(2);
  });
});
