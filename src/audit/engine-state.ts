import { createHash } from 'node:crypto';
import { AuditError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { AuditEngine, type EngineSpec } from './engine.js';
import { UNIT_BINS, compactList, emptyList, flushStore, type ScoreList, type ScoreStoreState } from '../metrics/score-store.js';

/**
 * The partial state of an audit, as a file: what `assay audit --emit-state` writes and
 * `assay merge` reads. Layout (version 4; version 3 wrote a binned list's rows only as a
 * full histogram, where version 4 keeps a small list's entries as bin numbers
 * (`store.<i>.bins`, with `store.<i>.binw` their weights when any is not 1);
 * version 2 lacked the header's `extra` fields that
 * `api/state-file.ts` writes — the shard's row range, model, notes and checksum — and version 1
 * also the store's `rows` and `sampleShare`):
 *
 * ```
 * bytes 0–7    magic "ASSAYST1"
 * bytes 8–11   header length H (uint32, little endian)
 * bytes 12–    header: UTF-8 JSON (StateHeader)
 * then         the float64 arrays named in header.arrays, back to back, little endian,
 *              each 8-byte aligned from the start of the file
 * ```
 *
 * The header records the assay version and a fingerprint of the settings that shape the
 * state (task, columns, positive class, threshold, sensitive features, calibration bins,
 * AUC budget); states merge only when both agree.
 */
const REGRESSION_FIELDS = ['weight', 'rows', 'meanY', 'm2Y', 'sumPred', 'sumAbs', 'sumSq', 'sumPredSq', 'sumE4'] as const;

export const STATE_MAGIC = 'ASSAYST1';
export const STATE_FORMAT_VERSION = 4;

interface ArrayRef {
  name: string;
  offset: number;
  length: number;
}

export interface StateHeader {
  format: 'assay-state';
  formatVersion: number;
  assayVersion: string;
  fingerprint: string;
  spec: EngineSpec;
  /** Other settings the final audit needs (intersect, privileged, …), carried through. */
  extra: Record<string, unknown>;
  rows: number;
  positives: number;
  labelNumeric: boolean;
  dictionaries: string[][];
  cells: number[][];
  /** The score store: binned or not, scores added, distinct share of the first rows' sample (binning rule), lists. */
  store: {
    binned: boolean;
    rows: number;
    sampleShare: number | null;
    lists: { length: number; weighted: boolean; bins: boolean }[];
  } | null;
  arrays: ArrayRef[];
  totalBytes: number;
}

/** Fingerprint of the settings that decide whether two states can merge. */
export function specFingerprint(spec: EngineSpec): string {
  const keys = Object.keys(spec).sort() as (keyof EngineSpec)[];
  const canonical = JSON.stringify(keys.map((k) => [k, spec[k]]));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** Writes an engine's state to bytes. */
export function serializeEngine(engine: AuditEngine, extra: Record<string, unknown> = {}): Uint8Array {
  const arrays: { name: string; data: Float64Array }[] = [];
  const { states } = engine;
  if (states.confusion) {
    arrays.push({ name: 'confusion.counts', data: states.confusion.counts });
    arrays.push({ name: 'confusion.rows', data: states.confusion.rows });
  }
  if (states.sums) {
    for (const key of ['weight', 'logLoss', 'brier', 'outOfRange', 'calib'] as const) {
      arrays.push({ name: `sums.${key}`, data: states.sums[key] });
    }
  }
  if (states.regression) {
    for (const key of REGRESSION_FIELDS) {
      arrays.push({ name: `regression.${key}`, data: states.regression[key] });
    }
  }
  if (states.bootstrap) arrays.push({ name: 'bootstrap.sums', data: states.bootstrap.sums });
  for (const [column, counts] of engine.missing) arrays.push({ name: `missing:${column}`, data: counts });
  let store: StateHeader['store'] = null;
  if (states.store) {
    const st = states.store;
    flushStore(st);
    store = { binned: st.binned, rows: st.rows, sampleShare: st.sampleShare, lists: [] };
    st.lists.forEach((list, i) => {
      if (st.binned) {
        const entries = [...(list.overflow ?? new Map<number, [number, number]>()).entries()];
        arrays.push({ name: `store.${i}.hist`, data: list.hist ?? new Float64Array(0) });
        // a list without a histogram: one bin number a row (see `ScoreList.pending`)
        const sparse = list.hist === null && list.pending !== null;
        const rows = sparse ? list.pending!.subarray(0, list.pendingLength) : new Uint16Array(0);
        arrays.push({ name: `store.${i}.bins`, data: Float64Array.from(rows) });
        // and their weights, when any is not 1
        const weights = sparse && list.pendingWeights !== null ? list.pendingWeights.slice(0, list.pendingLength) : new Float64Array(0);
        arrays.push({ name: `store.${i}.binw`, data: weights });
        arrays.push({ name: `store.${i}.ovk`, data: Float64Array.from(entries, ([k]) => k) });
        arrays.push({ name: `store.${i}.ovv`, data: Float64Array.from(entries, ([, [v]]) => v) });
        arrays.push({ name: `store.${i}.ovw`, data: Float64Array.from(entries, ([, [, w]]) => w) });
        store!.lists.push({ length: entries.length, weighted: true, bins: true });
      } else {
        const run = compactList(list);
        arrays.push({ name: `store.${i}.values`, data: run.values });
        arrays.push({ name: `store.${i}.weights`, data: run.weights });
        store!.lists.push({ length: run.values.length, weighted: true, bins: false });
      }
    });
  }
  const header: StateHeader = {
    format: 'assay-state',
    formatVersion: STATE_FORMAT_VERSION,
    assayVersion: VERSION,
    fingerprint: specFingerprint(engine.spec),
    spec: engine.spec,
    extra,
    rows: engine.rows,
    positives: engine.positives,
    labelNumeric: engine.labelNumeric,
    dictionaries: engine.dictionaries.map((d) => d.names),
    cells: engine.cells.tuples,
    store,
    arrays: [],
    totalBytes: 0,
  };
  return serializeFixed(header, arrays);
}

function serializeFixed(header: StateHeader, arrays: { name: string; data: Float64Array }[]): Uint8Array {
  // The header is padded with spaces to a length fixed before the offsets are known:
  // each offset and length takes at most 16 more digits than the placeholder 0.
  header.arrays = arrays.map((a) => ({ name: a.name, offset: 0, length: a.data.length }));
  const draft = Buffer.byteLength(JSON.stringify(header)) + 16 * (arrays.length + 1);
  let offset = align8(12 + draft);
  header.arrays = arrays.map((a) => {
    const ref = { name: a.name, offset, length: a.data.length };
    offset += 8 * a.data.length;
    return ref;
  });
  header.totalBytes = offset;
  const text = JSON.stringify(header).padEnd(draft, ' ');
  return assemble(Buffer.from(text, 'utf8'), header.arrays, arrays, offset);
}

function assemble(headerBytes: Buffer, refs: ArrayRef[], arrays: { data: Float64Array }[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  out.set(Buffer.from(STATE_MAGIC, 'ascii'), 0);
  new DataView(out.buffer).setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  refs.forEach((ref, i) => {
    const bytes = new Uint8Array(arrays[i].data.buffer, arrays[i].data.byteOffset, 8 * arrays[i].data.length);
    out.set(bytes, ref.offset);
  });
  return out;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** Reads the header of a state file, with one-line errors for anything malformed. */
export function readStateHeader(bytes: Uint8Array, name: string): StateHeader {
  if (bytes.length < 12 || Buffer.from(bytes.subarray(0, 8)).toString('ascii') !== STATE_MAGIC) {
    throw new AuditError(`not an assay state file: ${name}`);
  }
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + length > bytes.length) throw new AuditError(`truncated state file: ${name}`);
  let header: StateHeader;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(12, 12 + length)).toString('utf8')) as StateHeader;
  } catch {
    throw new AuditError(`corrupt state file: ${name} (unreadable header)`);
  }
  if (typeof header !== 'object' || header === null) throw new AuditError(`corrupt state file: ${name} (unreadable header)`);
  if (header.format !== 'assay-state') throw new AuditError(`not an assay state file: ${name}`);
  if (typeof header.formatVersion !== 'number') throw new AuditError(`corrupt state file: ${name} (no format version in its header)`);
  if (header.formatVersion !== STATE_FORMAT_VERSION) {
    throw new AuditError(`state file ${name} has format version ${header.formatVersion}; this assay reads version ${STATE_FORMAT_VERSION}`);
  }
  if (header.totalBytes !== bytes.length) {
    const what = bytes.length < header.totalBytes ? 'truncated state file' : 'corrupt state file (longer than its header says)';
    throw new AuditError(`${what}: ${name} (${bytes.length} of ${header.totalBytes} bytes)`);
  }
  return header;
}

