// Golden files for the JSON and HTML reports. Volatile fields (creation time, tool version) are
// normalised before rendering. After an intended change, regenerate with:
//   UPDATE_GOLDEN=1 npx vitest run test/report/golden.test.ts
// and review the diff of test/report/golden/ like any other change.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/types.js';
import { evaluateObligations } from '../../src/obligations/evaluate-obligations.js';
import { parseAttestations } from '../../src/obligations/load-attestations.js';
import { loadProfile } from '../../src/obligations/profiles.js';
import { toHTML } from '../../src/report/to-html.js';
import { toJSON } from '../../src/report/to-json.js';
import { validateReport } from '../../src/report/validate-report.js';
import { adultResult, hostileResult, repoRoot } from './fixtures.js';

const GOLDEN = path.join(repoRoot, 'test/report/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function normalise(result: AuditResult): AuditResult {
  return {
    ...result,
    createdAt: '2000-01-01T00:00:00.000Z',
    provenance: { ...result.provenance, version: '0.0.0-golden', node: 'v0.0.0' },
  };
}

function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(
      `missing golden file ${name}: run UPDATE_GOLDEN=1 npx vitest run test/report/golden.test.ts`,
    );
  const expected = readFileSync(file, 'utf8');
  if (actual === expected) return;
  // Say where it differs without printing whole reports.
  const a = actual.split('\n');
  const b = expected.split('\n');
  const line = a.findIndex((l, i) => l !== b[i]);
  const out = path.join(tmpdir(), `assay-golden-${name}`);
  writeFileSync(out, actual);
  expect.fail(
    `${name} differs from the golden file at line ${line + 1} (actual written to ${out}; if intended, rerun with UPDATE_GOLDEN=1):\n- ${(b[line] ?? '').slice(0, 300)}\n+ ${(a[line] ?? '').slice(0, 300)}`,
  );
}

const ATTESTATIONS = `organisation: Example Recruiting Ltd.
attestations:
  - covers: [kr-aiba/art34-1-4/human-oversight, eu-aia/art14/human-oversight]
    statement: Two trained recruiters review every rejection and can override it.
    by: Head of Talent Acquisition
    date: 2026-02-20
    evidence: [docs/oversight.pdf]
`;

describe('golden reports', () => {
  const adult = normalise(adultResult());
  adult.obligations = evaluateObligations(adult, {
    profile: loadProfile('kr-aiba/hiring'),
    attestations: parseAttestations(ATTESTATIONS, 'attestations.yaml'),
  });
  const hostile = normalise(hostileResult());
  hostile.obligations = evaluateObligations(hostile, { profile: loadProfile('kr-aiba/loan') });

  it('Adult with kr-aiba/hiring: JSON', () => {
    const json = toJSON(adult);
    expect(validateReport(JSON.parse(json)).errors).toEqual([]);
    expectGolden('adult-hiring.json', json);
  });

  it('Adult with kr-aiba/hiring: HTML in English and Korean', () => {
    expectGolden('adult-hiring.en.html', toHTML(adult, { lang: 'en' }));
    expectGolden('adult-hiring.ko.html', toHTML(adult, { lang: 'ko' }));
  });

  it('hostile names with kr-aiba/loan: JSON and HTML', () => {
    expectGolden('hostile-loan.json', toJSON(hostile));
    expectGolden('hostile-loan.ko.html', toHTML(hostile, { lang: 'ko' }));
  });
});
