import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/datasets/catalogue.js';
import { fetchDataset } from '../../src/datasets/fetch-dataset.js';
import { resolveDataset, type ResolveDatasetOptions } from '../../src/datasets/resolve-dataset.js';
import { startPublisherServer, type PublisherServer } from './helpers/publisher-server.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const shared = resolve(repoRoot, '../shared/datasets');
const root = mkdtempSync(join(tmpdir(), 'assay-resolve-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => {
  const dir = join(root, `d${n++}`);
  mkdirSync(dir);
  return dir;
};
const cacheDir = freshDir();
const fromMirror: ResolveDatasetOptions = { mirror: shared, cacheDir, download: false };

type Row = Record<string, unknown>;

/** Streams a dataset and keeps the named columns of every row. */
async function rows(ref: string, columns: string[], options: ResolveDatasetOptions = {}): Promise<Row[]> {
  const { source } = await resolveDataset(ref, { ...fromMirror, ...options });
  const out: Row[] = [];
  try {
    for await (const batch of source.batches()) {
      const vectors = columns.map((c) => batch.getChild(c));
      for (let i = 0; i < batch.numRows; i++)
        out.push(Object.fromEntries(columns.map((c, k) => [c, vectors[k]!.get(i)])));
    }
  } finally {
    await source.close();
  }
  return out;
}

/** Per group of `feature`: [rows, favourable rows] (or [rows, sum of the label] for regression). */
function byGroup(data: Row[], feature: string, value: (r: Row) => number): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const r of data) {
    const g = String(r[feature]);
    out[g] ??= [0, 0];
    out[g][0] += 1;
    out[g][1] += value(r);
  }
  return out;
}

/**
 * The independent reading: the raw file split by hand (a quote-aware split of each line),
 * without DuckDB or the card's parse options, as a reviewer would check it.
 */
function rawRecords(id: string, file: string, delimiter: string, skipLines: number): string[][] {
  const lines = readFileSync(join(shared, id, file), 'utf8')
    .split(/\r?\n/)
    .slice(skipLines)
    .filter((l) => l !== '');
  return lines.map((line) => {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted && ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = !quoted;
      } else if (!quoted && line.startsWith(delimiter, i)) {
        cells.push(cell);
        cell = '';
        i += delimiter.length - 1;
      } else {
        cell += ch;
      }
    }
    cells.push(cell);
    return cells;
  });
}

function rawByGroup(
  records: string[][],
  group: (r: string[]) => string,
  value: (r: string[]) => number,
): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const r of records) {
    const g = group(r);
    out[g] ??= [0, 0];
    out[g][0] += 1;
    out[g][1] += value(r);
  }
  return out;
}

const rate = (groups: Record<string, [number, number]>): Record<string, number> =>
  Object.fromEntries(
    Object.entries(groups).map(([g, [count, fav]]) => [g, Math.round((fav / count) * 1e4) / 1e4]),
  );

describe('resolveDataset: row counts after the standard preprocessing', () => {
  it.each([
    // Expected counts: the issue and ../shared/datasets/*/SOURCE.md (COMPAS: AIF360/ProPublica filter → 6,172;
    // violent: 4,020; Adult: 48,842 raw, 45,222 complete rows as adult.names states; bank-additional-full 41,188).
    ['compas', 6172, 7214],
    ['compas:violent', 4020, 4743],
    ['adult', 45222, 48842],
    ['adult:train', 30162, 32561],
    ['adult:test', 15060, 16281],
    ['german-credit', 1000, 1000],
    ['bank-marketing', 41188, 41188],
    ['bank-marketing:full', 45211, 45211],
    ['law-school', 21791, 21791],
    ['diabetes', 101766, 101766],
    ['student-performance', 395, 395],
    ['student-performance:por', 649, 649],
    ['communities-crime', 1994, 1994],
  ])('%s: %i rows (%i as read)', async (ref, standard, raw) => {
    const { defaults } = await resolveDataset(ref, fromMirror);
    expect(await rows(ref, [defaults.label])).toHaveLength(standard);
    expect(await rows(ref, [defaults.label], { filters: false })).toHaveLength(raw);
  });

  it('agrees with every card’s own row counts', async () => {
    for (const card of loadCatalogue().values()) {
      for (const [name, v] of Object.entries(card.variants)) {
        expect(await rows(`${card.id}:${name}`, [v.label.column]), `${card.id}:${name}`).toHaveLength(
          v.rows.standard,
        );
      }
    }
  });
});

