import { describe, expect, it } from 'vitest';
import { AuditError } from '../../src/core/errors.js';
import { counterNormal, streamKey } from '../../src/robustness/counter-random.js';
import type { RobustnessSection } from '../../src/robustness/robustness-section.js';
import { runRobustness, type RobustnessSettings } from '../../src/robustness/run-robustness.js';
import { asAsync, inBatches } from '../helpers/fixtures.js';
import { syntheticRows, syntheticTable } from './data.js';
import { FakeModel, numbersOf, oneFeatureModel, textsOf } from './fake-models.js';

const N = 3000;
const rows = syntheticRows(N);
const table = syntheticTable(rows);
const INPUTS = ['x', 'z', 'cat', 'flag', 'sex', 'race'];
const settings: RobustnessSettings = { label: 'y', sensitive: ['sex', 'race'], minGroupSize: 30 };

function run(model: FakeModel, spec: string, options: { batch?: number; seed?: number; settings?: Partial<RobustnessSettings>; callRows?: number } = {}): Promise<RobustnessSection> {
  return runRobustness({
    model,
    batches: asAsync(inBatches(table, options.batch ?? 500)),
    settings: { ...settings, ...options.settings },
    spec,
    seed: options.seed ?? 5,
    callRows: options.callRows,
  });
}

/** A model that uses sex and x: positive iff x > 0 for F, x > 1 otherwise. */
function sexModel(): FakeModel {
  return new FakeModel(INPUTS, (batch) => {
    const x = numbersOf(batch, 'x');
    const sex = textsOf(batch, 'sex');
    return Float64Array.from(x, (v, i) => 1 / (1 + Math.exp(-5 * (sex[i] === 'F' ? v : v - 1))));
  });
}

const sd = (xs: number[]): number => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

describe('runRobustness with a model that reads x only', () => {
  const spec = 'default;importance=4';

  it('finds no counterfactual flips, no swap flips and zero importance for the columns it ignores', async () => {
    const s = await run(oneFeatureModel(INPUTS, 'x', 2), spec);
    expect(s.counterfactual.length).toBeGreaterThan(0);
    for (const r of s.counterfactual) expect(r.flip_rate).toBe(0);
    for (const r of s.flips.filter((f) => f.perturbation.startsWith('counterfactual') || f.perturbation.startsWith('swap'))) expect(r.flip_rate).toBe(0);
    for (const column of ['z', 'cat', 'flag', 'sex', 'race']) {
      const records = s.importance.filter((r) => r.column === column);
      expect(records.length).toBeGreaterThan(0);
      for (const r of records) {
        expect(r.importance).toBe(0);
        expect(r.repeats).toEqual([0, 0, 0, 0]);
        expect(r.ci).toEqual([0, 0]);
      }
    }
    const x = s.importance.find((r) => r.column === 'x' && r.feature === null)!;
    expect(x.importance!).toBeGreaterThan(0.15);
    expect(x.ci![0]).toBeGreaterThan(0);
    expect(x.repeats).toHaveLength(4);
    expect(s.perturbations.find((p) => p.id === 'counterfactual_sex')!.scoredRows).toBe(N);
    expect(s.perturbations.find((p) => p.id === 'counterfactual_race')!.scoredRows).toBe(2 * N);
  });

  it('gives the noise flip rate recomputed row by row from the documented noise', async () => {
    const s = await run(oneFeatureModel(INPUTS, 'x', 2), 'noise=0.5', { settings: { weight: 'w' } });
    const key = streamKey(5, 'noise_0.5', 'x');
    const sigma = 0.5 * sd(rows.x);
    const lo = Math.min(...rows.x);
    const hi = Math.max(...rows.x);
    const expected = { all: [0, 0], F: [0, 0], M: [0, 0] } as Record<string, [number, number]>;
    let correct = 0;
    let total = 0;
    rows.x.forEach((x, i) => {
      const noisy = Math.min(hi, Math.max(lo, x + sigma * counterNormal(key, i)));
      const flip = noisy > 0 !== x > 0 ? rows.w[i] : 0;
      for (const g of ['all', rows.sex[i] ?? 'none']) {
        if (!expected[g]) continue;
        expected[g][0] += flip;
        expected[g][1] += rows.w[i];
      }
      correct += ((noisy > 0 ? 1 : 0) === rows.y[i] ? 1 : 0) * rows.w[i];
      total += rows.w[i];
    });
    const flip = (feature: string | null, group: string | null) =>
      s.flips.find((f) => f.perturbation === 'noise_0.5' && f.feature === feature && f.group === group)!.flip_rate!;
    expect(flip(null, null)).toBeCloseTo(expected.all[0] / expected.all[1], 12);
    expect(flip('sex', 'F')).toBeCloseTo(expected.F[0] / expected.F[1], 12);
    expect(flip('sex', 'M')).toBeCloseTo(expected.M[0] / expected.M[1], 12);
    expect(flip(null, null)).toBeGreaterThan(0.05);
    const accuracy = s.changes.find((c) => c.perturbation === 'noise_0.5' && c.metric === 'accuracy' && c.feature === null)!;
    expect(accuracy.perturbed).toBeCloseTo(correct / total, 12);
    expect(accuracy.change).toBeCloseTo(accuracy.perturbed! - accuracy.clean!, 12);
    expect(s.profile.find((p) => p.column === 'x')!.sd).toBeCloseTo(sd(rows.x), 12);
  });
});

