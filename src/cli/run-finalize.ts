import { join } from 'node:path';
import { finishAudit, hashFile } from '../api/audit.js';
import { statsState } from '../scale/stats-state.js';
import type { FinalizeCommandOptions } from './commands/finalize.js';
import { intOption, numberOption, pairOption } from './parse-options.js';
import { writeFilesAtomic } from './write-atomic.js';

/** Runs `assay finalize`: the complete audit from a stats table; returns the exit code. */
export async function runFinalize(options: FinalizeCommandOptions, argv: string[]): Promise<number> {
  const state = await statsState({
    stats: options.stats,
    label: options.label,
    prediction: options.prediction ?? null,
    score: options.score ?? null,
    weight: options.weight ?? null,
    threshold: numberOption('threshold', options.threshold) ?? null,
    sensitive: options.sensitive,
    intersect: options.intersect ?? false,
    positive: options.positive ?? null,
    privileged: pairOption('privileged', options.privileged),
    favorable: options.favorable,
    task: options.task,
    calibrationBins: intOption('calibration-bins', options.calibrationBins),
    minGroupSize: intOption('min-group-size', options.minGroupSize),
    minGroupShare: numberOption('min-group-share', options.minGroupShare) ?? null,
    confidenceLevel: numberOption('confidence', options.confidence),
    interval: options.interval,
    multipleComparison: options.multipleComparison,
    entropyAlpha: numberOption('entropy-alpha', options.entropyAlpha),
    seed: intOption('seed', options.seed),
    labelType: options.labelType,
    command: ['assay', ...argv].join(' '),
  });
  const result = finishAudit(state);
  if (options.profile || options.policy || options.attestations) {
    const { evaluateObligations, loadAttestations, loadPolicy, loadProfile } = await import('../obligations/index.js');
    const profile = options.profile ? loadProfile(options.profile) : null;
    const policy = options.policy ? await loadPolicy(options.policy) : null;
    const attestations = options.attestations ? await loadAttestations(options.attestations) : null;
    for (const [role, path] of [
      ['policy', options.policy],
      ['attestations', options.attestations],
    ] as const) {
      if (path) result.provenance.inputs.push({ role, path, ...(await hashFile(path)) });
    }
    result.obligations = evaluateObligations(result, { profile, policy, attestations });
  }
  const [{ toJSON }, { toHTML }] = await Promise.all([import('../report/to-json.js'), import('../report/to-html.js')]);
  const jsonPath = join(options.out, 'audit.json');
  const files = [{ path: jsonPath, content: toJSON(result) as string | Uint8Array }];
  if (options.html) files.push({ path: join(options.out, 'audit.html'), content: toHTML(result, { lang: options.lang }) });
  await writeFilesAtomic(files);
  if (!options.quiet) process.stderr.write(`finalized ${result.rows} rows from ${options.stats} → ${jsonPath}\n`);
  return 0;
}
