import { Float64, Utf8, makeTable, vectorFromArray, type Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { runRobustness } from '../../src/robustness/run-robustness.js';
import { Vocabulary, SHARED_DICTIONARY_WORDS } from '../../src/robustness/vocabulary.js';
import { asAsync, inBatches } from '../helpers/fixtures.js';
import { syntheticRows, syntheticTable } from './data.js';
import { FakeModel, numbersOf, textsOf } from './fake-models.js';

const rows = syntheticRows(1200, 4);
const table = syntheticTable(rows);

describe('runRobustness: decisions and groups', () => {
  it('decides score > threshold when a threshold is set', async () => {
    const model = new FakeModel(['x'], (b) => Float64Array.from(numbersOf(b, 'x'), (v) => 1 / (1 + Math.exp(-v))));
    const s = await runRobustness({ model, batches: asAsync(inBatches(table, 100)), settings: { label: 'y', sensitive: ['sex'], threshold: 0.8 }, spec: 'noise=0.1', seed: 0 });
    const expected = rows.x.filter((v) => 1 / (1 + Math.exp(-v)) > 0.8).length / rows.x.length;
    const rate = s.changes.find((c) => c.metric === 'selection_rate' && c.feature === null)!;
    expect(rate.clean).toBeCloseTo(expected, 12);
    expect(s.methods.decision).toBe('score > 0.8');
  });

  it('reports the intersection of the sensitive features when asked', async () => {
    const model = new FakeModel(['x', 'sex'], (b) => Float64Array.from(numbersOf(b, 'x'), (v) => (v > 0 ? 0.9 : 0.1)));
    const s = await runRobustness({ model, batches: asAsync(inBatches(table, 100)), settings: { label: 'y', sensitive: ['sex', 'race'], intersect: true }, spec: 'noise=0.5', seed: 0 });
    const cells = s.flips.filter((f) => f.feature === 'sex & race');
    expect(cells.map((c) => c.group)).toEqual(['F & A', 'F & B', 'F & C', 'M & A', 'M & B', 'M & C', '(missing) & A', '(missing) & B', '(missing) & C']);
    expect(cells.reduce((a, c) => a + c.n, 0)).toBe(rows.x.length);
    const fa = cells[0];
    expect(fa.n).toBe(rows.sex.filter((v, i) => v === 'F' && rows.race[i] === 'A').length);
    expect(s.disparities.some((d) => d.feature === 'sex & race' && d.metric === 'demographic_parity_difference')).toBe(true);
  });

  it('flips a numeric sensitive attribute to its other numeric values, in its own type', async () => {
    // Score depends on sexcode (Float64 0/1): positive iff sexcode = 1 and x > −1.
    const seen = new Set<string>();
    const model = new FakeModel(['x', 'sexcode'], (b) => {
      seen.add(String(b.getChild('sexcode')!.type));
      const code = numbersOf(b, 'sexcode');
      return Float64Array.from(numbersOf(b, 'x'), (v, i) => (code[i] === 1 && v > -1 ? 0.9 : 0.1));
    });
    const s = await runRobustness({ model, batches: asAsync(inBatches(table, 250)), settings: { label: 'y', sensitive: ['sexcode'] }, spec: 'flip=all', seed: 0 });
    expect([...seen]).toEqual(['Float64']);
    const ones = rows.sexcode.filter((v) => v === 1).length;
    const onesAbove = rows.sexcode.filter((v, i) => v === 1 && rows.x[i] > -1).length;
    // A float column's groups are named as pandas names them: 0.0, 1.0.
    const r = s.counterfactual.find((c) => c.from === '1.0' && c.to === '0.0')!;
    expect(r.positive_to_negative).toBeCloseTo(onesAbove / ones, 12);
    expect(s.counterfactual.find((c) => c.from === '0.0' && c.to === '1.0')!.negative_to_positive).toBeCloseTo(
      rows.x.filter((v, i) => rows.sexcode[i] === 0 && v > -1).length / (rows.x.length - ones),
      12,
    );
  });
});

describe('permutation importance by roc_auc', () => {
  it('is zero for ignored columns and positive for the one the score uses', async () => {
    const model = new FakeModel(['x', 'z', 'cat'], (b) => Float64Array.from(numbersOf(b, 'x'), (v) => 1 / (1 + Math.exp(-v))));
    const s = await runRobustness({ model, batches: asAsync(inBatches(table, 100)), settings: { label: 'y', sensitive: ['sex'] }, spec: 'importance=3:roc_auc', seed: 0 });
    const overall = (column: string) => s.importance.find((r) => r.column === column && r.feature === null)!;
    expect(overall('x').metric).toBe('roc_auc');
    expect(overall('x').importance!).toBeGreaterThan(0.3);
    expect(overall('z').repeats).toEqual([0, 0, 0]);
    expect(overall('cat').repeats).toEqual([0, 0, 0]);
    expect(s.evidence).toEqual(['explanation.permutation_importance']);
  });
});

describe('runRobustness: values the profile did not see', () => {
  // `cat` gains a value d, and `sex` a value X, after the first 600 rows (the profile).
  const late = (i: number, v: string, extra: string): string => (i >= 600 && i % 10 === 0 ? extra : v);
  const t: Table = makeTable({
    x: vectorFromArray(rows.x, new Float64()).data[0],
    cat: vectorFromArray(rows.cat.map((v, i) => late(i, v, 'd')), new Utf8()).data[0],
    sex: vectorFromArray(rows.sex.map((v, i) => late(i, v ?? 'F', 'X')), new Utf8()).data[0],
    y: vectorFromArray(rows.y, new Float64()).data[0],
  } as never) as unknown as Table;

  it('swaps unseen categories into the profiled ones, and leaves unprofiled sensitive values unflipped', async () => {
    const swapped = new Map<string, number>();
    const model = new FakeModel(['x', 'cat', 'sex'], (b) => {
      for (const v of textsOf(b, 'cat')) swapped.set(String(v), (swapped.get(String(v)) ?? 0) + 1);
      return Float64Array.from(numbersOf(b, 'x'), (v, i) => (textsOf(b, 'sex')[i] === 'F' && v > 0 ? 0.9 : 0.1));
    });
    const s = await runRobustness({ model, batches: asAsync(inBatches(t, 64)), settings: { label: 'y', sensitive: ['sex'] }, spec: 'swap=1;flip=sex;sample=600', seed: 3 });
    // clean + swap copies; with rate 1 every d moved into a, b or c, so d is seen only in the clean rows
    const ds = rows.x.filter((_, i) => i >= 600 && i % 10 === 0).length;
    expect(swapped.get('d')).toBe(ds + ds); // clean rows + the counterfactual copy (cat unchanged there)
    expect(s.profile.find((p) => p.column === 'cat')!.categories).toBe(3);
    expect(s.counterfactual.some((c) => c.from === 'X' || c.to === 'X')).toBe(false);
    const fm = s.counterfactual.find((c) => c.from === 'F' && c.to === 'M')!;
    expect(fm.n).toBe(rows.sex.filter((v, i) => (v ?? 'F') === 'F' && !(i >= 600 && i % 10 === 0)).length);
  });
});

describe('identifier-like and exotic columns', () => {
  it('leaves a text column with more than 1000 profiled values untouched, with a note', async () => {
    const ids = Array.from({ length: rows.x.length }, (_, i) => `id-${i}`);
    const t: Table = makeTable({
      x: vectorFromArray(rows.x, new Float64()).data[0],
      id: vectorFromArray(ids, new Utf8()).data[0],
      sex: vectorFromArray(rows.sex, new Utf8()).data[0],
      y: vectorFromArray(rows.y, new Float64()).data[0],
    } as never) as unknown as Table;
    const model = new FakeModel(['x', 'id'], (b) => Float64Array.from(numbersOf(b, 'x'), (v) => (v > 0 ? 0.9 : 0.1)));
    const s = await runRobustness({ model, batches: asAsync(inBatches(t, 500)), settings: { label: 'y', sensitive: ['sex'] }, spec: 'default', seed: 0 });
    expect(s.profile.find((p) => p.column === 'id')).toMatchObject({ kind: 'other', note: expect.stringMatching(/1200 distinct values .* identifier/) });
    expect(s.importance.some((r) => r.column === 'id')).toBe(false);
    expect(s.proxies.some((p) => p.column === 'id')).toBe(false);
    expect(s.warnings.some((w) => w.message.includes('id (1200 distinct values'))).toBe(true);
  });

  it('a vocabulary past the shared-dictionary size writes chunks over their own words', () => {
    const words = Array.from({ length: SHARED_DICTIONARY_WORDS + 1 }, (_, i) => `w${i}`);
    const vocab = new Vocabulary(words, 'big');
    const data = vocab.toData(Int32Array.of(5, -1, SHARED_DICTIONARY_WORDS, 5));
    expect(data.dictionary!.length).toBe(2);
    const codes = new Vocabulary(words, 'big').codesOf(data);
    expect([...codes]).toEqual([5, -1, SHARED_DICTIONARY_WORDS, 5]);
  });
});
