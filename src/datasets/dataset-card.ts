/**
 * The shape of a dataset card: one JSON file per open dataset in `datasets/<id>.json`.
 *
 * A card records where the original publisher distributes the files (URLs, archive members,
 * sha256), the licence and citation, how to parse the raw files, the column types, the label
 * and its favourable outcome, the protected attributes with their conventional privileged
 * groups, and the standard preprocessing (filters and derived columns, written as DuckDB SQL
 * expressions). A card holds one or more *variants* (e.g. COMPAS `two-year` and `violent`);
 * a variant may name *splits* of its files (e.g. Adult `train` and `test`). A dataset is
 * addressed as `<id>` (its default variant, all splits) or `<id>:<variant-or-split>`
 * (see {@link parseDatasetRef}).
 *
 * The types are checked at load time by {@link validateCard}; they hold no data rows.
 */

/** Column types of a card, and the DuckDB type each is read as. */
export type ColumnType = 'string' | 'integer' | 'float' | 'date' | 'timestamp';

/** One column of a raw file, in file order. */
export interface CardColumn {
  /** Name in the stream (kept as the raw header where possible; duplicates renamed `x.1` as pandas does). */
  name: string;
  type: ColumnType;
  /** The name in the file's header when it differs from `name` (duplicate or empty header). */
  header?: string;
  description?: string;
  /** Meaning of coded values, e.g. `{"A91": "male : divorced/separated"}`. */
  codes?: Record<string, string>;
  /** Characters removed from the right of the value (Adult's test labels end in `.`). */
  rtrim?: string;
  /** Read (filters may use it) but not streamed, e.g. a pandas row index. */
  drop?: boolean;
}

/** A column computed from the raw ones by a DuckDB SQL expression (e.g. AIF360's age bucketing). */
export interface CardDerivedColumn {
  name: string;
  type: ColumnType;
  /** A DuckDB scalar expression over the raw column names. */
  sql: string;
  description: string;
  /** Where the convention comes from. */
  source?: string;
}

/**
 * One step of the standard preprocessing: keep the rows for which `sql` is true, or the rows
 * with no missing value in `complete` (`"*"` = every streamed raw column).
 */
export interface CardFilter {
  sql?: string;
  complete?: '*' | string[];
  description: string;
  source?: string;
}

/** The target column; `favourable` (the positive class) for classification only. */
export interface CardLabel {
  column: string;
  favourable?: string;
  /** Every value the label takes, as written in the stream. */
  values?: string[];
}

/** A protected attribute with its conventional privileged values (empty when no convention exists). */
export interface CardProtected {
  feature: string;
  privileged: string[];
  /** The unprivileged values; absent means every value that is not privileged. */
  unprivileged?: string[];
  note?: string;
  source?: string;
}

/** One raw file read by a variant. */
export interface CardTable {
  /** A `files[].name` of the card. */
  file: string;
  /** The split this file belongs to (e.g. `train`). */
  split?: string;
  /** Lines skipped before the header or the first record (e.g. Adult's junk first line). */
  skip?: number;
}

/** How the variant's raw files are written. */
export interface CardFormat {
  delimiter: string;
  header: boolean;
  quote: string;
  lineEnding: 'lf' | 'crlf';
  /** Strings read as missing values, besides empty fields (which are always missing). */
  missing: string[];
  notes?: string[];
}

/** Row counts: as read (`raw`) and after the standard filters (`standard`). */
export interface CardRows {
  raw: number;
  standard: number;
}

/** A named subset of a variant's tables. */
export interface CardSplit {
  description: string;
  rows: CardRows;
}

/** One way of reading the dataset: files, schema, label, protected attributes, preprocessing. */
export interface DatasetVariant {
  title: string;
  task: 'classification' | 'regression';
  tables: CardTable[];
  format: CardFormat;
  columns: CardColumn[];
  derived: CardDerivedColumn[];
  filters: CardFilter[];
  label: CardLabel;
  protected: CardProtected[];
  splits?: Record<string, CardSplit>;
  /** Rows of all tables together. */
  rows: CardRows;
  notes?: string[];
}

/** Where a file can be downloaded: the file itself, or a member of a zip archive (nested archives: one path per level). */
export interface CardFileSource {
  url: string;
  member?: string[];
}

/** A file of the dataset as the publisher distributes it. */
export interface DatasetFile {
  /** File name in the cache and in a mirror: `<dir>/<id>/<name>`. */
  name: string;
  /** `data` is read by a variant; `documentation` and `alternative` files are fetched and verified only. */
  role: 'data' | 'documentation' | 'alternative';
  bytes: number;
  sha256: string;
  /** Download locations, tried in order. */
  sources: CardFileSource[];
  note?: string;
}

/** Licence of the data; `spdx` is null when no licence is stated. */
export interface DatasetLicence {
  spdx: string | null;
  name: string;
  url?: string;
  /** Whether the data may be redistributed (packaged); false keeps it cached only. */
  redistributable: boolean;
  note: string;
}

/** A dataset card, as stored in `datasets/<id>.json`. */
export interface DatasetCard {
  id: string;
  title: string;
  summary: string;
  publisher: string;
  homepage: string;
  doi?: string;
  licence: DatasetLicence;
  citation: string;
  references?: string[];
  files: DatasetFile[];
  defaultVariant: string;
  variants: Record<string, DatasetVariant>;
}
