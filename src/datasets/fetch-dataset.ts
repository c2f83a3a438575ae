import { join } from 'node:path';
import { AuditError } from '../core/errors.js';
import { checkFile, describeCheck } from './check-file.js';
import type { DatasetCard, DatasetFile } from './dataset-card.js';
import {
  datasetLocations,
  isUrl,
  type DatasetLocationOptions,
  type DatasetLocations,
} from './dataset-locations.js';
import { FetchSession, type FetchedFile, type FetchTuning } from './fetch-session.js';
import { parseDatasetRef, type DatasetTarget } from './parse-dataset-ref.js';

/** Options of {@link fetchDataset}: where to fetch from and to, and how. */
export interface FetchDatasetOptions extends DatasetLocationOptions, FetchTuning {}

/**
 * The files a reference covers: every file of the card for a bare `<id>`; for
 * `<id>:<variant-or-split>`, the data files that target reads plus the card's documentation.
 *
 * @example targetFiles(parseDatasetRef('adult:test'), false).map((f) => f.name) // ['adult.test', 'adult.names']
 */
export function targetFiles(target: DatasetTarget, wholeCard: boolean): DatasetFile[] {
  if (wholeCard) return target.card.files;
  const read = new Set(readTables(target).map((t) => t.file));
  return target.card.files.filter((f) => read.has(f.name) || f.role === 'documentation');
}

/**
 * The tables of the target's variant that belong to its split (all of them when no split is chosen).
 *
 * @example readTables(parseDatasetRef('adult:train')).map((t) => t.file) // ['adult.data']
 */
export function readTables(target: DatasetTarget): DatasetTarget['variant']['tables'] {
  return target.variant.tables.filter((t) => target.split === undefined || t.split === target.split);
}

/**
 * Downloads a dataset's files into the cache (`<cacheDir>/<id>/<file>`) and verifies each
 * against its card: from the mirror when one is set (a folder or an http(s) URL with the
 * layout `<mirror>/<id>/<file>`), otherwise from the publisher's URLs, extracting zip
 * archives safely. Files already cached and verified are kept (`force` re-fetches them).
 * Locations default from the environment ({@link datasetLocations}).
 *
 * @param ref `<id>` (every file of the card) or `<id>:<variant-or-split>` (its data files and the documentation)
 * @returns one record per file, in card order
 * @throws AuditError for an unknown reference, or a file that no source could provide
 *   verified (unreachable URL, checksum mismatch, unsafe archive); the cache keeps no
 *   partial or unverified file
 * @example await fetchDataset('adult', { mirror: '/data/assay-mirror' })
 */
export async function fetchDataset(ref: string, options: FetchDatasetOptions = {}): Promise<FetchedFile[]> {
  const target = parseDatasetRef(ref);
  const session = new FetchSession(datasetLocations(options), options);
  try {
    const fetched: FetchedFile[] = [];
    for (const file of targetFiles(target, !ref.includes(':')))
      fetched.push(await session.ensure(target.card, file));
    return fetched;
  } finally {
    await session.close();
  }
}

/** A verified local copy of a dataset file. */
export interface LocatedFile {
  file: DatasetFile;
  path: string;
  /** `cache`, `mirror` (read in place), or `fetched` (just downloaded into the cache). */
  origin: 'cache' | 'mirror' | 'fetched';
}

/**
 * Finds a verified local copy of each file: in the cache first, then in a mirror folder
 * (read in place, never copied). Files found nowhere are fetched into the cache when
 * `download` is true (from an http(s) mirror when one is set, else the publisher), and
 * otherwise reported.
 *
 * @throws AuditError `not fetched: <id>/<file> (run assay datasets fetch <id>)`, or a
 *   checksum mismatch in a mirror folder, or any fetch failure
 * @example
 * const target = parseDatasetRef('compas');
 * const [file] = await locateDatasetFiles(target.card, target.card.files.slice(0, 1), datasetLocations({ mirror: '../shared/datasets' }), { download: false });
 * file.origin // 'mirror' (or 'cache' once fetched)
 */
export async function locateDatasetFiles(
  card: DatasetCard,
  files: readonly DatasetFile[],
  locations: DatasetLocations,
  options: FetchTuning & { download: boolean },
): Promise<LocatedFile[]> {
  const located: LocatedFile[] = [];
  const session = new FetchSession(locations, { ...options, force: false });
  try {
    for (const file of files) {
      const cached = join(locations.cacheDir, card.id, file.name);
      const inCache = await checkFile(cached, file);
      if (inCache.status === 'ok') {
        located.push({ file, path: cached, origin: 'cache' });
        continue;
      }
      if (locations.mirror !== undefined && !isUrl(locations.mirror)) {
        const check = await checkFile(join(locations.mirror, card.id, file.name), file);
        if (check.status !== 'ok')
          throw new AuditError(`${describeCheck(check, file)} (mirror ${locations.mirror})`);
        located.push({ file, path: check.path, origin: 'mirror' });
        continue;
      }
      if (!options.download) {
        if (inCache.status === 'mismatch')
          throw new AuditError(
            `${describeCheck(inCache, file)} (run assay datasets fetch ${card.id} to repair)`,
          );
        throw new AuditError(`not fetched: ${card.id}/${file.name} (run assay datasets fetch ${card.id})`);
      }
      located.push({ file, path: (await session.ensure(card, file)).path, origin: 'fetched' });
    }
    return located;
  } finally {
    await session.close();
  }
}
