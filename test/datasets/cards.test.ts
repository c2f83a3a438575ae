import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CARDS_DIR, loadCatalogue } from '../../src/datasets/catalogue.js';
import type { DatasetCard, DatasetVariant } from '../../src/datasets/dataset-card.js';
import { validateCard } from '../../src/datasets/validate-card.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const shared = resolve(repoRoot, '../shared/datasets');
const cards = loadCatalogue();
const root = mkdtempSync(join(tmpdir(), 'assay-cards-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The `| file | bytes | sha256 | data rows | columns |` table of a SOURCE.md, by file name. */
function sourceTable(id: string): Map<string, { bytes: number; sha256: string; rows: number | undefined }> {
  const text = readFileSync(join(shared, id, 'SOURCE.md'), 'utf8');
  const rows = new Map<string, { bytes: number; sha256: string; rows: number | undefined }>();
  for (const m of text.matchAll(/^\| `([^`]+)`[^|]*\| ([\d,]+) \| `([0-9a-f]{64})` \| ([^|]+)\|/gm)) {
    const count = /^\s*([\d,]+)\s*$/.exec(m[4]);
    rows.set(m[1], {
      bytes: Number(m[2].replaceAll(',', '')),
      sha256: m[3],
      rows: count ? Number(count[1].replaceAll(',', '')) : undefined,
    });
  }
  return rows;
}

describe('the packaged dataset cards', () => {
  it('has one valid card for each dataset of the issue', () => {
    expect([...cards.keys()]).toEqual([
      'adult',
      'bank-marketing',
      'communities-crime',
      'compas',
      'diabetes',
      'german-credit',
      'law-school',
      'student-performance',
    ]);
    expect(Object.keys(cards.get('compas')!.variants)).toEqual(['two-year', 'violent']);
    expect(Object.keys(cards.get('bank-marketing')!.variants)).toEqual(['additional-full', 'full']);
    expect(Object.keys(cards.get('student-performance')!.variants)).toEqual(['mat', 'por']);
    expect(Object.keys(cards.get('adult')!.variants.income.splits!)).toEqual(['train', 'test']);
  });

  it.each([...cards.keys()])('%s: files, sizes and sha256 are those of SOURCE.md', (id) => {
    // Independent record: /work/shared/datasets/<id>/SOURCE.md lists every file with its bytes and sha256.
    const table = sourceTable(id);
    const card = cards.get(id)!;
    expect(card.files.map((f) => f.name).sort()).toEqual([...table.keys()].sort());
    for (const f of card.files)
      expect({ bytes: f.bytes, sha256: f.sha256 }).toEqual({
        bytes: table.get(f.name)!.bytes,
        sha256: table.get(f.name)!.sha256,
      });
  });

  it.each([...cards.keys()])('%s: raw row counts are those of SOURCE.md', (id) => {
    const table = sourceTable(id);
    for (const v of Object.values(cards.get(id)!.variants)) {
      expect(v.rows.raw).toBe(v.tables.reduce((sum, t) => sum + table.get(t.file)!.rows!, 0));
      for (const [split, s] of Object.entries(v.splits ?? {})) {
        expect(s.rows.raw).toBe(
          v.tables.filter((t) => t.split === split).reduce((sum, t) => sum + table.get(t.file)!.rows!, 0),
        );
      }
    }
  });

  it('names the original publishers’ download URLs', () => {
    for (const card of cards.values()) {
      for (const f of card.files) {
        for (const s of f.sources) {
          expect(new URL(s.url).hostname).toMatch(
            /^(archive\.ics\.uci\.edu|raw\.githubusercontent\.com|www\.dropbox\.com)$/,
          );
        }
      }
    }
    // ProPublica's own repository at the commit AIF360 pins (compas/SOURCE.md)
    expect(cards.get('compas')!.files[0].sources[0].url).toBe(
      'https://raw.githubusercontent.com/propublica/compas-analysis/bafff5da3f2e45eca6c2d5055faad269defd135a/compas-scores-two-years.csv',
    );
  });

  it('marks the datasets without a stated licence as cache-only', () => {
    // compas/SOURCE.md and law-school/SOURCE.md: no licence stated; the UCI ones are CC BY 4.0.
    const licences = Object.fromEntries(
      [...cards.values()].map((c) => [c.id, [c.licence.spdx, c.licence.redistributable]]),
    );
    expect(licences).toEqual({
      adult: ['CC-BY-4.0', true],
      'bank-marketing': ['CC-BY-4.0', true],
      'communities-crime': ['CC-BY-4.0', true],
      compas: [null, false],
      diabetes: ['CC-BY-4.0', true],
      'german-credit': ['CC-BY-4.0', true],
      'law-school': [null, false],
      'student-performance': ['CC-BY-4.0', true],
    });
    for (const c of cards.values()) expect(c.citation.length).toBeGreaterThan(20);
  });

  it('keeps data out of the package: the cards folder holds JSON cards only', () => {
    expect(readdirSync(CARDS_DIR).every((n) => n.endsWith('.json'))).toBe(true);
  });
});

describe('validateCard', () => {
  const adult = (): DatasetCard =>
    JSON.parse(readFileSync(join(CARDS_DIR, 'adult.json'), 'utf8')) as DatasetCard;
  const income = (c: DatasetCard): DatasetVariant => c.variants.income;
  const loose = (x: object): Record<string, unknown> => x as Record<string, unknown>;
  it.each<[string, (c: DatasetCard) => void, string]>([
    ['an unknown key', (c) => (loose(c).lisence = {}), 'card has unknown key lisence'],
    ['a bad sha256', (c) => (c.files[0].sha256 = 'abc'), 'files[0].sha256 has an invalid value: "abc"'],
    [
      'a file name with a path',
      (c) => (c.files[0].name = '../adult.data'),
      'files[0].name has an invalid value: "../adult.data"',
    ],
    [
      'a non-http url',
      (c) => (c.files[0].sources[0].url = 'file:///etc/passwd'),
      'files[0].sources[0].url has an invalid value',
    ],
    [
      'a table naming no file',
      (c) => (income(c).tables[0].file = 'adult.csv'),
      'variants.income.tables[0].file names no file of the card: adult.csv',
    ],
    [
      'a table reading documentation',
      (c) => (income(c).tables[0].file = 'adult.names'),
      'names a documentation file: adult.names',
    ],
    [
      'a label that is no column',
      (c) => (income(c).label.column = 'income'),
      'variants.income.label.column names no streamed column: income',
    ],
    [
      'a favourable value not among the values',
      (c) => (income(c).label.favourable = '>50K.'),
      'is not one of label.values: >50K.',
    ],
    [
      'a regression with a favourable value',
      (c) => (income(c).task = 'regression'),
      'variants.income.label.favourable is not used by a regression task',
    ],
    [
      'a protected attribute that is no column',
      (c) => (income(c).protected[0].feature = 'gender'),
      'names no streamed column: gender',
    ],
    [
      'two columns equal but for case',
      (c) => (income(c).columns[1].name = 'AGE'),
      'has a duplicate column name: AGE',
    ],
    [
      'a second SQL statement',
      (c) => (income(c).filters = [{ sql: '1 = 1; DROP TABLE x', description: 'x' }]),
      'must be a single SQL expression (no ;)',
    ],
    [
      'a filter with both kinds',
      (c) => (income(c).filters[0].sql = 'age > 1'),
      'must have exactly one of sql and complete',
    ],
    [
      'a split named like a variant',
      (c) => {
        const splits = income(c).splits!;
        splits.income = splits.train;
        delete splits.train;
        income(c).tables[0].split = 'income';
      },
      'variants.income.splits.income has the name of a variant',
    ],
    [
      'a table without its split',
      (c) => delete income(c).tables[1].split,
      'must give a split to every table or to none',
    ],
    [
      'an undescribed split',
      (c) => (income(c).tables[1].split = 'holdout'),
      'does not describe split holdout',
    ],
    ['a five-byte delimiter', (c) => (income(c).format.delimiter = ', , ,'), 'must be 1 to 4 bytes'],
    [
      'more standard rows than raw ones',
      (c) => (income(c).rows.standard = 50_000),
      'has more standard rows than raw rows',
    ],
    ['an unknown default variant', (c) => (c.defaultVariant = 'all'), 'defaultVariant names no variant: all'],
    [
      'an unknown column type',
      (c) => (loose(income(c).columns[0]).type = 'int'),
      'must be one of string, integer, float, date, timestamp',
    ],
  ])('rejects %s', (_what, mutate, message) => {
    const card = adult();
    mutate(card);
    expect(() => validateCard(card, 'adult.json')).toThrow(`invalid dataset card adult.json: `);
    expect(() => validateCard(card, 'adult.json')).toThrow(message);
  });

  it('accepts every packaged card unchanged', () => {
    for (const name of readdirSync(CARDS_DIR)) {
      expect(validateCard(JSON.parse(readFileSync(join(CARDS_DIR, name), 'utf8')), name).id).toBe(
        name.replace(/\.json$/, ''),
      );
    }
  });

  it('rejects a card whose id differs from its file name, and invalid JSON', () => {
    const dir = join(root, 'cards-1');
    mkdirSync(dir);
    writeFileSync(join(dir, 'census.json'), readFileSync(join(CARDS_DIR, 'adult.json')));
    expect(() => loadCatalogue(dir)).toThrow(
      'invalid dataset card census.json: id adult differs from the file name',
    );
    const dir2 = join(root, 'cards-2');
    mkdirSync(dir2);
    writeFileSync(join(dir2, 'x.json'), '{"id": ');
    expect(() => loadCatalogue(dir2)).toThrow(/^invalid dataset card x\.json: /);
  });
});
