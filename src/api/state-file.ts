import { createHash } from 'node:crypto';
import { AuditError, InternalError } from '../core/errors.js';
import { assertMergeable, deserializeEngine, readStateHeader, serializeEngine, type StateHeader } from '../audit/engine-state.js';
import type { AuditSettings, InputProvenance, ModelSummary, WarningRecord } from '../audit/types.js';
import type { AuditState } from './audit.js';

/**
 * Version of what this module writes into a state file's `header.extra` (the engine's layout
 * is versioned apart, by `STATE_FORMAT_VERSION`). Version 1 added the shard's row range, the
 * model, the reading notes and the checksum; states without them (older writes) are refused.
 */
export const STATE_EXTRA_VERSION = 1;

/**
 * `header.extra` of a state file: what the final audit needs beyond the engine, and what
 * `assay merge` checks before it adds states up.
 */
interface Extra {
  version: number;
  settings: AuditSettings;
  favorable: string[];
  entropyAlpha: number;
  inputs: InputProvenance[];
  /** Rows the shard covers: the global index of its first row (`--start-row`, else 0) and its row count. */
  shard: { startRow: number; rows: number };
  /** The model run over the shard (null: a prediction log). */
  model: ModelSummary | null;
  /** Warnings found while reading (renamed columns, the model's positive class, …). */
  notes: WarningRecord[];
  /** `sha256:` and the hex sha256 of the whole file, taken with these 64 digits written as `0`. */
  checksum: string;
}

const CHECKSUM_PREFIX = 'sha256:';
const CHECKSUM_PLACEHOLDER = `${CHECKSUM_PREFIX}${'0'.repeat(64)}`;

/**
 * The bytes of a state file for `assay merge`: the engine's layout (`src/audit/engine-state.ts`)
 * with {@link Extra} as `header.extra`, checksum included.
 *
 * @example await writeFile('shard-1.state', stateToBytes(await auditState({ ...options, startRow: 0 })));
 */
export function stateToBytes(state: AuditState): Uint8Array {
  const extra: Extra = {
    version: STATE_EXTRA_VERSION,
    settings: state.settings,
    favorable: state.favorable,
    entropyAlpha: state.entropyAlpha,
    inputs: state.inputs,
    shard: { startRow: state.engine.rowBase, rows: state.engine.rows },
    model: state.model ?? null,
    notes: state.notes ?? [],
    // a placeholder of the checksum's length: filling it in later moves no byte
    checksum: CHECKSUM_PLACEHOLDER,
  };
  const bytes = serializeEngine(state.engine, extra as unknown as Record<string, unknown>);
  const at = checksumOffset(bytes, CHECKSUM_PLACEHOLDER);
  if (at === null) throw new InternalError('state file: checksum placeholder not found in the header');
  bytes.set(Buffer.from(checksumOf(bytes, at), 'ascii'), at);
  return bytes;
}

/** Where the 64 hex digits of `checksum` start in a state file's header, if it holds them exactly once. */
function checksumOffset(bytes: Uint8Array, checksum: string): number | null {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  const header = Buffer.from(bytes.buffer, bytes.byteOffset + 12, length);
  const needle = `"checksum":${JSON.stringify(checksum)}`;
  const at = header.indexOf(needle, 0, 'utf8');
  if (at < 0 || header.lastIndexOf(needle, undefined, 'utf8') !== at) return null;
  return 12 + at + '"checksum":"'.length + CHECKSUM_PREFIX.length;
}

/** sha256 (hex) of a state file with the 64 digits at `at` read as zeros. */
function checksumOf(bytes: Uint8Array, at: number): string {
  return createHash('sha256')
    .update(bytes.subarray(0, at))
    .update('0'.repeat(64))
    .update(bytes.subarray(at + 64))
    .digest('hex');
}

/** A state file's header, checked: readable, complete, of this version, checksum matching. */
interface CheckedState {
  name: string;
  bytes: Uint8Array;
  header: StateHeader;
  extra: Extra;
}

