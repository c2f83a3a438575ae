import { AuditError } from '../core/errors.js';
import { keyword } from '../core/keyword.js';
import { loadCatalogue } from './catalogue.js';
import type { DatasetCard, DatasetVariant } from './dataset-card.js';

/** A dataset reference resolved against its card. */
export interface DatasetTarget {
  card: DatasetCard;
  variantName: string;
  variant: DatasetVariant;
  /** The split read, or undefined for every table of the variant. */
  split: string | undefined;
  /** The canonical reference, e.g. `adult:train`, `compas:violent`, for messages and source names. */
  ref: string;
}

/**
 * Resolves a dataset reference: `<id>` (the default variant, every split), or
 * `<id>:<name>` where name is a variant (`compas:violent`) or a split of the default variant
 * (`adult:train`; `adult:all` is every split); cards never use one name for both. `split`
 * selects a split of the chosen variant (`'all'` or undefined = every table).
 *
 * @throws AuditError for an unknown id (with the nearest ids), an unknown variant or split
 *   (with the names allowed), or a split that contradicts the one in the reference
 * @example parseDatasetRef('adult:test').split // 'test'
 * @example parseDatasetRef('compas:violent').variantName // 'violent'
 */
export function parseDatasetRef(
  ref: string,
  split?: string,
  catalogue: ReadonlyMap<string, DatasetCard> = loadCatalogue(),
): DatasetTarget {
  const parts = ref.split(':');
  if (parts.length > 2)
    throw new AuditError(`invalid dataset reference: ${ref} (expected <id> or <id>:<variant>)`);
  const card = catalogue.get(keyword('dataset', parts[0], [...catalogue.keys()]));
  if (!card) throw new AuditError(`unknown dataset: ${parts[0]}`);
  let variantName = card.defaultVariant;
  let chosenSplit: string | undefined;
  if (parts.length === 2) {
    const defaultSplits = Object.keys(card.variants[card.defaultVariant].splits ?? {});
    const allowed = [
      ...Object.keys(card.variants),
      ...defaultSplits,
      ...(defaultSplits.length > 0 ? ['all'] : []),
    ];
    const name = keyword(`variant or split of ${card.id}`, parts[1], allowed);
    if (name in card.variants) variantName = name;
    else if (name !== 'all') chosenSplit = name;
  }
  const variant = card.variants[variantName];
  if (split !== undefined && split !== 'all') {
    const allowed = Object.keys(variant.splits ?? {});
    if (allowed.length === 0)
      throw new AuditError(`dataset ${card.id}:${variantName} has no splits: ${split}`);
    keyword(`split of ${card.id}:${variantName}`, split, allowed);
    if (chosenSplit !== undefined && chosenSplit !== split) {
      throw new AuditError(`conflicting splits for dataset ${ref}: ${chosenSplit} and ${split}`);
    }
    chosenSplit = split;
  }
  let canonical = variantName === card.defaultVariant ? card.id : `${card.id}:${variantName}`;
  if (chosenSplit !== undefined)
    canonical += variantName === card.defaultVariant ? `:${chosenSplit}` : ` (split ${chosenSplit})`;
  return { card, variantName, variant, split: chosenSplit, ref: canonical };
}

/**
 * Whether `s` names a dataset of the catalogue: `<id>` or `<id>:<name>` with a known id.
 * A known id with an unknown variant still counts (resolving it then explains the mistake),
 * while file paths never match (ids are lowercase kebab-case, with no `.` or `/`).
 *
 * @example isDatasetId('adult') // true
 * @example isDatasetId('adult:train') // true
 * @example isDatasetId('adult.csv') // false
 */
export function isDatasetId(
  s: string,
  catalogue: ReadonlyMap<string, DatasetCard> = loadCatalogue(),
): boolean {
  const match = /^([a-z0-9]+(?:-[a-z0-9]+)*)(?::[a-z0-9]+(?:-[a-z0-9]+)*)?$/.exec(s);
  return match !== null && catalogue.has(match[1]);
}
