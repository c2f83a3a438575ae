import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditError } from '../../src/core/errors.js';
import { loadAttestations, parseAttestations } from '../../src/obligations/load-attestations.js';
import { loadPolicy, parsePolicy, resolvePolicy } from '../../src/obligations/load-policy.js';
import { repoRoot } from '../report/fixtures.js';

const examples = path.join(repoRoot, 'policies/examples');

function oneLineError(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(AuditError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected an error');
}

describe('policy files', () => {
  it('parses the example policy', async () => {
    const p = await loadPolicy(path.join(examples, 'hiring-policy.yaml'));
    expect(p.profile).toBe('kr-aiba/hiring');
    expect(p.thresholds).toEqual({
      impact_ratio: { bound: 'min', value: 0.8 },
      equalized_odds_difference: { bound: 'max', value: 0.1 },
      ece: { bound: 'max', value: 0.05 },
      accuracy_difference: { bound: 'max', value: 0.05 },
      counterfactual_flip_rate: null,
    });
    expect(p.notApplicable['kr-pipa/art37-2/automated-decision-rights']).toMatch(/recruiter/);
    expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(p.ll144).toEqual({
      sex: 'sex',
      race: 'race',
      minCategoryShare: 0.02,
      excludeSmallCategories: true,
    });
  });

  it('accepts an empty mapping as a policy that changes nothing', () => {
    const p = parsePolicy('{}', 'p.yaml');
    expect(p).toMatchObject({
      profile: null,
      thresholds: {},
      failOn: ['breached'],
      requireSignificance: false,
    });
  });

  it.each([
    [
      'thresold:\n  ece: 0.1\n',
      /^invalid policy p\.yaml: thresold: unknown policy key: thresold \(did you mean thresholds\?/,
    ],
    [
      'thresholds:\n  impact_ration: 0.8\n',
      /thresholds\.impact_ration: unknown measure: impact_ration \(did you mean impact_ratio/,
    ],
    [
      'thresholds:\n  ece: low\n',
      /thresholds\.ece: expected a number, \{min: number\} or \{max: number\}, got "low"/,
    ],
    ['thresholds:\n  ece: {max: .inf}\n', /thresholds\.ece\.max: expected a finite number/],
    ['thresholds:\n  ece: {below: 0.1}\n', /thresholds\.ece: expected a number/],
    [
      'thresholds:\n  selection_rate: 0.3\n',
      /selection_rate has no natural direction: write \{min: 0\.3\} or \{max: 0\.3\}/,
    ],
    ['profile: kr-aiba/hirng\n', /profile: unknown profile: kr-aiba\/hirng \(did you mean kr-aiba\/hiring/],
    ['failOn: [breched]\n', /failOn\[0\]: unknown status: breched \(did you mean breached/],
    ['failOn: []\n', /failOn: expected at least one status/],
    [
      'include: [eu-aia/art27/fra]\n',
      /include\[0\]: unknown obligation: eu-aia\/art27\/fra \(did you mean eu-aia\/art27\/fria/,
    ],
    [
      'notApplicable:\n  eu-aia/art27/fria: ""\n',
      /notApplicable\.eu-aia\/art27\/fria: expected a non-empty string/,
    ],
    ['ll144:\n  minCategoryShare: 2\n', /ll144\.minCategoryShare: expected a share in \[0, 1\), got 2/],
    ['ll144:\n  sexx: gender\n', /ll144\.sexx: unknown ll144 key: sexx \(did you mean sex/],
    ['version: 2\n', /version: unsupported version 2 \(expected 1\)/],
    ['thresholds:\n  impact_ratio: 5\n', /thresholds\.impact_ratio: impact_ratio takes values from 0 to 1, got 5/],
    ['thresholds:\n  impact_ratio: -0.2\n', /thresholds\.impact_ratio: impact_ratio takes values from 0 to 1, got -0\.2/],
    ['thresholds:\n  demographic_parity_ratio: {min: 3}\n', /thresholds\.demographic_parity_ratio\.min: .* from 0 to 1, got 3/],
    ['thresholds:\n  accuracy_difference: {max: 7}\n', /thresholds\.accuracy_difference\.max: .* from 0 to 1, got 7/],
    ['- a\n- b\n', /expected a mapping at the top level, got a list/],
    ['', /the file is empty/],
    ['thresholds: [\n', /^invalid policy p\.yaml: yaml: /],
    ['a: 1\na: 2\n', /yaml: .*[Mm]ap keys must be unique/],
  ])('rejects %j with one line naming the file and key', (text, pattern) => {
    expect(oneLineError(() => parsePolicy(text, 'p.yaml'))).toMatch(pattern);
  });

  it('says when the file cannot be read', async () => {
    await expect(loadPolicy('/nonexistent/policy.yaml')).rejects.toThrow(
      'cannot read policy /nonexistent/policy.yaml: no such file',
    );
  });

  it('resolves a --fail-on argument as a profile id or a file, naming the nearest profile on a typo', async () => {
    expect((await resolvePolicy('kr-aiba/loan')).profile).toBe('kr-aiba/loan');
    expect((await resolvePolicy(path.join(examples, 'hiring-policy.yaml'))).source).toMatch(
      /hiring-policy\.yaml$/,
    );
    await expect(resolvePolicy('kr-aiba/lone')).rejects.toThrow(
      /unknown profile: kr-aiba\/lone \(did you mean kr-aiba\/loan/,
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'assay-policy-'));
    const file = path.join(dir, 'strict');
    writeFileSync(file, 'thresholds:\n  impact_ratio: 0.9\n');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      // A relative path that looks like a profile id but names a file is read as a file.
      expect((await resolvePolicy('./strict')).thresholds.impact_ratio).toEqual({ bound: 'min', value: 0.9 });
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('attestation files', () => {
  it('parses the example attestations with default ids', async () => {
    const a = await loadAttestations(path.join(examples, 'attestations.yaml'));
    expect(a.organisation).toBe('Example Recruiting Ltd.');
    expect(a.attestations.map((x) => x.id)).toEqual(['oversight', 'A2', 'A3']);
    expect(a.attestations[0]).toMatchObject({
      date: '2026-02-20',
      covers: ['kr-aiba/art34-1-4/human-oversight', 'eu-aia/art14/human-oversight'],
    });
    expect(a.attestations[2].evidence).toEqual([]);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  const item = (extra: string) =>
    `attestations:\n  - covers: [kr-aiba/art34-1-4/human-oversight]\n    statement: s\n    by: b\n    date: 2026-01-02\n${extra}`;
  it.each([
    ['attestations: {}\n', /attestations: expected a list, got a mapping/],
    [
      'attestations:\n  - statement: s\n    by: b\n    date: 2026-01-02\n',
      /attestations\[0\]\.covers: missing/,
    ],
    [
      item('').replace('2026-01-02', '2026-02-30'),
      /attestations\[0\]\.date: expected a date YYYY-MM-DD, got "2026-02-30"/,
    ],
    [item('').replace('2026-01-02', '"March 3"'), /expected a date YYYY-MM-DD/],
    [
      item('').replace('human-oversight]', 'human-oversigt]'),
      /covers\[0\]: unknown obligation: kr-aiba\/art34-1-4\/human-oversigt \(did you mean kr-aiba\/art34-1-4\/human-oversight/,
    ],
    [item('').replace('    by: b\n', ''), /attestations\[0\]\.by: expected a non-empty string, got nothing/],
    [item('    sigend: x\n'), /attestations\[0\]\.sigend: unknown attestation key/],
    [
      item('') +
        '  - id: A1\n    covers: [eu-aia/art14/human-oversight]\n    statement: s\n    by: b\n    date: 2026-01-02\n',
      /attestations\[1\]\.id: duplicate id A1/,
    ],
  ])('rejects %j with one line', (text, pattern) => {
    expect(oneLineError(() => parseAttestations(text, 'a.yaml'))).toMatch(pattern);
  });
});
