import { describe, expect, it } from 'vitest';
import { AuditError } from '../../src/core/errors.js';
import { DEFAULT_ROBUSTNESS_SPEC, parseRobustnessSpec } from '../../src/robustness/robustness-spec.js';

describe('parseRobustnessSpec', () => {
  it('default is noise 0.1 and 0.5 SD, 10% swaps, every sensitive feature flipped, importance ×5, proxies, no missing', () => {
    expect(parseRobustnessSpec('default')).toEqual({
      noise: [0.1, 0.5],
      swap: [0.1],
      missing: [],
      flip: 'all',
      importance: { repeats: 5, metric: 'accuracy' },
      proxy: { threshold: 0.3 },
      sample: 10_000,
    });
    expect(parseRobustnessSpec('default')).toEqual(DEFAULT_ROBUSTNESS_SPEC);
  });

  it('none, null and a spec that runs nothing give null', () => {
    expect(parseRobustnessSpec('none')).toBeNull();
    expect(parseRobustnessSpec(null)).toBeNull();
    expect(parseRobustnessSpec('noise=none')).toBeNull();
    expect(parseRobustnessSpec({})).toBeNull();
  });

  it('reads the compact syntax; parts not named are off', () => {
    expect(parseRobustnessSpec('noise=0.1,0.5;swap=0.1;missing=0.05;flip=sex;importance=5')).toEqual({
      noise: [0.1, 0.5],
      swap: [0.1],
      missing: [0.05],
      flip: ['sex'],
      importance: { repeats: 5, metric: 'accuracy' },
      proxy: null,
      sample: 10_000,
    });
    expect(parseRobustnessSpec(' flip = sex , race ; importance=3:auc ; sample=500 ')).toMatchObject({
      flip: ['sex', 'race'],
      importance: { repeats: 3, metric: 'roc_auc' },
      sample: 500,
      noise: [],
    });
  });

  it('starts from the defaults with a default part, later parts override', () => {
    const spec = parseRobustnessSpec('default;missing=0.05;importance=0;noise=0.2')!;
    expect(spec.missing).toEqual([0.05]);
    expect(spec.importance).toBeNull();
    expect(spec.noise).toEqual([0.2]);
    expect(spec.flip).toBe('all');
    expect(parseRobustnessSpec('default;importance-metric=roc_auc')!.importance).toEqual({ repeats: 5, metric: 'roc_auc' });
  });

  it('reads the object form of an audit spec, and a normalised spec unchanged', () => {
    expect(parseRobustnessSpec({ default: true, missing: 0.05, flip: ['sex'] })).toMatchObject({ missing: [0.05], flip: ['sex'], noise: [0.1, 0.5] });
    expect(parseRobustnessSpec({ noise: [0.3], importance: { repeats: 2, metric: 'auc' }, proxy: true })).toEqual({
      noise: [0.3],
      swap: [],
      missing: [],
      flip: [],
      importance: { repeats: 2, metric: 'roc_auc' },
      proxy: { threshold: 0.3 },
      sample: 10_000,
    });
    expect(parseRobustnessSpec(DEFAULT_ROBUSTNESS_SPEC)).toEqual(DEFAULT_ROBUSTNESS_SPEC);
  });

  it.each([
    ['noize=0.1', /^unknown robustness spec part: noize \(did you mean noise/],
    ['noise=abc', /^invalid robustness spec part: noise=abc \(expected noise strengths/],
    ['noise=-1', /invalid robustness spec part: noise=-1/],
    ['swap=1.5', /invalid robustness spec part: swap=1.5 \(expected swap rates in \(0, 1\]/],
    ['missing=0', /invalid robustness spec part: missing=0/],
    ['importance=2.5', /invalid robustness spec part: importance=2.5/],
    ['importance=5:f1', /invalid robustness spec part: importance=5:f1 \(unknown importance metric: f1/],
    ['proxy=2', /invalid robustness spec part: proxy=2/],
    ['sample=1', /invalid robustness spec part: sample=1/],
    ['flip=', /invalid robustness spec part: flip=/],
    ['noise', /invalid robustness spec part: noise \(expected noise=<value>\)/],
    ['default=1', /invalid robustness spec part: default=1/],
    ['', /^invalid robustness spec: empty/],
    [';;', /^invalid robustness spec: empty/],
  ])('rejects %j with a one-line error naming the part', (text, message) => {
    let error: unknown;
    try {
      parseRobustnessSpec(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuditError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('rejects bad object forms naming the key', () => {
    expect(() => parseRobustnessSpec({ nois: [0.1] } as never)).toThrow(/unknown robustness spec key: nois \(did you mean noise\?/);
    expect(() => parseRobustnessSpec({ swap: 2 })).toThrow(/invalid robustness spec part: swap=2/);
    expect(() => parseRobustnessSpec({ flip: [1] } as never)).toThrow(/invalid robustness spec part: flip=\[1\]/);
    expect(() => parseRobustnessSpec([] as never)).toThrow(AuditError);
  });
});
