// The Adult example with the hiring profile: the report names Art. 34's duties with their
// status and the LL144 table; --fail-on exits 1 when the impact ratio is below the threshold
// and 0 when it is not. Every report written validates against the published schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateReport } from '../../src/report/index.js';
import { REPO, SHARED } from '../helpers/fixtures.js';
import { assay, tempDir } from '../helpers/cli.js';

interface Obligations {
  breached: boolean;
  obligations: { id: string; article: string; status: string }[];
  ll144: { categories: unknown[] } | null;
}

describe('assay audit --profile kr-aiba/hiring on the Adult example', () => {
  const out = tempDir();
  const run = assay([
    'audit', '--model', resolve(REPO, 'examples/adult-logreg.onnx'), '--data', 'adult:test',
    '--mirror', resolve(SHARED, 'datasets'), '--intersect', '--profile', 'kr-aiba/hiring',
    '--fail-on', 'kr-aiba/hiring', '--out', out, '--quiet',
  ]);

  it('exits 1: the impact ratio for sex is far below 0.8', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
  });

  it("names Art. 34's duties with their status, and the LL144 table", () => {
    const json = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as { obligations: Obligations };
    expect(validateReport(json).errors).toEqual([]);
    const art34 = json.obligations.obligations.filter((o) => /Art 34/.test(o.article));
    expect(art34.length).toBeGreaterThanOrEqual(5);
    for (const o of art34) expect(['evidenced', 'breached', 'needs_attestation', 'insufficient_evidence', 'not_applicable']).toContain(o.status);
    expect(json.obligations.ll144?.categories.length).toBeGreaterThan(0);
    const html = readFileSync(join(out, 'audit.html'), 'utf8');
    expect(html).toMatch(/Art 34/);
    expect(html).toMatch(/Local Law 144/);
    expect(html).not.toMatch(/<script[^>]+src=|https?:\/\/[^"']+\.(js|css)/);
  });
});

describe('--fail-on with a fair model', () => {
  it('exits 0 when every impact ratio is at or above the threshold', () => {
    const dir = tempDir();
    const rows = ['y,p,s,sex,race'];
    for (let i = 0; i < 400; i++) {
      const sex = i % 2 ? 'F' : 'M';
      const race = ['A', 'B'][Math.floor(i / 4) % 2];
      rows.push(`${i % 3 === 0 ? 1 : 0},${i % 4 < 2 ? 1 : 0},${((i % 10) + 0.5) / 10},${sex},${race}`);
    }
    writeFileSync(join(dir, 'fair.csv'), `${rows.join('\n')}\n`);
    const policy = join(dir, 'policy.yaml');
    writeFileSync(policy, 'version: 1\nthresholds:\n  impact_ratio: 0.8\nfailOn: [breached]\n');
    const run = assay(['audit', '--data', join(dir, 'fair.csv'), '--label', 'y', '--prediction', 'p', '--score', 's',
      '--sensitive', 'sex', '--sensitive', 'race', '--fail-on', policy, '--out', join(dir, 'out'), '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, breaches: 0 });
  });
});
