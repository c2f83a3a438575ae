import { AuditError } from '../core/errors.js';
import { assertMergeable, deserializeEngine, serializeEngine } from '../audit/engine-state.js';
import type { AuditSettings, InputProvenance } from '../audit/types.js';
import type { AuditState } from './audit.js';

interface Extra {
  settings: AuditSettings;
  favorable: string[];
  entropyAlpha: number;
  inputs: InputProvenance[];
}

/** The bytes of a state file for `assay merge` (see `src/audit/engine-state.ts` for the format). */
export function stateToBytes(state: AuditState): Uint8Array {
  const extra: Extra = {
    settings: state.settings,
    favorable: state.favorable,
    entropyAlpha: state.entropyAlpha,
    inputs: state.inputs,
  };
  return serializeEngine(state.engine, extra as unknown as Record<string, unknown>);
}

/**
 * Merges state files (bytes with their names) into one audit state, in the order given.
 * Refuses states of different assay versions or settings.
 */
export function mergeStateFiles(files: { name: string; bytes: Uint8Array }[], command: string | null): AuditState {
  if (files.length === 0) throw new AuditError('nothing to merge: give at least one state file');
  const loaded = files.map((f) => ({ name: f.name, ...deserializeEngine(f.bytes, f.name) }));
  const [first, ...rest] = loaded;
  const extra = first.header.extra as unknown as Extra;
  const inputs: InputProvenance[] = [...(extra.inputs ?? [])];
  for (const next of rest) {
    const nextExtra = next.header.extra as unknown as Extra;
    const comparable = (e: Extra) => ({ ...e, inputs: [] });
    assertMergeable(
      { ...first.header, extra: comparable(extra) },
      { ...next.header, extra: comparable(nextExtra) },
      first.name,
      next.name,
    );
    first.engine.merge(next.engine);
    inputs.push(...(nextExtra.inputs ?? []));
  }
  return {
    engine: first.engine,
    settings: extra.settings,
    favorable: extra.favorable,
    entropyAlpha: extra.entropyAlpha,
    inputs,
    command,
  };
}
