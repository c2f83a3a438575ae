import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/api/audit.js';
import { intersectionName } from '../../src/audit/intersection-name.js';
import { batchesOf } from '../helpers/synthetic.js';

describe('intersection group names', () => {
  it('join group names with &, quoting names that hold & or start with a quote', () => {
    expect(intersectionName(['Female', 'Black'])).toBe('Female & Black');
    expect(intersectionName(['p & q', 'r'])).toBe('"p & q" & r');
    expect(intersectionName(['p', 'q & r'])).toBe('p & "q & r"');
    expect(intersectionName(['"x"', 'R&D'])).toBe('"""x""" & "R&D"');
  });

  it('never give two intersection groups one name', async () => {
    const table = tableFromArrays({
      y: Int32Array.from([1, 0, 1, 0, 1]),
      p: Int32Array.from([1, 0, 0, 0, 1]),
      a: ['p & q', 'p & q', 'p & q', 'p', 'p'],
      b: ['r', 'r', 'r', 'q & r', 'q & r'],
    });
    const result = await audit({ data: batchesOf(table), label: 'y', prediction: 'p', sensitive: ['a', 'b'], intersect: true });
    const counts = result.metrics.filter((m) => m.metric === 'count' && m.feature === 'a & b').map((m) => [m.group, m.value]);
    expect(counts).toEqual([
      ['p & "q & r"', 2],
      ['"p & q" & r', 3],
    ]);
  });
});
