// Shards (assay audit --emit-state, assay merge) give the audit of the whole log.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditState, finishAudit, type AuditOptions } from '../../src/api/audit.js';
import { mergeStateFiles, stateToBytes } from '../../src/api/state-file.js';
import { expectSameAudit, sharedLogs } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-shards-'));

/** Cuts a CSV into `parts` files of consecutive rows, each with the header; with each shard's first row. */
function shardCsv(path: string, parts: number, name: string): { path: string; startRow: number }[] {
  const [header, ...rows] = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  const size = Math.ceil(rows.length / parts);
  return Array.from({ length: parts }, (_, k) => {
    const out = join(dir, `${name}-${k}.csv`);
    writeFileSync(out, [header, ...rows.slice(k * size, (k + 1) * size)].join('\n') + '\n');
    return { path: out, startRow: k * size };
  });
}

describe('merged shards', () => {
  for (const log of sharedLogs()) {
    it(`equal the whole of ${log.id} (counts exactly, sums to 1e-12)`, async () => {
      const base: Omit<AuditOptions, 'data'> = {
        label: 'y_true',
        prediction: 'y_pred',
        score: 'score',
        sensitive: log.sensitive,
        intersect: true,
        hashData: false,
        now: () => new Date(0),
      };
      const whole = finishAudit(await auditState({ ...base, data: log.path }), base.now);
      const shards = shardCsv(log.path, 3, log.id);
      const files = await Promise.all(
        shards.map(async ({ path, startRow }) => ({ name: path, bytes: stateToBytes(await auditState({ ...base, data: path, startRow })) })),
      );
      const merged = finishAudit(mergeStateFiles(files, null), base.now);
      expect(merged.rows).toBe(whole.rows);
      // provenance names the shards instead of the whole file
      expectSameAudit({ ...merged, provenance: null }, { ...whole, provenance: null });
    });
  }

  it('refuses states of different settings and truncated states, naming the file', async () => {
    const log = sharedLogs()[0];
    const [a, b] = shardCsv(log.path, 2, 'refuse');
    const stateA = stateToBytes(await auditState({ data: a.path, label: 'y_true', prediction: 'y_pred', sensitive: ['sex'] }));
    const stateB = stateToBytes(await auditState({ data: b.path, startRow: b.startRow, label: 'y_true', prediction: 'y_pred', sensitive: ['race'] }));
    expect(() => mergeStateFiles([{ name: 'a.state', bytes: stateA }, { name: 'b.state', bytes: stateB }], null)).toThrow(
      /cannot merge states with different audit settings: a.state and b.state differ in sensitive \(\["sex"\] in a.state, \["race"\] in b.state\)/,
    );
    expect(() => mergeStateFiles([{ name: 'a.state', bytes: stateA.subarray(0, stateA.length - 9) }], null)).toThrow(/truncated state file: a.state/);
  });
});
