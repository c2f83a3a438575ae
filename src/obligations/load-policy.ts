import { access } from 'node:fs/promises';
import { OBLIGATION_IDS } from './catalogue.js';
import { DEFAULT_LL144 } from './ll144-table.js';
import { THRESHOLD_MEASURES, resolveMeasure, thresholdRange } from './measures.js';
import { PROFILE_IDS, loadProfile } from './profiles.js';
import type { Ll144Options, ObligationStatus, Policy, Threshold } from './types.js';
import {
  InputErrors,
  asBoolean,
  asMapping,
  asNumber,
  asString,
  asStringList,
  checkKeys,
  describe,
  parseMapping,
  readInput,
  type Mapping,
} from './yaml-input.js';

/** Statuses an obligation can get (what `failOn` may list). */
export const OBLIGATION_STATUSES: readonly ObligationStatus[] = [
  'evidenced',
  'breached',
  'needs_attestation',
  'insufficient_evidence',
  'not_applicable',
];

const KEYS = [
  'version',
  'description',
  'profile',
  'thresholds',
  'include',
  'notApplicable',
  'requireSignificance',
  'failOn',
  'll144',
];
const LL144_KEYS = ['sex', 'race', 'minCategoryShare', 'excludeSmallCategories'];
const THRESHOLD_NAMES = THRESHOLD_MEASURES.map((m) => m.name);

/** A policy with nothing in it: profile thresholds as they are, fail on `breached`. */
export function emptyPolicy(): Policy {
  return {
    source: null,
    sha256: null,
    profile: null,
    thresholds: {},
    include: [],
    notApplicable: {},
    requireSignificance: false,
    failOn: ['breached'],
    ll144: { ...DEFAULT_LL144 },
  };
}

function threshold(name: string, value: unknown, errors: InputErrors): Threshold | null {
  const path = `thresholds.${name}`;
  const spec = resolveMeasure(errors.resolve(path, 'measure', name, THRESHOLD_NAMES));
  if (value === null) return null;
  // a bound the measure can never cross would make the duty always met, or always breached
  const inRange = (x: number, at: string): number => {
    const [lo, hi] = thresholdRange(spec);
    if (x < lo || x > hi) throw errors.at(at, `${name} takes values ${hi === Infinity ? `≥ ${lo}` : `from ${lo} to ${hi}`}, got ${x}`);
    return x;
  };
  if (typeof value === 'number') {
    if (spec.defaultBound === null)
      throw errors.at(path, `${name} has no natural direction: write {min: ${value}} or {max: ${value}}`);
    return { bound: spec.defaultBound, value: inRange(asNumber(value, path, errors), path) };
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const map = value as Mapping;
    const keys = Object.keys(map);
    if (keys.length === 1 && (keys[0] === 'min' || keys[0] === 'max')) {
      const at = `${path}.${keys[0]}`;
      return { bound: keys[0], value: inRange(asNumber(map[keys[0]], at, errors), at) };
    }
  }
  throw errors.at(path, `expected a number, {min: number} or {max: number}, got ${describe(value)}`);
}

function ll144(value: unknown, errors: InputErrors): Ll144Options {
  const map = asMapping(value, 'll144', errors);
  checkKeys(map, 'll144', 'll144 key', LL144_KEYS, errors);
  const out = { ...DEFAULT_LL144 };
  if (map.sex !== undefined) out.sex = map.sex === null ? null : asString(map.sex, 'll144.sex', errors);
  if (map.race !== undefined) out.race = map.race === null ? null : asString(map.race, 'll144.race', errors);
  if (map.minCategoryShare !== undefined) {
    const share = asNumber(map.minCategoryShare, 'll144.minCategoryShare', errors);
    if (share < 0 || share >= 1)
      throw errors.at('ll144.minCategoryShare', `expected a share in [0, 1), got ${share}`);
    out.minCategoryShare = share;
  }
  if (map.excludeSmallCategories !== undefined)
    out.excludeSmallCategories = asBoolean(
      map.excludeSmallCategories,
      'll144.excludeSmallCategories',
      errors,
    );
  return out;
}

