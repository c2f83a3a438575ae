import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/types.js';
import { InternalError } from '../../src/core/errors.js';
import { evaluateObligations } from '../../src/obligations/evaluate-obligations.js';
import { loadProfile } from '../../src/obligations/profiles.js';
import { toJSON } from '../../src/report/to-json.js';
import { validateReport } from '../../src/report/validate-report.js';
import { adultResult, hostileResult } from './fixtures.js';

/** The same data with every object's keys in reverse insertion order. */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reversed(x)]),
    );
  return v;
}

describe('toJSON', () => {
  const result = adultResult();
  result.obligations = evaluateObligations(result, { profile: loadProfile('kr-aiba/hiring') });

  it('is deterministic: same data, any key order → same bytes; 2-space indent; one trailing newline', () => {
    const a = toJSON(result);
    const b = toJSON(reversed(result) as AuditResult);
    expect(b).toBe(a);
    expect(a.endsWith('}\n')).toBe(true);
    expect(a.endsWith('\n\n')).toBe(false);
    expect(a.split('\n')[1]).toMatch(/^ {2}"aif360": \[$/); // keys sorted, first is aif360
    expect(JSON.parse(a)).toEqual(JSON.parse(JSON.stringify(result)));
  });

  it('sorts keys at every level', () => {
    const text = toJSON(result);
    const check = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(check);
      else if (v !== null && typeof v === 'object') {
        const keys = Object.keys(v);
        expect(keys).toEqual([...keys].sort());
        Object.values(v).forEach(check);
      }
    };
    check(JSON.parse(text));
  });

  it('drops undefined members, and refuses NaN or Infinity with the path (engine bug)', () => {
    const r = hostileResult();
    (r.metrics[0] as { ci?: unknown }).ci = undefined;
    expect(toJSON(r)).not.toContain(
      '"ci": null,\n      "feature": null,\n      "group": null,\n      "metric": "accuracy"',
    );
    r.metrics[1].value = Number.NaN;
    expect(() => toJSON(r)).toThrow(InternalError);
    expect(() => toJSON(r)).toThrow('non-finite number in report at $.metrics[1].value: NaN');
  });

  it('produces reports that validate against the schema', () => {
    for (const r of [result, hostileResult()])
      expect(validateReport(JSON.parse(toJSON(r)))).toEqual({ valid: true, errors: [] });
  });
});
