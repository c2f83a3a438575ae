import { describe, expect, it } from 'vitest';
import { AuditError } from '../../src/core/errors.js';
import {
  betaQuantile,
  chiSquareSurvival,
  normalQuantile,
  normalTwoSidedPValue,
  studentTQuantile,
  upperRegularizedGamma,
} from '../../src/stats/distributions.js';
import { expectRelative } from './helpers.js';

// Expected values: scipy 1.17.1 on this machine, e.g. `scipy.stats.chi2.sf(100, 1)`.
describe('chiSquareSurvival', () => {
  it.each([
    [3.841458820694124, 1, 0.04999999999999989], // chi2.sf(3.841458820694124, 1)
    [100, 1, 1.5239706048320995e-23], // chi2.sf(100, 1): far below 1 − cdf precision
    [1000, 3, 1.7994208765314067e-216], // chi2.sf(1000, 3)
    [0.5, 2, 0.7788007830714049], // chi2.sf(0.5, 2) = exp(−0.25)
    [250, 200, 0.009379131668826098], // chi2.sf(250, 200)
    [12.3, 7.5, 0.11324170969488803], // chi2.sf(12.3, 7.5): real df
  ])('chi2.sf(%f, %f) = %g', (x, df, expected) => {
    expectRelative(chiSquareSurvival(x, df), expected, 1e-9);
  });

  it('is 1 at 0 and rejects bad input', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(() => chiSquareSurvival(-1, 3)).toThrow(AuditError);
    expect(() => chiSquareSurvival(1, 0)).toThrow(AuditError);
    expect(() => chiSquareSurvival(Number.NaN, 1)).toThrow(AuditError);
  });
});

describe('upperRegularizedGamma', () => {
  it('matches closed forms', () => {
    // Q(1, x) = e^−x; Q(2, x) = (1 + x) e^−x
    for (const x of [0.1, 1, 2, 5, 30, 300]) {
      expectRelative(upperRegularizedGamma(1, x), Math.exp(-x), 1e-12);
      expectRelative(upperRegularizedGamma(2, x), (1 + x) * Math.exp(-x), 1e-12);
    }
    expect(upperRegularizedGamma(3, Infinity)).toBe(0);
  });

  it('converges for large and small shapes (scipy.special.gammaincc)', () => {
    expectRelative(upperRegularizedGamma(1e6, 1e6), 0.4998670192391274, 1e-8); // gammaincc(1e6, 1e6)
    expectRelative(upperRegularizedGamma(2500, 2600), 0.023818998020740657, 1e-8); // gammaincc(2500, 2600)
    expectRelative(upperRegularizedGamma(0.5, 1e-8), 0.9998871620836666, 1e-12); // gammaincc(0.5, 1e-8)
  });
});

describe('normalTwoSidedPValue', () => {
  it.each([
    [0, 1], // 2*norm.sf(0)
    [1.959963984540054, 0.05], // 2*norm.sf(1.959963984540054)
    [3, 0.0026997960632601866], // 2*norm.sf(3)
    [-3, 0.0026997960632601866],
    [10, 1.523970604832094e-23], // 2*norm.sf(10)
  ])('2·(1 − Φ(|%f|)) = %g', (z, expected) => {
    expectRelative(normalTwoSidedPValue(z), expected, 1e-9);
  });
});

describe('quantiles', () => {
  it('normal (scipy norm.ppf)', () => {
    expectRelative(normalQuantile(0.975), 1.959963984540054, 1e-12);
    expectRelative(normalQuantile(0.995), 2.5758293035489004, 1e-12);
    expectRelative(normalQuantile(0.9), 1.2815515655446004, 1e-12);
  });

  it('student t (scipy t.ppf(0.975, df))', () => {
    const cases: [number, number][] = [
      [1, 12.706204736174694],
      [2, 4.302652729749462],
      [10, 2.228138851986274],
      [29.5, 2.043724966772122],
      [1000, 1.9623390808264083],
    ];
    for (const [df, expected] of cases) expectRelative(studentTQuantile(0.975, df), expected, 1e-7);
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.959963984540054, 12);
  });

  it('beta (scipy beta.ppf) and rejects probabilities outside (0, 1)', () => {
    expectRelative(betaQuantile(0.025, 8, 3), 0.4439045376923585, 1e-8);
    expect(betaQuantile(0.5, 2, 2)).toBeCloseTo(0.5, 10);
    expect(() => betaQuantile(0, 1, 1)).toThrow(AuditError);
    expect(() => normalQuantile(1)).toThrow(AuditError);
    expect(() => studentTQuantile(0.5, -1)).toThrow(AuditError);
  });
});