/** Rebuilds an engine from a state file's bytes. */
export function deserializeEngine(bytes: Uint8Array, name: string): { engine: AuditEngine; header: StateHeader } {
  const header = readStateHeader(bytes, name);
  const engine = new AuditEngine(header.spec);
  const arrays = new Map<string, Float64Array>();
  for (const ref of header.arrays) {
    const copy = new Uint8Array(8 * ref.length);
    copy.set(bytes.subarray(ref.offset, ref.offset + 8 * ref.length));
    arrays.set(ref.name, new Float64Array(copy.buffer));
  }
  const get = (key: string): Float64Array => {
    const a = arrays.get(key);
    if (a === undefined) throw new AuditError(`corrupt state file: ${name} (no array ${key})`);
    return a;
  };
  header.dictionaries.forEach((names, f) => names.forEach((n) => engine.dictionaries[f].code(n)));
  for (const tuple of header.cells) engine.cells.cellOf(tuple);
  engine.rows = header.rows;
  engine.positives = header.positives;
  engine.labelNumeric = header.labelNumeric;
  const { states } = engine;
  if (states.confusion) {
    states.confusion.counts = get('confusion.counts');
    states.confusion.rows = get('confusion.rows');
  }
  if (states.sums) {
    for (const key of ['weight', 'logLoss', 'brier', 'outOfRange', 'calib'] as const) states.sums[key] = get(`sums.${key}`);
  }
  if (states.regression) {
    for (const key of REGRESSION_FIELDS) {
      states.regression[key] = get(`regression.${key}`);
    }
  }
  if (states.bootstrap) states.bootstrap.sums = get('bootstrap.sums');
  for (const ref of header.arrays) if (ref.name.startsWith('missing:')) engine.missing.set(ref.name.slice(8), get(ref.name));
  if (states.store && header.store) {
    const store: ScoreStoreState = states.store;
    store.binned = header.store.binned;
    store.rows = header.store.rows;
    store.sampleShare = header.store.sampleShare;
    store.lists = header.store.lists.map((meta, i): ScoreList => {
      if (meta.bins) {
        const hist = get(`store.${i}.hist`);
        if (hist.length !== 0 && hist.length !== UNIT_BINS) throw new AuditError(`corrupt state file: ${name} (histogram of list ${i} has ${hist.length} bins)`);
        const bins = get(`store.${i}.bins`);
        for (const b of bins) {
          if (!(Number.isInteger(b) && b >= 0 && b < UNIT_BINS)) throw new AuditError(`corrupt state file: ${name} (score bin ${b} of list ${i})`);
        }
        const binWeights = get(`store.${i}.binw`);
        if (binWeights.length !== 0 && binWeights.length !== bins.length) throw new AuditError(`corrupt state file: ${name} (${binWeights.length} weights for ${bins.length} score bins of list ${i})`);
        const keys = get(`store.${i}.ovk`);
        const reps = get(`store.${i}.ovv`);
        const weights = get(`store.${i}.ovw`);
        const overflow = new Map<number, [number, number]>();
        keys.forEach((k, j) => overflow.set(k, [reps[j], weights[j]]));
        return {
          ...emptyList(),
          values: new Float64Array(0),
          hist: hist.length > 0 ? hist : null,
          overflow: overflow.size > 0 ? overflow : null,
          pending: bins.length > 0 ? Uint16Array.from(bins) : null,
          pendingLength: bins.length,
          pendingWeights: binWeights.length > 0 ? binWeights.slice() : null,
        };
      }
      const run = { values: get(`store.${i}.values`), weights: get(`store.${i}.weights`) };
      return { ...emptyList(), runs: run.values.length > 0 ? [run] : [] };
    });
    store.stored = store.binned ? 0 : store.lists.reduce((a, l) => a + l.runs.reduce((x, r) => x + r.values.length, 0), 0);
  }
  return { engine, header };
}

/** Checks that two states can merge: same assay version, same settings. */
export function assertMergeable(a: StateHeader, b: StateHeader, nameA: string, nameB: string): void {
  if (a.assayVersion !== b.assayVersion) {
    throw new AuditError(`cannot merge states from different assay versions: ${nameA} (${a.assayVersion}) and ${nameB} (${b.assayVersion})`);
  }
  if (a.fingerprint !== b.fingerprint || JSON.stringify(a.extra) !== JSON.stringify(b.extra)) {
    const diff = (Object.keys(a.spec) as (keyof EngineSpec)[]).find((k) => JSON.stringify(a.spec[k]) !== JSON.stringify(b.spec[k]));
    throw new AuditError(
      `cannot merge states with different audit settings: ${nameA} and ${nameB}${diff ? ` differ in ${diff}` : ''}`,
    );
  }
}
