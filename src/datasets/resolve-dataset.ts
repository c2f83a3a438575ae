import { existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { AuditError } from '../core/errors.js';
import { keyword } from '../core/keyword.js';
import type { Source } from '../io/source.js';
import type { DatasetCard } from './dataset-card.js';
import { datasetLocations, type DatasetLocationOptions } from './dataset-locations.js';
import { datasetSql } from './dataset-sql.js';
import { locateDatasetFiles, readTables, type LocatedFile } from './fetch-dataset.js';
import type { FetchTuning } from './fetch-session.js';
import { parseDatasetRef, type DatasetTarget } from './parse-dataset-ref.js';

/** Options of {@link resolveDataset}. */
export interface ResolveDatasetOptions extends DatasetLocationOptions, Omit<FetchTuning, 'force'> {
  /** A split of the variant (`train`, `test`, or `all`, the default). */
  split?: string;
  /** Apply the card's standard filters (default true). Parsing and derived columns always apply. */
  filters?: boolean;
  /** Fetch files found neither in the cache nor in a mirror folder (default true). */
  download?: boolean;
  /** Overrides of the card's defaults, checked against the dataset's columns and label values. */
  label?: string;
  positive?: string;
  sensitive?: string[];
  /** Rows per Arrow batch (default: the DuckDB source's). */
  batchSize?: number;
}

/** What an audit of the dataset uses unless told otherwise. */
export interface DatasetDefaults {
  /** The label column. */
  label: string;
  /** The favourable outcome, as written in the stream (e.g. `>50K`; `0` for COMPAS); empty for regression. */
  positive: string;
  /** The protected attributes. */
  sensitive: string[];
  /** Their conventional privileged values (none when no convention exists). */
  privileged: { feature: string; value: string }[];
  task: 'classification' | 'regression';
}

/** A dataset ready to stream. */
export interface ResolvedDataset {
  card: DatasetCard;
  /** The canonical reference, e.g. `adult:train`. */
  ref: string;
  variant: string;
  split: string | undefined;
  /** The rows, after the standard preprocessing, as Arrow batches. Close it when done. */
  source: Source;
  defaults: DatasetDefaults;
  /** The verified files read, and where they were found. */
  files: LocatedFile[];
  /** The DuckDB query behind `source` (for the report's provenance). */
  sql: string;
}

/**
 * The card's audit defaults for a target (label, favourable outcome as `positive`, protected
 * attributes as `sensitive`, their privileged values, task), with the caller's overrides
 * checked against the streamed columns and, for the card's own label, its values. A label
 * other than the card's needs an explicit `positive` for classification; the privileged
 * values kept are those of the sensitive features the card describes.
 *
 * @throws AuditError naming an unknown column or value (with suggestions), a missing positive
 *   class, or a sensitive feature that is the label
 * @example datasetDefaults(parseDatasetRef('compas')).positive // '0' (did not reoffend)
 */
export function datasetDefaults(
  target: DatasetTarget,
  overrides: Pick<ResolveDatasetOptions, 'label' | 'positive' | 'sensitive'> = {},
): DatasetDefaults {
  const { variant, ref } = target;
  const columns = [
    ...variant.columns.filter((c) => !c.drop).map((c) => c.name),
    ...variant.derived.map((d) => d.name),
  ];
  const label =
    overrides.label === undefined
      ? variant.label.column
      : keyword(`label column of ${ref}`, overrides.label, columns);
  const ownLabel = label === variant.label.column;
  let positive = variant.task === 'classification' && ownLabel ? (variant.label.favourable ?? '') : '';
  if (overrides.positive !== undefined) {
    const values = ownLabel ? variant.label.values : undefined;
    positive =
      values === undefined
        ? overrides.positive
        : keyword(`value of ${label} in ${ref}`, overrides.positive, values);
  } else if (variant.task === 'classification' && !ownLabel) {
    throw new AuditError(
      `positive class needed for label ${label} of ${ref} (the card's favourable outcome is for ${variant.label.column})`,
    );
  }
  const sensitive = (overrides.sensitive ?? variant.protected.map((p) => p.feature)).map((s) =>
    keyword(`column of ${ref}`, s, columns),
  );
  const clash = sensitive.find((s) => s === label);
  if (clash !== undefined) throw new AuditError(`sensitive feature is the label: ${clash} (in ${ref})`);
  const privileged = variant.protected
    .filter((p) => sensitive.includes(p.feature))
    .flatMap((p) => p.privileged.map((value) => ({ feature: p.feature, value })));
  return { label, positive, sensitive, privileged, task: variant.task };
}

/**
 * Resolves a dataset reference to a stream of its rows plus the card's audit defaults.
 *
 * The reference is `<id>` or `<id>:<variant-or-split>` ({@link parseDatasetRef}). The files
 * are taken verified from the cache, else from a mirror folder (in place), else fetched
 * ({@link locateDatasetFiles}); then {@link datasetSql} parses them with the card's explicit
 * options, applies the standard filters and derived columns, and `openDuckDBQuery` streams
 * the result as Arrow batches. Labels appear as users name them (`>50K`, not `>50K.`).
 * `defaults` gives the label, favourable outcome, protected attributes and privileged
 * groups from the card, with any overrides in `options` checked against the columns.
 *
 * @throws AuditError for an unknown id / variant / split (with suggestions), files that
 *   cannot be found or fetched verified, or overrides naming unknown columns or values
 * @example
 * const { source, defaults } = await resolveDataset('adult:test', { mirror: '../shared/datasets' });
 * // defaults: { label: 'income-per-year', positive: '>50K', sensitive: ['sex', 'race'], … }
 * for await (const batch of source.batches()) console.log(batch.numRows);
 * await source.close();
 */
export async function resolveDataset(
  ref: string,
  options: ResolveDatasetOptions = {},
): Promise<ResolvedDataset> {
  const target = parseDatasetRef(ref, options.split);
  const defaults = datasetDefaults(target, options);
  const tables = readTables(target);
  const needed = new Set(tables.map((t) => t.file));
  const files = await locateDatasetFiles(
    target.card,
    target.card.files.filter((f) => needed.has(f.name)),
    datasetLocations(options),
    { ...options, download: options.download ?? true },
  );
  const handles: FileHandle[] = [];
  const release = async (): Promise<void> => {
    await Promise.all(handles.map((h) => h.close()));
  };
  try {
    const paths: Record<string, string> = {};
    for (const f of files) paths[f.file.name] = await readablePath(f.path, handles);
    const sql = datasetSql(target.variant, tables, paths, { filters: options.filters });
    const { openDuckDBQuery } = await import('../io/duckdb-source.js');
    // openDuckDBQuery calls onClose when the source closes, or when it fails to open.
    const source = await openDuckDBQuery(sql, {
      name: target.ref,
      batchSize: options.batchSize,
      onClose: release,
    });
    return {
      card: target.card,
      ref: target.ref,
      variant: target.variantName,
      split: target.split,
      source,
      defaults,
      files,
      sql,
    };
  } catch (error) {
    if (handles.length > 0) await release().catch(() => undefined);
    throw error;
  }
}

/**
 * A path DuckDB reads as this one file. DuckDB expands glob characters (`*?[]{}`) in
 * `read_csv` paths, so a cache folder such as `~/data[1]` would match other files or none: such
 * a file is opened here and read through its descriptor (`/proc/self/fd/<n>`), closed with
 * the source.
 */
async function readablePath(path: string, handles: FileHandle[]): Promise<string> {
  if (!/[*?[\]{}]/.test(path)) return path;
  if (!existsSync('/proc/self/fd'))
    throw new AuditError(
      `unsupported dataset path: ${path} (glob characters *?[]{} are not allowed on this system)`,
    );
  const handle = await open(path, 'r');
  handles.push(handle);
  return `/proc/self/fd/${handle.fd}`;
}
