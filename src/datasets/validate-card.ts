import { AuditError } from '../core/errors.js';
import type {
  CardColumn,
  CardDerivedColumn,
  CardFileSource,
  CardFilter,
  CardFormat,
  CardLabel,
  CardProtected,
  CardRows,
  CardSplit,
  CardTable,
  ColumnType,
  DatasetCard,
  DatasetFile,
  DatasetLicence,
  DatasetVariant,
} from './dataset-card.js';

/**
 * Pattern of dataset ids and variant / split names: lowercase kebab-case.
 *
 * @example NAME_PATTERN.test('german-credit') // true
 */
export const NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FILE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;
const COLUMN_TYPES: readonly ColumnType[] = ['string', 'integer', 'float', 'date', 'timestamp'];

type Obj = Record<string, unknown>;

/** Reads one JSON card; every reader names the path of the value it checks. */
class Reader {
  constructor(private readonly file: string) {}

  fail(path: string, message: string): never {
    throw new AuditError(`invalid dataset card ${this.file}: ${path} ${message}`);
  }

  object(value: unknown, path: string, allowed: readonly string[]): Obj {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(path, 'must be an object');
    const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
    if (unknown.length > 0) this.fail(path, `has unknown key ${unknown[0]} (allowed: ${allowed.join(', ')})`);
    return value as Obj;
  }

  record(value: unknown, path: string): Obj {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(path, 'must be an object');
    return value as Obj;
  }

  string(value: unknown, path: string, pattern?: RegExp): string {
    if (typeof value !== 'string' || value.length === 0) this.fail(path, 'must be a non-empty string');
    if (pattern && !pattern.test(value)) this.fail(path, `has an invalid value: ${JSON.stringify(value)}`);
    return value;
  }

  optionalString(value: unknown, path: string): string | undefined {
    return value === undefined ? undefined : this.string(value, path);
  }

  anyString(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, 'must be a string');
    return value;
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') this.fail(path, 'must be true or false');
    return value;
  }

  count(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
      this.fail(path, 'must be a non-negative integer');
    return value;
  }

  array<T>(value: unknown, path: string, item: (v: unknown, p: string) => T, min = 0): T[] {
    if (!Array.isArray(value)) this.fail(path, 'must be an array');
    if (value.length < min) this.fail(path, `must have at least ${min} item${min === 1 ? '' : 's'}`);
    return value.map((v, i) => item(v, `${path}[${i}]`));
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(path, `must be one of ${allowed.join(', ')}`);
    }
    return value as T;
  }

  strings(value: unknown, path: string, min = 0): string[] {
    return this.array(value, path, (v, p) => this.anyString(v, p), min);
  }

  sql(value: unknown, path: string): string {
    const text = this.string(value, path);
    // A card expression is spliced into a SELECT: one expression, never a second statement.
    if (text.includes(';')) this.fail(path, 'must be a single SQL expression (no ;)');
    return text;
  }
}

function readLicence(r: Reader, v: unknown): DatasetLicence {
  const o = r.object(v, 'licence', ['spdx', 'name', 'url', 'redistributable', 'note']);
  if (o.spdx !== null && typeof o.spdx !== 'string') r.fail('licence.spdx', 'must be a string or null');
  return {
    spdx: o.spdx,
    name: r.string(o.name, 'licence.name'),
    url: r.optionalString(o.url, 'licence.url'),
    redistributable: r.boolean(o.redistributable, 'licence.redistributable'),
    note: r.string(o.note, 'licence.note'),
  };
}

function readSource(r: Reader, v: unknown, path: string): CardFileSource {
  const o = r.object(v, path, ['url', 'member']);
  const url = r.string(o.url, `${path}.url`, /^https?:\/\/[^\s]+$/);
  const member =
    o.member === undefined ? undefined : r.array(o.member, `${path}.member`, (m, p) => r.string(m, p), 1);
  return member ? { url, member } : { url };
}

function readFile(r: Reader, v: unknown, path: string): DatasetFile {
  const o = r.object(v, path, ['name', 'role', 'bytes', 'sha256', 'sources', 'note']);
  return {
    name: r.string(o.name, `${path}.name`, FILE_PATTERN),
    role: r.oneOf(o.role, `${path}.role`, ['data', 'documentation', 'alternative'] as const),
    bytes: r.count(o.bytes, `${path}.bytes`),
    sha256: r.string(o.sha256, `${path}.sha256`, /^[0-9a-f]{64}$/),
    sources: r.array(o.sources, `${path}.sources`, (s, p) => readSource(r, s, p), 1),
    note: r.optionalString(o.note, `${path}.note`),
  };
}

