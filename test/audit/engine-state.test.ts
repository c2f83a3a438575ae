import { describe, expect, it } from 'vitest';
import { AuditEngine } from '../../src/audit/engine.js';
import { assertMergeable, deserializeEngine, serializeEngine } from '../../src/audit/engine-state.js';
import { finalize } from '../../src/audit/finalize.js';
import type { AuditSettings } from '../../src/audit/types.js';
import { classificationSettings, inBatches } from '../helpers/fixtures.js';
import { syntheticLog } from '../helpers/synthetic.js';

const table = syntheticLog(300, 3);
const settings: AuditSettings = classificationSettings(['sex', 'race'], { weight: 'w', intersect: true, aucBudget: 1 << 24 });

function filled(batches: number[]): AuditEngine {
  const e = new AuditEngine(settings);
  const all = inBatches(table, 50);
  for (const i of batches) e.add(all[i]);
  return e;
}

describe('engine state files', () => {
  it('round-trip exactly', () => {
    const e = filled([0, 1, 2, 3, 4, 5]);
    const back = deserializeEngine(serializeEngine(e), 'x.state').engine;
    const a = finalize(e, { settings, favorable: [], entropyAlpha: 2 });
    const b = finalize(back, { settings, favorable: [], entropyAlpha: 2 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('merged shards equal the whole', () => {
    const whole = finalize(filled([0, 1, 2, 3, 4, 5]), { settings, favorable: [], entropyAlpha: 2 });
    const s1 = deserializeEngine(serializeEngine(filled([0, 1, 2])), 'a').engine;
    const s2 = deserializeEngine(serializeEngine(filled([3, 4, 5])), 'b').engine;
    s1.merge(s2);
    const merged = finalize(s1, { settings, favorable: [], entropyAlpha: 2 });
    expect(merged.metrics.map((m) => [m.metric, m.group, m.n])).toEqual(whole.metrics.map((m) => [m.metric, m.group, m.n]));
    merged.metrics.forEach((m, i) => expect(m.value ?? -1).toBeCloseTo(whole.metrics[i].value ?? -1, 12));
  });

  it('refuses truncated files and files that are not states', () => {
    const bytes = serializeEngine(filled([0]));
    expect(() => deserializeEngine(bytes.subarray(0, bytes.length - 8), 'cut.state')).toThrow(/truncated state file: cut.state/);
    expect(() => deserializeEngine(bytes.subarray(0, 20), 'cut.state')).toThrow(/truncated state file/);
    expect(() => deserializeEngine(new TextEncoder().encode('hello world, not a state'), 'x.txt')).toThrow(/not an assay state file: x.txt/);
    // a byte more than the header says, and a header whose version key is damaged
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => deserializeEngine(longer, 'long.state')).toThrow(/corrupt state file \(longer than its header says\): long.state/);
    const text = new TextDecoder().decode(bytes.subarray(12, 12 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true)));
    const damaged = Uint8Array.from(bytes);
    damaged.set(new TextEncoder().encode(text.replace('"formatVersion"', '"formatVersioN"')), 12);
    expect(() => deserializeEngine(damaged, 'key.state')).toThrow(/corrupt state file: key.state \(no format version in its header\)/);
  });

  it('refuses to merge states of different settings', () => {
    const a = deserializeEngine(serializeEngine(filled([0])), 'a').header;
    const other = new AuditEngine({ ...settings, calibrationBins: 20 });
    const b = deserializeEngine(serializeEngine(other), 'b').header;
    expect(() => assertMergeable(a, b, 'a', 'b')).toThrow(/different audit settings: a and b differ in calibrationBins/);
  });
});
