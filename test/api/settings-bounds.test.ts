import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/api/audit.js';

describe('settings with sizes', () => {
  const base = { data: 'x.csv', label: 'y', prediction: 'p', sensitive: ['g'] };

  it('bound what would grow the report or the memory without limit', () => {
    expect(resolveSettings({ ...base, calibrationBins: 1000 }).calibrationBins).toBe(1000);
    expect(() => resolveSettings({ ...base, calibrationBins: 1_000_000 })).toThrow(
      'invalid calibration bins: 1000000 (expected an integer ≥ 1 and ≤ 1000)',
    );
    expect(() => resolveSettings({ ...base, bootstrap: 1e9 })).toThrow(
      'invalid bootstrap replicates: 1000000000 (expected an integer ≥ 0 and ≤ 100000)',
    );
    expect(() => resolveSettings({ ...base, calibrationBins: 0 })).toThrow(
      'invalid calibration bins: 0 (expected an integer ≥ 1 and ≤ 1000)',
    );
    expect(() => resolveSettings({ ...base, seed: -1 })).toThrow(
      'invalid seed: -1 (expected an integer ≥ 0)',
    );
  });

  it('refuse classification options in a regression audit instead of ignoring them', () => {
    const regression = { data: 'x.csv', label: 'y', prediction: 'p', task: 'regression' as const };
    expect(() => resolveSettings({ ...regression, score: 's', positive: 'yes' })).toThrow(
      '--score, --positive apply to classification, not to a regression audit (--task regression)',
    );
    expect(() => resolveSettings({ ...regression, threshold: 0.5 })).toThrow('--threshold applies to classification');
    expect(resolveSettings(regression).task).toBe('regression');
  });
});