function readRows(r: Reader, v: unknown, path: string): CardRows {
  const o = r.object(v, path, ['raw', 'standard']);
  const rows = { raw: r.count(o.raw, `${path}.raw`), standard: r.count(o.standard, `${path}.standard`) };
  if (rows.standard > rows.raw) r.fail(path, 'has more standard rows than raw rows');
  return rows;
}

function readColumn(r: Reader, v: unknown, path: string): CardColumn {
  const o = r.object(v, path, ['name', 'type', 'header', 'description', 'codes', 'rtrim', 'drop']);
  const column: CardColumn = {
    name: r.string(o.name, `${path}.name`),
    type: r.oneOf(o.type, `${path}.type`, COLUMN_TYPES),
  };
  if (o.header !== undefined) column.header = r.anyString(o.header, `${path}.header`);
  if (o.description !== undefined) column.description = r.string(o.description, `${path}.description`);
  if (o.codes !== undefined) {
    const codes = r.record(o.codes, `${path}.codes`);
    column.codes = Object.fromEntries(
      Object.entries(codes).map(([k, c]) => [k, r.string(c, `${path}.codes.${k}`)]),
    );
  }
  if (o.rtrim !== undefined) column.rtrim = r.string(o.rtrim, `${path}.rtrim`);
  if (o.drop !== undefined) column.drop = r.boolean(o.drop, `${path}.drop`);
  if (column.rtrim !== undefined && column.type !== 'string')
    r.fail(`${path}.rtrim`, 'applies to string columns only');
  return column;
}

function readDerived(r: Reader, v: unknown, path: string): CardDerivedColumn {
  const o = r.object(v, path, ['name', 'type', 'sql', 'description', 'source']);
  return {
    name: r.string(o.name, `${path}.name`),
    type: r.oneOf(o.type, `${path}.type`, COLUMN_TYPES),
    sql: r.sql(o.sql, `${path}.sql`),
    description: r.string(o.description, `${path}.description`),
    source: r.optionalString(o.source, `${path}.source`),
  };
}

function readFilter(r: Reader, v: unknown, path: string): CardFilter {
  const o = r.object(v, path, ['sql', 'complete', 'description', 'source']);
  if ((o.sql === undefined) === (o.complete === undefined))
    r.fail(path, 'must have exactly one of sql and complete');
  const filter: CardFilter = {
    description: r.string(o.description, `${path}.description`),
    source: r.optionalString(o.source, `${path}.source`),
  };
  if (o.sql !== undefined) filter.sql = r.sql(o.sql, `${path}.sql`);
  if (o.complete !== undefined) {
    filter.complete =
      o.complete === '*' ? '*' : r.array(o.complete, `${path}.complete`, (c, p) => r.string(c, p), 1);
  }
  return filter;
}

function readFormat(r: Reader, v: unknown, path: string): CardFormat {
  const o = r.object(v, path, ['delimiter', 'header', 'quote', 'lineEnding', 'missing', 'notes']);
  const format: CardFormat = {
    delimiter: r.anyString(o.delimiter, `${path}.delimiter`),
    header: r.boolean(o.header, `${path}.header`),
    quote: r.anyString(o.quote, `${path}.quote`),
    lineEnding: r.oneOf(o.lineEnding, `${path}.lineEnding`, ['lf', 'crlf'] as const),
    missing: r.strings(o.missing, `${path}.missing`),
    notes: o.notes === undefined ? undefined : r.strings(o.notes, `${path}.notes`),
  };
  // DuckDB reads delimiters of 1 to 4 bytes and a single-byte quote.
  const delimiterBytes = Buffer.byteLength(format.delimiter);
  if (delimiterBytes < 1 || delimiterBytes > 4 || /[\r\n]/.test(format.delimiter))
    r.fail(`${path}.delimiter`, 'must be 1 to 4 bytes, no line break');
  if (Buffer.byteLength(format.quote) !== 1) r.fail(`${path}.quote`, 'must be one character');
  return format;
}

