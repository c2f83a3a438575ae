/**
 * assay — audit machine-learning models for accuracy, fairness and robustness.
 *
 * @example
 * import { audit } from 'assay';
 * const result = await audit({ data: 'predictions.csv', label: 'y_true', prediction: 'y_pred',
 *   score: 'score', sensitive: ['sex', 'race'], intersect: true });
 *
 * @packageDocumentation
 */
export { audit, resolveSettings, columnsOf, hashFile, type AuditOptions } from './api/audit.js';
export { AuditEngine, type EngineSpec, type EngineStates } from './audit/engine.js';
export { finalize, compareGroups, type Finalized, type FinalizeOptions } from './audit/finalize.js';
export * from './audit/types.js';
export { AuditError, InternalError } from './core/errors.js';
export { VERSION } from './core/version.js';
export {
  CLASSIFICATION_METRICS,
  REGRESSION_METRICS,
  METRIC_NAMES,
  type MetricDefinition,
} from './metrics/classification-metrics.js';
export { NAMED_DISPARITIES, difference, ratio, type DisparityComposition } from './metrics/disparities.js';
export type { Accumulator, BatchView } from './metrics/batch-view.js';
export type { Source, SourceOptions, SourceFormat, CsvOptions } from './io/source.js';
export type { Model, ModelOutput, ModelKind } from './model/model.js';
