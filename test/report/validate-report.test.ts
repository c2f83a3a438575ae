import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { evaluateObligations } from '../../src/obligations/evaluate-obligations.js';
import { loadProfile, PROFILE_IDS } from '../../src/obligations/profiles.js';
import { reportSchemaText, validateReport } from '../../src/report/validate-report.js';
import { toJSON } from '../../src/report/to-json.js';
import { adultResult, hostileResult, manyGroupsResult, regressionResult, repoRoot } from './fixtures.js';

// Reports as loose JSON, to break them on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;
const roundTrip = (v: unknown): unknown => JSON.parse(toJSON(v as never));

describe('the report schema', () => {
  it('is a valid draft 2020-12 schema, and what `assay schema` prints is the shipped file', () => {
    const text = reportSchemaText();
    expect(text).toBe(readFileSync(path.join(repoRoot, 'schema/audit-report.schema.json'), 'utf8'));
    const schema = JSON.parse(text) as { $schema: string };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const ajv = new Ajv2020({ strict: false });
    expect(ajv.validateSchema(schema)).toBe(true);
  });

  it("accepts every fixture, with every profile's obligations section", () => {
    const fixtures = [adultResult(), hostileResult(), regressionResult(), manyGroupsResult(20)];
    for (const f of fixtures) {
      expect(validateReport(roundTrip(f)).errors).toEqual([]);
      for (const id of PROFILE_IDS) {
        const r = { ...f, obligations: evaluateObligations(f, { profile: loadProfile(id) }) };
        const v = validateReport(roundTrip(r));
        expect(v.errors, id).toEqual([]);
      }
    }
  });

  it('reports problems as one line each with a JSON pointer', () => {
    const good = roundTrip(hostileResult()) as Record<string, unknown>;
    const bad = structuredClone(good) as Loose;
    delete bad.schemaVersion;
    bad.extra = 1;
    bad.metrics[0].value = 'high';
    bad.settings.interval = 'bootstrap';
    bad.provenance.inputs[0].sha256 = 'abc';
    const v = validateReport(bad);
    expect(v.valid).toBe(false);
    expect(v.errors).toEqual(
      expect.arrayContaining([
        '(root): missing property schemaVersion',
        '(root): unexpected property extra',
        '/metrics/0/value: must be number,null',
        '/settings/interval: must be one of ["wilson","clopper-pearson"]',
      ]),
    );
    expect(v.errors.some((e) => e.startsWith('/provenance/inputs/0/sha256'))).toBe(true);
    for (const e of v.errors) expect(e).not.toContain('\n');
    expect(validateReport(null).valid).toBe(false);
    expect(validateReport({ ...good, schemaVersion: '2.0.0' }).errors[0]).toMatch(
      /^\/schemaVersion: must match pattern/,
    );
  });

  it('checks the obligations section too', () => {
    const r = adultResult();
    const json = roundTrip({
      ...r,
      obligations: evaluateObligations(r, { profile: loadProfile('kr-aiba/hiring') }),
    }) as Loose;
    json.obligations.obligations[0].status = 'compliant';
    const v = validateReport(json);
    expect(v.errors).toContain(
      '/obligations/obligations/0/status: must be one of ["evidenced","breached","needs_attestation","insufficient_evidence","not_applicable"]',
    );
  });
});