function readVariant(r: Reader, v: unknown, path: string, files: DatasetFile[]): DatasetVariant {
  const o = r.object(v, path, [
    'title',
    'task',
    'tables',
    'format',
    'columns',
    'derived',
    'filters',
    'label',
    'protected',
    'splits',
    'rows',
    'notes',
  ]);
  const tables = r.array(
    o.tables,
    `${path}.tables`,
    (t, p): CardTable => {
      const to = r.object(t, p, ['file', 'split', 'skip']);
      const table: CardTable = { file: r.string(to.file, `${p}.file`) };
      if (to.split !== undefined) table.split = r.string(to.split, `${p}.split`, NAME_PATTERN);
      if (to.skip !== undefined) table.skip = r.count(to.skip, `${p}.skip`);
      const file = files.find((f) => f.name === table.file);
      if (!file) r.fail(`${p}.file`, `names no file of the card: ${table.file}`);
      if (file.role !== 'data') r.fail(`${p}.file`, `names a ${file.role} file: ${table.file}`);
      return table;
    },
    1,
  );
  const columns = r.array(o.columns, `${path}.columns`, (c, p) => readColumn(r, c, p), 1);
  const derived = r.array(o.derived, `${path}.derived`, (d, p) => readDerived(r, d, p));
  const filters = r.array(o.filters, `${path}.filters`, (f, p) => readFilter(r, f, p));
  const task = r.oneOf(o.task, `${path}.task`, ['classification', 'regression'] as const);

  // Column names: DuckDB identifiers are case-insensitive, so names must differ ignoring case.
  const seen = new Set<string>();
  for (const [i, name] of [...columns.map((c) => c.name), ...derived.map((d) => d.name)].entries()) {
    if (seen.has(name.toLowerCase()))
      r.fail(`${path}.columns`, `has a duplicate column name: ${name} (#${i + 1})`);
    seen.add(name.toLowerCase());
  }
  const raw = new Set(columns.map((c) => c.name));
  const streamed = new Set([
    ...columns.filter((c) => !c.drop).map((c) => c.name),
    ...derived.map((d) => d.name),
  ]);
  for (const [i, f] of filters.entries()) {
    if (Array.isArray(f.complete)) {
      for (const c of f.complete)
        if (!raw.has(c)) r.fail(`${path}.filters[${i}].complete`, `names an unknown column: ${c}`);
    }
  }

  const lo = r.object(o.label, `${path}.label`, ['column', 'favourable', 'values']);
  const label: CardLabel = { column: r.string(lo.column, `${path}.label.column`) };
  if (!streamed.has(label.column))
    r.fail(`${path}.label.column`, `names no streamed column: ${label.column}`);
  if (lo.values !== undefined) label.values = r.strings(lo.values, `${path}.label.values`, 2);
  if (lo.favourable !== undefined) label.favourable = r.string(lo.favourable, `${path}.label.favourable`);
  if (task === 'classification' && label.favourable === undefined)
    r.fail(`${path}.label`, 'needs favourable for a classification task');
  if (task === 'regression' && label.favourable !== undefined)
    r.fail(`${path}.label.favourable`, 'is not used by a regression task');
  if (label.values && label.favourable !== undefined && !label.values.includes(label.favourable)) {
    r.fail(`${path}.label.favourable`, `is not one of label.values: ${label.favourable}`);
  }

  const protectedAttributes = r.array(o.protected, `${path}.protected`, (p, pp): CardProtected => {
    const po = r.object(p, pp, ['feature', 'privileged', 'unprivileged', 'note', 'source']);
    const item: CardProtected = {
      feature: r.string(po.feature, `${pp}.feature`),
      privileged: r.strings(po.privileged, `${pp}.privileged`),
    };
    if (!streamed.has(item.feature)) r.fail(`${pp}.feature`, `names no streamed column: ${item.feature}`);
    if (item.feature === label.column) r.fail(`${pp}.feature`, `is the label: ${item.feature}`);
    if (po.unprivileged !== undefined)
      item.unprivileged = r.strings(po.unprivileged, `${pp}.unprivileged`, 1);
    if (po.note !== undefined) item.note = r.string(po.note, `${pp}.note`);
    if (po.source !== undefined) item.source = r.string(po.source, `${pp}.source`);
    return item;
  });

  const tagged = tables.filter((t) => t.split !== undefined).length;
  if (tagged !== 0 && tagged !== tables.length)
    r.fail(`${path}.tables`, 'must give a split to every table or to none');
  let splits: Record<string, CardSplit> | undefined;
  if (o.splits !== undefined) {
    const so = r.record(o.splits, `${path}.splits`);
    splits = {};
    for (const [name, s] of Object.entries(so)) {
      const sp = `${path}.splits.${name}`;
      if (!NAME_PATTERN.test(name) || name === 'all')
        r.fail(sp, 'has an invalid split name (kebab-case, not all)');
      const sObj = r.object(s, sp, ['description', 'rows']);
      splits[name] = {
        description: r.string(sObj.description, `${sp}.description`),
        rows: readRows(r, sObj.rows, `${sp}.rows`),
      };
    }
  }
  const tags = new Set(tables.flatMap((t) => (t.split === undefined ? [] : [t.split])));
  const declared = new Set(Object.keys(splits ?? {}));
  for (const tag of tags) if (!declared.has(tag)) r.fail(`${path}.splits`, `does not describe split ${tag}`);
  for (const name of declared) if (!tags.has(name)) r.fail(`${path}.splits.${name}`, 'names no table');

  return {
    title: r.string(o.title, `${path}.title`),
    task,
    tables,
    format: readFormat(r, o.format, `${path}.format`),
    columns,
    derived,
    filters,
    label,
    protected: protectedAttributes,
    splits,
    rows: readRows(r, o.rows, `${path}.rows`),
    notes: o.notes === undefined ? undefined : r.strings(o.notes, `${path}.notes`),
  };
}

