import { describe, expect, it } from 'vitest';
import { pythonFloatRepr } from '../../src/metrics/columns.js';

describe('pythonFloatRepr', () => {
  it("writes floats as Python's repr does (how pandas names float groups)", () => {
    // Expected: Python 3.11 `'|'.join(repr(x) for x in xs)` on the same numbers.
    const xs = [27.0, 0.1, 1e-5, 1.5e16, 1e16, 123.456, -2.5, 0.0001, 0.00012345, 1e22, 5e-324, 1.7976931348623157e308, 100.0, -0.0, 3.0e-5, 12345678901234568];
    const expected = '27.0|0.1|1e-05|1.5e+16|1e+16|123.456|-2.5|0.0001|0.00012345|1e+22|5e-324|1.7976931348623157e+308|100.0|-0.0|3e-05|1.2345678901234568e+16';
    expect(xs.map(pythonFloatRepr).join('|')).toBe(expected);
  });
});
