import { AuditError } from '../core/errors.js';
import { keyword } from '../core/keyword.js';

/** Metric whose drop measures a column's permutation importance. */
export type ImportanceMetric = 'accuracy' | 'roc_auc';

/** The robustness checks to run, normalised (every field present). */
export interface RobustnessSpec {
  /** Gaussian noise strengths, in standard deviations of each numeric feature. */
  noise: number[];
  /** Category swap rates: share of cells moved to another observed category. */
  swap: number[];
  /** Missing-value injection rates (opt-in: only for models that accept missing inputs). */
  missing: number[];
  /** Sensitive features to flip counterfactually, or `all` for every sensitive feature. */
  flip: string[] | 'all';
  /** Permutation importance: repeats per column and the metric; null when off. */
  importance: { repeats: number; metric: ImportanceMetric } | null;
  /** Proxy check: association at or above `threshold` flags a likely proxy; null when off. */
  proxy: { threshold: number } | null;
  /** Rows at the start of the stream used to profile the columns (spreads, categories, marginals). */
  sample: number;
}

/** The object form of a spec (an audit spec's `robustness:` entry); omitted checks are off. */
export interface RobustnessSpecInput {
  /** Use the defaults for everything not given here. */
  default?: boolean;
  noise?: number | number[] | null;
  swap?: number | number[] | null;
  missing?: number | number[] | null;
  flip?: string | string[] | null;
  importance?: number | { repeats?: number; metric?: string } | null | false;
  /** Importance metric, when `importance` is a number. */
  importanceMetric?: string;
  proxy?: number | boolean | null;
  sample?: number;
}

/** Rows profiled by default. */
export const DEFAULT_SAMPLE_ROWS = 10_000;
/** Association at or above which a feature is flagged as a likely proxy (Cramér's V or η). */
export const DEFAULT_PROXY_THRESHOLD = 0.3;

/**
 * The `default` suite: Gaussian noise at 0.1 and 0.5 SD, 10 % category swaps, a counterfactual
 * flip of every sensitive feature, permutation importance (accuracy, 5 repeats) and the proxy
 * check at 0.3. Missing-value injection is opt-in (`default;missing=0.05`): whether a model
 * accepts missing inputs is not part of the `Model` interface.
 */
export const DEFAULT_ROBUSTNESS_SPEC: RobustnessSpec = {
  noise: [0.1, 0.5],
  swap: [0.1],
  missing: [],
  flip: 'all',
  importance: { repeats: 5, metric: 'accuracy' },
  proxy: { threshold: DEFAULT_PROXY_THRESHOLD },
  sample: DEFAULT_SAMPLE_ROWS,
};

const PARTS = ['default', 'none', 'noise', 'swap', 'missing', 'flip', 'importance', 'importance-metric', 'proxy', 'sample'] as const;
type Part = (typeof PARTS)[number];
const METRICS: readonly ImportanceMetric[] = ['accuracy', 'roc_auc'];
const MAX_REPEATS = 1000;
const MAX_SAMPLE = 10_000_000;

function empty(): RobustnessSpec {
  return { noise: [], swap: [], missing: [], flip: [], importance: null, proxy: null, sample: DEFAULT_SAMPLE_ROWS };
}

function copy(spec: RobustnessSpec): RobustnessSpec {
  return {
    ...spec,
    noise: [...spec.noise],
    swap: [...spec.swap],
    missing: [...spec.missing],
    flip: spec.flip === 'all' ? 'all' : [...spec.flip],
    importance: spec.importance && { ...spec.importance },
    proxy: spec.proxy && { ...spec.proxy },
  };
}

function bad(part: string, expected: string): AuditError {
  return new AuditError(`invalid robustness spec part: ${part} (expected ${expected})`);
}

function numbers(part: string, values: readonly unknown[], check: (x: number) => boolean, expected: string): number[] {
  const out: number[] = [];
  for (const v of values) {
    const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
    if (!Number.isFinite(x) || !check(x)) throw bad(part, expected);
    if (!out.includes(x)) out.push(x);
  }
  return out;
}

const strength = (part: string, values: readonly unknown[]): number[] =>
  numbers(part, values, (x) => x > 0 && x <= 100, 'noise strengths in standard deviations, numbers in (0, 100], e.g. noise=0.1,0.5');
const rates = (part: string, values: readonly unknown[], what: string): number[] =>
  numbers(part, values, (x) => x > 0 && x <= 1, `${what} rates in (0, 1], e.g. ${what}=0.1`);

function repeatsOf(part: string, v: unknown): number {
  const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (!Number.isInteger(x) || x < 0 || x > MAX_REPEATS) throw bad(part, `a whole number of repeats in 0 … ${MAX_REPEATS}, e.g. importance=5`);
  return x;
}

