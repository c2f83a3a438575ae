import { join } from 'node:path';
import { AuditError } from '../core/errors.js';
import { loadCatalogue } from './catalogue.js';
import { checkFile, describeCheck } from './check-file.js';
import type { DatasetCard, DatasetFile } from './dataset-card.js';
import { datasetLocations, isUrl, type DatasetLocationOptions } from './dataset-locations.js';
import { targetFiles } from './fetch-dataset.js';
import { parseDatasetRef } from './parse-dataset-ref.js';

/** The check of one file of one dataset. */
export interface VerifyRecord {
  id: string;
  file: string;
  role: DatasetFile['role'];
  path: string;
  status: 'ok' | 'missing' | 'mismatch';
  /** One line: `ok: <path>`, `missing file: <path>` or `checksum mismatch: <path> (…)`. */
  message: string;
}

/** The outcome of {@link verifyDatasets}. */
export interface VerifyReport {
  /** The folder checked: the mirror folder when one is set, else the cache. */
  location: string;
  records: VerifyRecord[];
  /** Datasets with none of their files present (only when no reference was given). */
  absent: string[];
  /** Whether every checked file is present and matches its card. */
  ok: boolean;
}

/**
 * Checks the size and sha256 of dataset files against their cards, in a mirror folder (when
 * one is set) or else in the cache. With a reference, every file it covers must be present
 * (`<id>`: all files of the card; `<id>:<variant>`: the data it reads and the documentation).
 * Without one, every dataset that has at least one file present is checked in full, and
 * datasets with no file present are listed as absent, not failed.
 *
 * @throws AuditError for an unknown reference, or an http(s) mirror (only folders can be verified)
 * @example (await verifyDatasets(undefined, { mirror: '../shared/datasets' })).ok // true
 */
export async function verifyDatasets(
  ref: string | undefined,
  options: DatasetLocationOptions = {},
): Promise<VerifyReport> {
  const locations = datasetLocations(options);
  if (locations.mirror !== undefined && isUrl(locations.mirror)) {
    throw new AuditError(
      `cannot verify a mirror url: ${locations.mirror} (verify a folder, or fetch first and verify the cache)`,
    );
  }
  const location = locations.mirror ?? locations.cacheDir;
  let targets: { card: DatasetCard; files: DatasetFile[] }[];
  if (ref === undefined) {
    targets = [...loadCatalogue().values()].map((card) => ({ card, files: card.files }));
  } else {
    const target = parseDatasetRef(ref);
    targets = [{ card: target.card, files: targetFiles(target, !ref.includes(':')) }];
  }
  const records: VerifyRecord[] = [];
  const absent: string[] = [];
  for (const { card, files } of targets) {
    const checked: VerifyRecord[] = [];
    for (const file of files) {
      const check = await checkFile(join(location, card.id, file.name), file);
      checked.push({
        id: card.id,
        file: file.name,
        role: file.role,
        path: check.path,
        status: check.status,
        message: describeCheck(check, file),
      });
    }
    if (ref === undefined && checked.every((r) => r.status === 'missing')) absent.push(card.id);
    else records.push(...checked);
  }
  return { location, records, absent, ok: records.every((r) => r.status === 'ok') };
}
