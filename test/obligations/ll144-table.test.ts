import { describe, expect, it } from 'vitest';
import { DEFAULT_LL144, ll144Table } from '../../src/obligations/ll144-table.js';
import { adultOracle, adultResult } from '../report/fixtures.js';
import { tinyResult } from './helpers.js';

describe('NYC LL144 table', () => {
  const adult = adultResult();
  const table = ll144Table(adult, DEFAULT_LL144);

  it("finds sex, race and their intersection and computes impact ratios from the oracle's selection rates", () => {
    expect([table.sexFeature, table.raceFeature]).toEqual(['sex', 'race']);
    const sel = table.categories.filter((c) => c.rate === 'selection').map((c) => [c.dimension, c.feature]);
    expect(sel).toEqual([
      ['sex', 'sex'],
      ['race', 'race'],
      ['intersection', 'sex & race'],
    ]);
    const sex = table.categories[0];
    const rate = (g: string) =>
      adultOracle().metrics.find((m) => m.metric === 'selection_rate' && m.feature === 'sex' && m.group === g)
        ?.value as number;
    expect(sex.referenceGroup).toBe('Male');
    // Two groups: the impact ratio of Female equals the oracle's demographic_parity_ratio for sex.
    expect(sex.rows.find((r) => r.group === 'Female')?.impactRatio).toBeCloseTo(
      rate('Female') / rate('Male'),
      14,
    );
    expect(sex.rows.find((r) => r.group === 'Female')?.impactRatio).toBeCloseTo(0.3024706980754397, 14);
  });

  it('applies the 2% rule: small categories keep their figures but get no ratio and cannot be the reference', () => {
    const race = table.categories[1];
    const aie = race.rows.find((r) => r.group === 'Amer-Indian-Eskimo');
    expect(aie).toMatchObject({ n: 159, excluded: true, impactRatio: null });
    expect(aie?.rate).toBeCloseTo(0.050314465408805034, 14);
    expect(aie?.share).toBeCloseTo(159 / 16281, 14);
    // Asian-Pac-Islander (2.9% of the data) has the highest rate among the included categories.
    expect(race.referenceGroup).toBe('Asian-Pac-Islander');
    expect(race.rows.find((r) => r.group === 'White')?.impactRatio).toBeCloseTo(
      0.2071561738132798 / 0.24166666666666667,
      14,
    );
    const off = ll144Table(adult, { ...DEFAULT_LL144, excludeSmallCategories: false });
    expect(off.categories[1].rows.every((r) => !r.excluded && r.impactRatio !== null)).toBe(true);
  });

  it('builds the scoring-rate table from scoring_rate records and the full-sample median', () => {
    const scoring = table.categories.filter((c) => c.rate === 'scoring');
    expect(scoring).toHaveLength(3);
    expect(table.scoreMedian).toBeCloseTo(0.10129128581075764, 12);
    const male = scoring[0].rows.find((r) => r.group === 'Male');
    expect(male?.impactRatio).toBe(1);
  });

  it('counts rows with an unknown category, leaves them out of the rates, and totals them from the intersection', () => {
    const g = (feature: string, group: string, n: number, rate: number) => ({
      feature,
      group,
      n,
      values: { selection_rate: rate },
    });
    const r = tinyResult([
      g('gender', 'F', 400, 0.2),
      g('gender', 'M', 500, 0.3),
      g('gender', '(missing)', 100, 0.9),
      g('ethnicity', 'X', 600, 0.25),
      g('ethnicity', 'Y', 340, 0.25),
      g('ethnicity', '(missing)', 60, 0.1),
      g('gender & ethnicity', 'F & X', 300, 0.2),
      g('gender & ethnicity', 'M & Y', 540, 0.3),
      g('gender & ethnicity', '(missing) & X', 100, 0.1),
      g('gender & ethnicity', 'F & (missing)', 40, 0.1),
      g('gender & ethnicity', '(missing) & (missing)', 20, 0.1),
    ]);
    const t = ll144Table(r);
    expect([t.sexFeature, t.raceFeature]).toEqual(['gender', 'ethnicity']);
    expect(t.unknown.byFeature).toEqual([
      { feature: 'gender', n: 100 },
      { feature: 'ethnicity', n: 60 },
    ]);
    expect(t.unknown.total).toBe(160);
    const gender = t.categories[0];
    expect(gender.rows.map((x) => x.group)).toEqual(['F', 'M']); // (missing) is not a category
    expect(gender.referenceGroup).toBe('M');
  });

  it('says when it cannot tell sex from race, and tabulates every feature', () => {
    const r = tinyResult([
      { feature: 'region', group: 'north', n: 100, values: { selection_rate: 0.2 } },
      { feature: 'region', group: 'south', n: 100, values: { selection_rate: 0.4 } },
    ]);
    const t = ll144Table(r);
    expect(t.notes).toContain('sex_race_not_identified');
    expect(t.categories[0]).toMatchObject({ dimension: 'other', feature: 'region', referenceGroup: 'south' });
    expect(t.unknown.total).toBe(0);
  });

  it('takes sex and race from the options and rejects unknown names with a suggestion', () => {
    const r = tinyResult([
      { feature: 'g', group: 'a', n: 100, values: { selection_rate: 0.2 } },
      { feature: 'g', group: '(missing)', n: 7, values: { selection_rate: 0.2 } },
      { feature: 'eth', group: 'b', n: 100, values: { selection_rate: 0.2 } },
      { feature: 'eth', group: '(missing)', n: 5, values: { selection_rate: 0.2 } },
    ]);
    const t = ll144Table(r, { ...DEFAULT_LL144, sex: 'g', race: 'eth' });
    // Without the intersection the overlap of unknown sex and unknown race is not known.
    expect([t.sexFeature, t.raceFeature]).toEqual(['g', 'eth']);
    expect(t.notes).toContain('no_intersection');
    expect(t.unknown.total).toBeNull();
    expect(t.notes).toContain('unknown_total_needs_intersection');
    expect(() => ll144Table(r, { ...DEFAULT_LL144, sex: 'gg' })).toThrow(
      /unknown sex feature: gg \(did you mean g/,
    );
  });
});