describe('runRobustness with a model that uses sex', () => {
  it('gives the counterfactual flip rate and direction of each group, and none for race', async () => {
    const s = await run(sexModel(), 'flip=all');
    const band = (v: number) => v > 0 && v <= 1;
    const count = (sex: string) => rows.sex.filter((x) => x === sex).length;
    const inBand = (sex: string) => rows.x.filter((v, i) => rows.sex[i] === sex && band(v)).length;
    const rec = (from: string, to: string | null) => s.counterfactual.find((r) => r.feature === 'sex' && r.from === from && r.to === to)!;
    expect(rec('F', 'M')).toMatchObject({ n: count('F'), positive_to_negative: inBand('F') / count('F'), negative_to_positive: 0 });
    expect(rec('F', 'M').flip_rate).toBeCloseTo(inBand('F') / count('F'), 12);
    expect(rec('M', 'F')).toMatchObject({ n: count('M'), positive_to_negative: 0, negative_to_positive: inBand('M') / count('M') });
    expect(rec('F', null).flip_rate).toBe(rec('F', 'M').flip_rate);
    // Rows with missing sex are not flipped.
    expect(s.counterfactual.some((r) => r.from === '(missing)')).toBe(false);
    expect(s.warnings.find((w) => w.code === 'robustness_not_flipped')!.message).toBe(
      `counterfactual_sex: ${rows.sex.filter((v) => v === null).length} rows not flipped (value missing or not among the profiled values: (missing))`,
    );
    const overall = s.flips.find((f) => f.perturbation === 'counterfactual_sex' && f.feature === null)!;
    expect(overall.n).toBe(count('F') + count('M'));
    expect(overall.flip_rate).toBeCloseTo((inBand('F') + inBand('M')) / (count('F') + count('M')), 12);
    // Per race group, the flips of sex are counted too.
    const raceA = s.flips.find((f) => f.perturbation === 'counterfactual_sex' && f.feature === 'race' && f.group === 'A')!;
    const inA = (i: number) => rows.race[i] === 'A' && rows.sex[i] !== null;
    expect(raceA.flip_rate).toBeCloseTo(rows.x.filter((v, i) => inA(i) && band(v)).length / rows.x.filter((_, i) => inA(i)).length, 12);
    for (const r of s.counterfactual.filter((c) => c.feature === 'race')) expect(r.flip_rate).toBe(0);
    // Every ordered pair of race values is reported.
    const pairs = s.counterfactual.filter((c) => c.feature === 'race' && c.to !== null).map((c) => `${c.from}>${c.to}`);
    expect(pairs.sort()).toEqual(['A>B', 'A>C', 'B>A', 'B>C', 'C>A', 'C>B']);
  });

  it('flags sexcode (numeric, η) and sex itself as proxies of each other, not x', async () => {
    const model = new FakeModel([...INPUTS, 'sexcode'], (b) => Float64Array.from(numbersOf(b, 'x'), (v) => (v > 0 ? 0.9 : 0.1)));
    const s = await run(model, 'proxy=0.3');
    const proxy = (column: string, feature: string) => s.proxies.find((p) => p.column === column && p.feature === feature)!;
    expect(proxy('sexcode', 'sex')).toMatchObject({ measure: 'correlation_ratio', value: 1, flagged: true });
    expect(proxy('x', 'sex')).toMatchObject({ measure: 'correlation_ratio', flagged: false });
    expect(proxy('x', 'sex').value!).toBeLessThan(0.1);
    expect(proxy('cat', 'race')).toMatchObject({ measure: 'cramers_v', flagged: false });
    expect(proxy('sex', 'race').measure).toBe('cramers_v');
    expect(s.proxies.some((p) => p.column === 'sex' && p.feature === 'sex')).toBe(false);
    expect(s.warnings.some((w) => w.code === 'robustness_proxy' && w.message.includes('sexcode ~ sex'))).toBe(true);
    expect(s.evidence).toEqual(['explanation.proxy']);
  });
});

