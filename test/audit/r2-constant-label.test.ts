// r2_score of a group whose label has no variance (bug B10): the warning must say what is
// reported. scikit-learn 1.2 r2_score (force_finite=True, the default):
//   r2_score([3, 3], [3, 3.5]) == 0.0   (Σ(y − ȳ)² = 0, Σ(y − ŷ)² > 0)
//   r2_score([5, 5], [5, 5])   == 1.0   (a perfect fit)
//   r2_score([1], [2])         is nan   ("not well-defined with less than two samples")
import { describe, expect, it } from 'vitest';
import { auditColumns } from '../helpers/synthetic.js';

describe('r2_score with a constant label', () => {
  it('reports 0, or 1 for a perfect fit, and says so; one row is null (NaN in scikit-learn)', async () => {
    const r = await auditColumns(
      {
        y: Float64Array.from([3, 3, 5, 5, 1, 1, 3]),
        p: Float64Array.from([3, 3.5, 5, 5, 2, 1.5, 3]),
        g: ['A', 'A', 'B', 'B', 'C', 'D', 'D'],
      },
      { task: 'regression' },
    );
    const r2 = (group: string) => r.metrics.find((m) => m.metric === 'r2_score' && m.group === group)!.value;
    expect(r2('A')).toBe(0);
    expect(r2('B')).toBe(1);
    expect(r2('C')).toBeNull();
    // D: y = (1, 3), ŷ = (1.5, 3): 1 − 0.25 / 2
    expect(r2('D')).toBe(0.875);
    const warning = (code: string) =>
      r.warnings.find((w) => w.metric === 'r2_score' && w.code === code)?.message;
    expect(warning('constant_label')).toBe(
      'r2_score has a constant label (no variance); reported as 0 (scikit-learn force_finite) for g: A',
    );
    expect(warning('constant_label_exact')).toBe(
      'r2_score has a constant label (no variance), predicted exactly; reported as 1 (scikit-learn force_finite) for g: B',
    );
    expect(warning('too_few_rows')).toMatch(
      /^r2_score is undefined with fewer than two rows .*reported as null for g: C$/,
    );
    // no message may call a reported number null
    for (const w of r.warnings.filter((x) => x.metric === 'r2_score' && x.code !== 'too_few_rows')) {
      expect(w.message).not.toMatch(/null/);
    }
  });
});
