import { join } from 'node:path';
import { hashFile } from '../api/audit.js';
import type { AuditResult } from '../audit/types.js';
import type { OutputFile } from './write-atomic.js';

/** The obligation inputs a command takes (`--profile`, `--policy`, `--attestations`, `--fail-on`). */
export interface GateOptions {
  profile?: string;
  policy?: string;
  attestations?: string;
  failOn?: string;
}

/**
 * Obligations: the profile, a policy overriding it, the operator's attestations, and the
 * `--fail-on` gate. Sets `result.obligations` and records the files' hashes in the
 * provenance; returns whether the gate is breached (exit code 1).
 */
export async function evaluateGates(result: AuditResult, options: GateOptions): Promise<boolean> {
  if (!options.profile && !options.policy && !options.attestations && !options.failOn) return false;
  const { evaluateObligations, evaluatePolicy, loadAttestations, loadPolicy, loadProfile, resolvePolicy } = await import(
    '../obligations/index.js'
  );
  const profile = options.profile ? loadProfile(options.profile) : null;
  const policy = options.policy ? await loadPolicy(options.policy) : null;
  const attestations = options.attestations ? await loadAttestations(options.attestations) : null;
  const gate = options.failOn ? await resolvePolicy(options.failOn) : null;
  for (const [role, path] of [
    ['policy', options.policy],
    ['attestations', options.attestations],
    ['policy', gate?.source ?? undefined],
  ] as const) {
    if (path) result.provenance.inputs.push({ role, path, ...(await hashFile(path)) });
  }
  if (profile || policy || attestations) result.obligations = evaluateObligations(result, { profile, policy, attestations });
  if (gate === null) return false;
  const verdict = evaluatePolicy(result, gate, attestations);
  result.obligations ??= verdict.obligations;
  return verdict.breached;
}

/** `audit.json` and, unless `html` is false, `audit.html` in `out`, ready for `writeFilesAtomic`. */
export async function reportFiles(
  result: AuditResult,
  out: string,
  options: { html: boolean; lang: 'en' | 'ko' },
): Promise<OutputFile[]> {
  const [{ toJSON }, { toHTML }] = await Promise.all([import('../report/to-json.js'), import('../report/to-html.js')]);
  const files: OutputFile[] = [{ path: join(out, 'audit.json'), content: toJSON(result) }];
  // without HTML, an earlier run's audit.html would describe other data beside this audit.json
  if (options.html) files.push({ path: join(out, 'audit.html'), content: toHTML(result, { lang: options.lang }) });
  else files.push({ path: join(out, 'audit.html'), removed: true });
  return files;
}
