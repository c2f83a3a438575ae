import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/api/audit.js';
import { batchesOf } from '../helpers/synthetic.js';

describe('groups named by numbers beyond ±2^53', () => {
  it('are flagged: distinct values may have become one group', async () => {
    const table = tableFromArrays({
      y: Int32Array.from([1, 0, 1, 0]),
      p: Int32Array.from([1, 0, 0, 1]),
      id: Float64Array.from([2 ** 53, 2 ** 53 + 2, 7, 7]),
      small: Float64Array.from([1, 2, 1, 2]),
    });
    const result = await audit({
      data: batchesOf(table),
      label: 'y',
      prediction: 'p',
      sensitive: ['id', 'small'],
      intersect: true,
    });
    const flagged = result.warnings.filter((w) => w.code === 'inexact_groups');
    expect(flagged.map((w) => w.feature)).toEqual(['id']);
    expect(flagged[0].message).toMatch(
      /^id holds numbers beyond ±2\^53 \(e\.g\. 9007199254740992\.0\), carried as 64-bit floats/,
    );
  });
});