/**
 * Checks a parsed card and returns it typed. Beyond the shape of every field it checks that
 * names refer to something: tables to data files, filters / label / protected attributes to
 * columns, splits to tables; that column names are unique ignoring case (DuckDB's rule); that
 * SQL snippets are single expressions; and that split names differ from variant names, so
 * `<id>:<name>` is never ambiguous.
 *
 * @param json the parsed JSON of the card
 * @param file the card's file name, for messages
 * @throws AuditError `invalid dataset card <file>: <path> <problem>` on the first problem found
 * @example validateCard(JSON.parse(readFileSync('datasets/adult.json', 'utf8')), 'adult.json').id // 'adult'
 */
export function validateCard(json: unknown, file: string): DatasetCard {
  const r = new Reader(file);
  const o = r.object(json, 'card', [
    'id',
    'title',
    'summary',
    'publisher',
    'homepage',
    'doi',
    'licence',
    'citation',
    'references',
    'files',
    'defaultVariant',
    'variants',
  ]);
  const files = r.array(o.files, 'files', (f, p) => readFile(r, f, p), 1);
  const names = new Set<string>();
  for (const f of files) {
    if (names.has(f.name)) r.fail('files', `lists ${f.name} twice`);
    names.add(f.name);
  }
  const vo = r.record(o.variants, 'variants');
  const variants: Record<string, DatasetVariant> = {};
  for (const [name, v] of Object.entries(vo)) {
    if (!NAME_PATTERN.test(name) || name === 'all')
      r.fail(`variants.${name}`, 'has an invalid name (lowercase kebab-case, not all)');
    variants[name] = readVariant(r, v, `variants.${name}`, files);
  }
  if (Object.keys(variants).length === 0) r.fail('variants', 'must name at least one variant');
  for (const [name, v] of Object.entries(variants)) {
    for (const split of Object.keys(v.splits ?? {})) {
      if (split in variants) r.fail(`variants.${name}.splits.${split}`, 'has the name of a variant');
    }
  }
  const defaultVariant = r.string(o.defaultVariant, 'defaultVariant');
  if (!(defaultVariant in variants)) r.fail('defaultVariant', `names no variant: ${defaultVariant}`);
  return {
    id: r.string(o.id, 'id', NAME_PATTERN),
    title: r.string(o.title, 'title'),
    summary: r.string(o.summary, 'summary'),
    publisher: r.string(o.publisher, 'publisher'),
    homepage: r.string(o.homepage, 'homepage'),
    doi: r.optionalString(o.doi, 'doi'),
    licence: readLicence(r, o.licence),
    citation: r.string(o.citation, 'citation'),
    references: o.references === undefined ? undefined : r.strings(o.references, 'references'),
    files,
    defaultVariant,
    variants,
  };
}
