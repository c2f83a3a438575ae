/**
 * Statistical rigour for audit results: confidence intervals, tests of
 * significance, multiple-comparison control and a streaming Poisson bootstrap.
 * Pure functions over counts and sums (no I/O, no Arrow), for `src/metrics/`
 * and `src/audit/`.
 */
export type { Bounds } from './bounds.js';
export { effectiveSampleSize } from './effective-sample-size.js';
export { wilsonInterval } from './wilson-interval.js';
export { clopperPearsonInterval } from './clopper-pearson-interval.js';
export { newcombeInterval } from './newcombe-interval.js';
export { katzLogInterval, type KatzLogOptions } from './katz-log-interval.js';
export { meanInterval } from './mean-interval.js';
export {
  delongComponents,
  delongComponentsOfRuns,
  type AucSample,
  type DelongComponents,
  type ScoreRuns,
} from './delong-components.js';
export { delongInterval, delongIntervalOf, delongVariance, type DelongResult, type DelongWeights } from './delong-interval.js';
export { delongCompare, delongCompareOf, type DelongComparison, type DelongCompareOptions } from './delong-compare.js';
export {
  PoissonBootstrap,
  type PoissonBootstrapOptions,
  type PoissonBootstrapSnapshot,
} from './poisson-bootstrap.js';
export { poissonWeight } from './poisson-weight.js';
export { percentileInterval, type PercentileOptions } from './percentile-interval.js';
export { twoProportionZTest, type TestResult } from './two-proportion-z-test.js';
export {
  fisherExact,
  type Alternative,
  type FisherExactOptions,
  type FisherExactResult,
} from './fisher-exact.js';
export { chiSquareTest, type ChiSquareOptions, type ChiSquareResult } from './chi-square-test.js';
export { proportionTest, type ProportionTestResult } from './proportion-test.js';
export { holm } from './holm.js';
export { benjaminiHochberg } from './benjamini-hochberg.js';
export {
  betaQuantile,
  chiSquareSurvival,
  normalQuantile,
  normalTwoSidedPValue,
  studentTQuantile,
  upperRegularizedGamma,
} from './distributions.js';
