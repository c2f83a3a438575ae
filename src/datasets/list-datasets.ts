import { loadCatalogue } from './catalogue.js';
import type { DatasetCard } from './dataset-card.js';

/** One addressable dataset: a variant, or a split of the default variant. */
export interface DatasetListEntry {
  /** The reference to pass to `fetch`, `resolveDataset` or `--data`: `adult`, `adult:train`, `compas:violent`. */
  ref: string;
  id: string;
  variant: string;
  split: string | undefined;
  title: string;
  task: 'classification' | 'regression';
  /** Rows after the standard preprocessing. */
  rows: number;
  /** Rows as read. */
  rawRows: number;
  label: string;
  /** The favourable outcome (classification only). */
  favourable: string | undefined;
  protected: string[];
  /** SPDX id, or `not stated`. */
  licence: string;
  redistributable: boolean;
}

/**
 * Every addressable dataset of the catalogue, in id order: each variant (the default one
 * first, under the bare id), followed by the splits of the default variant.
 *
 * @example listDatasets().map((e) => e.ref) // ['adult', 'adult:train', 'adult:test', 'bank-marketing', 'bank-marketing:full', …]
 */
export function listDatasets(
  catalogue: ReadonlyMap<string, DatasetCard> = loadCatalogue(),
): DatasetListEntry[] {
  const entries: DatasetListEntry[] = [];
  for (const card of catalogue.values()) {
    const names = [
      card.defaultVariant,
      ...Object.keys(card.variants).filter((v) => v !== card.defaultVariant),
    ];
    for (const name of names) {
      const v = card.variants[name];
      const base = {
        id: card.id,
        variant: name,
        title: v.title,
        task: v.task,
        label: v.label.column,
        favourable: v.label.favourable,
        protected: v.protected.map((p) => p.feature),
        licence: card.licence.spdx ?? 'not stated',
        redistributable: card.licence.redistributable,
      };
      const isDefault = name === card.defaultVariant;
      entries.push({
        ...base,
        ref: isDefault ? card.id : `${card.id}:${name}`,
        split: undefined,
        rows: v.rows.standard,
        rawRows: v.rows.raw,
      });
      if (!isDefault) continue;
      for (const [split, s] of Object.entries(v.splits ?? {})) {
        entries.push({
          ...base,
          ref: `${card.id}:${split}`,
          split,
          title: `${v.title} — ${split}: ${s.description}`,
          rows: s.rows.standard,
          rawRows: s.rows.raw,
        });
      }
    }
  }
  return entries;
}

/**
 * Pads cells to a text table with a header row, two spaces between columns; the last column
 * is not padded and lines carry no trailing spaces.
 *
 * @example textTable(['id', 'rows'], [['adult', '45,222']]) // 'id     rows\nadult  45,222\n'
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/**
 * The `assay datasets list` table: reference, rows after standard preprocessing, label (with
 * its favourable outcome), protected attributes and licence.
 *
 * @example formatDatasetList(listDatasets()) // 'id  rows  label  protected  licence\nadult  45,222  income-per-year = >50K  sex, race  CC-BY-4.0\n…'
 */
export function formatDatasetList(entries: readonly DatasetListEntry[]): string {
  return textTable(
    ['id', 'rows', 'label', 'protected', 'licence'],
    entries.map((e) => [
      e.ref,
      e.rows.toLocaleString('en-US'),
      e.task === 'regression' ? `${e.label} (regression)` : `${e.label} = ${e.favourable ?? ''}`,
      e.protected.join(', '),
      e.redistributable ? e.licence : `${e.licence} (cache only)`,
    ]),
  );
}