/**
 * Parses and validates a policy (YAML text): thresholds and judgement options on top of a
 * profile. Every problem is one `AuditError` line naming the file and key path.
 *
 * Keys: `version` (1), `description`, `profile` (a built-in profile id), `thresholds`
 * (measure → number in the measure's natural direction, `{min: x}`, `{max: x}`, or `null` to
 * drop a profile threshold), `include` (extra catalogue ids), `notApplicable` (id → reason),
 * `requireSignificance` (bool), `failOn` (statuses that make `breached` true; default
 * `[breached]`), `ll144` (`sex`, `race`, `minCategoryShare`, `excludeSmallCategories`).
 * An empty mapping `{}` is a valid policy that changes nothing.
 *
 * @example
 * parsePolicy('profile: kr-aiba/hiring\nthresholds:\n  impact_ratio: 0.9\n', 'p.yaml').thresholds
 * // { impact_ratio: { bound: 'min', value: 0.9 } }
 */
export function parsePolicy(text: string, source: string | null = null): Policy {
  const errors = new InputErrors('policy', source);
  const map = parseMapping(text, errors);
  checkKeys(map, '', 'policy key', KEYS, errors);
  const policy = emptyPolicy();
  policy.source = source;
  if (map.version !== undefined && map.version !== 1)
    throw errors.at('version', `unsupported version ${describe(map.version)} (expected 1)`);
  if (map.description !== undefined) asString(map.description, 'description', errors);
  if (map.profile !== undefined && map.profile !== null) {
    policy.profile = errors.resolve(
      'profile',
      'profile',
      asString(map.profile, 'profile', errors),
      PROFILE_IDS,
    );
  }
  if (map.thresholds !== undefined && map.thresholds !== null) {
    const t = asMapping(map.thresholds, 'thresholds', errors);
    for (const [name, value] of Object.entries(t)) policy.thresholds[name] = threshold(name, value, errors);
  }
  if (map.include !== undefined && map.include !== null) {
    policy.include = asStringList(map.include, 'include', errors).map((id, i) =>
      errors.resolve(`include[${i}]`, 'obligation', id, OBLIGATION_IDS),
    );
  }
  if (map.notApplicable !== undefined && map.notApplicable !== null) {
    const na = asMapping(map.notApplicable, 'notApplicable', errors);
    for (const [id, reason] of Object.entries(na)) {
      const resolved = errors.resolve(`notApplicable.${id}`, 'obligation', id, OBLIGATION_IDS);
      policy.notApplicable[resolved] = asString(reason, `notApplicable.${id}`, errors);
    }
  }
  if (map.requireSignificance !== undefined)
    policy.requireSignificance = asBoolean(map.requireSignificance, 'requireSignificance', errors);
  if (map.failOn !== undefined) {
    const list = asStringList(map.failOn, 'failOn', errors);
    if (list.length === 0) throw errors.at('failOn', 'expected at least one status');
    policy.failOn = list.map((s, i) => errors.resolve(`failOn[${i}]`, 'status', s, OBLIGATION_STATUSES));
  }
  if (map.ll144 !== undefined && map.ll144 !== null) policy.ll144 = ll144(map.ll144, errors);
  return policy;
}

/**
 * Reads and validates a policy file (see {@link parsePolicy}); records its path and sha256.
 * @example const policy = await loadPolicy('policies/examples/hiring-policy.yaml');
 */
export async function loadPolicy(path: string): Promise<Policy> {
  const { text, sha256 } = await readInput(path, 'policy');
  return { ...parsePolicy(text, path), sha256 };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A policy from a `--fail-on` argument: a built-in profile id (its own thresholds) or the
 * path of a policy file.
 * @example (await resolvePolicy('kr-aiba/hiring')).profile // 'kr-aiba/hiring'
 */
export async function resolvePolicy(spec: string): Promise<Policy> {
  if (PROFILE_IDS.includes(spec)) return { ...emptyPolicy(), profile: spec };
  // `regime/area` naming no file is a mistyped profile id: loadProfile names the nearest ones.
  if (/^[a-z0-9-]+\/[a-z0-9-]+$/.test(spec) && !(await exists(spec))) loadProfile(spec);
  return loadPolicy(spec);
}
