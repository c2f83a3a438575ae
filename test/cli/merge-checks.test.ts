// `assay merge` refuses what would give wrong numbers — a state given twice, overlapping
// shards, the same data twice, corrupt files, different models or settings — with one line
// naming the files and the difference (exit 2). Model audits: merge-model.test.ts.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/types.js';
import { assay, tempDir, type CliRun } from '../helpers/cli.js';

const dir = tempDir('assay-merge-checks-');
const log = ['--label', 'y', '--prediction', 'p', '--sensitive', 'g', '--quiet', '--no-html'];

/** 4 rows checkable by hand: group A right twice, group B wrong twice. */
const SHARD = 'y,p,g\n1,1,A\n0,0,A\n1,0,B\n0,1,B\n';

function expectOneLineError(run: CliRun, message: RegExp): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(/^assay: /);
  expect(run.stderr).toMatch(message);
}

/** Audits `csv` (written to `name`.csv) and writes `name`.state; returns the state's path. */
function emit(name: string, csv: string, extra: string[] = []): string {
  const data = join(dir, `${name}.csv`);
  writeFileSync(data, csv);
  const state = join(dir, `${name}.state`);
  const run = assay(['audit', '--data', data, ...log, ...extra, '--emit-state', state, '--out', join(dir, `out-${name}`)]);
  expect(run.status, run.stderr).toBe(0);
  return state;
}

function readAudit(out: string): AuditResult {
  return JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as AuditResult;
}

describe('assay merge refuses double counting', () => {
  it('refuses the same state given twice, or a copy of it', () => {
    const a = emit('twice', SHARD);
    expectOneLineError(assay(['merge', a, a, '--out', join(dir, 'm-twice')]), /cannot merge a state with itself: .*twice\.state is given twice/);
    const copy = join(dir, 'twice-copy.state');
    copyFileSync(a, copy);
    expectOneLineError(assay(['merge', a, copy, '--out', join(dir, 'm-copy')]), /twice\.state and .*twice-copy\.state are the same state/);
  });

  it('refuses shards whose row ranges overlap (--start-row left off), naming both files and ranges', () => {
    const a = emit('ov-a', SHARD);
    const b = emit('ov-b', SHARD.replace('1,1,A', '1,1,C'));
    expectOneLineError(
      assay(['merge', a, b, '--out', join(dir, 'm-ov')]),
      /cannot merge overlapping shards: .*ov-a\.state holds rows 0–3 and .*ov-b\.state rows 0–3 \(give each shard its own --start-row\)/,
    );
    const c = emit('ov-c', SHARD.replace('1,1,A', '1,1,D'), ['--start-row', '2']);
    expectOneLineError(assay(['merge', a, c, '--out', join(dir, 'm-ov2')]), /ov-a\.state holds rows 0–3 and .*ov-c\.state rows 2–5/);
  });

  it('refuses two states of the same data file, whatever their start rows', () => {
    const a = emit('same', SHARD);
    const data = join(dir, 'same.csv');
    const b = join(dir, 'same-b.state');
    expect(assay(['audit', '--data', data, ...log, '--start-row', '4', '--emit-state', b, '--out', join(dir, 'out-same-b')]).status).toBe(0);
    expectOneLineError(assay(['merge', a, b, '--out', join(dir, 'm-same')]), /cannot merge states of the same data: .*same\.state .* and .*same-b\.state .* have sha256 [0-9a-f]{12}…/);
  });

  it('merges disjoint shards into the audit of the whole', () => {
    const rows = SHARD.trim().split('\n');
    const a = emit('part-a', `${rows.slice(0, 3).join('\n')}\n`);
    const b = emit('part-b', `${[rows[0], ...rows.slice(3)].join('\n')}\n`, ['--start-row', '2']);
    const whole = join(dir, 'whole.csv');
    writeFileSync(whole, SHARD);
    expect(assay(['audit', '--data', whole, ...log, '--out', join(dir, 'out-whole')]).status).toBe(0);
    // given in either order
    const run = assay(['merge', b, a, '--out', join(dir, 'm-parts'), '--quiet', '--no-html']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const merged = readAudit(join(dir, 'm-parts'));
    expect(merged.rows).toBe(4);
    const accuracy = (r: AuditResult) => r.metrics.filter((m) => m.metric === 'accuracy').map((m) => [m.group, m.value]);
    expect(accuracy(merged)).toEqual(accuracy(readAudit(join(dir, 'out-whole'))));
    // by hand: A right twice, B wrong twice
    expect(accuracy(merged)).toEqual(expect.arrayContaining([[null, 0.5], ['A', 1], ['B', 0]]));
  });
});

describe('assay merge refuses corrupt and older state files', () => {
  it('refuses a state with one byte flipped, in the payload or the header', () => {
    const a = emit('flip', SHARD);
    const bytes = readFileSync(a);
    const payload = Buffer.from(bytes);
    payload[payload.length - 3] ^= 1;
    const flipped = join(dir, 'flip-payload.state');
    writeFileSync(flipped, payload);
    expectOneLineError(assay(['merge', flipped, '--out', join(dir, 'm-flip')]), /flip-payload\.state: corrupt state file \(checksum mismatch\)$/m);
    const header = Buffer.from(bytes);
    const at = header.indexOf('"positives":');
    header[at + '"positives":'.length] ^= 1; // 2 → 3: still a valid header
    const flippedHeader = join(dir, 'flip-header.state');
    writeFileSync(flippedHeader, header);
    expectOneLineError(assay(['merge', flippedHeader, '--out', join(dir, 'm-flip2')]), /flip-header\.state: corrupt state file \(checksum mismatch\)/);
  });

  it('refuses a state written before states carried a row range and checksum', () => {
    const a = emit('old', SHARD);
    const bytes = readFileSync(a);
    const length = bytes.readUInt32LE(8);
    const header = JSON.parse(bytes.subarray(12, 12 + length).toString('utf8')) as { extra: Record<string, unknown> };
    const { settings, favorable, entropyAlpha, inputs } = header.extra;
    // the older header: the same bytes with only the four fields of then, padded to the same length
    const text = JSON.stringify({ ...header, extra: { settings, favorable, entropyAlpha, inputs } }).padEnd(length, ' ');
    const old = Buffer.from(bytes);
    old.write(text, 12, 'utf8');
    const path = join(dir, 'older.state');
    writeFileSync(path, old);
    expectOneLineError(assay(['merge', path, '--out', join(dir, 'm-old')]), /older\.state: state file written by an older assay \(no row range or checksum\)/);
  });
});

describe('assay merge names the setting that differs', () => {
  it('names the first differing setting and both values', () => {
    const a = emit('sx1', SHARD);
    const b = emit('sx3', SHARD.replace('1,1,A', '1,1,C'), ['--start-row', '4', '--intersect']);
    expectOneLineError(
      assay(['merge', a, b, '--out', join(dir, 'm-sx')]),
      /cannot merge states with different audit settings: .*sx1\.state and .*sx3\.state differ in intersect \(false in .*sx1\.state, true in .*sx3\.state\)/,
    );
    const c = emit('sx4', SHARD.replace('1,1,A', '1,1,E'), ['--start-row', '8', '--confidence', '0.9']);
    expectOneLineError(assay(['merge', a, c, '--out', join(dir, 'm-sx2')]), /differ in confidenceLevel \(0\.95 in .*sx1\.state, 0\.9 in .*sx4\.state\)/);
  });
});
