import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/datasets/catalogue.js';
import { verifyDatasets } from '../../src/datasets/verify-datasets.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const shared = resolve(repoRoot, '../shared/datasets');
const root = mkdtempSync(join(tmpdir(), 'assay-verify-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('verifyDatasets', () => {
  it('passes for every file of every dataset in the shared mirror', async () => {
    const report = await verifyDatasets(undefined, { mirror: shared });
    const expected = [...loadCatalogue().values()].flatMap((c) => c.files.map((f) => `${c.id}/${f.name}`));
    expect(expected).toHaveLength(22); // ../shared/datasets/README.md: 22 data files
    expect(report.records.map((r) => `${r.id}/${r.file}`)).toEqual(expected);
    expect(report.records.every((r) => r.status === 'ok')).toBe(true);
    expect(report).toMatchObject({ ok: true, absent: [], location: shared });
  });

  it('fails with a clear message on a copy with one byte changed', async () => {
    const mirror = join(root, 'corrupt');
    mkdirSync(mirror);
    cpSync(join(shared, 'german-credit'), join(mirror, 'german-credit'), { recursive: true });
    const path = join(mirror, 'german-credit', 'german.data');
    const bytes = readFileSync(path);
    bytes[500] = bytes[500] === 0x41 ? 0x42 : 0x41;
    writeFileSync(path, bytes);
    const report = await verifyDatasets(undefined, { mirror });
    expect(report.ok).toBe(false);
    expect(report.absent).toEqual([
      'adult',
      'bank-marketing',
      'communities-crime',
      'compas',
      'diabetes',
      'law-school',
      'student-performance',
    ]);
    expect(report.records.map((r) => r.status)).toEqual(['mismatch', 'ok', 'ok']);
    expect(report.records[0].message).toMatch(
      new RegExp(
        `^checksum mismatch: ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(sha256 [0-9a-f]{64}, expected b21f3d81db8071257d5ff1deaeba1fd4303b62712e6fcc9715c7a86202cb5871\\)$`,
      ),
    );
    writeFileSync(path, bytes.subarray(1));
    expect((await verifyDatasets('german-credit', { mirror })).records[0].message).toBe(
      `checksum mismatch: ${path} (79792 bytes, expected 79793)`,
    );
  });

  it('requires every file of a named dataset, and skips absent datasets otherwise', async () => {
    const cacheDir = join(root, 'empty-cache');
    const all = await verifyDatasets(undefined, { cacheDir });
    expect(all).toMatchObject({ ok: true, records: [], location: cacheDir });
    expect(all.absent).toHaveLength(8);
    const one = await verifyDatasets('compas:violent', { cacheDir });
    expect(one.ok).toBe(false);
    expect(one.records.map((r) => r.message)).toEqual([
      `missing file: ${join(cacheDir, 'compas', 'compas-scores-two-years-violent.csv')}`,
    ]);
  });

  it('cannot verify an http mirror', async () => {
    await expect(verifyDatasets(undefined, { mirror: 'https://mirror.example/assay' })).rejects.toThrow(
      'cannot verify a mirror url: https://mirror.example/assay',
    );
  });
});