/** Reads and checks a state file's header (the engine is rebuilt later, once all states agree). */
function checkStateFile(file: { name: string; bytes: Uint8Array }): CheckedState {
  const { name, bytes } = file;
  const header = readStateHeader(bytes, name);
  const extra = header.extra as unknown as Partial<Extra>;
  if (typeof extra.checksum === 'string') {
    // checked first: a flipped byte must not pass for another version or a bad field
    const at = /^sha256:[0-9a-f]{64}$/.test(extra.checksum) ? checksumOffset(bytes, extra.checksum) : null;
    if (at === null || checksumOf(bytes, at) !== extra.checksum.slice(CHECKSUM_PREFIX.length)) {
      throw new AuditError(`${name}: corrupt state file (checksum mismatch)`);
    }
  } else if (extra.version !== undefined) {
    throw new AuditError(`${name}: corrupt state file (no checksum)`);
  }
  if (extra.version === undefined) {
    throw new AuditError(
      `${name}: state file written by an older assay (no row range or checksum); write it again with assay audit --emit-state`,
    );
  }
  if (extra.version !== STATE_EXTRA_VERSION) {
    throw new AuditError(`state file ${name} has extra version ${String(extra.version)}; this assay reads extra version ${STATE_EXTRA_VERSION}`);
  }
  const shard = extra.shard;
  const count = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  if (shard === undefined || !count(shard.startRow) || !count(shard.rows) || shard.rows !== header.rows) {
    throw new AuditError(`${name}: corrupt state file (bad row range)`);
  }
  return { name, bytes, header, extra: extra as Extra };
}

/**
 * Merges state files (bytes with their names) into one audit state, in the order given.
 * Refuses, naming the files: a state given twice, states of the same data, shards whose row
 * ranges overlap (each shard needs its own `--start-row`), states of different assay
 * versions, models or settings, corrupt states (checksum) and states of older writes.
 *
 * @example const state = mergeStateFiles([{ name: 'a.state', bytes: a }, { name: 'b.state', bytes: b }], null);
 */