function metricOf(part: string, v: string): ImportanceMetric {
  const name = v.trim() === 'auc' ? 'roc_auc' : v.trim();
  try {
    return keyword('importance metric', name, METRICS);
  } catch (error) {
    throw new AuditError(`invalid robustness spec part: ${part} (${(error as Error).message})`);
  }
}

function thresholdOf(part: string, v: unknown): number {
  const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (!(x > 0 && x <= 1)) throw bad(part, 'a proxy threshold in (0, 1], e.g. proxy=0.3');
  return x;
}

function sampleOf(part: string, v: unknown): number {
  const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (!Number.isInteger(x) || x < 2 || x > MAX_SAMPLE) throw bad(part, `a whole number of profile rows in 2 … ${MAX_SAMPLE}, e.g. sample=10000`);
  return x;
}

function columnsOf(part: string, values: readonly string[]): string[] | 'all' {
  const names = values.map((v) => v.trim());
  if (names.length === 1 && names[0] === 'all') return 'all';
  if (names.some((n) => n === '' || n === 'all' || n === 'none')) throw bad(part, 'sensitive feature names, or all, e.g. flip=sex,race');
  return [...new Set(names)];
}

const isOff = (v: string): boolean => v === 'none' || v === 'off';

function applyPart(spec: RobustnessSpec, raw: string): RobustnessSpec {
  const text = raw.trim();
  const eq = text.indexOf('=');
  const name = (eq < 0 ? text : text.slice(0, eq)).trim();
  const part = keyword<Part>('robustness spec part', name, PARTS);
  if (part === 'default' || part === 'none') {
    if (eq >= 0) throw bad(text, `${part} without a value`);
    return part === 'default' ? copy(DEFAULT_ROBUSTNESS_SPEC) : empty();
  }
  if (eq < 0) throw bad(text, `${part}=<value>`);
  const value = text.slice(eq + 1).trim();
  const list = value.split(',').map((v) => v.trim());
  const off = isOff(value);
  switch (part) {
    case 'noise':
      return { ...spec, noise: off ? [] : strength(text, list) };
    case 'swap':
      return { ...spec, swap: off ? [] : rates(text, list, 'swap') };
    case 'missing':
      return { ...spec, missing: off ? [] : rates(text, list, 'missing') };
    case 'flip':
      return { ...spec, flip: off ? [] : columnsOf(text, list) };
    case 'importance': {
      if (off) return { ...spec, importance: null };
      const [count, metric] = value.split(':');
      const repeats = repeatsOf(text, count);
      if (repeats === 0) return { ...spec, importance: null };
      return { ...spec, importance: { repeats, metric: metric === undefined ? (spec.importance?.metric ?? 'accuracy') : metricOf(text, metric) } };
    }
    case 'importance-metric': {
      const metric = metricOf(text, value);
      return { ...spec, importance: { repeats: spec.importance?.repeats ?? 5, metric } };
    }
    case 'proxy':
      return { ...spec, proxy: off ? null : { threshold: thresholdOf(text, value) } };
    case 'sample':
      return { ...spec, sample: sampleOf(text, value) };
  }
}

function listOf(v: number | number[] | null | undefined): unknown[] {
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function fromObject(input: RobustnessSpecInput): RobustnessSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AuditError(`invalid robustness spec: ${JSON.stringify(input)} (expected default, none, a spec string or an object)`);
  }
  const allowed = ['default', 'noise', 'swap', 'missing', 'flip', 'importance', 'importanceMetric', 'proxy', 'sample'] as const;
  for (const key of Object.keys(input)) keyword('robustness spec key', key, allowed);
  const spec = input.default === true ? copy(DEFAULT_ROBUSTNESS_SPEC) : empty();
  const shown = (key: string, v: unknown): string => `${key}=${JSON.stringify(v)}`;
  if (input.noise !== undefined) spec.noise = strength(shown('noise', input.noise), listOf(input.noise));
  if (input.swap !== undefined) spec.swap = rates(shown('swap', input.swap), listOf(input.swap), 'swap');
  if (input.missing !== undefined) spec.missing = rates(shown('missing', input.missing), listOf(input.missing), 'missing');
  if (input.flip !== undefined) {
    const f = input.flip;
    if (f === null || f === 'none') spec.flip = [];
    else if (typeof f === 'string' || (Array.isArray(f) && f.every((x) => typeof x === 'string'))) {
      spec.flip = columnsOf(shown('flip', f), typeof f === 'string' ? f.split(',') : f);
    } else throw bad(shown('flip', f), 'sensitive feature names, or all');
  }
  if (input.importance !== undefined || input.importanceMetric !== undefined) {
    const imp = input.importance;
    const part = shown('importance', imp);
    let repeats = spec.importance?.repeats ?? 5;
    let metric: ImportanceMetric = spec.importance?.metric ?? 'accuracy';
    if (imp === null || imp === false) repeats = 0;
    else if (typeof imp === 'number') repeats = repeatsOf(part, imp);
    else if (typeof imp === 'object') {
      if (imp.repeats !== undefined) repeats = repeatsOf(part, imp.repeats);
      if (imp.metric !== undefined) metric = metricOf(part, String(imp.metric));
    } else if (imp !== undefined) throw bad(part, 'a number of repeats or { repeats, metric }');
    if (input.importanceMetric !== undefined) metric = metricOf(shown('importanceMetric', input.importanceMetric), String(input.importanceMetric));
    spec.importance = repeats === 0 ? null : { repeats, metric };
  }
  if (input.proxy !== undefined) {
    const p = input.proxy;
    if (p === null || p === false) spec.proxy = null;
    else if (p === true) spec.proxy = { threshold: DEFAULT_PROXY_THRESHOLD };
    else spec.proxy = { threshold: thresholdOf(shown('proxy', p), p) };
  }
  if (input.sample !== undefined) spec.sample = sampleOf(shown('sample', input.sample), input.sample);
  return spec;
}