describe('resolveDataset: base rates per protected group', () => {
  it('COMPAS: favourable (two_year_recid = 0) share by sex and race, after the ProPublica filter', async () => {
    const data = await rows('compas', ['sex', 'race', 'two_year_recid']);
    const fav = (r: Row) => (r.two_year_recid === 0 ? 1 : 0);
    // compas/SOURCE.md: after the filter two_year_recid 0: 3,363 / 1: 2,809.
    expect(byGroup(data, 'two_year_recid', () => 0)).toEqual({ '0': [3363, 0], '1': [2809, 0] });
    // Computed once with python3 (csv module) from compas-scores-two-years.csv with the same filter.
    expect(byGroup(data, 'sex', fav)).toEqual({ Male: [4997, 2601], Female: [1175, 762] });
    expect(rate(byGroup(data, 'race', fav))).toEqual({
      Other: 0.6385,
      'African-American': 0.4769,
      Caucasian: 0.6091,
      Hispanic: 0.6287,
      Asian: 0.7419,
      'Native American': 0.5455,
    });
    // Independent reading of the raw file in this test (columns by position: sex 5, race 9,
    // days_b_screening_arrest 15, c_charge_degree 22, is_recid 24, score_text 40, two_year_recid 52).
    const raw = rawRecords('compas', 'compas-scores-two-years.csv', ',', 1).filter(
      (r) =>
        r[15] !== '' && Math.abs(Number(r[15])) <= 30 && r[24] !== '-1' && r[22] !== 'O' && r[40] !== 'N/A',
    );
    expect(raw).toHaveLength(6172);
    expect(byGroup(data, 'race', fav)).toEqual(
      rawByGroup(
        raw,
        (r) => r[9],
        (r) => (r[52] === '0' ? 1 : 0),
      ),
    );
  });

  it('COMPAS violent: the filter on v_score_text, both two_year_recid copies', async () => {
    const data = await rows('compas:violent', ['sex', 'two_year_recid', 'two_year_recid.1']);
    expect(data.every((r) => r.two_year_recid === r['two_year_recid.1'])).toBe(true);
    // python3 one-off on compas-scores-two-years-violent.csv: 4,020 rows, 3,368 favourable (0).
    expect(byGroup(data, 'sex', (r) => (r.two_year_recid === 0 ? 1 : 0))).toEqual({
      Male: [3179, 2604],
      Female: [841, 764],
    });
  });

  it('Adult: share of >50K by sex and race on the 45,222 complete rows', async () => {
    const data = await rows('adult', ['sex', 'race', 'income-per-year']);
    const fav = (r: Row) => (r['income-per-year'] === '>50K' ? 1 : 0);
    // python3 one-off (csv module) on adult.data + adult.test without '?' rows; the rates match the
    // figures quoted with AIF360's Adult dataset (Male 0.3125, Female 0.1136; e.g. disparate impact 0.36).
    expect(byGroup(data, 'sex', fav)).toEqual({ Male: [30527, 9539], Female: [14695, 1669] });
    expect(rate(byGroup(data, 'race', fav))).toEqual({
      White: 0.2624,
      Black: 0.1263,
      'Asian-Pac-Islander': 0.2832,
      'Amer-Indian-Eskimo': 0.1218,
      Other: 0.1275,
    });
    const raw = [
      ...rawRecords('adult', 'adult.data', ', ', 0),
      ...rawRecords('adult', 'adult.test', ', ', 1),
    ].filter((r) => !r.includes('?'));
    expect(byGroup(data, 'race', fav)).toEqual(
      rawByGroup(
        raw,
        (r) => r[8],
        (r) => (r[14].replace(/\.$/, '') === '>50K' ? 1 : 0),
      ),
    );
  });

  it('Adult: labels without the test file’s trailing period, in file order (train, then test)', async () => {
    const all = await rows('adult', ['age', 'fnlwgt', 'income-per-year'], { filters: false });
    // adult/SOURCE.md: train <=50K 24,720 / >50K 7,841; test <=50K. 12,435 / >50K. 3,846.
    expect(byGroup(all, 'income-per-year', () => 0)).toEqual({
      '<=50K': [24720 + 12435, 0],
      '>50K': [7841 + 3846, 0],
    });
    // first record of adult.data: 39, State-gov, 77516, …; last of adult.test: 35, Self-emp-inc, 182148, …, >50K.
    expect(all[0]).toEqual({ age: 39, fnlwgt: 77516, 'income-per-year': '<=50K' });
    expect(all[32561]).toEqual({ age: 25, fnlwgt: 226802, 'income-per-year': '<=50K' });
    expect(all[all.length - 1]).toEqual({ age: 35, fnlwgt: 182148, 'income-per-year': '>50K' });
    const test = await rows('adult:test', ['sex'], { filters: false });
    // adult/SOURCE.md: test sex Male 10,860 / Female 5,421.
    expect(byGroup(test, 'sex', () => 0)).toEqual({ Male: [10860, 0], Female: [5421, 0] });
  });

  it('German credit: share of good credit by the derived sex and age groups', async () => {
    const data = await rows('german-credit', ['sex', 'age_group', 'credit', 'age']);
    const fav = (r: Row) => (r.credit === 1 ? 1 : 0);
    // german-credit/SOURCE.md: good 700 / bad 300; male 690, female 310; age > 25: 810.
    expect(byGroup(data, 'credit', () => 0)).toEqual({ '1': [700, 0], '2': [300, 0] });
    expect(byGroup(data, 'sex', fav)).toEqual({ male: [690, 499], female: [310, 201] });
    expect(byGroup(data, 'age_group', fav)).toEqual({ '>25': [810, 590], '<=25': [190, 110] });
    const raw = rawRecords('german-credit', 'german.data', ' ', 0);
    expect(byGroup(data, 'sex', fav)).toEqual(
      rawByGroup(
        raw,
        (r) => (['A92', 'A95'].includes(r[8]) ? 'female' : 'male'),
        (r) => (r[20] === '1' ? 1 : 0),
      ),
    );
    expect(data.every((r) => (r.age_group === '>25') === (r.age as number) > 25)).toBe(true);
  });

  it('Bank marketing: share of yes by AIF360’s age groups', async () => {
    const data = await rows('bank-marketing', ['age_group', 'y']);
    const fav = (r: Row) => (r.y === 'yes' ? 1 : 0);
    // bank-marketing/SOURCE.md: yes 4,640 / no 36,548; 38,927 rows with 25 <= age < 60.
    expect(byGroup(data, 'y', () => 0)).toEqual({ no: [36548, 0], yes: [4640, 0] });
    expect(byGroup(data, 'age_group', fav)).toEqual({ '25-59': [38927, 3912], '<25 or >=60': [2261, 728] });
    const raw = rawRecords('bank-marketing', 'bank-additional-full.csv', ';', 1);
    expect(byGroup(data, 'age_group', fav)).toEqual(
      rawByGroup(
        raw,
        (r) => (Number(r[0]) >= 25 && Number(r[0]) < 60 ? '25-59' : '<25 or >=60'),
        (r) => (r[20] === 'yes' ? 1 : 0),
      ),
    );
    const full = await rows('bank-marketing:full', ['age_group', 'y']);
    // bank-marketing/SOURCE.md: bank-full yes 5,289 / no 39,922.
    expect(byGroup(full, 'y', () => 0)).toEqual({ no: [39922, 0], yes: [5289, 0] });
  });

  it('Law school: bar passage by race and the derived gender', async () => {
    const data = await rows('law-school', ['race', 'gender', 'first_pf']);
    const fav = (r: Row) => (r.first_pf === 1 ? 1 : 0);
    // law-school/SOURCE.md: first_pf 1: 19,360 / 0: 2,431; sex 1 = female 9,537, 2 = male 12,254.
    expect(byGroup(data, 'first_pf', () => 0)).toEqual({ '1': [19360, 0], '0': [2431, 0] });
    expect(byGroup(data, 'gender', fav)).toEqual({ female: [9537, 8357], male: [12254, 11003] });
    const raw = rawRecords('law-school', 'law_data.csv', ',', 1);
    expect(byGroup(data, 'race', fav)).toEqual(
      rawByGroup(
        raw,
        (r) => r[1],
        (r) => (r[8] === '1' ? 1 : 0),
      ),
    );
  });

  it('Diabetes: not readmitted within 30 days by race, gender and age group', async () => {
    const data = await rows('diabetes', ['race', 'gender', 'age_group', 'readmit_30_days']);
    const fav = (r: Row) => (r.readmit_30_days === 0 ? 1 : 0);
    // diabetes/SOURCE.md: readmitted <30: 11,357 of 101,766; race ? (missing) 2,273; gender Unknown/Invalid 3.
    expect(byGroup(data, 'readmit_30_days', () => 0)).toEqual({ '0': [101766 - 11357, 0], '1': [11357, 0] });
    expect(byGroup(data, 'race', () => 0).null).toEqual([2273, 0]);
    expect(byGroup(data, 'gender', fav)).toEqual({
      Female: [54708, 48556],
      Male: [47055, 41850],
      'Unknown/Invalid': [3, 3],
    });
    const raw = rawRecords('diabetes', 'diabetic_data.csv', ',', 1);
    const band = (age: string) =>
      ['[0-10)', '[10-20)', '[20-30)'].includes(age)
        ? '30 years or younger'
        : ['[30-40)', '[40-50)', '[50-60)'].includes(age)
          ? '30-60 years'
          : 'Over 60 years';
    expect(byGroup(data, 'age_group', fav)).toEqual(
      rawByGroup(
        raw,
        (r) => band(r[4]),
        (r) => (r[49] === '<30' ? 0 : 1),
      ),
    );
  });

  it('Student performance: pass (G3 >= 10) by sex, both courses', async () => {
    // student-performance/SOURCE.md: mat F 208 / M 187, pass 265 / fail 130; por F 383 / M 266, pass 549 / fail 100.
    const mat = await rows('student-performance', ['sex', 'pass', 'G3']);
    expect(byGroup(mat, 'pass', () => 0)).toEqual({ '1': [265, 0], '0': [130, 0] });
    expect(byGroup(mat, 'sex', (r) => r.pass as number)).toEqual({ F: [208, 133], M: [187, 132] });
    const por = await rows('student-performance:por', ['sex', 'pass']);
    expect(byGroup(por, 'pass', () => 0)).toEqual({ '1': [549, 0], '0': [100, 0] });
    expect(byGroup(por, 'sex', (r) => r.pass as number)).toEqual({ F: [383, 333], M: [266, 216] });
  });

  it('Communities and crime: mean violent crime rate by share of Black residents', async () => {
    const data = await rows('communities-crime', ['black_share', 'ViolentCrimesPerPop', 'racepctblack']);
    const raw = rawRecords('communities-crime', 'communities.data', ',', 0);
    const expected = rawByGroup(
      raw,
      (r) => (Number(r[7]) > 0.07 ? '>0.07' : '<=0.07'),
      (r) => Number(r[127]),
    );
    const got = byGroup(data, 'black_share', (r) => r.ViolentCrimesPerPop as number);
    // python3 one-off: <=0.07: 1,074 communities, mean 0.1357; >0.07: 920, mean 0.3574 (communities.names: overall mean 0.24).
    expect(Object.keys(got).sort()).toEqual(['<=0.07', '>0.07']);
    for (const g of Object.keys(got)) {
      expect(got[g][0]).toBe(expected[g][0]);
      expect(got[g][1]).toBeCloseTo(expected[g][1], 9);
    }
    expect(rate(got)).toEqual({ '<=0.07': 0.1357, '>0.07': 0.3574 });
  });
});