export function mergeStateFiles(files: { name: string; bytes: Uint8Array }[], command: string | null): AuditState {
  if (files.length === 0) throw new AuditError('nothing to merge: give at least one state file');
  const checked = files.map(checkStateFile);
  refuseRepeats(checked);
  const [first, ...rest] = checked;
  for (const next of rest) assertCompatible(first, next);
  refuseSameData(checked);
  refuseOverlaps(checked);
  const engines = checked.map((s) => deserializeEngine(s.bytes, s.name).engine);
  const inputs: InputProvenance[] = [];
  const notes: WarningRecord[] = [];
  for (const state of checked) {
    for (const input of state.extra.inputs) {
      // one model (checked above): listed once
      if (input.role === 'model' && inputs.some((i) => sameJson(i, input))) continue;
      inputs.push(input);
    }
    for (const note of state.extra.notes) if (!notes.some((n) => sameJson(n, note))) notes.push(note);
  }
  for (const engine of engines.slice(1)) engines[0].merge(engine);
  const extra = first.extra;
  return {
    engine: engines[0],
    settings: extra.settings,
    favorable: extra.favorable,
    entropyAlpha: extra.entropyAlpha,
    inputs,
    command,
    model: extra.model,
    notes,
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A value in a message: JSON, one line. */
function show(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}

/** Refuses the same state given twice (the same file, or a copy: equal checksums). */
function refuseRepeats(states: CheckedState[]): void {
  const seen = new Map<string, CheckedState>();
  for (const state of states) {
    const prior = seen.get(state.extra.checksum);
    if (prior !== undefined) {
      const which = prior.name === state.name ? `${state.name} is given twice` : `${prior.name} and ${state.name} are the same state`;
      throw new AuditError(`cannot merge a state with itself: ${which} (its rows would count twice)`);
    }
    seen.set(state.extra.checksum, state);
  }
}

/** Refuses states of different assay versions, models or settings, naming the first difference. */
function assertCompatible(a: CheckedState, b: CheckedState): void {
  const comparable = (s: CheckedState): StateHeader => ({
    ...s.header,
    extra: { settings: s.extra.settings, favorable: s.extra.favorable, entropyAlpha: s.extra.entropyAlpha },
  });
  // different versions: that message, whatever else differs
  if (a.header.assayVersion !== b.header.assayVersion) assertMergeable(comparable(a), comparable(b), a.name, b.name);
  assertSameModel(a, b);
  const diff = settingDifference(a, b);
  if (diff !== null) {
    throw new AuditError(
      `cannot merge states with different audit settings: ${a.name} and ${b.name} differ in ${diff.key} (${show(diff.a)} in ${a.name}, ${show(diff.b)} in ${b.name})`,
    );
  }
  assertMergeable(comparable(a), comparable(b), a.name, b.name);
}

/** The first setting in which two states differ: the engine's (spec) first, then the audit's. */
function settingDifference(a: CheckedState, b: CheckedState): { key: string; a: unknown; b: unknown } | null {
  const fields = (s: CheckedState): [string, unknown][] => [
    ...Object.entries(s.header.spec),
    ...Object.entries(s.extra.settings).filter(([k]) => !(k in s.header.spec)),
    ['favorable', s.extra.favorable],
    ['entropyAlpha', s.extra.entropyAlpha],
  ];
  const mine = new Map(fields(a));
  const theirs = new Map(fields(b));
  for (const key of new Set([...mine.keys(), ...theirs.keys()])) {
    if (!sameJson(mine.get(key), theirs.get(key))) return { key, a: mine.get(key), b: theirs.get(key) };
  }
  return null;
}

/** Refuses states of different models (by sha256 when both have one, else path, kind and classes), or a model beside a log. */
function assertSameModel(a: CheckedState, b: CheckedState): void {
  const [ma, mb] = [a.extra.model, b.extra.model];
  if (ma === null && mb === null) return;
  const label = (m: ModelSummary | null) => (m === null ? 'no model' : `model ${m.path}`);
  if (ma === null || mb === null) {
    throw new AuditError(`cannot merge a model audit with a prediction-log audit: ${a.name} (${label(ma)}) and ${b.name} (${label(mb)})`);
  }
  if (ma.sha256 !== null && mb.sha256 !== null) {
    if (ma.sha256 !== mb.sha256) {
      const of = (m: ModelSummary) => `${m.path}, sha256 ${m.sha256!.slice(0, 12)}…`;
      throw new AuditError(`cannot merge states of different models: ${a.name} (${of(ma)}) and ${b.name} (${of(mb)})`);
    }
  } else {
    for (const key of ['path', 'kind', 'classes'] as const) {
      if (!sameJson(ma[key], mb[key])) {
        throw new AuditError(
          `cannot merge states of different models: ${a.name} and ${b.name} differ in model ${key} (${show(ma[key])} in ${a.name}, ${show(mb[key])} in ${b.name})`,
        );
      }
    }
  }
  // the same model read another way (input map, positive class) predicts differently
  for (const [key, text] of [['inputColumns', 'input columns'], ['positive', 'positive class']] as const) {
    if (!sameJson(ma[key], mb[key])) {
      throw new AuditError(
        `cannot merge states with different model settings: ${a.name} and ${b.name} differ in the model's ${text} (${show(ma[key])} in ${a.name}, ${show(mb[key])} in ${b.name})`,
      );
    }
  }
}

/** Refuses two states of the same data file (equal sha256): its rows would count twice. */
function refuseSameData(states: CheckedState[]): void {
  const seen = new Map<string, { state: CheckedState; path: string | null }>();
  for (const state of states) {
    for (const input of state.extra.inputs) {
      if (input.role !== 'data' || input.sha256 === null) continue;
      const prior = seen.get(input.sha256);
      if (prior !== undefined && prior.state !== state) {
        throw new AuditError(
          `cannot merge states of the same data: ${prior.state.name} (${prior.path ?? 'data'}) and ${state.name} (${input.path ?? 'data'}) have sha256 ${input.sha256.slice(0, 12)}… (its rows would count twice)`,
        );
      }
      seen.set(input.sha256, { state, path: input.path });
    }
  }
}

/** Refuses shards whose row ranges overlap (e.g. two shards audited without `--start-row` both start at row 0). */
function refuseOverlaps(states: CheckedState[]): void {
  const end = (s: CheckedState) => s.extra.shard.startRow + s.extra.shard.rows;
  const range = (s: CheckedState) => `rows ${s.extra.shard.startRow}–${end(s) - 1}`;
  const sorted = states.filter((s) => s.extra.shard.rows > 0).sort((x, y) => x.extra.shard.startRow - y.extra.shard.startRow);
  let reach: CheckedState | undefined;
  for (const state of sorted) {
    if (reach !== undefined && state.extra.shard.startRow < end(reach)) {
      throw new AuditError(
        `cannot merge overlapping shards: ${reach.name} holds ${range(reach)} and ${state.name} ${range(state)} (give each shard its own --start-row)`,
      );
    }
    if (reach === undefined || end(state) > end(reach)) reach = state;
  }
}
