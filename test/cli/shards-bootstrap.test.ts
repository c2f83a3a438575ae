// Shards with --start-row: merged states equal the whole log, bootstrap intervals included.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED } from '../helpers/fixtures.js';
import { assay, tempDir } from '../helpers/cli.js';

describe('assay merge of shards with --start-row', () => {
  it('gives the audit of the whole log, bootstrap replicates included', () => {
    const dir = tempDir();
    const lines = readFileSync(resolve(SHARED, 'models/compas-gbdt/predictions.csv'), 'utf8').trim().split('\n');
    const cut = 1000;
    writeFileSync(join(dir, 'a.csv'), `${[lines[0], ...lines.slice(1, 1 + cut)].join('\n')}\n`);
    writeFileSync(join(dir, 'b.csv'), `${[lines[0], ...lines.slice(1 + cut)].join('\n')}\n`);
    const common = ['--label', 'y_true', '--prediction', 'y_pred', '--score', 'score', '--sensitive', 'sex', '--sensitive', 'race',
      '--intersect', '--bootstrap', '50', '--seed', '7', '--quiet', '--no-html', '--no-hash'];
    expect(assay(['audit', '--data', resolve(SHARED, 'models/compas-gbdt/predictions.csv'), ...common, '--out', join(dir, 'whole')]).status).toBe(0);
    expect(assay(['audit', '--data', join(dir, 'a.csv'), ...common, '--emit-state', join(dir, 'a.state'), '--out', join(dir, 'sa')]).status).toBe(0);
    expect(assay(['audit', '--data', join(dir, 'b.csv'), ...common, '--start-row', String(cut), '--emit-state', join(dir, 'b.state'), '--out', join(dir, 'sb')]).status).toBe(0);
    const merged = assay(['merge', join(dir, 'a.state'), join(dir, 'b.state'), '--out', join(dir, 'merged'), '--quiet']);
    expect(merged.stderr).toBe('');
    type R = { metrics: { metric: string; group: string | null; value: number | null; ci?: [number, number] | null }[] };
    const whole = JSON.parse(readFileSync(join(dir, 'whole/audit.json'), 'utf8')) as R;
    const got = JSON.parse(readFileSync(join(dir, 'merged/audit.json'), 'utf8')) as R;
    const pick = (r: R) => r.metrics.filter((m) => m.metric === 'f1').map((m) => [m.group, m.value, m.ci]);
    expect(pick(got)).toEqual(pick(whole));
    expect(pick(whole).every(([, , ci]) => ci !== null)).toBe(true);
  });
});