/**
 * True when the spec runs nothing (no perturbation, importance or proxy check).
 * @example isEmptySpec(parseRobustnessSpec('default')!) // false
 */
export function isEmptySpec(spec: RobustnessSpec): boolean {
  const flips = spec.flip === 'all' || spec.flip.length > 0;
  return spec.noise.length + spec.swap.length + spec.missing.length === 0 && !flips && spec.importance === null && spec.proxy === null;
}

/**
 * Parses a robustness spec: `default`, `none`, a compact string, or the object form of an
 * audit spec. Returns the normalised spec, or null for `none` (and for a spec that runs nothing).
 *
 * Compact syntax: `;`-separated parts, each `name=value` with `,`-separated lists; a bare
 * `default` part starts from the default suite, later parts override it, and without `default`
 * every check not named is off. `none` or `off` as a value turns that check off.
 *
 * | part | value | meaning |
 * | --- | --- | --- |
 * | `noise` | `0.1,0.5` | Gaussian noise of σ = strength × the feature's SD on numeric inputs |
 * | `swap` | `0.1` | each categorical input cell moves to another observed category with this probability |
 * | `missing` | `0.05` | each input cell becomes missing with this probability (models that accept missing values) |
 * | `flip` | `sex,race` or `all` | counterfactual flips of these sensitive features, each value to each other value |
 * | `importance` | `5` or `5:roc_auc` | permutation importance with this many repeats (0 = off) |
 * | `importance-metric` | `accuracy` or `roc_auc` (`auc`) | the metric whose drop is the importance |
 * | `proxy` | `0.3` | flag features whose association with a sensitive feature is at least this |
 * | `sample` | `10000` | rows profiled at the start of the stream |
 *
 * Throws a one-line `AuditError` naming the bad part: an unknown name (with a suggestion), a
 * value out of range, an empty spec.
 * @example
 * parseRobustnessSpec('default');
 * parseRobustnessSpec('noise=0.1,0.5;swap=0.1;missing=0.05;flip=sex;importance=5');
 * parseRobustnessSpec({ default: true, missing: 0.05 });
 */
export function parseRobustnessSpec(input: string | RobustnessSpecInput | RobustnessSpec | null | undefined): RobustnessSpec | null {
  if (input === null || input === undefined) return null;
  let spec: RobustnessSpec;
  if (typeof input === 'string') {
    const parts = input.split(';').filter((p) => p.trim() !== '');
    if (parts.length === 0) throw new AuditError('invalid robustness spec: empty (expected default, none or parts such as noise=0.1)');
    spec = empty();
    for (const part of parts) spec = applyPart(spec, part);
  } else if (isNormalised(input)) {
    spec = fromObject({
      noise: input.noise,
      swap: input.swap,
      missing: input.missing,
      flip: input.flip,
      importance: input.importance ?? null,
      proxy: input.proxy ? input.proxy.threshold : null,
      sample: input.sample,
    });
  } else {
    spec = fromObject(input);
  }
  return isEmptySpec(spec) ? null : spec;
}

function isNormalised(input: RobustnessSpecInput | RobustnessSpec): input is RobustnessSpec {
  const x = input as RobustnessSpec;
  return Array.isArray(x.noise) && Array.isArray(x.swap) && Array.isArray(x.missing) && x.flip !== undefined && 'importance' in x && 'proxy' in x && typeof x.sample === 'number';
}
