/**
 * assay — audit machine-learning models for accuracy, fairness and robustness, and map the
 * evidence to the duties of high-impact AI regimes.
 *
 * @example
 * import { audit, toHTML } from 'assay';
 * const result = await audit({ data: 'predictions.csv', label: 'y_true', prediction: 'y_pred',
 *   score: 'score', sensitive: ['sex', 'race'], intersect: true });
 * const html = toHTML(result, { lang: 'en' });
 *
 * @packageDocumentation
 */
export {
  audit,
  auditState,
  finishAudit,
  resolveSettings,
  columnsOf,
  hashFile,
  type AuditOptions,
  type AuditState,
} from './api/audit.js';
export { stateToBytes, mergeStateFiles } from './api/state-file.js';
export { AuditEngine, type EngineSpec, type EngineStates } from './audit/engine.js';
export { serializeEngine, deserializeEngine, STATE_FORMAT_VERSION } from './audit/engine-state.js';
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
export { openSource } from './io/open-source.js';
export { openDuckDBQuery } from './io/duckdb-source.js';
export type { Source, SourceOptions, SourceFormat, CsvOptions } from './io/source.js';
export type { Model, ModelOutput, ModelKind } from './model/model.js';
export { loadOnnxModel, inspectOnnxModel, type OnnxModelOptions, type OnnxInspection } from './model/onnx-model.js';
export { applyModel, type ApplyModelOptions } from './model/apply-model.js';
export { resolveDataset, isDatasetId, loadCatalogue, fetchDataset, verifyDatasets } from './datasets/index.js';
export * as stats from './stats/index.js';
export {
  evaluateObligations,
  evaluatePolicy,
  loadProfile,
  loadPolicy,
  loadAttestations,
  resolvePolicy,
  PROFILE_IDS,
  OBLIGATIONS,
  type ObligationsSection,
} from './obligations/index.js';
export { toJSON, toHTML, validateReport, reportSchemaText, escapeHtml, type HtmlOptions } from './report/index.js';
export { auditStateParallel, defaultThreads } from './scale/audit-state-parallel.js';
export { auditStateSql } from './scale/audit-state-sql.js';
export { statsState, warehouseSql } from './scale/stats-state.js';
export { dialect, DIALECTS, type DialectName } from './scale/sql-dialect.js';
export { runRobustness, parseRobustnessSpec, type RobustnessSection } from './robustness/index.js';