describe('runRobustness: reproducibility and streaming', () => {
  const spec = 'default;missing=0.05;importance=3;sample=700';

  it('gives the same JSON for batch sizes 7 and 1000, with or without predictBatches, whatever the call size', async () => {
    const a = JSON.stringify(await run(oneFeatureModel(INPUTS, 'x', 2), spec, { batch: 7 }));
    const b = JSON.stringify(await run(oneFeatureModel(INPUTS, 'x', 2), spec, { batch: 1000 }));
    const c = JSON.stringify(await run(oneFeatureModel(INPUTS, 'x', 2, 0, false), spec, { batch: 333, callRows: 100 }));
    expect(a).toBe(b);
    expect(a).toBe(c);
    const d = JSON.stringify(await run(sexModel(), spec, { batch: 7 }));
    const e = JSON.stringify(await run(sexModel(), spec, { batch: 1000 }));
    expect(d).toBe(e);
  });

  it('same seed: identical JSON; another seed: other perturbations', async () => {
    const a = await run(sexModel(), spec, { seed: 1 });
    const b = await run(sexModel(), spec, { seed: 1 });
    const c = await run(sexModel(), spec, { seed: 2 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const noise = (s: RobustnessSection) => s.flips.filter((f) => f.perturbation.startsWith('noise')).map((f) => f.flip_rate);
    expect(noise(a)).not.toEqual(noise(c));
    expect(a.importance.map((r) => r.repeats)).not.toEqual(c.importance.map((r) => r.repeats));
    // Deterministic parts do not move with the seed.
    expect(a.counterfactual).toEqual(c.counterfactual);
    expect(a.proxies).toEqual(c.proxies);
  });

  it('is plain JSON: no NaN, no undefined', async () => {
    const s = await run(sexModel(), spec);
    const text = JSON.stringify(s);
    expect(text).not.toMatch(/[:,[]-?(NaN|Infinity)/);
    expect(JSON.parse(text)).toEqual(s);
  });

  it('packs the copies of a batch into few model calls', async () => {
    const model = oneFeatureModel(INPUTS, 'x', 2);
    const s = await run(model, 'default;missing=0.05', { batch: 1000 });
    const copies = s.scoredRows / N;
    expect(copies).toBe(1 + 2 + 1 + 1 + 1 + 2 + 6 * 5); // clean, noise ×2, swap, missing, sex, race ×2, importance 6 × 5
    // 3 batches: one call for clean + every copy but missing, one for missing.
    expect(model.calls).toBe(3 * 2);
    expect(model.rows).toBe(s.scoredRows);
  });
});

describe('runRobustness: degenerate input and errors', () => {
  it('marks missing-value perturbations unsupported when the model rejects missing values, and keeps the rest', async () => {
    const strict = new FakeModel(INPUTS, (batch) => {
      const x = numbersOf(batch, 'x');
      if (x.some((v) => Number.isNaN(v))) throw new AuditError('a missing value in column x cannot feed tensor(float) input x');
      return Float64Array.from(x, (v) => 1 / (1 + Math.exp(-2 * v)));
    });
    const s = await run(strict, 'noise=0.1;missing=0.05,0.2');
    const missing = s.perturbations.filter((p) => p.kind === 'missing');
    expect(missing.map((p) => p.status)).toEqual(['unsupported', 'unsupported']);
    expect(missing[0].note).toMatch(/^the model rejected the perturbed rows: a missing value in column x/);
    expect(s.flips.some((f) => f.perturbation.startsWith('missing'))).toBe(false);
    const plain = await run(oneFeatureModel(INPUTS, 'x', 2), 'noise=0.1');
    expect(s.flips).toEqual(plain.flips);
    expect(s.warnings.some((w) => w.code === 'robustness_unsupported')).toBe(true);
  });

  it('a flipped feature the model does not read gets flip rate 0 without model calls', async () => {
    const model = oneFeatureModel(['x'], 'x', 2);
    const s = await run(model, 'flip=sex');
    expect(s.scoredRows).toBe(N);
    expect(s.perturbations[0].note).toMatch(/not a model input/);
    const rec = s.counterfactual.find((r) => r.from === 'F' && r.to === 'M')!;
    expect(rec).toMatchObject({ flip_rate: 0, n: rows.sex.filter((v) => v === 'F').length });
  });

  it('none runs nothing', async () => {
    const model = oneFeatureModel(INPUTS, 'x', 2);
    const s = await run(model, 'none');
    expect(model.calls).toBe(0);
    expect(s.evidence).toEqual([]);
  });

  interface BadCase {
    settings?: Partial<RobustnessSettings>;
    spec?: string;
    inputs?: string[];
    seed?: number;
    noScore?: boolean;
  }
  it.each<[string, BadCase, RegExp]>([
    ['a missing label column', { settings: { label: 'nope' } }, /^missing column: nope \(columns: x, z, cat/],
    ['a flip of a non-sensitive column', { spec: 'flip=cat' }, /^counterfactual flip of cat: not a sensitive feature \(sensitive: sex, race\)/],
    ['a bad spec', { spec: 'noise=0.1;swap=x' }, /^invalid robustness spec part: swap=x/],
    ['a model input not in the data', { inputs: ['x', 'income'] }, /^missing column: income/],
    ['a bad seed', { seed: -1 }, /^invalid seed: -1/],
    ['roc_auc importance without scores', { spec: 'importance=2:roc_auc', noScore: true }, /needs scores/],
  ])('throws a one-line AuditError for %s', async (_, c, message) => {
    const base = oneFeatureModel(c.inputs ?? INPUTS, 'x', 2);
    const model = c.noScore
      ? Object.assign(Object.create(base) as FakeModel, {
          predict: async (b: never) => ({ ...(await base.predict(b)), score: null }),
          predictBatches: async (b: never) => ({ ...(await base.predictBatches!(b)), score: null }),
        })
      : base;
    const promise = run(model, c.spec ?? 'default', { settings: c.settings, seed: c.seed });
    await expect(promise).rejects.toThrow(AuditError);
    await expect(run(model, c.spec ?? 'default', { settings: c.settings, seed: c.seed })).rejects.toThrow(message);
  });

  it('refuses regression models and empty streams', async () => {
    const model = Object.assign(oneFeatureModel(INPUTS, 'x'), { kind: 'regression' as const });
    await expect(run(model, 'default')).rejects.toThrow(/^robustness checks need a classifier/);
    await expect(
      runRobustness({ model: oneFeatureModel(INPUTS, 'x'), batches: asAsync([]), settings, spec: 'default' }),
    ).rejects.toThrow(/^no rows for the robustness checks/);
  });
});