describe('resolveDataset: defaults, schema and options', () => {
  it('gives the card’s label, favourable outcome, protected attributes and privileged groups', async () => {
    const adult = await resolveDataset('adult', fromMirror);
    await adult.source.close();
    expect(adult.defaults).toEqual({
      label: 'income-per-year',
      positive: '>50K',
      sensitive: ['sex', 'race'],
      privileged: [
        { feature: 'sex', value: 'Male' },
        { feature: 'race', value: 'White' },
      ],
      task: 'classification',
    });
    const compas = await resolveDataset('compas', fromMirror);
    await compas.source.close();
    expect(compas.defaults.positive).toBe('0');
    expect(compas.defaults.privileged).toEqual([
      { feature: 'sex', value: 'Female' },
      { feature: 'race', value: 'Caucasian' },
    ]);
    const zfya = await resolveDataset('law-school:zfya', fromMirror);
    await zfya.source.close();
    expect(zfya.defaults).toMatchObject({
      label: 'ZFYA',
      positive: '',
      task: 'regression',
      sensitive: ['race', 'gender'],
    });
    const diabetes = await resolveDataset('diabetes', fromMirror);
    await diabetes.source.close();
    expect(diabetes.defaults).toMatchObject({ label: 'readmit_30_days', positive: '0', privileged: [] });
  });

  it('streams typed columns, with the pandas names for duplicate headers and no dropped columns', async () => {
    const compas = await resolveDataset('compas:violent', fromMirror);
    await compas.source.close();
    const types = Object.fromEntries(compas.source.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toMatchObject({
      age: 'Int32',
      race: 'Dictionary<Int32, Utf8>',
      dob: 'Date32<DAY>',
      two_year_recid: 'Int32',
      'two_year_recid.1': 'Int32',
      'decile_score.1': 'Int32',
      'priors_count.1': 'Int32',
    });
    expect(compas.source.schema.fields).toHaveLength(54);
    const law = await resolveDataset('law-school', fromMirror);
    await law.source.close();
    expect(law.source.schema.fields.map((f) => f.name)).toEqual([
      'race',
      'sex',
      'LSAT',
      'UGPA',
      'region_first',
      'ZFYA',
      'sander_index',
      'first_pf',
      'gender',
    ]);
  });

  it('checks overrides against the columns and label values', async () => {
    const ok = await resolveDataset('compas', { ...fromMirror, sensitive: ['age_cat'], positive: '1' });
    await ok.source.close();
    expect(ok.defaults).toMatchObject({ positive: '1', sensitive: ['age_cat'], privileged: [] });
    await expect(resolveDataset('compas', { ...fromMirror, sensitive: ['agecat'] })).rejects.toThrow(
      'unknown column of compas: agecat (did you mean age_cat?',
    );
    await expect(resolveDataset('adult', { ...fromMirror, positive: '>50K.' })).rejects.toThrow(
      'unknown value of income-per-year in adult: >50K. (did you mean >50K?',
    );
    await expect(resolveDataset('adult', { ...fromMirror, label: 'sex' })).rejects.toThrow(
      'positive class needed for label sex of adult',
    );
    await expect(resolveDataset('adult', { ...fromMirror, sensitive: ['income-per-year'] })).rejects.toThrow(
      'sensitive feature is the label: income-per-year',
    );
    await expect(resolveDataset('law-school', { ...fromMirror, label: 'row' })).rejects.toThrow(
      'unknown label column of law-school: row',
    );
  });

  it('reads the cache first, the mirror folder in place, and fetches what is missing', async () => {
    const cache = freshDir();
    const inMirror = await resolveDataset('german-credit', { cacheDir: cache, mirror: shared });
    await inMirror.source.close();
    expect(inMirror.files.map((f) => [f.origin, f.path])).toEqual([
      ['mirror', join(shared, 'german-credit', 'german.data')],
    ]);
    await fetchDataset('german-credit', { cacheDir: cache, mirror: shared });
    const cached = await resolveDataset('german-credit', { cacheDir: cache, mirror: shared });
    await cached.source.close();
    expect(cached.files.map((f) => f.origin)).toEqual(['cache']);

    let server: PublisherServer | undefined;
    try {
      server = await startPublisherServer(shared, loadCatalogue().values());
      const fetched = await resolveDataset('student-performance:por', {
        cacheDir: freshDir(),
        baseUrl: server.baseUrl,
      });
      await fetched.source.close();
      expect(fetched.files.map((f) => f.origin)).toEqual(['fetched']);
    } finally {
      await server?.close();
    }
  });

  it('reads files whose path holds glob characters as exactly those files', async () => {
    const base = freshDir();
    const cache = join(base, 'c*');
    await fetchDataset('student-performance', { cacheDir: cache, mirror: shared });
    // A decoy that DuckDB's glob expansion of the path would also read (c* matches cx).
    mkdirSync(join(base, 'cx', 'student-performance'), { recursive: true });
    cpSync(
      join(shared, 'student-performance', 'student-mat.csv'),
      join(base, 'cx', 'student-performance', 'student-mat.csv'),
    );
    const data = await rows('student-performance', ['sex'], { cacheDir: cache, mirror: undefined });
    expect(data).toHaveLength(395);
  });

  it('reports files that are neither cached nor in the mirror, and corrupted copies', async () => {
    await expect(resolveDataset('adult', { cacheDir: freshDir(), download: false })).rejects.toThrow(
      'not fetched: adult/adult.data (run assay datasets fetch adult)',
    );
    const mirror = freshDir();
    cpSync(join(shared, 'compas'), join(mirror, 'compas'), { recursive: true });
    const path = join(mirror, 'compas', 'compas-scores-two-years.csv');
    const bytes = readFileSync(path);
    bytes[100] ^= 0x20;
    writeFileSync(path, bytes);
    await expect(resolveDataset('compas', { cacheDir: freshDir(), mirror })).rejects.toThrow(
      `checksum mismatch: ${path} (sha256 `,
    );
    const cache = freshDir();
    await fetchDataset('adult:train', { cacheDir: cache, mirror: shared });
    writeFileSync(join(cache, 'adult', 'adult.data'), 'x');
    await expect(resolveDataset('adult:train', { cacheDir: cache, download: false })).rejects.toThrow(
      `checksum mismatch: ${join(cache, 'adult', 'adult.data')} (1 bytes, expected 3974305) (run assay datasets fetch adult to repair)`,
    );
  });
});
