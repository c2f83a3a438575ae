import { describe, expect, it } from 'vitest';
import { AuditError } from '../../src/core/errors.js';
import { datasetLocations, rewriteUrl } from '../../src/datasets/dataset-locations.js';
import { listDatasets } from '../../src/datasets/list-datasets.js';
import { isDatasetId, parseDatasetRef } from '../../src/datasets/parse-dataset-ref.js';

describe('parseDatasetRef', () => {
  it.each([
    ['adult', undefined, 'income', undefined, 'adult'],
    ['adult:train', undefined, 'income', 'train', 'adult:train'],
    ['adult', 'test', 'income', 'test', 'adult:test'],
    ['adult', 'all', 'income', undefined, 'adult'],
    ['adult:test', 'test', 'income', 'test', 'adult:test'],
    ['adult:all', undefined, 'income', undefined, 'adult'],
    ['compas', undefined, 'two-year', undefined, 'compas'],
    ['compas:two-year', undefined, 'two-year', undefined, 'compas'],
    ['compas:violent', undefined, 'violent', undefined, 'compas:violent'],
    ['bank-marketing:full', undefined, 'full', undefined, 'bank-marketing:full'],
    ['student-performance:por', undefined, 'por', undefined, 'student-performance:por'],
    ['law-school:zfya', undefined, 'zfya', undefined, 'law-school:zfya'],
  ])('%s (split %s) → variant %s, split %s, canonical %s', (ref, split, variant, chosen, canonical) => {
    const target = parseDatasetRef(ref, split);
    expect([target.variantName, target.split, target.ref]).toEqual([variant, chosen, canonical]);
  });

  it.each([
    [
      'adlt',
      undefined,
      'unknown dataset: adlt (did you mean adult? expected one of: adult, bank-marketing, communities-crime, compas, diabetes, german-credit, law-school, student-performance)',
    ],
    ['compass', undefined, 'unknown dataset: compass (did you mean compas?'],
    [
      'compas:violet',
      undefined,
      'unknown variant or split of compas: violet (did you mean violent? expected one of: two-year, violent)',
    ],
    [
      'adult:tst',
      undefined,
      'unknown variant or split of adult: tst (did you mean test? expected one of: income, train, test, all)',
    ],
    ['adult:train', 'test', 'conflicting splits for dataset adult:train: train and test'],
    ['adult', 'validation', 'unknown split of adult:income: validation'],
    ['compas', 'train', 'dataset compas:two-year has no splits: train'],
    ['a:b:c', undefined, 'invalid dataset reference: a:b:c'],
    ['', undefined, 'unknown dataset: '],
  ])('rejects %s (split %s)', (ref, split, message) => {
    expect(() => parseDatasetRef(ref, split)).toThrow(AuditError);
    expect(() => parseDatasetRef(ref, split)).toThrow(message);
  });
});

describe('isDatasetId', () => {
  it.each([
    ['adult', true],
    ['adult:train', true],
    ['compas:violent', true],
    ['compas:nonsense', true], // a known id: resolving it explains the variant mistake
    ['adult.csv', false],
    ['./adult', false],
    ['data/adult', false],
    ['Adult', false],
    ['census', false],
    ['adult:', false],
    ['', false],
  ])('%s → %s', (s, expected) => {
    expect(isDatasetId(s)).toBe(expected);
  });
});

describe('listDatasets', () => {
  it('lists every variant and the default variant’s splits with their row counts', () => {
    const rows = Object.fromEntries(listDatasets().map((e) => [e.ref, e.rows]));
    // Figures from ../shared/datasets/*/SOURCE.md (see resolve-dataset.test.ts for the stream's counts).
    expect(rows).toEqual({
      adult: 45222,
      'adult:train': 30162,
      'adult:test': 15060,
      'bank-marketing': 41188,
      'bank-marketing:full': 45211,
      'communities-crime': 1994,
      compas: 6172,
      'compas:violent': 4020,
      diabetes: 101766,
      'german-credit': 1000,
      'law-school': 21791,
      'law-school:zfya': 21791,
      'student-performance': 395,
      'student-performance:por': 649,
    });
  });
});

describe('datasetLocations', () => {
  const home = '/home/u';
  it.each([
    [{}, {}, '/home/u/.cache/assay/datasets'],
    [{}, { XDG_CACHE_HOME: '/xdg' }, '/xdg/assay/datasets'],
    [{}, { XDG_CACHE_HOME: 'relative/xdg' }, '/home/u/.cache/assay/datasets'],
    [{}, { XDG_CACHE_HOME: '/xdg', ASSAY_CACHE_DIR: '/assay' }, '/assay'],
    [{}, { ASSAY_CACHE_DIR: '' }, '/home/u/.cache/assay/datasets'],
    [{ cacheDir: '/opt' }, { ASSAY_CACHE_DIR: '/assay' }, '/opt'],
  ])('cache folder for options %j and environment %j is %s', (options, env, expected) => {
    expect(datasetLocations(options, env, home).cacheDir).toBe(expected);
  });

  it('takes the mirror and base URL from options, then the environment', () => {
    expect(
      datasetLocations({}, { ASSAY_DATASETS_MIRROR: '/m', ASSAY_DATASETS_BASE_URL: 'http://h:1' }, home),
    ).toEqual({
      cacheDir: '/home/u/.cache/assay/datasets',
      mirror: '/m',
      baseUrl: 'http://h:1',
    });
    expect(
      datasetLocations({ mirror: 'https://m.example/data/' }, { ASSAY_DATASETS_MIRROR: '/m' }, home).mirror,
    ).toBe('https://m.example/data');
    expect(() => datasetLocations({ baseUrl: 'ftp://x' }, {}, home)).toThrow(
      'invalid dataset base url: ftp://x',
    );
  });

  it('rewrites the publisher host, keeping path and query', () => {
    expect(rewriteUrl('https://archive.ics.uci.edu/ml/adult.data', 'http://127.0.0.1:8080')).toBe(
      'http://127.0.0.1:8080/ml/adult.data',
    );
    expect(rewriteUrl('https://www.dropbox.com/s/x/law_data.csv?dl=1', 'http://proxy/base/')).toBe(
      'http://proxy/base/s/x/law_data.csv?dl=1',
    );
    expect(rewriteUrl('https://a.b/c', undefined)).toBe('https://a.b/c');
  });
});
