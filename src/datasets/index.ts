/**
 * Open auditing datasets by name: cards (`datasets/<id>.json`), a verified download cache,
 * mirrors, and {@link resolveDataset}, which turns `adult`, `compas:violent`, `adult:test`… into
 * a stream of Arrow batches with the card's audit defaults.
 *
 * @example
 * import { resolveDataset } from './datasets/index.js';
 * const { source, defaults } = await resolveDataset('compas');
 */
export type * from './dataset-card.js';
export { CARDS_DIR, loadCatalogue } from './catalogue.js';
export { validateCard } from './validate-card.js';
export { parseDatasetRef, isDatasetId, type DatasetTarget } from './parse-dataset-ref.js';
export {
  datasetLocations,
  rewriteUrl,
  type DatasetLocations,
  type DatasetLocationOptions,
} from './dataset-locations.js';
export { checkFile, sha256File, type FileCheck } from './check-file.js';
export {
  fetchDataset,
  locateDatasetFiles,
  targetFiles,
  type FetchDatasetOptions,
  type LocatedFile,
} from './fetch-dataset.js';
export type { FetchProgress, FetchedFile, FetchTuning } from './fetch-session.js';
export { verifyDatasets, type VerifyRecord, type VerifyReport } from './verify-datasets.js';
export { datasetSql, SQL_TYPES } from './dataset-sql.js';
export {
  resolveDataset,
  datasetDefaults,
  type ResolveDatasetOptions,
  type ResolvedDataset,
  type DatasetDefaults,
} from './resolve-dataset.js';
export { listDatasets, formatDatasetList, type DatasetListEntry } from './list-datasets.js';
export { formatCard } from './format-card.js';
export {
  readZipArchive,
  findZipEntry,
  extractZipEntry,
  type ZipArchive,
  type ZipEntry,
} from './zip-archive.js';
